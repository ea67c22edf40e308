"""Course stages, worked through one runner's course of care (docs/clinical-model.md#course-stages):
she corrects, holds, is ready to space out, relapses, holds again and is ready for discharge,
and is discharged. Every transition is a step of the same course, a visit more each time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from charting.course_stage import (
    DEFAULT_STAGE_SETTINGS,
    CourseFacts,
    Stage,
    StageSettings,
    holding_reached,
    relapses,
    suggested_gap_weeks,
)
from charting.course_status import course_status
from charting.course_words import patient_words
from charting.errors import FieldError

FIRST = date(2026, 1, 5)
# (gap in days before the visit, verdict of the interval it ends, worst pain, km/week)
COURSE = [
    (0, "", 6, 10.0),  # first visit
    (7, "L", 6, 10.0),  # lost: correcting
    (7, "H", 5, 15.0),  # held once: still correcting
    (7, "H", 4, 20.0),  # held twice: holding
    (7, "H", 3, 25.0),  # three at one week: ready to space out (try 2 weeks)
    (14, "H", 3, 30.0),  # four held, at two weeks now: holding at the new spacing
    (14, "L", 5, 25.0),  # lost after four holds: a relapse
    (14, "H", 3, 30.0),
    (14, "H", 2, 35.0),  # holding again
    (21, "H", 1, 40.0),  # held across three weeks, pain 1, running at the goal: discharge
]
GOAL = 40.0


def facts_after(visits: int, **changes: object) -> CourseFacts:
    """The course's facts once its first `visits` visits are judged."""
    shown = COURSE[:visits]
    days, total = [], 0
    for gap, *_ in shown:
        total += gap
        days.append(total)
    facts = CourseFacts(
        first_visit=FIRST,
        days=tuple(days),
        verdicts="".join(verdict for _, verdict, _, _ in shown),
        first_pain=shown[0][2],
        latest_pain=shown[-1][2],
        first_km=shown[0][3],
        latest_km=shown[-1][3],
        last_seen=FIRST + timedelta(days=total),
    )
    return CourseFacts(**{**facts.__dict__, **changes})


def stage_after(visits: int, goal: float | None = GOAL, **changes: object) -> tuple[Stage, str]:
    status = course_status(facts_after(visits, **changes), DEFAULT_STAGE_SETTINGS, goal)
    return status.stage, status.reason


def test_one_visit_is_not_judged_yet() -> None:
    stage, reason = stage_after(1)
    assert stage is Stage.NOT_JUDGED and "reading after the correction" in reason


def test_a_loss_means_correcting() -> None:
    assert stage_after(2) == (
        Stage.CORRECTING,
        "Lost at the latest check: the correction is not holding yet.",
    )


def test_one_hold_after_a_loss_is_still_correcting() -> None:
    assert stage_after(3) == (
        Stage.CORRECTING,
        "Held 1 time since the latest loss; holding needs 2 in a row.",
    )


def test_two_holds_in_a_row_are_holding() -> None:
    assert stage_after(4) == (
        Stage.HOLDING,
        "Held 2 times in a row, the latest at a 1-week spacing.",
    )


def test_three_holds_at_one_spacing_suggest_a_longer_gap() -> None:
    status = course_status(facts_after(5), DEFAULT_STAGE_SETTINGS, GOAL)
    assert status.stage is Stage.SPACE_OUT
    assert status.reason == "Held 3 times in a row at a 1-week spacing: try a 2-week gap."
    assert status.suggested_gap_weeks == 2 and status.held_in_a_row == 3
    assert patient_words(status, facts_after(5)) == (
        "Your corrections have held for 3 weeks (3 visits in a row). "
        "At your next visit we plan a 2-week gap before the one after."
    )


def test_a_longer_gap_starts_counting_again_at_the_new_spacing() -> None:
    status = course_status(facts_after(6), DEFAULT_STAGE_SETTINGS, GOAL)
    assert status.stage is Stage.HOLDING and status.held_in_a_row == 4
    assert status.longest_held_gap_days == 14 and status.current_gap_days == 14


