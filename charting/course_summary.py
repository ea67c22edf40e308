"""What the practice dashboard needs of one patient's course, small enough to store.

The dashboard groups every interval of every course by the exercises in force, by the
pattern the patient presented with and by how long the plan had run
(docs/clinical-model.md#hold-rate). Judging each interval again for 200,000 visits at every
opening takes minutes, so the verdicts are judged once per course with this module and kept
(models/services/hold_summary.py); the dashboard then only counts them. Everything here is a
pure function of a course's visits and the tolerances, so the stored figures are exactly
what judging the whole course again would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from charting.holds import CourseHold, Verdict, VisitReadings, analyse_course
from charting.patterns import pattern_key
from charting.tolerances import Tolerances


@dataclass(frozen=True)
class JudgedVisit:
    """A visit of a course up to its last one not in progress (models/services/holds.py)."""

    visit_id: int
    readings: VisitReadings  # its date, first pre and first post reading
    plan: tuple[str, ...]  # the slugs of the exercises in its plan, in plan order


@dataclass(frozen=True)
class IntervalSummary:
    """One interval, filed under the visit it starts at: that visit's plan is the one the
    patient followed during the interval."""

    visit_id: int
    verdict: Verdict
    plan_days: int | None  # days since the plan in force was first prescribed; None: no plan


@dataclass(frozen=True)
class CourseCounts:
    """How many of a course's intervals were assessable and held, and the verdict of the
    latest assessable one: all the lists of the dashboard need of a course."""

    held: int
    assessable: int
    latest_assessed: Verdict | None = None  # None: nothing assessable yet

    @property
    def hold_rate(self) -> float | None:
        """Held intervals / assessable intervals; None before anything is assessable."""
        return self.held / self.assessable if self.assessable else None

    @classmethod
    def of(cls, course: CourseHold) -> CourseCounts:
        """The counts of a judged course."""
        assessed = [i.verdict for i in course.intervals if i.verdict is not Verdict.NOT_ASSESSABLE]
        return cls(course.held, course.assessable, assessed[-1] if assessed else None)


@dataclass(frozen=True)
class CourseSummary:
    """A course as the dashboard counts it."""

    intervals: tuple[IntervalSummary, ...]
    pattern: str | None  # pattern_key of the presenting reading (the first pre); None: none
    counts: CourseCounts


def plan_days(visits: Sequence[JudgedVisit], index: int) -> int | None:
    """Days from the first visit that prescribed the plan in force at visit `index` (the
    same set of exercises, unbroken) to the next visit; None when that visit has no plan."""
    plan = set(visits[index].plan)
    if not plan:
        return None
    start = index
    while start > 0 and set(visits[start - 1].plan) == plan:
        start -= 1
    end = visits[index + 1].readings.visit_date
    return (end - visits[start].readings.visit_date).days


def summarise_course(visits: Sequence[JudgedVisit], tolerances: Tolerances) -> CourseSummary:
    """The summary of a course whose judged visits are `visits`, in (date, id) order."""
    course = analyse_course([v.readings for v in visits], tolerances)
    presenting = next((v.readings.pre for v in visits if v.readings.pre is not None), None)
    intervals = tuple(
        IntervalSummary(visits[i].visit_id, interval.verdict, plan_days(visits, i))
        for i, interval in enumerate(course.intervals)
    )
    pattern = pattern_key(presenting, tolerances) if presenting is not None else None
    return CourseSummary(intervals, pattern, CourseCounts.of(course))
