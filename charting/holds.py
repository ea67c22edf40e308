"""Did the correction hold? docs/clinical-model.md#the-hold-rule, as pure functions.

For consecutive visits N and N+1 the post reading of N is compared with the pre reading of
N+1: drift = pre(N+1) - post(N); a dimension held when |drift| <= tolerance. Health is never
judged against 0: people are rarely symmetric (Preece 2008, PMC2565125), so the patient's own
post-correction reading is the reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise

from charting.readings import Dimension, Reading
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances


class Verdict(StrEnum):
    HELD = "held"
    LOST = "lost"
    NOT_ASSESSABLE = "not_assessable"


@dataclass(frozen=True)
class DimensionHold:
    """One dimension of one interval. Qualitative comparisons have no drift or retention."""

    dimension: Dimension
    post: float | str
    next_pre: float | str
    tolerance: float
    held: bool
    drift: float | None = None
    correction: float | None = None
    retention: float | None = None

    @property
    def qualitative(self) -> bool:
        return self.drift is None


@dataclass(frozen=True)
class IntervalHold:
    """From one visit's post reading to the next visit's pre reading."""

    from_date: date
    to_date: date
    verdict: Verdict
    comparable: bool
    dimensions: tuple[DimensionHold, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class VisitReadings:
    """What hold analysis needs of a visit: its date and its pre and post readings."""

    visit_date: date
    pre: Reading | None = None
    post: Reading | None = None


@dataclass(frozen=True)
class CourseHold:
    """Every interval of one patient's course of care, with the hold rate."""

    intervals: tuple[IntervalHold, ...]

    @property
    def assessable(self) -> int:
        return sum(i.verdict is not Verdict.NOT_ASSESSABLE for i in self.intervals)

    @property
    def held(self) -> int:
        return sum(i.verdict is Verdict.HELD for i in self.intervals)

    @property
    def hold_rate(self) -> float | None:
        """Held intervals / assessable intervals; None before anything is assessable."""
        return self.held / self.assessable if self.assessable else None


def _decimal(difference: float) -> float:
    """A difference of readings as written on paper: -4.8 - -9.8 is 5, not 5.000000000000001,
    so a drift exactly at the tolerance holds as the rule says."""
    return round(difference, 6) + 0.0  # + 0.0 turns -0.0 into 0.0


def retention_of(drift: float, correction: float, tolerance: float) -> float | None:
    """How much of the correction remained, in [0, 1]; None for a correction within noise."""
    if abs(correction) <= tolerance:
        return None
    return min(1.0, max(0.0, 1.0 - abs(drift) / abs(correction)))


def compare_dimension(
    dimension: Dimension,
    post: Reading,
    next_pre: Reading,
    tolerances: Tolerances,
    pre: Reading | None = None,
) -> DimensionHold | None:
    """Compare one dimension; None when either reading lacks it."""
    if not (post.has(dimension) and next_pre.has(dimension)):
        return None
    comparable = post.same_setup(next_pre)
    tolerance = tolerances.for_dimension(dimension, comparable, post.device)
    after, before = post.numeric(dimension), next_pre.numeric(dimension)
    if after is None or before is None:
        # Either side only qualitative: compare categories; a number within the same-setup
        # tolerance of 0 counts as level/neutral.
        level_within = tolerances.for_dimension(dimension, True)
        post_cat = post.category(dimension, level_within)
        pre_cat = next_pre.category(dimension, level_within)
        assert post_cat is not None and pre_cat is not None
        return DimensionHold(dimension, post_cat, pre_cat, level_within, post_cat == pre_cat)
    drift = _decimal(before - after)
    correction = retention = None
    if pre is not None and (pre_value := pre.numeric(dimension)) is not None:
        correction = _decimal(after - pre_value)
        # The correction is judged with the tolerance of its own pair of readings.
        own_tolerance = tolerances.for_dimension(dimension, pre.same_setup(post), post.device)
        retention = retention_of(drift, correction, own_tolerance)
    return DimensionHold(
        dimension, after, before, tolerance, abs(drift) <= tolerance, drift, correction, retention
    )


def assess_interval(
    earlier: VisitReadings, later: VisitReadings, tolerances: Tolerances = DEFAULT_TOLERANCES
) -> IntervalHold:
    """The verdict for the interval between two consecutive visits."""
    dates = (earlier.visit_date, later.visit_date)
    if earlier.post is None:
        return IntervalHold(*dates, Verdict.NOT_ASSESSABLE, True, reason="no_post")
    if later.pre is None:
        return IntervalHold(*dates, Verdict.NOT_ASSESSABLE, True, reason="no_next_pre")
    comparable = earlier.post.same_setup(later.pre)
    compared = (
        compare_dimension(d, earlier.post, later.pre, tolerances, earlier.pre) for d in Dimension
    )
    dimensions = tuple(d for d in compared if d is not None)
    if not dimensions:
        return IntervalHold(*dates, Verdict.NOT_ASSESSABLE, comparable, reason="no_common")
    verdict = Verdict.HELD if all(d.held for d in dimensions) else Verdict.LOST
    return IntervalHold(*dates, verdict, comparable, dimensions)


def analyse_course(
    visits: Sequence[VisitReadings], tolerances: Tolerances = DEFAULT_TOLERANCES
) -> CourseHold:
    """Assess every consecutive pair of visits, in date order."""
    ordered = sorted(visits, key=lambda v: v.visit_date)
    pairs = pairwise(ordered)
    return CourseHold(tuple(assess_interval(a, b, tolerances) for a, b in pairs))