def test_a_loss_after_three_or_more_holds_is_a_relapse() -> None:
    status = course_status(facts_after(7), DEFAULT_STAGE_SETTINGS, GOAL)
    assert status.stage is Stage.CORRECTING and status.relapses == 1
    assert status.reason == "Relapsed: lost at the latest check after holding 4 times in a row."
    assert status.last_lost == FIRST + timedelta(days=56)
    assert status.weeks_since_lost(FIRST + timedelta(days=56 + 20)) == 2
    # The loss at the second visit came after no hold: not a relapse.
    assert relapses(facts_after(7).verdicts, 3) == 1


def test_holding_again_after_the_relapse() -> None:
    status = course_status(facts_after(9), DEFAULT_STAGE_SETTINGS, GOAL)
    assert status.stage is Stage.HOLDING and status.held_in_a_row == 2
    assert status.holding_since == FIRST + timedelta(days=56)


def test_held_across_three_weeks_with_little_pain_and_running_at_the_goal_is_discharge() -> None:
    status = course_status(facts_after(10), DEFAULT_STAGE_SETTINGS, GOAL)
    assert status.stage is Stage.DISCHARGE
    assert status.reason == (
        "Held across a 3-week gap; pain 1/10 (was 6), running 40 km/week (goal 40)."
    )
    assert "talk about whether you still need regular visits" in patient_words(
        status, facts_after(10)
    )


@pytest.mark.parametrize(
    ("changes", "goal", "blocker"),
    [
        ({"latest_pain": 4}, GOAL, "pain still 4/10 (discharge at 2 or less)"),
        ({"latest_km": 30.0}, GOAL, "running 30 km/week, short of the goal of 40 km/week"),
        ({"latest_pain": None}, GOAL, "no pain rating recorded"),
    ],
)
def test_discharge_waits_for_pain_and_running_and_says_which(
    changes: dict[str, object], goal: float | None, blocker: str
) -> None:
    stage, reason = stage_after(10, goal, **changes)
    assert stage is Stage.HOLDING
    assert reason.endswith(f"not ready for discharge: {blocker}.")


def test_without_a_running_goal_running_is_not_a_condition_and_the_reason_says_so() -> None:
    stage, reason = stage_after(10, None, latest_km=12.0)
    assert stage is Stage.DISCHARGE and "running 12 km/week (no goal recorded)" in reason


def test_a_discharge_visit_ends_the_course_whatever_the_holds() -> None:
    stage, reason = stage_after(2, discharged=True)
    assert stage is Stage.DISCHARGED and reason == "Discharged at the latest visit."


def test_not_assessable_intervals_neither_break_nor_extend_a_run() -> None:
    facts = CourseFacts(FIRST, (0, 7, 14, 21), "HNH", latest_pain=5)
    status = course_status(facts, DEFAULT_STAGE_SETTINGS)
    assert status.stage is Stage.HOLDING and status.held_in_a_row == 2
    assert holding_reached(facts, DEFAULT_STAGE_SETTINGS) == 3


def test_the_settings_move_the_thresholds() -> None:
    strict = StageSettings(holding_after=3, discharge_gap_weeks=4)
    assert course_status(facts_after(4), strict, GOAL).stage is Stage.CORRECTING
    assert course_status(facts_after(10), strict, GOAL).stage is Stage.HOLDING


def test_the_suggested_gap_grows_by_the_factor_and_stops_at_the_discharge_gap() -> None:
    assert suggested_gap_weeks(7, DEFAULT_STAGE_SETTINGS) == 2
    assert suggested_gap_weeks(14, DEFAULT_STAGE_SETTINGS) == 3
    assert suggested_gap_weeks(14, StageSettings(discharge_gap_weeks=6)) == 3
    assert suggested_gap_weeks(28, StageSettings(discharge_gap_weeks=6)) == 6


@pytest.mark.parametrize(
    ("name", "value"),
    [("holding_after", 0), ("discharge_pain_max", 11), ("space_out_factor", 1.0)],
)
def test_settings_out_of_range_name_the_setting(name: str, value: float) -> None:
    with pytest.raises(FieldError) as raised:
        StageSettings(**{name: value})  # type: ignore[arg-type]
    assert raised.value.field == name
