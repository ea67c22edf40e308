"""One entry point for every document: the command line and the GUI preview both call it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from models.database import Database
from models.services.chain import chain_head
from reports import data

if TYPE_CHECKING:  # reportlab loads only when a document is made
    from models.services.photo_pairs import PairChoice, PhotoPair
    from reports.page import Document

KINDS = ("handout", "visit", "progress")
TITLES = {"handout": "Handout", "visit": "Visit summary", "progress": "Progress report"}
# The documents that can carry before/after photos: the handout the visit's own pairs, the
# progress report the first photo of each view against the latest. Off unless asked for.
PHOTO_KINDS = ("handout", "progress")


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"report kind must be one of {', '.join(KINDS)} (got {kind!r})")
    return kind


def report_pdf(
    db: Database, kind: str, patient_id: int, visit_id: int | None = None, photos: bool = False
) -> bytes:
    """The PDF of one document; `visit_id` None means the latest visit (ignored for progress);
    `photos` adds the before/after photos to a handout or progress report.

    Reads the database through the services (one short session each) and touches no widget,
    so it can run on a worker thread.
    """
    from reports.page import render

    return render(*report_document(db, kind, patient_id, visit_id, photos))


def report_document(
    db: Database, kind: str, patient_id: int, visit_id: int | None = None, photos: bool = False
) -> Document:
    """One document before layout, as `report_pdf` prints it, with the audit chain head in
    its footer."""
    check_kind(kind)
    file = data.read_patient_file(db, patient_id)
    choices = _photo_choices(db, file, kind, visit_id, patient_id) if photos else []
    return _with_chain_head(db, _document(file, kind, visit_id, _loaded(db, choices)))


def _with_chain_head(db: Database, document: Document) -> Document:
    return document._replace(setup=replace(document.setup, chain_head=str(chain_head(db))))


def _photo_choices(
    db: Database, file: data.PatientFile, kind: str, visit_id: int | None, patient_id: int
) -> list[PairChoice]:
    """The photo pairs a document of `kind` can print (descriptions only: nothing decoded)."""
    from models.services.photo_pairs import Comparison, pair_choices

    if kind not in PHOTO_KINDS or not file.visits:
        return []
    if kind == "handout":
        visit = data.pick_visit(list(file.visits), visit_id)
        return pair_choices(db, patient_id, Comparison.THIS_VISIT, visit.id)
    return pair_choices(db, patient_id, Comparison.FIRST_LAST)


def _loaded(db: Database, choices: list[PairChoice]) -> tuple[PhotoPair, ...]:
    from models.services.photo_pairs import load_pair

    return tuple(load_pair(db, choice) for choice in choices)


def _document(
    file: data.PatientFile, kind: str, visit_id: int | None, pairs: tuple[PhotoPair, ...] = ()
) -> Document:
    from reports.handout import handout_document

    paper = file.settings.paper_size
    if check_kind(kind) == "handout":
        return handout_document(data.handout_of(file, visit_id, pairs), paper)
    if kind == "visit":
        from reports.visit_summary import visit_summary_document

        return visit_summary_document(data.visit_summary_of(file, visit_id), paper)
    from reports.progress import progress_document

    return progress_document(data.progress_of(file, pairs), paper)


@dataclass(frozen=True)
class Report:
    """A finished document: its bytes, a window title and a file name to suggest."""

    pdf: bytes
    title: str
    filename: str
    photos: bool = False  # the document shows before/after photos
    photos_available: bool = False  # the patient has photos this kind of document can show


def make_report(
    db: Database, kind: str, patient_id: int, visit_id: int | None = None, photos: bool = False
) -> Report:
    """`report_pdf` plus what the preview shows and suggests: 'R-001 handout 2026-04-20.pdf'.
    The patient's visits are read once, for the document and its title alike."""
    from reports.page import render

    check_kind(kind)
    file = data.read_patient_file(db, patient_id)
    choices = _photo_choices(db, file, kind, visit_id, patient_id)
    pairs = _loaded(db, choices) if photos else ()
    pdf = render(*_with_chain_head(db, _document(file, kind, visit_id, pairs)))
    patient = file.patient
    chosen = data.pick_visit(list(file.visits), None if kind == "progress" else visit_id)
    day = chosen.draft.visit_date.isoformat()
    title = f"{TITLES[kind]}: {patient.first_name} {patient.last_name}, {day}"
    filename = f"{patient.chart_number} {kind} {day}.pdf"
    return Report(pdf, title, filename, bool(pairs), bool(choices))
