"""The shape of a generated practice: how many patients and visits, who has how many visits
and when each course of care starts. Pure arithmetic, the same for every run of a seed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from benchmarks.practice_content import BUSY_VISITS

COURSE_DAYS = 150  # the last courses start this long before the last day, so they end by it
MOST_VARIATION = 6  # visits more or fewer than the average, patient by patient


@dataclass(frozen=True)
class PracticeSpec:
    """`visits` in all over `patients`; patient `busy_patient_id` has BUSY_VISITS of them."""

    patients: int
    visits: int
    seed: int
    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        if self.patients < 2 or self.visits < BUSY_VISITS + self.patients - 1:
            raise ValueError("a practice needs two patients and a visit each besides the busy one")

    @property
    def busy_patient_id(self) -> int:
        """In the middle: its 100 weekly visits (two years) fit before the last day."""
        return self.patients // 2

    def visit_count(self, number: int) -> int:
        """Patient `number`'s visits: the others share what the busy one leaves, in pairs
        of one more and one fewer, so the total is exactly `visits`."""
        if number == self.busy_patient_id:
            return BUSY_VISITS
        others = self.patients - 1
        index = number - 1 if number < self.busy_patient_id else number - 2
        base, extra = divmod(self.visits - BUSY_VISITS, others)
        count = base + (1 if index < extra else 0)
        pair, most = index // 2, min(base - 1, MOST_VARIATION)
        if most > 0 and (index ^ 1) < others:
            shift = (pair * 2654435761 + self.seed) % (2 * most + 1) - most
            count += shift if index % 2 == 0 else -shift
        return count

    def start(self, number: int) -> date:
        """The first visit of patient `number`: patients come in evenly over the years."""
        span = (self.last_day - self.first_day).days - COURSE_DAYS
        if number == self.busy_patient_id:
            span -= 7 * BUSY_VISITS
        return self.first_day + timedelta(days=span * (number - 1) // self.patients)
