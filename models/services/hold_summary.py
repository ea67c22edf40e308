"""The stored hold verdicts the practice dashboard counts, kept in step with the visits.

Schema 0008 stores each course's summary (charting/course_summary.py) in `hold_course`,
`hold_exercise` and `hold_weeks`; its triggers put a patient in `hold_stale` whenever one
of their visits, readings or plan items is written. `bring_up_to_date` judges the stale
courses again, a chunk at a time, so a whole practice (after an upgrade, or new tolerances)
is redone in steps that leave room for saves between them and show their progress.

Courses are read as plain columns, three queries per chunk, never as ORM visits: at 200,000
visits building objects cost more than judging them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, select, text

from charting.course_stage import CourseFacts
from charting.course_summary import CourseSummary, JudgedVisit, summarise_course
from charting.holds import VisitReadings
from charting.readings import Phase, Reading
from charting.tolerances import Tolerances
from models.database import Database
from models.dialects import is_sqlite, listed_ids
from models.mapping import READING_FIELDS
from models.orm import Exercise, PlanItem, ReadingRow, Visit
from models.services.course_facts import INSERT_STATUS, facts_of_courses, status_rows
from models.services.holds import is_in_progress
from models.services.search import among, visits_of

CHUNK = 500  # patients judged per step: about a quarter of a second
# A write that changes no row takes the write lock: nothing written between reading what is
# stale and storing its new verdicts can be lost.
TAKE_WRITE_LOCK = "UPDATE hold_stale SET patient_id = patient_id WHERE 0"
# On a clinic server two dashboards judging at once queue here instead.
SERVER_WRITE_LOCK = "LOCK TABLE hold_course IN SHARE ROW EXCLUSIVE MODE"
MARK_ALL = "INSERT OR IGNORE INTO hold_stale SELECT id FROM patient"
MARK_ALL_ON_SERVER = "INSERT INTO hold_stale SELECT id FROM patient ON CONFLICT DO NOTHING"
KEEP_TOLERANCES = "INSERT OR REPLACE INTO hold_tolerances (id, tolerances) VALUES (1, :t)"
KEEP_TOLERANCES_ON_SERVER = """INSERT INTO hold_tolerances (id, tolerances) VALUES (1, :t)
    ON CONFLICT (id) DO UPDATE SET tolerances = excluded.tolerances"""
STALE = "SELECT patient_id FROM hold_stale ORDER BY patient_id LIMIT :limit"


def _first_readings(connection: Connection, ids: list[int]) -> dict[int, dict[str, Reading]]:
    """The first pre and first post reading of each visit of these patients."""
    fields = [getattr(ReadingRow, name) for name in READING_FIELDS]
    query = (
        select(ReadingRow.visit_id, *fields)
        .where(ReadingRow.visit_id.in_(visits_of(ids)))
        .order_by(ReadingRow.visit_id, ReadingRow.id)
    )
    found: dict[int, dict[str, Reading]] = defaultdict(dict)
    for visit_id, *values in connection.execute(query):
        phases = found[visit_id]
        if values[0] not in phases:  # values[0] is the phase (READING_FIELDS[0])
            phases[values[0]] = Reading(**dict(zip(READING_FIELDS, values, strict=True)))
    return found


def _plans(connection: Connection, ids: list[int]) -> dict[int, list[str]]:
    """The exercise slugs of each visit's plan, in plan order."""
    query = (
        select(PlanItem.visit_id, Exercise.slug)
        .join(Exercise, Exercise.id == PlanItem.exercise_id)
        .where(PlanItem.visit_id.in_(visits_of(ids)))
        .order_by(PlanItem.visit_id, PlanItem.position, PlanItem.id)
    )
    plans: dict[int, list[str]] = defaultdict(list)
    for visit_id, slug in connection.execute(query):
        plans[visit_id].append(slug)
    return plans


def judged_courses(connection: Connection, ids: list[int]) -> dict[int, list[JudgedVisit]]:
    """Each of these patients' visits up to the last one not in progress, in (date, id)
    order (the rule of models/services/holds.py); patients without visits are left out."""
    readings, plans = _first_readings(connection, ids), _plans(connection, ids)
    query = (
        select(Visit.id, Visit.patient_id, Visit.visit_date, Visit.status)
        .where(among(Visit.patient_id, ids))
        .order_by(Visit.patient_id, Visit.visit_date, Visit.id)
    )
    courses: dict[int, list[tuple[JudgedVisit, bool]]] = defaultdict(list)
    for visit_id, patient_id, day, status in connection.execute(query):
        first = readings.get(visit_id, {})
        pre, post = first.get(Phase.PRE), first.get(Phase.POST)
        visit = JudgedVisit(visit_id, VisitReadings(day, pre, post), tuple(plans.get(visit_id, ())))
        courses[patient_id].append((visit, is_in_progress(status == "signed", pre is not None)))
    judged = {}
    for patient_id, visits in courses.items():
        end = len(visits)
        while end and visits[end - 1][1]:
            end -= 1
        judged[patient_id] = [visit for visit, _open in visits[:end]]
    return judged


