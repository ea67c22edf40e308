"""Where the course stands, in words a patient reads on the progress report and the handout
(docs/clinical-model.md#course-stages). They say what happened and what is planned, never
what will happen: no outcome is promised.
"""

from __future__ import annotations

from datetime import date

from charting.course_stage import CourseFacts, CourseStatus, Stage, weeks_text


def held_for_text(status: CourseStatus, facts: CourseFacts) -> str:
    """'5 weeks', the time the current run of holds spans up to the latest judged visit."""
    if status.holding_since is None:
        return ""
    latest = facts.day(len(facts.days) - 1)
    return weeks_text((latest - status.holding_since).days)


def patient_words(status: CourseStatus, facts: CourseFacts) -> str:
    """One or two sentences for the patient; empty when there is nothing to say yet."""
    held = held_for_text(status, facts)
    visits = f"{status.held_in_a_row} visits in a row"
    if status.stage is Stage.SPACE_OUT:
        return (
            f"Your corrections have held for {held} ({visits}). "
            f"At your next visit we plan a {status.suggested_gap_weeks}-week gap "
            "before the one after."
        )
    if status.stage is Stage.DISCHARGE:
        return (
            f"Your corrections have held for {held} ({visits}). "
            "At your next visit we will talk about whether you still need regular visits."
        )
    if status.stage is Stage.HOLDING:
        return f"Your corrections have held for {held} ({visits})."
    if status.stage is Stage.CORRECTING:
        return (
            "Your pelvis has not yet stayed where it was put between visits. "
            "The exercises are there to help it stay."
        )
    if status.stage is Stage.DISCHARGED:
        return "You have finished your course of care with us."
    return ""


def _compared(latest: float | None, first: float | None, unit: str) -> str:
    was = f" (was {first:g})" if first is not None and first != latest else ""
    return f"{latest:g}{unit}{was}" if latest is not None else ""


def status_facts(
    status: CourseStatus, facts: CourseFacts, goal_km: float | None, today: date
) -> list[str]:
    """The figures a stage rests on, short, for the chart header and the progress report:
    holds in a row, weeks since the last loss, the longest held gap, pain and running."""
    shown = [f"held {status.held_in_a_row} in a row"]
    since = status.weeks_since_lost(today)
    shown.append("never lost" if since is None else f"{since} wk since the last loss")
    if status.longest_held_gap_days is not None:
        shown.append(f"longest held gap {weeks_text(status.longest_held_gap_days)}")
    if (pain := _compared(facts.latest_pain, facts.first_pain, "/10")) != "":
        shown.append(f"pain {pain}")
    running = _compared(facts.latest_km, facts.first_km, " km/wk")
    if running or goal_km is not None:
        goal = f", goal {goal_km:g}" if goal_km is not None else ""
        shown.append(f"running {running or 'not recorded'}{goal}")
    return shown
