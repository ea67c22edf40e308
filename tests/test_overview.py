"""The patient list's quick verdict agrees with the full hold analysis."""

from datetime import date

from models.database import Database
from models.records import PatientDraft, VisitDraft
from models.services.holds import patient_course
from models.services.overview import patient_rows
from models.services.patients import create_patient
from models.services.visits import save_draft


def test_list_verdict_matches_full_course(demo_db: Database) -> None:
    rows = patient_rows(demo_db)
    assert len(rows) == 5
    for row in rows:
        course = patient_course(demo_db, row.summary.id).course
        assert row.last_interval == course.intervals[-1]


def test_patients_with_fewer_than_two_visits_have_no_verdict(db: Database) -> None:
    lone = create_patient(db, PatientDraft("L-1", "Lone", "Visit"), "me")
    save_draft(db, lone, VisitDraft(date(2026, 1, 5)), "me")
    create_patient(db, PatientDraft("N-1", "No", "Visits"), "me")
    two = create_patient(db, PatientDraft("T-1", "Two", "Empty"), "me")
    save_draft(db, two, VisitDraft(date(2026, 1, 5)), "me")
    save_draft(db, two, VisitDraft(date(2026, 1, 12)), "me")
    verdicts = {r.summary.chart_number: r.last_verdict for r in patient_rows(db)}
    assert verdicts["L-1"] is None and verdicts["N-1"] is None
    assert verdicts["T-1"] == "not_assessable"
