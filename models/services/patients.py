"""Patients: create, edit, archive, search and list with what the list view shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from charting.errors import FieldError
from models import audit
from models.chart_numbers import taken_message
from models.database import Database
from models.mapping import patient_draft
from models.orm import Patient, Visit
from models.records import PatientDraft, PatientRecord, age_in_years


@dataclass(frozen=True)
class PatientSummary:
    """One row of the patient list."""

    id: int
    chart_number: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    archived: bool
    last_visit: date | None
    visit_count: int
    draft_count: int

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    def age(self, today: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_in_years(self.date_of_birth, today or date.today())


def same_chart(chart_number: str) -> ColumnElement[bool]:
    """The chart number compared as the unique index compares it: ignoring case."""
    return Patient.chart_number.collate("NOCASE") == chart_number.strip()


def _refuse_taken(session: Session, chart_number: str, patient_id: int | None = None) -> None:
    """FieldError if another patient has this chart number, whatever its case."""
    query = select(Patient.chart_number).where(same_chart(chart_number))
    if patient_id is not None:
        query = query.where(Patient.id != patient_id)
    stored = session.scalar(query)
    if stored is not None:
        raise FieldError("chart_number", taken_message(chart_number, stored))


def create_patient(db: Database, draft: PatientDraft, actor: str) -> int:
    """Add a patient; a taken chart number is a FieldError, not a crash."""
    now = datetime.now()
    with db.session() as session:
        _refuse_taken(session, draft.chart_number)
        row = Patient(**vars(draft), created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "patient", row.id, after=draft)
        return row.id


def update_patient(db: Database, patient_id: int, draft: PatientDraft, actor: str) -> None:
    with db.session() as session:
        row = session.get_one(Patient, patient_id)
        before = patient_draft(row)
        if before == draft:
            return
        _refuse_taken(session, draft.chart_number, patient_id)
        for name, value in vars(draft).items():
            setattr(row, name, value)
        row.updated_at = datetime.now()
        audit.record(session, actor, "update", "patient", patient_id, before, draft)


def set_archived(db: Database, patient_id: int, archived: bool, actor: str) -> None:
    """Archive (hide from the list) or restore; patients are never deleted from the GUI."""
    with db.session() as session:
        row = session.get_one(Patient, patient_id)
        if row.archived == archived:
            return
        row.archived = archived
        row.updated_at = datetime.now()
        action = "archive" if archived else "restore"
        audit.record(session, actor, action, "patient", patient_id, not archived, archived)


def get_patient(db: Database, patient_id: int) -> PatientDraft:
    with db.session() as session:
        row = session.get(Patient, patient_id)
        if row is None:
            raise LookupError(f"no patient with id {patient_id}")
        return patient_draft(row)


def load_patient(db: Database, patient_id: int) -> PatientRecord:
    """The patient with their archived state (the chart header and the menus need it)."""
    with db.session() as session:
        row = session.get(Patient, patient_id)
        if row is None:
            raise LookupError(f"no patient with id {patient_id}")
        return PatientRecord(row.id, patient_draft(row), row.archived)


def patient_id_for_chart(db: Database, chart_number: str) -> int:
    """The patient with this chart number, typed in any case."""
    with db.session() as session:
        found = session.scalar(select(Patient.id).where(same_chart(chart_number)))
        if found is None:
            raise LookupError(f"no patient with chart number {chart_number}")
        return found


def search_patients(
    db: Database, text: str = "", include_archived: bool = False
) -> list[PatientSummary]:
    """Patients matching a name, chart number or date of birth (ISO, or part of it)."""
    visits = (
        select(
            Visit.patient_id,
            func.max(Visit.visit_date).label("last_visit"),
            func.count(Visit.id).label("visit_count"),
            func.sum(Visit.status == "draft").label("draft_count"),
        )
        .group_by(Visit.patient_id)
        .subquery()
    )
    query = select(Patient, visits.c.last_visit, visits.c.visit_count, visits.c.draft_count)
    query = query.outerjoin(visits, visits.c.patient_id == Patient.id)
    if not include_archived:
        query = query.where(Patient.archived.is_(False))
    for word in text.split():
        like = f"%{word}%"
        full_name = Patient.first_name + " " + Patient.last_name
        query = query.where(
            or_(
                full_name.ilike(like),
                Patient.chart_number.ilike(like),
                func.strftime("%Y-%m-%d", Patient.date_of_birth).like(like),
                func.strftime("%d.%m.%Y", Patient.date_of_birth).like(like),
            )
        )
    query = query.order_by(Patient.last_name, Patient.first_name, Patient.chart_number)
    with db.session() as session:
        return [
            PatientSummary(
                p.id, p.chart_number, p.first_name, p.last_name, p.date_of_birth, p.archived,
                last, count or 0, int(drafts or 0),
            )
            for p, last, count, drafts in session.execute(query)
        ]  # fmt: skip
