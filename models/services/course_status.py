"""Where patients' courses of care stand (docs/clinical-model.md#course-stages), for the chart
header, the patient list, the reports and the recall list.

A course's facts are read from `course_status` (schema 0011), kept by the same refresh that
keeps the hold verdicts (models/services/hold_summary.py). A patient whose stored facts are
out of date (written to since they were judged, or judged with other tolerances) is judged
here, in memory, so what is shown is always what judging the course again gives, even on a
database opened read-only. The stage itself is decided at reading time from the facts, the
patient's running goal and the practitioner's stage settings, so a changed setting or goal
needs no refresh.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, text

from charting.course_stage import CourseFacts, CourseStatus, StageSettings
from charting.course_status import course_status
from charting.course_words import patient_words, status_facts
from charting.tolerances import Tolerances
from models.dialects import listed_ids
from models.records import VisitRecord
from models.services.course_facts import facts_of_course, stored_facts
from models.services.hold_summary import judge_patients, stored_tolerances
from models.services.holds import PatientCourse, course_of

GOALS = "SELECT id, running_goal_km FROM patient WHERE id IN ({})"
PATTERNS = "SELECT patient_id, pattern FROM hold_course WHERE patient_id IN ({})"
STALE_AMONG = "SELECT patient_id FROM hold_stale WHERE patient_id IN ({})"


@dataclass(frozen=True)
class PatientCourseStatus:
    """A patient's course: the facts, the running goal and the stage decided from them."""

    facts: CourseFacts
    goal_km: float | None
    status: CourseStatus


def current_facts(
    connection: Connection, ids: list[int], tolerances: Tolerances
) -> dict[int, CourseFacts]:
    """The facts of these patients' courses as judging them again gives: stored where the
    stored ones are current, judged now where not. Patients without judged visits are left
    out."""
    return current_courses(connection, ids, tolerances)[0]


def current_courses(
    connection: Connection, ids: list[int], tolerances: Tolerances
) -> tuple[dict[int, CourseFacts], dict[int, str | None]]:
    """`current_facts`, and each course's presenting pattern (charting/patterns.py key)."""
    listed = {"ids": json.dumps(ids)}
    among = listed_ids(connection)
    if stored_tolerances(connection) == tolerances:
        stale = set(connection.execute(text(STALE_AMONG.format(among)), listed).scalars())
    else:
        stale = set(ids)
    fresh = [i for i in ids if i not in stale]
    facts = stored_facts(connection, fresh)
    rows = connection.execute(text(PATTERNS.format(among)), {"ids": json.dumps(fresh)})
    patterns: dict[int, str | None] = {int(patient): pattern for patient, pattern in rows}
    if stale:
        summaries, judged = judge_patients(connection, sorted(stale), tolerances)
        facts.update(judged)
        patterns.update({patient: summaries[patient].pattern for patient in judged})
    return facts, patterns


def goals_of(connection: Connection, ids: list[int]) -> dict[int, float | None]:
    rows = connection.execute(text(GOALS.format(listed_ids(connection))), {"ids": json.dumps(ids)})
    return {int(patient): goal for patient, goal in rows}


def statuses_in(
    connection: Connection, ids: list[int], tolerances: Tolerances, settings: StageSettings
) -> dict[int, PatientCourseStatus]:
    """The course status of each of these patients who has judged visits."""
    facts = current_facts(connection, ids, tolerances)
    goals = goals_of(connection, list(facts))
    return {
        patient: PatientCourseStatus(
            f, goals.get(patient), course_status(f, settings, goals.get(patient))
        )
        for patient, f in facts.items()
    }


# A course's stage for a reader: the status, the figures it rests on, the patient's sentence.
StageShown = tuple[CourseStatus, list[str], str]


def stage_of_course(
    course: PatientCourse, stages: StageSettings, goal: float | None, as_of: date
) -> StageShown | None:
    """The stage of a course already loaded (the chart's, a report's), its figures as of
    `as_of` and the patient's sentence; None before any judged visit."""
    facts = facts_of_course(course)
    if facts is None:
        return None
    status = course_status(facts, stages, goal)
    return status, status_facts(status, facts, goal, as_of), patient_words(status, facts)


def stage_of_visits(
    visits: Sequence[VisitRecord], tolerances: Tolerances, stages: StageSettings, goal: float | None
) -> StageShown | None:
    """For the reports: `stage_of_course` as of the latest visit, never the day of printing,
    so a report printed again is the same."""
    if not visits:
        return None
    as_of = max(visit.draft.visit_date for visit in visits)
    return stage_of_course(course_of(visits, tolerances), stages, goal, as_of)
