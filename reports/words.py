"""Dates, dosages, sides and readings in the words the documents print."""

from __future__ import annotations

from datetime import date, datetime

from charting import dosage
from charting.errors import FieldError
from charting.figures.words import day_label, signed_degrees
from charting.outcomes import Measure, describe_scores, score_words
from charting.readings import Dimension, Reading
from charting.vocabulary import CATEGORY_TERMS
from models.records import PlanEntry

DASH = "—"


def day_long(day: date) -> str:
    """'9 March 2026': unambiguous on both sides of the Atlantic."""
    return f"{day.day} {day:%B %Y}"


def day_short(day: date) -> str:
    """'9 Mar 2026'."""
    return day_label(day)


def weekday_long(day: date) -> str:
    """'Monday 9 March 2026'."""
    return f"{day:%A} {day_long(day)}"


def moment(when: datetime) -> str:
    """'9 March 2026 at 18:00'."""
    return f"{day_long(when.date())} at {when:%H:%M}"


def amount(entry: PlanEntry) -> str:
    """'3 sets of 10 repetitions', '3 sets, hold 30 seconds', '2 sets of 8, hold 5 seconds'."""
    return dosage.amount(entry.sets, entry.reps, entry.hold_s)


def how_often(entry: PlanEntry) -> str:
    """'4 times a week', 'every day (7 times a week)'."""
    return dosage.how_often(entry.per_week)


def side_words(entry: PlanEntry, per_side: bool) -> str:
    """'left side only', 'each side', or 'both sides together'."""
    if entry.side in ("left", "right"):
        return f"{entry.side} side only"
    return "each side" if per_side else "both sides together"


def dosage_line(entry: PlanEntry) -> str:
    """'3 sets of 10 repetitions · 4 times a week · left': one line for tables."""
    return dosage.dosage_line(entry.sets, entry.per_week, entry.reps, entry.hold_s, entry.side)


def degrees(value: float | None) -> str:
    """'+8.0°', '0.0°', or a dash when not recorded."""
    return DASH if value is None else signed_degrees(value)


def dimension_cell(reading: Reading, dimension: Dimension) -> str:
    """A signed number, or the category recorded in words."""
    value = reading.numeric(dimension)
    if value is not None:
        return degrees(value)
    category = reading.stated_category(dimension)
    return DASH if category is None else CATEGORY_TERMS[category].short


def score_text(measure: str, score: float) -> str:
    """'4.3 / 10', '52 / 80', '+3 (somewhat better)': a score as the documents' tables print it."""
    return score_words(measure, score, out_of=" / ")


def outcome_note(measure: str, score: float, first: tuple[date, float] | None) -> str:
    """Change since the measure was first scored, against clinically important change; a
    first score says so (charting.outcomes.describe_scores, the one rule for both)."""
    try:
        kind = Measure(measure)
    except ValueError:
        return ""
    scores = [score] if first is None else [first[1], score]
    since = "the first visit" if first is None else day_long(first[0])
    try:
        return describe_scores(kind, scores, since=since)
    except FieldError:
        return ""
