"""Where a course of care stands: correcting, holding, ready to space out, ready for
discharge (docs/clinical-model.md#course-stages).

The hold analysis answers interval by interval; a stage answers for the course, from the run
of held intervals since the last loss, the spacing of the visits, pain and running volume.
The stage is a suggestion with its reason: the practitioner decides, and records a discharge
visit when they agree. Everything here is a pure function of a course's stored facts
(CourseFacts), the practitioner's settings (StageSettings) and, for the time since the last
loss, today's date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from charting.errors import check_range, check_whole

HELD, LOST, NOT_ASSESSABLE = "H", "L", "N"  # one letter per interval in CourseFacts.verdicts
# Visits are booked for a day that suits the patient: an interval this much shorter than
# the current one still counts as the same spacing.
SPACING_SLACK_DAYS = 3


class Stage(StrEnum):
    NOT_JUDGED = "not_judged"
    CORRECTING = "correcting"
    HOLDING = "holding"
    SPACE_OUT = "space_out"
    DISCHARGE = "discharge"
    DISCHARGED = "discharged"


# Sort order of the patient list's Stage column: who needs a decision first.
STAGE_ORDER = (
    Stage.DISCHARGE, Stage.SPACE_OUT, Stage.CORRECTING, Stage.HOLDING,
    Stage.NOT_JUDGED, Stage.DISCHARGED,
)  # fmt: skip


@dataclass(frozen=True)
class StageSettings:
    """The thresholds of the stages; defaults and their reasons in docs/clinical-model.md."""

    holding_after: int = 2  # held intervals in a row that make a course "holding"
    space_out_after: int = 3  # held in a row at the current spacing: suggest a longer gap
    space_out_factor: float = 1.5  # the suggested gap, as a multiple of the current one
    discharge_gap_weeks: int = 3  # a held gap at least this long is needed for discharge
    discharge_pain_max: int = 2  # worst pain (0-10) at most this: less than a noticeable change
    relapse_after: int = 3  # a loss after at least this many holds in a row is a relapse
    recall_holding_weeks: int = 8  # holding, but not seen for this long: check in

    def __post_init__(self) -> None:
        wholes = {
            "holding_after": (1, 10), "space_out_after": (1, 12),
            "discharge_gap_weeks": (1, 26), "discharge_pain_max": (0, 10),
            "relapse_after": (1, 12), "recall_holding_weeks": (1, 104),
        }  # fmt: skip
        for name, (low, high) in wholes.items():
            object.__setattr__(self, name, check_whole(name, getattr(self, name), low, high))
        factor = check_range("space_out_factor", self.space_out_factor, 1.1, 4)
        object.__setattr__(self, "space_out_factor", factor)


DEFAULT_STAGE_SETTINGS = StageSettings()


@dataclass(frozen=True)
class CourseFacts:
    """What a course's stage is decided from, small enough to store per patient.

    `days` are the judged visits' days after the first one (the first is 0) and `verdicts`
    has one letter per interval between them (HELD, LOST, NOT_ASSESSABLE). Pain is the worst
    rating (0-10) of a visit; running volume is km per week as the patient reported it."""

    first_visit: date
    days: tuple[int, ...] = (0,)
    verdicts: str = ""
    first_pain: int | None = None
    latest_pain: int | None = None
    first_km: float | None = None
    latest_km: float | None = None
    last_seen: date | None = None  # the latest visit, judged or not
    next_visit: date | None = None  # booked at the latest visit
    discharged: bool = False  # the latest visit is a discharge visit
    first_plan: tuple[str, ...] = field(default=())  # exercise slugs of the first plan

    def gap(self, interval: int) -> int:
        """Days between the visits of an interval."""
        return self.days[interval + 1] - self.days[interval]

    def day(self, visit: int) -> date:
        return self.first_visit + timedelta(days=self.days[visit])


@dataclass(frozen=True)
class CourseStatus:
    stage: Stage
    reason: str
    held_in_a_row: int = 0  # held intervals since the last lost one (not assessable skipped)
    last_lost: date | None = None  # the visit at which the latest loss was found
    holding_since: date | None = None  # the first visit of the current run of holds
    longest_held_gap_days: int | None = None  # the longest gap of the current run
    current_gap_days: int | None = None  # the latest interval's gap
    suggested_gap_weeks: int | None = None
    relapses: int = 0

    def weeks_since_lost(self, today: date) -> int | None:
        """Whole weeks from the latest loss to today; None: never lost."""
        return None if self.last_lost is None else (today - self.last_lost).days // 7


def current_run(facts: CourseFacts) -> list[int]:
    """The held intervals since the last lost one, oldest first."""
    run: list[int] = []
    for interval in range(len(facts.verdicts) - 1, -1, -1):
        if facts.verdicts[interval] == LOST:
            break
        if facts.verdicts[interval] == HELD:
            run.insert(0, interval)
    return run


def holds_before_losses(verdicts: str) -> list[int]:
    """For each lost interval, how many held in a row just before it."""
    found, in_a_row = [], 0
    for verdict in verdicts:
        if verdict == HELD:
            in_a_row += 1
        elif verdict == LOST:
            found.append(in_a_row)
            in_a_row = 0
    return found


def relapses(verdicts: str, after: int) -> int:
    """Losses that came after at least `after` holds in a row."""
    return sum(held >= after for held in holds_before_losses(verdicts))


def holding_reached(facts: CourseFacts, settings: StageSettings) -> int | None:
    """The visit (index) at which the course first held `holding_after` times in a row."""
    in_a_row = 0
    for interval, verdict in enumerate(facts.verdicts):
        in_a_row = in_a_row + 1 if verdict == HELD else 0 if verdict == LOST else in_a_row
        if in_a_row >= settings.holding_after:
            return interval + 1
    return None


def weeks_text(days: int) -> str:
    """'1 week', '3 weeks': a span of days in whole weeks."""
    weeks = round(days / 7)
    return "1 week" if weeks == 1 else f"{weeks} weeks"


def week_gap(days: int) -> str:
    """'3-week': a gap of days in whole weeks, before a noun."""
    return f"{round(days / 7)}-week"


def held_at_spacing(facts: CourseFacts, run: list[int], current_gap: int) -> int:
    """Holds in a row, newest first, at no less than the current spacing (less the slack)."""
    in_a_row = 0
    for interval in reversed(run):
        if facts.gap(interval) < current_gap - SPACING_SLACK_DAYS:
            break
        in_a_row += 1
    return in_a_row


def suggested_gap_weeks(current_gap_days: int, settings: StageSettings) -> int:
    """The next gap to try: the current one times the factor, in whole weeks, one week more
    at least, and no more than the discharge gap needs (beyond it, discharge is the question)."""
    current_weeks = max(1, round(current_gap_days / 7))
    longer = max(current_weeks + 1, round(current_weeks * settings.space_out_factor))
    return min(longer, max(settings.discharge_gap_weeks, current_weeks + 1))
