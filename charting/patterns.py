"""Pelvic patterns: the categories a reading falls into, as a key for the pattern library."""

from __future__ import annotations

from charting.readings import Dimension, Reading
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances

LEVEL_CATEGORIES = {"level", "neutral"}

PATTERN_WORDS = {
    "left_anterior": "left innominate anterior",
    "right_anterior": "right innominate anterior",
    "right": "right rotation",
    "left": "left rotation",
    "left_high": "left iliac crest high",
    "right_high": "right iliac crest high",
}


def pattern_key(reading: Reading, tolerances: Tolerances = DEFAULT_TOLERANCES) -> str:
    """'left_anterior+right', or 'level' when nothing stands out beyond measurement error.

    The key lists the non-level categories in dimension order: asymmetry, rotation, obliquity.
    """
    parts = []
    for dimension in Dimension:
        category = reading.category(dimension, tolerances.for_dimension(dimension, True))
        if category is not None and category not in LEVEL_CATEGORIES:
            parts.append(category)
    return "+".join(parts) or "level"


def describe_pattern(key: str) -> str:
    """'left innominate anterior with right rotation'."""
    if key == "level":
        return "level pelvis"
    words = [PATTERN_WORDS.get(part, part.replace("_", " ")) for part in key.split("+")]
    return words[0] if len(words) == 1 else f"{words[0]} with {' and '.join(words[1:])}"
