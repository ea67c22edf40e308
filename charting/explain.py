"""Verdicts in one sentence a patient understands."""

from __future__ import annotations

from charting.holds import DimensionHold, IntervalHold, Verdict
from charting.readings import Dimension
from charting.vocabulary import (
    DIMENSION_TERMS,
    VERDICT_TERMS,
    joined,
    position_phrase,
    sentence_start,
)

# Which way a positive / negative change points, in plain words.
DIRECTIONS = {
    Dimension.ASYMMETRY: ("the left side tipping forward", "the right side tipping forward"),
    Dimension.ROTATION: ("the right", "the left"),
    Dimension.OBLIQUITY: ("the left crest sitting higher", "the right crest sitting higher"),
}

NOT_ASSESSABLE = VERDICT_TERMS[Verdict.NOT_ASSESSABLE].label
NOT_ASSESSABLE_REASONS = {
    "no_post": "no reading after the correction at the earlier visit",
    "no_next_pre": "no reading before the correction at the later visit",
    "no_common": "the two readings measured different things",
}


def explain_dimension(hold: DimensionHold) -> str:
    """'Rotation drifted 4.0° back toward the right, more than the 3.0° ...'."""
    name = sentence_start(DIMENSION_TERMS[hold.dimension].plain_alone)
    if hold.drift is None:
        after = position_phrase(hold.dimension, str(hold.post))
        before = position_phrase(hold.dimension, str(hold.next_pre))
        if hold.held:
            return f"{name} held: {after} after the correction and at the next visit."
        return f"{name} changed: {after} after the correction, {before} at the next visit."
    positive, negative = DIRECTIONS[hold.dimension]
    direction = positive if hold.drift > 0 else negative
    # "back toward" when the drift undoes the correction rather than overshooting it.
    back = hold.retention is not None and (hold.correction or 0) * hold.drift < 0
    toward = f"{'back ' if back else ''}toward {direction}"
    if hold.held:
        if abs(hold.drift) < 0.05:
            return f"{name} stayed exactly where the correction left it."
        return (
            f"{name} moved {abs(hold.drift):.1f}° {toward}, within the "
            f"{hold.tolerance:.1f}° the measurement cannot tell apart."
        )
    return (
        f"{name} drifted {abs(hold.drift):.1f}° {toward}, more than the "
        f"{hold.tolerance:.1f}° the measurement can tell apart."
    )


def explain_interval(interval: IntervalHold) -> str:
    """One or two sentences for the whole interval, led by what was lost."""
    if interval.verdict is Verdict.NOT_ASSESSABLE:
        reason = NOT_ASSESSABLE_REASONS.get(interval.reason)
        return f"{NOT_ASSESSABLE}: {reason}." if reason else f"{NOT_ASSESSABLE}."
    if interval.verdict is Verdict.LOST:
        text = " ".join(explain_dimension(d) for d in interval.dimensions if not d.held)
    else:
        listed = joined([DIMENSION_TERMS[d.dimension].plain for d in interval.dimensions])
        text = f"The correction held: {listed} stayed within what the measurement can tell apart."
    if not interval.comparable:
        text += " Device or examiner differed, so the wider tolerances were used."
    return text
