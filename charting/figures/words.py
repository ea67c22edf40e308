"""Plain words for pelvic positions: axis wording, hover text and `describe_position`.

Signs follow docs/clinical-model.md#sign-conventions: asymmetry + = left more anterior;
rotation + = pelvis turned to the right (left ASIS forward); obliquity + = left iliac crest
higher.
"""

from __future__ import annotations

from datetime import date

from charting.readings import Dimension, Reading
from charting.tolerances import Tolerances
from charting.vocabulary import (
    CATEGORY_TERMS,
    DEVICE_TERMS,
    DIMENSION_TERMS,
    LEVEL_PHRASES,
    PHASE_TERMS,
    joined,
    position_phrase,
)

# Numeric positions in words: the direction a positive and a negative value point to.
POSITION_CATEGORIES = {
    Dimension.ASYMMETRY: ("left_anterior", "right_anterior"),
    Dimension.ROTATION: ("right", "left"),
    Dimension.OBLIQUITY: ("left_high", "right_high"),
}
MORE_THAN = {"left_anterior": " more than right", "right_anterior": " more than left"}
WITHIN_ERROR = "within what we can measure"  # for the patient: no talk of tolerance or MDC


def day_label(day: date) -> str:
    """'9 Mar 2026'."""
    return f"{day.day} {day:%b %Y}"


def short_day(day: date) -> str:
    """'9 Mar'."""
    return f"{day.day} {day:%b}"


def signed_degrees(value: float) -> str:
    return "0.0°" if round(value, 1) == 0 else f"{value:+.1f}°"


def reading_text(day: date, reading: Reading, dimension: Dimension) -> str:
    """Hover text of one marker: date, phase, value with its sign in words, device, examiner."""
    phase = PHASE_TERMS[reading.phase].plain
    value = reading.numeric(dimension)
    if value is not None:
        clause = describe_dimension(reading, dimension)
        shown = f"{signed_degrees(value)} ({clause})"
    else:
        shown = (
            f"{CATEGORY_TERMS[str(reading.stated_category(dimension))].short} (recorded in words)"
        )
    setup = DEVICE_TERMS[reading.device].short + (
        f", examiner {reading.rater}" if reading.rater else ""
    )
    return f"{day_label(day)}, {phase}\n{DIMENSION_TERMS[dimension].label}: {shown}\n{setup}"


def describe_dimension(reading: Reading, dimension: Dimension) -> str | None:
    """One clause, e.g. 'pelvis turned right 6°'; None when the dimension was not recorded."""
    value = reading.numeric(dimension)
    if value is None:
        category = reading.stated_category(dimension)
        return None if category is None else position_phrase(dimension, category)
    rounded = round(abs(value))
    if rounded == 0:
        return LEVEL_PHRASES[dimension]
    category = POSITION_CATEGORIES[dimension][0 if value > 0 else 1]
    return f"{position_phrase(dimension, category)} {rounded}°{MORE_THAN.get(category, '')}"


def _within_error(reading: Reading, dimension: Dimension, tolerances: Tolerances) -> bool:
    """A measured, non-zero value the same-setup tolerance cannot tell from level."""
    value = reading.numeric(dimension)
    if value is None or round(abs(value)) == 0:
        return False
    return abs(value) <= tolerances.for_dimension(dimension, True)


def describe_position(reading: Reading | None, within_error: Tolerances | None = None) -> str:
    """'left side tipped forward 7° more than right; pelvis turned right 6°; left crest ...'.

    Whole degrees: the best devices measure to about 1 degree (PALM SEM 1.1°, Beardsley
    2016, PMC4824902), so decimals would claim precision the reading does not have.

    With `within_error` (words for the patient), values inside the same-setup tolerance are
    still given, as the chart gives them, and said to be within what we can measure: calling
    a 2° turn "not turned" would contradict the chart the patient may see.
    """
    if reading is None:
        return "not recorded"
    clauses: list[str] = []
    small: list[str] = []
    for dimension in Dimension:
        clause = describe_dimension(reading, dimension)
        if clause is None:
            continue
        if within_error is not None and _within_error(reading, dimension, within_error):
            if not small:
                clauses.append("")  # the group's place: where its first clause falls
            small.append(clause)
        else:
            clauses.append(clause)
    if small:
        both = {1: "", 2: "both "}.get(len(small), "all ")
        clauses[clauses.index("")] = f"{joined(small)}, {both}{WITHIN_ERROR}"
    return "; ".join(clauses) or "not recorded"
