"""Time to holding and relapses per course (docs/clinical-model.md#time-to-holding)."""

from __future__ import annotations

from datetime import date

from charting.course_stage import DEFAULT_STAGE_SETTINGS, CourseFacts
from charting.holding_times import HoldingTime, holding_time, relapse_count

FIRST = date(2026, 3, 2)


def course(days: tuple[int, ...], verdicts: str) -> CourseFacts:
    return CourseFacts(FIRST, days, verdicts)


def test_holding_is_reached_at_the_visit_that_completes_two_holds_in_a_row() -> None:
    # Visits at weeks 0, 1, 2, 4, 6: lost, held, held -> holding at the fourth visit (week 4).
    facts = course((0, 7, 14, 28, 42), "LHHH")
    assert holding_time(facts, DEFAULT_STAGE_SETTINGS) == HoldingTime(4.0, 4, True)


def test_a_course_still_correcting_is_censored_at_its_latest_visit_not_dropped() -> None:
    facts = course((0, 7, 21), "LH")
    assert holding_time(facts, DEFAULT_STAGE_SETTINGS) == HoldingTime(3.0, 3, False)


def test_a_single_visit_says_nothing_about_holding() -> None:
    assert holding_time(course((0,), ""), DEFAULT_STAGE_SETTINGS) is None


def test_relapses_count_courses_that_lost_after_three_holds_in_a_row() -> None:
    courses = [
        course((0, 7, 14, 21, 28), "HHHL"),  # relapsed
        course((0, 7, 14, 21, 28, 35, 42), "HHHLHHHL"[:6]),  # relapsed (once counted)
        course((0, 7, 14, 21), "HHH"),  # held three times, no loss since
        course((0, 7, 14, 21), "HHL"),  # lost after two: not a relapse, not counted
        course((0, 7, 14, 21, 28), "HNHHL"),  # a not-assessable interval does not break the run
    ]
    counted = relapse_count(courses, DEFAULT_STAGE_SETTINGS)
    assert (counted.held_long, counted.relapsed) == (4, 3)
    assert counted.share == 0.75
