"""The stage of a course, with the reason in the practitioner's words
(docs/clinical-model.md#course-stages; the facts and thresholds: charting/course_stage.py).
"""

from __future__ import annotations

from dataclasses import replace

from charting.course_stage import (
    LOST,
    CourseFacts,
    CourseStatus,
    Stage,
    StageSettings,
    current_run,
    held_at_spacing,
    holds_before_losses,
    relapses,
    suggested_gap_weeks,
    week_gap,
)
from charting.vocabulary import STAGE_TERMS, count

NOT_JUDGED_REASON = (
    "No interval judged yet: that needs a reading after the correction at one visit "
    "and one before it at the next."
)
DISCHARGED_REASON = "Discharged at the latest visit."


def _km(value: float) -> str:
    return f"{value:g} km/week"


def discharge_blockers(
    facts: CourseFacts, settings: StageSettings, goal_km: float | None
) -> list[str]:
    """What, besides the held gap, keeps a course from discharge; empty when nothing does.
    Without a running goal, running volume is not a condition (the reason says so)."""
    blockers = []
    if facts.latest_pain is None:
        blockers.append("no pain rating recorded")
    elif facts.latest_pain > settings.discharge_pain_max:
        limit = settings.discharge_pain_max
        blockers.append(f"pain still {facts.latest_pain}/10 (discharge at {limit} or less)")
    if goal_km is not None:
        if facts.latest_km is None:
            blockers.append("running volume not recorded")
        elif facts.latest_km < goal_km:
            blockers.append(f"running {_km(facts.latest_km)}, short of the goal of {_km(goal_km)}")
    return blockers


def outcomes_text(facts: CourseFacts, goal_km: float | None) -> str:
    """'pain 1/10 (was 6), running 40 km/week (goal 40)': what a discharge rests on."""
    parts = []
    if facts.latest_pain is not None:
        was = f" (was {facts.first_pain})" if facts.first_pain is not None else ""
        parts.append(f"pain {facts.latest_pain}/10{was}")
    if facts.latest_km is not None:
        goal = f"goal {goal_km:g}" if goal_km is not None else "no goal recorded"
        parts.append(f"running {_km(facts.latest_km)} ({goal})")
    return ", ".join(parts)


def course_status(
    facts: CourseFacts, settings: StageSettings, goal_km: float | None = None
) -> CourseStatus:
    """The stage a course has reached and why."""
    run = current_run(facts)
    lost_at = [i for i, verdict in enumerate(facts.verdicts) if verdict == LOST]
    current_gap = facts.gap(len(facts.verdicts) - 1) if facts.verdicts else None
    longest = max((facts.gap(i) for i in run), default=None)
    status = CourseStatus(
        Stage.NOT_JUDGED,
        NOT_JUDGED_REASON,
        held_in_a_row=len(run),
        last_lost=facts.day(lost_at[-1] + 1) if lost_at else None,
        holding_since=facts.day(run[0]) if run else None,
        longest_held_gap_days=longest,
        current_gap_days=current_gap,
        relapses=relapses(facts.verdicts, settings.relapse_after),
    )
    if facts.discharged:
        return replace(status, stage=Stage.DISCHARGED, reason=DISCHARGED_REASON)
    if not run and not lost_at:
        return status
    if len(run) < settings.holding_after:
        return replace(status, stage=Stage.CORRECTING, reason=_correcting(facts, settings, run))
    assert current_gap is not None and longest is not None
    blockers = discharge_blockers(facts, settings, goal_km)
    long_enough = longest >= 7 * settings.discharge_gap_weeks
    if long_enough and not blockers:
        reason = f"Held across a {week_gap(longest)} gap; {outcomes_text(facts, goal_km)}."
        return replace(status, stage=Stage.DISCHARGE, reason=reason.replace("; .", "."))
    at_spacing = held_at_spacing(facts, run, current_gap)
    spacing = f"at a {week_gap(current_gap)} spacing"
    if at_spacing >= settings.space_out_after and not long_enough:
        weeks = suggested_gap_weeks(current_gap, settings)
        held = count(at_spacing, "time")
        reason = f"Held {held} in a row {spacing}: try a {weeks}-week gap."
        return replace(status, stage=Stage.SPACE_OUT, reason=reason, suggested_gap_weeks=weeks)
    discharge = STAGE_TERMS[Stage.DISCHARGE].plain
    waiting = f"; not {discharge}: {', '.join(blockers)}" if long_enough else ""
    reason = f"Held {count(len(run), 'time')} in a row, the latest {spacing}{waiting}."
    return replace(status, stage=Stage.HOLDING, reason=reason)


def _correcting(facts: CourseFacts, settings: StageSettings, run: list[int]) -> str:
    if run:
        held, needed = count(len(run), "time"), settings.holding_after
        return f"Held {held} since the latest loss; holding needs {needed} in a row."
    before = holds_before_losses(facts.verdicts)[-1]
    if before >= settings.relapse_after:
        return f"Relapsed: lost at the latest check after holding {before} times in a row."
    return "Lost at the latest check: the correction is not holding yet."
