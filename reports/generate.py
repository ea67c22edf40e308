"""One entry point for every document: the command line and the GUI preview both call it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from models.database import Database
from models.services.chain import chain_head
from models.services.patients import load_patient
from models.services.visits import list_visits
from models.settings import load_settings
from reports import data

if TYPE_CHECKING:  # reportlab loads only when a document is made
    from reports.page import Document

KINDS = ("handout", "visit", "progress")
TITLES = {"handout": "Handout", "visit": "Visit summary", "progress": "Progress report"}


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"report kind must be one of {', '.join(KINDS)} (got {kind!r})")
    return kind


def report_pdf(db: Database, kind: str, patient_id: int, visit_id: int | None = None) -> bytes:
    """The PDF of one document; `visit_id` None means the latest visit (ignored for progress).

    Reads the database through the services (one short session each) and touches no widget,
    so it can run on a worker thread.
    """
    from reports.page import render

    return render(*report_document(db, kind, patient_id, visit_id))


def report_document(
    db: Database, kind: str, patient_id: int, visit_id: int | None = None
) -> Document:
    """One document before layout, as `report_pdf` prints it, with the audit chain head in
    its footer."""
    document = _document(db, kind, patient_id, visit_id)
    setup = replace(document.setup, chain_head=str(chain_head(db)))
    return document._replace(setup=setup)


def _document(db: Database, kind: str, patient_id: int, visit_id: int | None) -> Document:
    from reports.handout import handout_document

    paper = load_settings(db.path).paper_size
    if check_kind(kind) == "handout":
        return handout_document(data.handout_data(db, patient_id, visit_id), paper)
    if kind == "visit":
        from reports.visit_summary import visit_summary_document

        return visit_summary_document(data.visit_summary_data(db, patient_id, visit_id), paper)
    from reports.progress import progress_document

    return progress_document(data.progress_data(db, patient_id), paper)


@dataclass(frozen=True)
class Report:
    """A finished document: its bytes, a window title and a file name to suggest."""

    pdf: bytes
    title: str
    filename: str


def make_report(db: Database, kind: str, patient_id: int, visit_id: int | None = None) -> Report:
    """`report_pdf` plus what the preview shows and suggests: 'R-001 handout 2026-04-20.pdf'."""
    pdf = report_pdf(db, kind, patient_id, visit_id)
    patient = load_patient(db, patient_id).draft
    visits = list_visits(db, patient_id)
    chosen = data.pick_visit(visits, None if kind == "progress" else visit_id)
    day = chosen.draft.visit_date.isoformat()
    title = f"{TITLES[kind]}: {patient.first_name} {patient.last_name}, {day}"
    return Report(pdf, title, f"{patient.chart_number} {kind} {day}.pdf")
