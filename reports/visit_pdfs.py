"""The visit summary PDFs a FHIR export attaches to signed notes (models/fhir_export.py takes
them as a function, since `models` may not import `reports`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from models.database import Database
from models.records import VisitRecord
from models.services.patients import patient_id_for_chart
from models.services.visits import list_visits
from reports.generate import report_pdf


def visit_pdf_maker(db: Database) -> Callable[[str, Mapping[str, Any]], bytes | None]:
    """`visit_pdf(chart_number, visit)`: the visit summary of a signed visit given in its
    exchange form, as `holdfast report --kind visit` prints it; None for a draft, or for a
    visit the database does not hold signed as given. An export goes patient by patient, so
    only the current patient's visits are kept at hand."""
    held: dict[str, tuple[int, list[VisitRecord]]] = {}

    def visit_pdf(chart_number: str, visit: Mapping[str, Any]) -> bytes | None:
        signed = visit.get("signed")
        if not signed:
            return None
        if chart_number not in held:
            held.clear()
            patient_id = patient_id_for_chart(db, chart_number)
            held[chart_number] = (patient_id, list_visits(db, patient_id))
        patient_id, visits = held[chart_number]
        at = datetime.fromisoformat(signed["at"])
        for record in visits:
            same = (record.signed_at, record.content_hash) == (at, signed.get("hash"))
            if record.signed and same and record.draft.visit_date.isoformat() == visit["date"]:
                return report_pdf(db, "visit", patient_id, record.id)
        return None

    return visit_pdf
