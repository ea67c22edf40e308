"""What the practice dashboard needs of one patient's course, small enough to store.

The dashboard groups every interval of every course by the exercises in force, by the
pattern the patient presented with and by how long the plan had run
(docs/clinical-model.md#hold-rate). Judging each interval again for 200,000 visits at every
opening takes minutes, so each course is judged once with this module and its counts kept
(models/services/hold_summary.py); the dashboard then only adds them up. Everything here is
a pure function of a course's visits and the tolerances, so the stored counts are exactly
what judging the whole course again gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from charting.course_stage import HELD, LOST, NOT_ASSESSABLE
from charting.errors import FieldError
from charting.holds import CourseHold, Verdict, VisitReadings, analyse_course
from charting.patterns import pattern_key
from charting.tolerances import Tolerances

VERDICT_LETTERS = {Verdict.HELD: HELD, Verdict.LOST: LOST, Verdict.NOT_ASSESSABLE: NOT_ASSESSABLE}
WEEK_BUCKETS = ("0-2 weeks", "3-4 weeks", "5-8 weeks", "9+ weeks")

# Held and assessable intervals under one label (an exercise slug, a weeks bucket).
Counts = dict[str, tuple[int, int]]


def weeks_bucket(weeks: float) -> str:
    """The weeks-in-plan bucket an interval falls in, one of WEEK_BUCKETS."""
    if weeks < 0:
        raise FieldError("weeks", f"must be 0 or more (got {weeks})")
    if weeks < 3:
        return WEEK_BUCKETS[0]
    if weeks < 5:
        return WEEK_BUCKETS[1]
    return WEEK_BUCKETS[2] if weeks < 9 else WEEK_BUCKETS[3]


@dataclass(frozen=True)
class JudgedVisit:
    """A visit of a course up to its last one not in progress (models/services/holds.py)."""

    visit_id: int
    readings: VisitReadings  # its date, first pre and first post reading
    plan: tuple[str, ...]  # the slugs of the exercises in its plan, in plan order


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
    """A course as the dashboard counts it. An interval counts under each exercise of the
    plan followed during it (the plan of the visit it starts at, an exercise listed twice
    counting twice) and under the weeks that plan had run by its end; intervals that are
    not assessable count in neither held nor assessable, but their labels are kept."""

    intervals: int
    counts: CourseCounts
    pattern: str | None = None  # pattern_key of the presenting reading (the first pre)
    by_exercise: Counts = field(default_factory=dict)
    by_weeks: Counts = field(default_factory=dict)
    verdicts: str = ""  # a letter per interval, as charting/course_stage.py spells them


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


def _add(counts: Counts, label: str, held: int, assessable: int) -> None:
    before = counts.get(label, (0, 0))
    counts[label] = (before[0] + held, before[1] + assessable)


def summarise_course(visits: Sequence[JudgedVisit], tolerances: Tolerances) -> CourseSummary:
    """The summary of a course whose judged visits are `visits`, in (date, id) order."""
    course = analyse_course([v.readings for v in visits], tolerances)
    by_exercise: Counts = {}
    by_weeks: Counts = {}
    for index, interval in enumerate(course.intervals):
        held = int(interval.verdict is Verdict.HELD)
        assessable = int(interval.verdict is not Verdict.NOT_ASSESSABLE)
        for slug in visits[index].plan:
            _add(by_exercise, slug, held, assessable)
        days = plan_days(visits, index)
        if days is not None:
            _add(by_weeks, weeks_bucket(days / 7), held, assessable)
    presenting = next((v.readings.pre for v in visits if v.readings.pre is not None), None)
    pattern = pattern_key(presenting, tolerances) if presenting is not None else None
    counts = CourseCounts.of(course)
    letters = verdict_letters(course)
    return CourseSummary(len(course.intervals), counts, pattern, by_exercise, by_weeks, letters)


def verdict_letters(course: CourseHold) -> str:
    """A letter per interval, as charting/course_stage.py CourseFacts keeps them."""
    return "".join(VERDICT_LETTERS[interval.verdict] for interval in course.intervals)
