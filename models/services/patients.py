"""Patients: create, edit, archive, search and list with what the list view shows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from charting.errors import check_text, quoted
from models import audit
from models.chart_numbers import refuse_taken, same_chart, write_unless_taken_meanwhile
from models.database import Database
from models.mapping import patient_draft
from models.orm import Patient
from models.records import PatientDraft, PatientRecord

# The list's search lives in its own module; these names are where callers look for them.
from models.services.patient_search import (  # noqa: F401
    LIST_ORDER,
    PatientPage,
    PatientSummary,
    search_page,
    search_patients,
)


def create_patient(db: Database, draft: PatientDraft, actor: str) -> int:
    """Add a patient; a taken chart number is a FieldError, not a crash."""
    now = datetime.now()
    with db.session() as session:
        refuse_taken(session, draft.chart_number)
        row = Patient(**vars(draft), created_at=now, updated_at=now)
        session.add(row)
        write_unless_taken_meanwhile(session, draft.chart_number)
        audit.record(session, actor, "create", "patient", row.id, after=draft, patient_id=row.id)
        return row.id


def update_patient(db: Database, patient_id: int, draft: PatientDraft, actor: str) -> None:
    with db.session() as session:
        row = session.get_one(Patient, patient_id)
        before = patient_draft(row)
        if before == draft:
            return
        refuse_taken(session, draft.chart_number, patient_id)
        for name, value in vars(draft).items():
            setattr(row, name, value)
        row.updated_at = datetime.now()
        write_unless_taken_meanwhile(session, draft.chart_number, patient_id)
        audit.record(
            session, actor, "update", "patient", patient_id, before, draft, patient_id=patient_id
        )


def set_archived(db: Database, patient_id: int, archived: bool, actor: str) -> None:
    """Archive (hide from the list) or restore; patients are never deleted from the GUI."""
    with db.session() as session:
        row = session.get_one(Patient, patient_id)
        if row.archived == archived:
            return
        row.archived = archived
        row.updated_at = datetime.now()
        action = "archive" if archived else "restore"
        audit.record(
            session, actor, action, "patient", patient_id, not archived, archived,
            patient_id=patient_id,
        )  # fmt: skip


def load_patient(db: Database, patient_id: int) -> PatientRecord:
    """The patient: what the form edits (`.draft`), with identity and archived state."""
    with db.session() as session:
        row = session.get(Patient, patient_id)
        if row is None:
            raise LookupError(f"no patient with id {patient_id}")
        return PatientRecord(row.id, patient_draft(row), row.archived)


def patient_id_for_chart(db: Database, chart_number: str) -> int:
    """The patient with this chart number, typed in any case."""
    check_text("chart_number", chart_number)  # argv holds a byte not UTF-8 as a surrogate
    with db.session() as session:
        found = session.scalar(select(Patient.id).where(same_chart(chart_number)))
        if found is None:
            shown = quoted(chart_number, repr_text=False)  # a pasted page, cut short
            raise LookupError(f"no patient with chart number {shown}")
        return found
