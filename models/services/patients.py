"""Patients: create, edit, archive, search and list with what the list view shows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true

from charting.errors import check_text, quoted
from models import audit
from models.chart_numbers import refuse_taken, same_chart, write_unless_taken_meanwhile
from models.database import Database
from models.mapping import patient_draft
from models.orm import Patient, Visit
from models.records import PatientDraft, PatientRecord, age_in_years
from models.services.search import (
    VisitMatch,
    among,
    excerpts,
    latest_matches,
    match_expression,
    search_words,
)


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
    found_in: VisitMatch | None = None  # found by the text of this visit, not by name

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    def age(self, today: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_in_years(self.date_of_birth, today or date.today())


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


def _matches_patient(word: str) -> ColumnElement[bool]:
    """A typed word found in the name, the chart number or the date of birth; `%` and `_`
    are characters like any other, not LIKE's wildcards ("R_1" must not find "R-1")."""
    full_name = Patient.first_name + " " + Patient.last_name
    return or_(
        full_name.icontains(word, autoescape=True),
        Patient.chart_number.icontains(word, autoescape=True),
        func.strftime("%Y-%m-%d", Patient.date_of_birth).contains(word, autoescape=True),
        func.strftime("%d.%m.%Y", Patient.date_of_birth).contains(word, autoescape=True),
    )


@dataclass(frozen=True)
class PatientPage:
    """The first patients a search finds, in list order, and how many it finds in all."""

    summaries: list[PatientSummary]
    total: int


def search_patients(
    db: Database, text: str = "", include_archived: bool = False
) -> list[PatientSummary]:
    """Every patient a search finds (see `search_page`), in list order."""
    return search_page(db, text, include_archived).summaries


def search_page(
    db: Database, text: str = "", include_archived: bool = False, limit: int | None = None
) -> PatientPage:
    """Patients whose name, chart number or date of birth (ISO, or part of it) holds every
    word typed, and patients with a visit whose text holds every word (`found_in` names
    the latest such visit, for patients the first test did not find); the first `limit`
    by name, so a search that finds thousands costs what the list shows."""
    by_patient = and_(true(), *(_matches_patient(word) for word in search_words(text)))
    expression = match_expression(text)
    found: dict[int, tuple[int, date]] = {}
    words: dict[int, str] = {}
    with db.session() as session:
        if expression is not None:
            found = latest_matches(session, expression)
        matching = select(Patient.id).where(
            or_(by_patient, among(Patient.id, found)) if found else by_patient
        )
        if not include_archived:
            matching = matching.where(Patient.archived.is_(False))
        page = list(session.scalars(matching.order_by(*LIST_ORDER).limit(limit)))
        total = len(page)
        if limit is not None and total == limit:
            total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
        rows = session.execute(_summary_query(by_patient).where(among(Patient.id, page))).all()
        shown = {row[0]: found[row[0]] for row in rows if not row[-1]}  # not found by name
        if expression is not None and shown:
            words = excerpts(session, expression, [visit for visit, _day in shown.values()])
    summaries = []
    for *fields, _by_name in rows:
        summary = PatientSummary(*fields)
        if (visit := shown.get(summary.id)) is not None:
            match = VisitMatch(visit[0], visit[1], words.get(visit[0], ""))
            summary = replace(summary, found_in=match)
        summaries.append(summary)
    return PatientPage(summaries, total)


LIST_ORDER = (Patient.last_name, Patient.first_name, Patient.chart_number)


def _summary_query(by_patient: ColumnElement[bool]) -> Select[tuple[Any, ...]]:
    """What the list shows of each patient, in list order; visit counts are each a seek in
    ix_visit_patient_date, so only the patients shown cost anything."""
    of_patient = Visit.patient_id == Patient.id
    last_visit = select(func.max(Visit.visit_date)).where(of_patient).scalar_subquery()
    visit_count = select(func.count()).where(of_patient).scalar_subquery()
    drafts = select(func.count()).where(of_patient, Visit.status == "draft").scalar_subquery()
    return select(
        Patient.id, Patient.chart_number, Patient.first_name, Patient.last_name,
        Patient.date_of_birth, Patient.archived, last_visit, visit_count, drafts, by_patient,
    ).order_by(*LIST_ORDER)  # fmt: skip
