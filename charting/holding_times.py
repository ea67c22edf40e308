"""How long each course took until its corrections were holding, and whether it relapsed:
what the dashboard's time-to-holding curves and relapse figures are made of
(docs/clinical-model.md#time-to-holding).

A course reaches holding at the visit where it has held `holding_after` times in a row
(StageSettings). Time runs from the first visit, in weeks and in visits. A course that has
not reached holding yet is censored at its latest judged visit: it counts as at risk up to
then, and is never dropped, as dropping it would make every plan look faster than it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from charting.course_stage import CourseFacts, StageSettings, holding_reached, relapses

# The relapse figure to compare with: symmetry restored in every patient, 15 % relapsed
# soon after (Timgren & Soinila 2006).
PUBLISHED_RELAPSE_SHARE = 0.15
PUBLISHED_RELAPSE_SOURCE = "Timgren & Soinila 2006"


@dataclass(frozen=True)
class HoldingTime:
    """One course: weeks and visits from the first visit to holding, or to the latest
    judged visit when `reached` is False (censored)."""

    weeks: float
    visits: int
    reached: bool


def holding_time(facts: CourseFacts, settings: StageSettings) -> HoldingTime | None:
    """None for a course with a single judged visit: nothing can be said of it."""
    if len(facts.days) < 2:
        return None
    visit = holding_reached(facts, settings)
    end = visit if visit is not None else len(facts.days) - 1
    return HoldingTime(facts.days[end] / 7, end + 1, visit is not None)


@dataclass(frozen=True)
class RelapseCount:
    """Courses that held `relapse_after` times in a row, and how many of them then lost."""

    held_long: int
    relapsed: int

    @property
    def share(self) -> float | None:
        return self.relapsed / self.held_long if self.held_long else None


def relapse_count(courses: Iterable[CourseFacts], settings: StageSettings) -> RelapseCount:
    """Counted per course: a course that relapsed twice counts once."""
    held_long = relapsed = 0
    run = "H" * settings.relapse_after
    for facts in courses:
        if run in facts.verdicts.replace("N", ""):
            held_long += 1
            relapsed += relapses(facts.verdicts, settings.relapse_after) > 0
    return RelapseCount(held_long, relapsed)
