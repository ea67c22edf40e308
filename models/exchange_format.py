"""The JSON exchange format (version 1): parsing with located errors, and writing.

Parsing is separate from storing so an import can check the whole file before it writes a
single row: one bad field fails the file, and nothing is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any, TypeVar

from charting.errors import FieldError
from charting.readings import Reading
from models.records import (
    AddendumRecord,
    Complaint,
    Finding,
    Outcome,
    PatientDraft,
    PlanEntry,
    SoapNote,
    VisitDraft,
)

FORMAT, VERSION = "holdfast", 1
T = TypeVar("T")


class ImportFailed(ValueError):
    """The file cannot be imported; `errors` lists every located problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class SignedBy:
    by: str
    at: datetime
    content_hash: str | None = None


@dataclass(frozen=True)
class ImportedVisit:
    draft: VisitDraft
    signed: SignedBy | None
    addenda: tuple[AddendumRecord, ...]


@dataclass(frozen=True)
class ImportedPatient:
    patient: PatientDraft
    archived: bool
    visits: tuple[ImportedVisit, ...]


class _Located:
    """Collects errors prefixed with where they were found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[str] = []

    def attempt(self, where: list[str], build: Callable[[], T]) -> T | None:
        """Run `build`; on a bad value record where it was and return None."""
        try:
            return build()
        except FieldError as error:
            self.errors.append(":".join([self.source, *where, error.field]) + ": " + error.message)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            self.errors.append(":".join([self.source, *where]) + f": {_plain(error)}")
        return None


def _plain(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]}"
    return str(error)


def _date(value: Any, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise FieldError(field, f"must be an ISO date like 2026-03-14 (got {value!r})") from None


def _optional_date(value: Any, field: str) -> date | None:
    return None if value in (None, "") else _date(value, field)


def _patient(data: dict[str, Any]) -> PatientDraft:
    known = set(PatientDraft.__dataclass_fields__) - {"date_of_birth"}
    return PatientDraft(
        **{k: v for k, v in data.items() if k in known},
        date_of_birth=_optional_date(data.get("date_of_birth"), "date_of_birth"),
    )


def _visit(data: dict[str, Any]) -> ImportedVisit:
    hypothesis = data.get("hypothesis") or {}
    note = data.get("note") or {}
    draft = VisitDraft(
        visit_date=_date(data.get("date"), "date"),
        kind=data.get("kind", "follow_up"),
        note=SoapNote(**{k: str(v) for k, v in note.items()}),
        complaints=tuple(Complaint(**c) for c in data.get("complaints", [])),
        readings=tuple(Reading(**r) for r in data.get("readings", [])),
        findings=tuple(Finding(**f) for f in hypothesis.get("findings", [])),
        reasoning=hypothesis.get("reasoning", ""),
        plan=tuple(PlanEntry(**p) for p in data.get("plan", [])),
        no_plan_reason=data.get("no_plan_reason", ""),
        outcomes=tuple(
            Outcome(o["measure"], float(o["score"]), o.get("label", ""), tuple(o.get("items", ())))
            for o in data.get("outcomes", [])
        ),
        correction=data.get("correction", ""),
        running_km_per_week=data.get("running_km_per_week"),
        adherence_pct=data.get("adherence_pct"),
        next_visit_date=_optional_date(data.get("next_visit_date"), "next_visit_date"),
        carried_over=bool(data.get("carried_over", False)),
    )
    signed = data.get("signed") or None
    if signed is True:
        signed = {"by": "imported", "at": datetime.now().isoformat()}
    signed_by = None
    if signed:
        signed_by = SignedBy(signed["by"], datetime.fromisoformat(signed["at"]), signed.get("hash"))
    addenda = tuple(
        AddendumRecord(a["text"], a["reason"], a["author"], datetime.fromisoformat(a["at"]))
        for a in data.get("addenda", [])
    )
    if addenda and not signed_by:
        raise FieldError("addenda", "only a signed visit can have addenda")
    return ImportedVisit(draft, signed_by, addenda)


def parse_document(document: Any, source: str) -> list[ImportedPatient]:
    """Every patient of a document, or ImportFailed listing each located error."""
    located = _Located(source)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFailed([f"{source}: not a Holdfast exchange file (format must be 'holdfast')"])
    if document.get("version") != VERSION:
        raise ImportFailed([f"{source}: version must be {VERSION} (got {document.get('version')})"])
    patients: list[ImportedPatient] = []
    for index, data in enumerate(document.get("patients", []), start=1):
        if not isinstance(data, dict):
            located.errors.append(f"{source}:patient#{index}: must be an object")
            continue
        label = str(data.get("chart_number") or f"patient#{index}")
        patient = located.attempt([label], partial(_patient, data))
        visits = []
        for number, visit in enumerate(data.get("visits", []), start=1):
            where = [
                label,
                str(visit.get("date") if isinstance(visit, dict) else f"visit#{number}"),
            ]
            parsed = located.attempt(where, partial(_visit, visit))
            if parsed:
                visits.append(parsed)
        if patient:
            patients.append(ImportedPatient(patient, bool(data.get("archived")), tuple(visits)))
    if located.errors:
        raise ImportFailed(located.errors)
    return patients


def read_document(content: bytes, source: str) -> Any:
    """Temporary: the old reading."""
    import json

    return json.loads(content)
