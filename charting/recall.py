"""Whom to check in with (the recall list), as a pure function of a course's facts and stage.

Two reasons, the first named first when a patient has both:

- the visit booked at the latest visit is past and nobody came since (the booking is always
  the latest visit's, so any later visit would have replaced it); not after a discharge;
- the course is holding, ready to space out or ready for discharge, and the patient has not
  been seen for `StageSettings.recall_holding_weeks` weeks or more, with no visit booked
  ahead: a course that held is worth checking on before it is lost from sight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from charting.course_stage import CourseFacts, Stage, StageSettings
from charting.vocabulary import STAGE_TERMS, count

# The stages where a long silence is worth a call: the correction held when last seen.
HELD_STAGES = frozenset((Stage.HOLDING, Stage.SPACE_OUT, Stage.DISCHARGE))


@dataclass(frozen=True)
class RecallReason:
    """Why a patient is on the recall list, and what orders the list."""

    why: str  # short words: "booked for 3 Mar, not seen since 17 Feb"
    last_seen: date
    missed: date | None = None  # the booked day nobody came, when that is a reason

    @property
    def order(self) -> tuple[int, date, date]:
        """Missed bookings first, the oldest booking first; then the longest unseen."""
        if self.missed is not None:
            return (0, self.missed, self.last_seen)
        return (1, self.last_seen, self.last_seen)


def day_text(day: date, today: date) -> str:
    """'3 Mar', with the year when it is not this year's: '28 Nov 2025'."""
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"


def weeks_since(day: date, today: date) -> int:
    """Whole weeks from `day` to `today`."""
    return (today - day).days // 7


def recall_reason(
    facts: CourseFacts, stage: Stage, today: date, settings: StageSettings
) -> RecallReason | None:
    """Why to check in with this patient today; None when there is no reason to."""
    last_seen = facts.last_seen or facts.day(len(facts.days) - 1)
    booked = facts.next_visit
    missed = booked if booked is not None and booked < today and not facts.discharged else None
    reasons = []
    if missed is not None:
        reasons.append(
            f"booked for {day_text(missed, today)}, not seen since {day_text(last_seen, today)}"
        )
    unseen = weeks_since(last_seen, today)
    booked_ahead = booked is not None and missed is None
    if stage in HELD_STAGES and unseen >= settings.recall_holding_weeks and not booked_ahead:
        reasons.append(f"{STAGE_TERMS[stage].plain}; last seen {count(unseen, 'week')} ago")
    if not reasons:
        return None
    return RecallReason("; ".join(reasons), last_seen, missed)
