"""Visit services: drafts, signing requirements, addenda, copy forward, audit."""

from datetime import date

import pytest

from charting.readings import Device, Phase, Reading
from models.database import Database
from models.orm import AuditEvent
from models.records import Finding, PatientDraft, PlanEntry, VisitDraft
from models.services.patients import create_patient
from models.services.visits import (
    NotReadyToSign,
    VisitLocked,
    add_addendum,
    copy_forward,
    delete_draft,
    load_visit,
    save_draft,
    sign_visit,
)

pytestmark = pytest.mark.both_engines  # the services on SQLite and on a clinic server

PRE = Reading(Phase.PRE, Device.PALM, "AB", 16, 8, 6, 0)
POST = Reading(Phase.POST, Device.PALM, "AB", 12, 11, 1, 0)


def test_sign_names_what_is_missing(db: Database) -> None:
    patient = create_patient(db, PatientDraft("C-1", "Ana", "Silva"), "me")
    visit = save_draft(db, patient, VisitDraft(date(2026, 3, 2)), "me")
    with pytest.raises(NotReadyToSign) as refused:
        sign_visit(db, visit, "Dr Who")
    assert refused.value.missing == [
        "a pre-correction reading",
        "a hypothesis (findings or reasoning)",
        "an exercise plan or the reason for none",
    ]
    with pytest.raises(ValueError, match="Preferences"):
        sign_visit(db, visit, " ")


def test_sign_lock_addendum_and_copy_forward(db: Database) -> None:
    patient = create_patient(db, PatientDraft("C-1", "Ana", "Silva"), "me")
    draft = VisitDraft(
        date(2026, 3, 2),
        "initial",
        readings=(PRE, POST),
        reasoning="Short left hip flexors",
        findings=(Finding("iliopsoas", "left", "short_overactive"),),
        plan=(PlanEntry("half_kneeling_hip_flexor_stretch", 2, 7, hold_s=30, side="left"),),
    )
    visit = save_draft(db, patient, draft, "me")
    record = sign_visit(db, visit, "Dr Who, DC")
    assert record.signed and record.content_hash and record.signed_by == "Dr Who, DC"
    with pytest.raises(VisitLocked):
        save_draft(db, patient, draft, "me", visit_id=visit)
    with pytest.raises(VisitLocked):
        delete_draft(db, visit, "me")
    with pytest.raises(ValueError, match="reason"):
        add_addendum(db, visit, "Forgot to note the knee.", "", "Dr Who")
    add_addendum(db, visit, "Forgot to note the knee.", "Omission", "Dr Who")
    stored = load_visit(db, visit)
    assert stored.draft == draft
    assert [(a.text, a.reason) for a in stored.addenda] == [
        ("Forgot to note the knee.", "Omission")
    ]
    carried = copy_forward(db, patient, date(2026, 3, 9))
    assert carried.readings == () and carried.carried_over
    assert carried.findings == draft.findings and carried.plan == draft.plan
    assert carried.kind == "follow_up"


def test_draft_updates_are_audited_with_before_and_after(db: Database) -> None:
    patient = create_patient(db, PatientDraft("C-1", "Ana", "Silva"), "me")
    visit = save_draft(db, patient, VisitDraft(date(2026, 3, 2), reasoning="first"), "me")
    save_draft(db, patient, VisitDraft(date(2026, 3, 2), reasoning="second"), "me", visit)
    save_draft(db, patient, VisitDraft(date(2026, 3, 2), reasoning="second"), "me", visit)
    with db.session() as session:
        events = session.query(AuditEvent).filter_by(entity="visit").all()
    assert [e.action for e in events] == ["create", "update"]  # an unchanged save is no event
    assert '"reasoning": "first"' in events[1].before
    assert '"reasoning": "second"' in events[1].after
    delete_draft(db, visit, "me")
    with pytest.raises(LookupError):
        load_visit(db, visit)
