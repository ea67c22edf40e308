"""The patient list's quick verdict agrees with the full hold analysis."""

from datetime import date

import pytest

from charting.readings import Reading
from models.database import Database
from models.records import PatientDraft, VisitDraft
from models.services.holds import patient_course
from models.services.overview import patient_rows
from models.services.patients import create_patient
from models.services.visits import save_draft

pytestmark = pytest.mark.both_engines

PRE = Reading("pre", "palm", "me", left_tilt_deg=12, right_tilt_deg=4, rotation_deg=6)
POST = Reading("post", "palm", "me", left_tilt_deg=8, right_tilt_deg=7, rotation_deg=1)


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
    two = create_patient(db, PatientDraft("T-1", "Two", "Unmatched"), "me")
    save_draft(db, two, VisitDraft(date(2026, 1, 5), readings=(PRE,)), "me")  # no post
    save_draft(db, two, VisitDraft(date(2026, 1, 12), readings=(PRE,)), "me")
    empty = create_patient(db, PatientDraft("E-1", "Two", "Empty"), "me")
    save_draft(db, empty, VisitDraft(date(2026, 1, 5)), "me")
    save_draft(db, empty, VisitDraft(date(2026, 1, 12)), "me")  # still in progress
    verdicts = {r.summary.chart_number: r.last_verdict for r in patient_rows(db)}
    assert verdicts["L-1"] is None and verdicts["N-1"] is None
    assert verdicts["T-1"] == "not_assessable"
    assert verdicts["E-1"] is None  # the first interval is not judged yet


def test_a_new_draft_without_a_pre_reading_does_not_hide_the_last_verdict(db: Database) -> None:
    patient = create_patient(db, PatientDraft("D-1", "Dee", "Draft"), "me")
    save_draft(db, patient, VisitDraft(date(2026, 1, 5), readings=(PRE, POST)), "me")
    save_draft(db, patient, VisitDraft(date(2026, 1, 12)), "me")  # abandoned, never measured
    save_draft(db, patient, VisitDraft(date(2026, 1, 19), readings=(PRE, POST)), "me")
    lost = Reading("pre", "palm", "me", left_tilt_deg=14, right_tilt_deg=4, rotation_deg=6)
    save_draft(db, patient, VisitDraft(date(2026, 1, 26), readings=(lost,)), "me")
    (row,) = patient_rows(db)
    assert row.last_verdict == "lost"
    save_draft(db, patient, VisitDraft(date(2026, 2, 2)), "me")  # opened, nothing measured
    assert patient_rows(db)[0].last_interval == row.last_interval
    course = patient_course(db, patient).course
    assert row.last_interval == course.intervals[-1]  # the full analysis says the same
    assert [i.verdict for i in course.intervals[:2]] == ["not_assessable"] * 2  # as before


def test_a_course_ending_in_drafts_not_yet_measured_ends_on_its_last_judged_interval(
    db: Database,
) -> None:
    patient = create_patient(db, PatientDraft("D-2", "Dee", "Draft"), "me")
    save_draft(db, patient, VisitDraft(date(2026, 1, 5), readings=(PRE, POST)), "me")
    lost = Reading("pre", "palm", "me", left_tilt_deg=14, right_tilt_deg=4, rotation_deg=6)
    save_draft(db, patient, VisitDraft(date(2026, 1, 12), readings=(lost, POST)), "me")
    judged = patient_course(db, patient)
    save_draft(db, patient, VisitDraft(date(2026, 1, 19)), "me")  # opened, nothing measured
    save_draft(db, patient, VisitDraft(date(2026, 1, 20), readings=(POST,)), "me")  # no pre yet
    course = patient_course(db, patient)
    assert [v.draft.visit_date.day for v in course.visits] == [5, 12, 19, 20]  # all shown
    assert course.readings == judged.readings and course.course == judged.course
    assert [i.verdict for i in course.course.intervals] == ["lost"]
    (row,) = patient_rows(db)
    assert row.last_interval == course.course.intervals[-1]
    save_draft(db, patient, VisitDraft(date(2026, 1, 26), readings=(PRE,)), "me")  # measured
    measured = patient_course(db, patient).course  # the drafts before it count again
    unmeasured = ["not_assessable"] * 2  # into and out of the empty draft
    assert [i.verdict for i in measured.intervals] == ["lost", *unmeasured, "lost"]
    assert patient_rows(db)[0].last_interval == measured.intervals[-1]
