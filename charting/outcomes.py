"""Outcome measures: scoring and clinically important change.

The rules in words: docs/clinical-model.md#outcome-measures.

Sources for the numbers:
- NPRS: 0-10, important change 2 points. Childs JD, Piva SR, Fritz JM. Responsiveness of the
  numeric pain rating scale in patients with low back pain. Spine 2005;30(11):1331-4.
- PSFS: 3-5 activities the patient names, each 0-10; score = mean. Stratford P, Gill C,
  Westaway M, Binkley J. Physiother Can 1995;47:258-63. Change of 2 points for the mean and
  3 points for one activity, as printed on the PSFS scoring sheet.
- LEFS: 20 items 0-4, summed 0-80, higher = better, important change 9 points. Binkley JM,
  Stratford PW, Lott SA, Riddle DL. Phys Ther 1999;79(4):371-83.
- Roland-Morris: 24 statements, count of those ticked 0-24, lower = better. Roland M,
  Morris R. Spine 1983;8(2):141-4. Important change 5 points or 30% of baseline: Ostelo RW
  et al. Interpreting change scores for pain and functional status in low back pain.
  Spine 2008;33(1):90-4.
- Global Rating of Change: -7..+7, anchors of Jaeschke R, Singer J, Guyatt GH. Control Clin
  Trials 1989;10(4):407-15. Reported as is: it already is a rating of change, so it has no
  baseline to compare with (Kamper SJ et al. J Man Manip Ther 2009;17(3):163-70).
Item wording of LEFS and Roland-Morris is not bundled; only item scores are entered.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from charting.errors import FieldError, check_whole


class Measure(StrEnum):
    NPRS = "nprs"
    PSFS = "psfs"
    LEFS = "lefs"
    ROLAND_MORRIS = "roland_morris"
    GRC = "grc"


@dataclass(frozen=True)
class MeasureInfo:
    """Range, direction and important change of one measure."""

    name: str
    low: float
    high: float
    lower_is_better: bool | None  # None: no better direction to speak of (GRC)
    important_points: float | None
    important_fraction: float | None = None  # of the baseline score (Roland-Morris)
    decimals: int = 0  # the precision the instrument reports its score with

    def rounded(self, value: float) -> float:
        """The score at the instrument's precision, rounded half up as the questionnaires'
        scoring sheets do: 4.25 -> 4.3 (PSFS)."""
        scale = 10**self.decimals
        return math.floor(value * scale + 0.5 + 1e-9) / scale

    def format(self, value: float) -> str:
        """The score as the instrument reports it: '4.3' (PSFS), '52' (LEFS), '+3' (GRC).

        Signed when the range crosses zero, so a rating of change always shows its direction.
        """
        rounded = self.rounded(value)
        shown = f"{rounded:.{self.decimals}f}"
        return f"+{shown}" if self.low < 0 and rounded > 0 else shown


MEASURES: dict[Measure, MeasureInfo] = {
    Measure.NPRS: MeasureInfo("Pain (NPRS)", 0, 10, True, 2),
    # PSFS is a mean of 3-5 whole ratings, reported to one decimal (Stratford 1995).
    Measure.PSFS: MeasureInfo("PSFS", 0, 10, False, 2, decimals=1),
    Measure.LEFS: MeasureInfo("LEFS", 0, 80, False, 9),
    Measure.ROLAND_MORRIS: MeasureInfo("Roland-Morris", 0, 24, True, 5, 0.30),
    Measure.GRC: MeasureInfo("Global rating of change", -7, 7, None, None),
}

SCORED_ONCE = "a later score will show any change."
PSFS_ACTIVITY_CHANGE = 3.0  # one PSFS activity (PSFS scoring sheet, Stratford 1995)
LEFS_ITEMS, LEFS_MAX_MISSING = 20, 4
ROLAND_MORRIS_ITEMS, ROLAND_MORRIS_MAX_MISSING = 24, 2

# Jaeschke 1989 anchors; the negative side mirrors these with "worse".
GRC_ANCHORS = (
    "about the same",
    "a tiny bit better, almost the same",
    "a little bit better",
    "somewhat better",
    "moderately better",
    "quite a bit better",
    "a great deal better",
    "a very great deal better",
)


class UnscorableError(FieldError):
    """Too many items are missing for the questionnaire to give a score."""


@dataclass(frozen=True)
class Score:
    """A scored measure. `missing_items` counts items pro-rated (LEFS, Roland-Morris)."""

    measure: Measure
    value: float
    label: str
    missing_items: int = 0
    activities: tuple[tuple[str, float], ...] = ()  # PSFS only: (activity, rating)


class ChangeVerdict(StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_IMPORTANT_CHANGE = "no_important_change"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ActivityChange:
    """One PSFS activity rated at both visits."""

    activity: str
    baseline: float
    current: float
    verdict: ChangeVerdict


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def measure_name(measure: str) -> str:
    """'PSFS', 'Pain (NPRS)'; a measure this version does not know, in words."""
    try:
        return MEASURES[Measure(measure)].name
    except ValueError:
        return measure.replace("_", " ").capitalize()


def score_words(measure: str, value: float, out_of: str = "/") -> str:
    """'4.3/10', '52/80', '+3 (somewhat better)', '0 (about the same)': the one way a score
    is worded on every screen, page and label (documents set the slash apart: ' / ').

    The instrument's precision, out of its maximum; a rating of change has no maximum to be
    out of but its anchor words. A measure this version does not know is given as stored.
    """
    try:
        info = MEASURES[Measure(measure)]
    except ValueError:
        return f"{value:g}"
    if info.lower_is_better is None:
        return f"{info.format(value)} ({grc_words(int(info.rounded(value)))})"
    return f"{info.format(value)}{out_of}{info.high:g}"


def _number(value: float) -> str:
    """4, 4.7, -2: at most one decimal, no trailing zeros (thresholds such as '2 points')."""
    return f"{round(value, 1):g}"


def _points(value: float, shown: str | None = None) -> str:
    """'9 points', '1 point'; `shown` is the number already formatted, if it was."""
    return f"{shown or _number(value)} point{'' if abs(value) == 1 else 's'}"


def score_nprs(rating: object, region: str = "", side: str = "") -> Score:
    """Numeric pain rating 0-10 for one body region and side."""
    value = check_whole("nprs", rating, 0, 10)
    where = ", ".join(part.strip() for part in (region, side) if part and part.strip())
    label = f"Pain{' (' + where + ')' if where else ''}: {score_words(Measure.NPRS, value)}"
    return Score(Measure.NPRS, value, label)


def score_psfs(activities: Sequence[tuple[str, object]]) -> Score:
    """Patient-Specific Functional Scale: mean of 3-5 named activities rated 0-10."""
    if not 3 <= len(activities) <= 5:
        raise FieldError("psfs", f"name 3 to 5 activities (got {len(activities)})")
    rated: list[tuple[str, float]] = []
    seen: set[str] = set()
    for number, (name, rating) in enumerate(activities, start=1):
        name = (name or "").strip()
        if not name:
            raise FieldError(f"psfs activity {number}", "name the activity")
        if name.casefold() in seen:
            raise FieldError(f"psfs activity {number}", f"{name!r} is named twice")
        seen.add(name.casefold())
        rated.append((name, check_whole(f"psfs activity {number}", rating, 0, 10)))
    mean = sum(r for _, r in rated) / len(rated)
    label = f"{MEASURES[Measure.PSFS].name} {score_words(Measure.PSFS, mean)}"
    return Score(Measure.PSFS, mean, label, activities=tuple(rated))


def _answered(
    measure: str, items: Sequence[object], count: int, max_missing: int
) -> tuple[list[tuple[int, object]], int]:
    if len(items) != count:
        raise FieldError(measure, f"expected {count} items (got {len(items)})")
    answered = [(n, v) for n, v in enumerate(items, start=1) if v is not None]
    missing = count - len(answered)
    if missing > max_missing:
        raise UnscorableError(
            measure,
            f"{missing} items unanswered; at most {max_missing} may be missing for a score",
        )
    return answered, missing


def _missing_note(missing: int) -> str:
    return f" ({missing} missing item{'s' if missing > 1 else ''} pro-rated)" if missing else ""


def score_lefs(items: Sequence[object]) -> Score:
    """Lower Extremity Functional Scale: 20 items 0-4 (None = unanswered), summed 0-80.

    Project convention for missing items (not part of Binkley 1999): up to 4 of the 20 may be
    unanswered and are pro-rated (mean of the answered items x 20, rounded half up); with more
    than 4 missing the form is unscorable. Four items is 20%, the usual "at least 80% answered"
    rule for summed questionnaires; pro-rating assumes the missing items resemble the answered
    ones, which gets less safe the more are missing, and a score that crosses the 9-point
    important change because of guessed items would mislead.
    """
    answered, missing = _answered("lefs", items, LEFS_ITEMS, LEFS_MAX_MISSING)
    scores = [check_whole(f"lefs item {n}", v, 0, 4) for n, v in answered]
    total = _round_half_up(sum(scores) / len(scores) * LEFS_ITEMS) if missing else sum(scores)
    label = f"{MEASURES[Measure.LEFS].name} {score_words(Measure.LEFS, total)}"
    return Score(Measure.LEFS, total, label + _missing_note(missing), missing)


def _yes_no(field: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise FieldError(field, f"must be yes or no (got {value!r})")


def score_roland_morris(items: Sequence[object]) -> Score:
    """Roland-Morris disability questionnaire: 24 yes/no items (None = unanswered), 0-24.

    Project convention for missing items, chosen to be conservative: up to 2 of the 24 may be
    unanswered and are pro-rated (ticked / answered x 24, rounded half up); more than 2 makes
    the form unscorable. Each item is worth one point, so the true score lies within
    `missing` points of what was ticked; with 2 missing that uncertainty stays below half the
    5-point important change (Ostelo 2008), with 3 it could decide the verdict on its own.
    """
    answered, missing = _answered(
        "roland_morris", items, ROLAND_MORRIS_ITEMS, ROLAND_MORRIS_MAX_MISSING
    )
    ticked = sum(_yes_no(f"roland_morris item {n}", v) for n, v in answered)
    total = _round_half_up(ticked / len(answered) * ROLAND_MORRIS_ITEMS) if missing else ticked
    label = f"{MEASURES[Measure.ROLAND_MORRIS].name} {score_words(Measure.ROLAND_MORRIS, total)}"
    return Score(Measure.ROLAND_MORRIS, total, label + _missing_note(missing), missing)


def grc_words(value: int) -> str:
    """The Jaeschke 1989 anchor for a global rating of change, e.g. 'somewhat better'."""
    words = GRC_ANCHORS[abs(value)]
    return words.replace("better", "worse") if value < 0 else words


def score_grc(rating: object) -> Score:
    """Global rating of change, -7 (a very great deal worse) to +7, reported as is."""
    value = check_whole("grc", rating, -7, 7)
    label = f"{MEASURES[Measure.GRC].name} {score_words(Measure.GRC, value)}"
    return Score(Measure.GRC, value, label)


def _value(measure: Measure, field: str, value: float | Score) -> float:
    if isinstance(value, Score):
        if value.measure is not measure:
            raise FieldError(field, f"is a {value.measure.value} score, not {measure.value}")
        return value.value
    info = MEASURES[measure]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(field, f"must be a number between {info.low:g} and {info.high:g}")
    if not info.low <= value <= info.high:
        raise FieldError(field, f"must be between {info.low:g} and {info.high:g} (got {value})")
    return float(value)


def important_threshold(measure: Measure, baseline: float, improving: bool = True) -> float | None:
    """Smallest change that matters clinically; None when the measure has no threshold.

    Roland-Morris: 5 points or 30% of the baseline score, whichever is reached first; Ostelo
    2008 defines the 30% as improvement, so worsening uses the 5 points only.
    """
    info = MEASURES[measure]
    if info.important_points is None:
        return None
    if info.important_fraction is not None and improving and baseline > 0:
        return min(info.important_points, info.important_fraction * baseline)
    return info.important_points


def score_change(measure: Measure, baseline: float, current: float) -> float:
    """The change between two scores as the instrument reports them (each at its precision).

    The one number both the verdict and the sentence use: PSFS 4.25 then 6.2 print as 4.3 and
    6.2, so the change is 1.9, short of the 2 points, and is said and judged as such.
    """
    info = MEASURES[Measure(measure)]
    return round(info.rounded(current) - info.rounded(baseline), info.decimals)


def _judge(measure: Measure, change: float, threshold: float) -> ChangeVerdict:
    better = -change if MEASURES[measure].lower_is_better else change
    if change == 0 or abs(change) < round(threshold, 6):  # 0.3 x 10 must count as 3
        return ChangeVerdict.NO_IMPORTANT_CHANGE
    return ChangeVerdict.IMPROVED if better > 0 else ChangeVerdict.WORSENED


def _compared(measure: Measure, first: float, now: float) -> tuple[float, float, bool]:
    """(change at the instrument's precision, the threshold it is judged by, improving)."""
    info = MEASURES[measure]
    change = score_change(measure, first, now)
    improving = (change < 0) == info.lower_is_better
    threshold = important_threshold(measure, info.rounded(first), improving)
    assert threshold is not None
    return change, threshold, improving


def important_change(
    measure: Measure, baseline: float | Score, current: float | Score
) -> ChangeVerdict:
    """Improved, worsened or no important change from baseline; not applicable for GRC.

    Judged on the scores as the instrument reports them (`score_change`)."""
    measure = Measure(measure)
    first = _value(measure, "baseline", baseline)
    now = _value(measure, "current", current)
    if MEASURES[measure].lower_is_better is None:
        return ChangeVerdict.NOT_APPLICABLE
    change, threshold, _ = _compared(measure, first, now)
    return _judge(measure, change, threshold)


def psfs_activity_changes(baseline: Score, current: Score) -> tuple[ActivityChange, ...]:
    """Per-activity verdicts (3 points matter) for activities named at both visits."""
    before = {name.casefold(): rating for name, rating in baseline.activities}
    changes = []
    for name, rating in current.activities:
        if (first := before.get(name.casefold())) is not None:
            change = score_change(Measure.PSFS, first, rating)
            verdict = _judge(Measure.PSFS, change, PSFS_ACTIVITY_CHANGE)
            changes.append(ActivityChange(name, first, rating, verdict))
    return tuple(changes)


def describe_change(
    measure: Measure,
    baseline: float | Score,
    current: float | Score,
    since: str = "the first visit",
) -> str:
    """'LEFS improved by 14 points since the first visit, more than the 9 points that ...'."""
    measure = Measure(measure)
    info = MEASURES[measure]
    first, now = _value(measure, "baseline", baseline), _value(measure, "current", current)
    if info.lower_is_better is None:
        return f"{info.name}: {score_words(measure, now)}, reported as the patient rated it."
    change, threshold, improving = _compared(measure, first, now)
    if change == 0:
        return f"{info.name} is unchanged since {since} ({info.format(now)})."
    verdict = _judge(measure, change, threshold)
    base = info.rounded(first)
    by_percent = info.important_fraction is not None and improving and base > 0
    amount = _points(abs(change), info.format(abs(change)))
    if by_percent:
        amount += f" ({abs(change) / base:.0%} of the first score)"
    if verdict is ChangeVerdict.NO_IMPORTANT_CHANGE:
        verb, relation = ("rose" if change > 0 else "fell"), "less than"
        needed = f"{_points(threshold)} that matter"
        if by_percent:
            needed = f"{_points(info.important_points or 0)} or 30% that matter"
    else:
        verb = verdict.value
        relation = "reaching" if math.isclose(abs(change), threshold) else "more than"
        needed = f"{_points(threshold)} that matter"
        if by_percent and threshold < (info.important_points or 0):
            needed = "30% that matters"
    return f"{info.name} {verb} by {amount} since {since}, {relation} the {needed} clinically."


def describe_scores(
    measure: Measure, scores: Sequence[float | Score], since: str = "the first visit"
) -> str:
    """How a measure went from its first to its latest score, in one sentence.

    The one rule for every screen and page: a single score is "scored once so far", never
    "unchanged", since nothing was compared. A global rating of change is a rating of change
    already, so even one is reported as the patient rated it.
    """
    if not scores:
        raise ValueError(f"no scores of {Measure(measure).value} to describe")
    info = MEASURES[Measure(measure)]
    if len(scores) == 1 and info.lower_is_better is not None:
        value = _value(Measure(measure), "score", scores[0])
        return f"{info.name} scored once so far ({info.format(value)}): {SCORED_ONCE}"
    return describe_change(measure, scores[0], scores[-1], since=since)
