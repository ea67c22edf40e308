"""`holdfast report CHART_NUMBER --kind handout|visit|progress [--visit DATE] -o FILE.pdf`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from models.database import Database
from models.private_files import private_folder, write_private_whole
from models.services.patients import patient_id_for_chart
from models.services.visits import list_visits
from reports.generate import PHOTO_KINDS, check_kind, report_pdf


def visit_on(db: Database, patient_id: int, chart_number: str, visit_date: str) -> int:
    """The id of the patient's visit on an ISO date (the last one that day)."""
    try:
        wanted = date.fromisoformat(visit_date)
    except ValueError:
        raise ValueError(f"visit date must look like 2026-03-09 (got {visit_date!r})") from None
    visits = list_visits(db, patient_id)
    matching = [v for v in visits if v.draft.visit_date == wanted]
    if not matching:
        known = ", ".join(v.draft.visit_date.isoformat() for v in visits) or "none yet"
        raise LookupError(f"no visit on {wanted.isoformat()} for {chart_number}; visits: {known}")
    return matching[-1].id


def write_report(
    db: Database, chart_number: str, kind: str, visit_date: str | None, output: Path,
    photos: bool = False,
) -> Path:  # fmt: skip
    """Write one document for a patient to `output` and return the path written; `photos`
    adds the before/after photos to a handout or progress report."""
    check_kind(kind)
    if photos and kind not in PHOTO_KINDS:
        raise ValueError(f"--photos: only a {' or '.join(PHOTO_KINDS)} prints photos")
    patient_id = patient_id_for_chart(db, chart_number)
    visit_id = None if visit_date is None else visit_on(db, patient_id, chart_number, visit_date)
    pdf = report_pdf(db, kind, patient_id, visit_id, photos)
    output = Path(output)
    private_folder(output.parent)
    write_private_whole(output, pdf)  # never a half-written PDF under the real name
    return output
