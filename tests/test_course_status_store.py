"""The stored course facts (schema 0011, models/services/course_facts.py) are what judging the
course again gives: after a refresh, in memory for a stale patient, and from the chart's own
loaded visits; pain, running volume, the visit kind and the booked visit mark a course stale."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from charting.course_stage import DEFAULT_STAGE_SETTINGS, Stage
from charting.tolerances import DEFAULT_TOLERANCES
from models.database import Database
from models.records import Complaint, PatientDraft
from models.services.course_facts import facts_of_course, stored_facts
from models.services.course_status import current_facts
from models.services.hold_summary import bring_up_to_date
from models.services.holds import patient_course
from models.services.patients import create_patient
from models.services.visits import save_draft
from tests.courses import patient_status
from tests.schemas import downgrade_to, upgrade_to
from tests.test_dashboard_counts import random_visit

pytestmark = pytest.mark.both_engines


def add_courses(db: Database, rng: random.Random, count: int) -> list[int]:
    """Random courses with pain, running volume, kinds and booked visits as well."""
    patients = []
    for n in range(count):
        patient = create_patient(db, PatientDraft(f"C-{n:02}", "Ana", "Ito"), "me")
        patients.append(patient)
        day = date(2025, 3, 3)
        for _ in range(rng.randint(0, 6)):
            day += timedelta(days=rng.choice([7, 14, 21]))
            pains = tuple(
                Complaint("low_back", "left", rng.randint(0, 8)) for _ in range(rng.randint(0, 2))
            )
            visit = replace(
                random_visit(rng, day),
                complaints=pains,
                running_km_per_week=rng.choice([None, 10.0, 25.0, 40.0]),
                next_visit_date=day + timedelta(days=14) if rng.random() < 0.5 else None,
                kind=rng.choice(["follow_up", "follow_up", "discharge"]),
            )
            save_draft(db, patient, visit, "me")
    return patients


def stale(db: Database) -> set[int]:
    with db.session() as session:
        return set(session.execute(text("SELECT patient_id FROM hold_stale")).scalars())


def test_stored_facts_are_those_of_the_chart_and_of_judging_in_memory(db: Database) -> None:
    patients = add_courses(db, random.Random(3), 25)
    with db.session() as session:
        in_memory = current_facts(session.connection(), patients, DEFAULT_TOLERANCES)
    while bring_up_to_date(db, DEFAULT_TOLERANCES)[1]:
        pass
    with db.session() as session:
        stored = stored_facts(session.connection(), patients)
    from_charts = {p: facts_of_course(patient_course(db, p)) for p in patients}
    assert stored == in_memory == {p: f for p, f in from_charts.items() if f is not None}
    assert len(stored) > 15 and any(f.discharged for f in stored.values())
    assert any(f.latest_pain is not None and f.latest_km is not None for f in stored.values())


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE complaint SET pain = 1 WHERE visit_id = :visit",
        "DELETE FROM complaint WHERE visit_id = :visit",
        "INSERT INTO complaint (visit_id, region, side, pain, carried_over)"
        " VALUES (:visit, 'hip', 'right', 3, false)",
        "UPDATE visit SET running_km_per_week = 55 WHERE id = :visit",
        "UPDATE visit SET kind = 'discharge' WHERE id = :visit",
        "UPDATE visit SET next_visit_date = '2025-06-30' WHERE id = :visit",
    ],
    ids=["pain", "complaint gone", "complaint added", "running", "kind", "booked"],
)
def test_what_decides_a_stage_marks_the_course_stale(db: Database, change: str) -> None:
    """Written the way a trigger sees it (one statement), not through a save that rewrites
    every reading as well and would mark the course stale anyway."""
    patient = create_patient(db, PatientDraft("S-1", "Ola", "Nor"), "me")
    draft = replace(
        random_visit(random.Random(5), date(2025, 5, 5)),
        complaints=(Complaint("low_back", "left", 6),),
    )
    visit = save_draft(db, patient, draft, "me")
    while bring_up_to_date(db, DEFAULT_TOLERANCES)[1]:
        pass
    assert stale(db) == set()
    with db.session() as session:
        session.execute(text(change), {"visit": visit})
        session.commit()
    assert stale(db) == {patient}
    bring_up_to_date(db, DEFAULT_TOLERANCES)
    with db.session() as session:
        assert stored_facts(session.connection(), [patient]).get(patient) == facts_of_course(
            patient_course(db, patient)
        )


def test_a_patient_without_judged_visits_has_no_status(db: Database) -> None:
    patient = create_patient(db, PatientDraft("S-2", "Ola", "Nor"), "me")
    assert patient_status(db, patient, DEFAULT_TOLERANCES, DEFAULT_STAGE_SETTINGS) is None


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_the_upgrade_to_0011_marks_every_course_stale_and_fills_the_facts(db: Database) -> None:
    patients = add_courses(db, random.Random(8), 8)
    while bring_up_to_date(db, DEFAULT_TOLERANCES)[1]:
        pass
    downgrade_to(db.engine, "0010")
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM hold_stale")
    upgrade_to(db.engine, "0011")
    assert stale(db) == set(patients)
    status = patient_status(db, patients[0], DEFAULT_TOLERANCES, DEFAULT_STAGE_SETTINGS)
    assert status is None or status.status.stage in set(Stage)
    while bring_up_to_date(db, DEFAULT_TOLERANCES)[1]:
        pass
    with db.session() as session:
        assert len(stored_facts(session.connection(), patients)) == sum(
            facts_of_course(patient_course(db, p)) is not None for p in patients
        )
