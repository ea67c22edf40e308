"""An exercise dose in words, from plain values: the handout, the documents' plan tables and
the audit trail word a dose the same way ('3 sets of 10 repetitions · 4 times a week')."""

from __future__ import annotations

from charting.vocabulary import SIDE_TERMS, count


def amount(sets: int, reps: int | None = None, hold_s: int | None = None) -> str:
    """'3 sets of 10 repetitions', '3 sets, hold 30 seconds', '2 sets of 8, hold each 5
    seconds'."""
    done = count(sets, "set")
    if reps is not None and hold_s is not None:
        return f"{done} of {reps}, hold each {hold_s} seconds"
    if reps is not None:
        return f"{done} of {count(reps, 'repetition')}"
    return f"{done}, hold {hold_s} seconds"


def how_often(per_week: int) -> str:
    """'4 times a week', 'every day (7 times a week)', 'twice a day (14 times a week)'."""
    if per_week == 7:
        return "every day (7 times a week)"
    if per_week == 14:
        return "twice a day (14 times a week)"
    return f"{count(per_week, 'time')} a week"


def dosage_line(
    sets: int,
    per_week: int,
    reps: int | None = None,
    hold_s: int | None = None,
    side: str = "both",
) -> str:
    """'3 sets of 10 repetitions · 4 times a week · left': a whole dose on one line; a side
    is named only when the exercise is done on one side."""
    words = SIDE_TERMS[side].plain if side in SIDE_TERMS else side
    named = "" if side == "both" else f" · {words}"
    return f"{amount(sets, reps, hold_s)} · {how_often(per_week)}{named}"