def tolerances_json(tolerances: Tolerances) -> str:
    return json.dumps(asdict(tolerances), sort_keys=True)


def stored_tolerances(connection: Connection) -> Tolerances | None:
    """The tolerances the stored verdicts were judged with (None: none judged yet)."""
    stored = connection.execute(text("SELECT tolerances FROM hold_tolerances")).scalar()
    return Tolerances(**json.loads(stored)) if stored is not None else None


STORED_TABLES = ("hold_course", "hold_exercise", "hold_weeks", "course_status", "hold_stale")
INSERT_COURSE = """INSERT INTO hold_course
(patient_id, pattern, intervals, held, assessable, latest_assessed)
VALUES (:patient, :pattern, :intervals, :held, :assessable, :latest)"""
INSERT_COUNTS = """INSERT INTO {table} (patient_id, {label}, held, assessable)
VALUES (:patient, :label, :held, :assessable)"""


def _store(
    connection: Connection,
    ids: list[int],
    summaries: Mapping[int, CourseSummary],
    facts: Mapping[int, CourseFacts],
) -> None:
    """Replace these patients' stored rows with `summaries` and `facts` and mark them up
    to date."""
    listed = {"ids": json.dumps(ids)}
    for table in STORED_TABLES:
        connection.execute(
            text(f"DELETE FROM {table} WHERE patient_id IN ({listed_ids(connection)})"),
            listed,
        )
    courses: list[dict[str, Any]] = []
    exercises: list[dict[str, Any]] = []
    weeks: list[dict[str, Any]] = []
    for patient, summary in summaries.items():
        counts, latest = summary.counts, summary.counts.latest_assessed
        courses.append({
            "patient": patient, "pattern": summary.pattern, "intervals": summary.intervals,
            "held": counts.held, "assessable": counts.assessable,
            "latest": str(latest) if latest else None,
        })  # fmt: skip
        for rows, by_label in ((exercises, summary.by_exercise), (weeks, summary.by_weeks)):
            rows.extend(
                {"patient": patient, "label": label, "held": held, "assessable": assessable}
                for label, (held, assessable) in by_label.items()
            )
    for statement, rows in (
        (INSERT_COURSE, courses),
        (INSERT_COUNTS.format(table="hold_exercise", label="slug"), exercises),
        (INSERT_COUNTS.format(table="hold_weeks", label="bucket"), weeks),
        (INSERT_STATUS, status_rows(facts)),
    ):
        if rows:
            connection.execute(text(statement), rows)


def summarise_patients(
    connection: Connection, ids: Iterable[int], tolerances: Tolerances
) -> dict[int, CourseSummary]:
    """The summary of the course of each of these patients who has visits."""
    return judge_patients(connection, ids, tolerances)[0]


def judge_patients(
    connection: Connection, ids: Iterable[int], tolerances: Tolerances
) -> tuple[dict[int, CourseSummary], dict[int, CourseFacts]]:
    """The summary and the stage facts of the course of each of these patients who has
    judged visits."""
    courses = judged_courses(connection, list(ids))
    summaries = {p: summarise_course(visits, tolerances) for p, visits in courses.items()}
    return summaries, facts_of_courses(connection, courses, summaries)


def bring_up_to_date(
    db: Database, tolerances: Tolerances, limit: int | None = None
) -> tuple[int, int]:
    """Judge again up to `limit` (default CHUNK) courses whose stored verdicts are out of
    date (every course, when they were judged with other tolerances): how many were, how
    many remain."""
    with db.session() as session:
        connection = session.connection()
        sqlite = is_sqlite(connection)
        connection.execute(text(TAKE_WRITE_LOCK if sqlite else SERVER_WRITE_LOCK))
        if stored_tolerances(connection) != tolerances:
            connection.execute(text(MARK_ALL if sqlite else MARK_ALL_ON_SERVER))
            connection.execute(
                text(KEEP_TOLERANCES if sqlite else KEEP_TOLERANCES_ON_SERVER),
                {"t": tolerances_json(tolerances)},
            )
        chunk = CHUNK if limit is None else limit
        ids = list(connection.execute(text(STALE), {"limit": chunk}).scalars())
        summaries, facts = judge_patients(connection, ids, tolerances)
        _store(connection, ids, summaries, facts)
        remaining = connection.execute(text("SELECT count(*) FROM hold_stale")).scalar_one()
        return len(ids), int(remaining)
