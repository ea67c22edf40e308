"""The JSON exchange format (version 1): the whole document checked against its schema
(models/exchange_v1.py), then records built from it, every problem located.

Parsing is separate from storing so an import can check the whole file before it writes a
single row: one bad field fails the file, and nothing is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from types import MappingProxyType
from typing import Any, TypeVar

from charting.errors import FieldError
from charting.readings import Reading
from models.exchange_photos import ImportedPhoto, photos_of
from models.exchange_read import ImportFailed, line, read_document
from models.exchange_schema import Obj, Path, Problem
from models.exchange_v1 import (
    COMPLAINT,
    DOCUMENT,
    FINDING,
    FORMAT,
    NOTE,
    OUTCOME,
    PATIENT,
    PLAN_ENTRY,
    READING,
    VERSION,
    VERSION_1,
    VISIT,
    VISIT_KEYS_OF_FIELDS,
)
from models.records import (
    AddendumRecord,
    Complaint,
    Finding,
    Outcome,
    PatientDraft,
    PlanEntry,
    SoapNote,
    VisitDraft,
    visit_date_problem,
)

__all__ = ["FORMAT", "VERSION", "ImportFailed", "line", "parse_document", "read_document"]
T = TypeVar("T")


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
    photos: tuple[ImportedPhoto, ...] = ()

    @property
    def photo_bytes(self) -> int:
        return sum(photo.stored_bytes for photo in self.photos)


@dataclass(frozen=True)
class ImportedPatient:
    patient: PatientDraft
    archived: bool
    visits: tuple[ImportedVisit, ...]


# -- building records from a checked document ---------------------------------------------


NONE: Mapping[str, Path] = MappingProxyType({})


class Located:
    """Builds records, collecting each FieldError with the path of the value it is about."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def build(
        self, path: Path, spec: Obj, make: Callable[[], T], renamed: Mapping[str, Path] = NONE
    ) -> T | None:
        """`make()`, or None with its problem recorded at the key the problem names."""
        try:
            return make()
        except FieldError as error:
            self.problems.append(
                Problem(_key_path(path, spec, error.field, renamed), error.message)
            )
            return None

    def each(
        self, values: list[Any], path: Path, spec: Obj, make: Callable[[Any], T]
    ) -> list[T] | None:
        """A record made of every item of a list, or None if any could not be."""
        built = [
            self.build((*path, index), spec, partial(make, value))
            for index, value in enumerate(values)
        ]
        return None if None in built else [item for item in built if item is not None]


def _key_path(path: Path, spec: Obj, field: str, renamed: Mapping[str, Path]) -> Path:
    """Where a record's field is in the file: its key, the key of a field the record names
    otherwise (`visit_date` is `date`), the last word of a field named in words ('lefs
    score' is `score`), or else the object itself ('record at least one of tilt...')."""
    if field in renamed:
        return (*path, *renamed[field])
    for name in (field, field.rsplit(" ", 1)[-1]):
        if name in spec.keys:
            return (*path, name)
    return path


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def patient_of(located: Located, data: dict[str, Any], at: Path) -> ImportedPatient | None:
    """The records of one patient of a document of the right shape, or None with each
    problem of its values recorded in `located`."""
    fields = {k: v for k, v in data.items() if k not in ("date_of_birth", "archived", "visits")}
    born = _day(data.get("date_of_birth"))
    draft = located.build(at, PATIENT, lambda: PatientDraft(**fields, date_of_birth=born))
    visits = [_visit(located, v, (*at, "visits", j)) for j, v in enumerate(data.get("visits", []))]
    if draft is None or None in visits:
        return None
    return ImportedPatient(draft, data.get("archived", False), tuple(v for v in visits if v))


def _outcome(data: dict[str, Any]) -> Outcome:
    items = tuple(data.get("items", ()))
    return Outcome(data["measure"], data["score"], data.get("label", ""), items)


def _parts(located: Located, data: dict[str, Any], at: Path) -> dict[str, Any] | None:
    """The visit's records (complaints, readings, ...), each item checked where it is."""
    findings = data.get("hypothesis", {}).get("findings", [])
    listed: dict[str, list[Any] | None] = {
        "complaints": located.each(
            data.get("complaints", []), (*at, "complaints"), COMPLAINT, lambda c: Complaint(**c)
        ),
        "readings": located.each(
            data.get("readings", []), (*at, "readings"), READING, lambda r: Reading(**r)
        ),
        "findings": located.each(
            findings, (*at, "hypothesis", "findings"), FINDING, lambda f: Finding(**f)
        ),
        "plan": located.each(
            data.get("plan", []), (*at, "plan"), PLAN_ENTRY, lambda p: PlanEntry(**p)
        ),
        "outcomes": located.each(data.get("outcomes", []), (*at, "outcomes"), OUTCOME, _outcome),
    }
    note = located.build((*at, "note"), NOTE, lambda: SoapNote(**data.get("note", {})))
    if note is None or any(part is None for part in listed.values()):
        return None
    return {"note": note, **{name: tuple(part or ()) for name, part in listed.items()}}


def _draft(data: dict[str, Any], parts: dict[str, Any]) -> VisitDraft:
    return VisitDraft(
        visit_date=date.fromisoformat(data["date"]),
        kind=data.get("kind", "follow_up"),
        reasoning=data.get("hypothesis", {}).get("reasoning", ""),
        no_plan_reason=data.get("no_plan_reason", ""),
        correction=data.get("correction", ""),
        running_km_per_week=data.get("running_km_per_week"),
        adherence_pct=data.get("adherence_pct"),
        next_visit_date=_day(data.get("next_visit_date")),
        carried_over=data.get("carried_over", False),
        **parts,
    )


def _visit(located: Located, data: dict[str, Any], at: Path) -> ImportedVisit | None:
    parts = _parts(located, data, at)
    if parts is None:
        return None
    draft = located.build(at, VISIT, lambda: _draft(data, parts), VISIT_KEYS_OF_FIELDS)
    if draft is None:
        return None
    if (late := visit_date_problem(draft.visit_date)) is not None:
        located.problems.append(Problem((*at, "date"), late.message))
        return None
    signed = data.get("signed") or None
    by = None
    if signed is not None:
        by = SignedBy(signed["by"], datetime.fromisoformat(signed["at"]), signed.get("hash"))
    addenda = tuple(
        AddendumRecord(a["text"], a["reason"], a["author"], datetime.fromisoformat(a["at"]))
        for a in data.get("addenda", [])
    )
    if addenda and by is None:
        located.problems.append(Problem((*at, "addenda"), "only a signed visit can have addenda"))
        return None
    problems: list[Problem] = []
    photos = photos_of(data.get("photos", []), (*at, "photos"), problems)
    if problems:
        located.problems.extend(problems)
        return None
    return ImportedVisit(draft, by, addenda, photos)


def parse_document(document: Any, source: str) -> list[ImportedPatient]:
    """Every patient of a document, or ImportFailed listing each located problem: first
    the whole document's shape against the schema, then every value against its record."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        message = "not a Holdfast exchange file (format must be 'holdfast')"
        raise ImportFailed([line(source, (), message)])
    version = list(VERSION_1.problems(document.get("version"), ("version",)))
    if version:  # another version's fields would only be reported as wrong
        raise ImportFailed([line(source, p.path, p.message) for p in version])
    problems = list(DOCUMENT.problems(document, ()))
    if problems:
        raise ImportFailed([line(source, p.path, p.message) for p in problems])
    located = Located()
    patients = [
        patient_of(located, data, ("patients", index))
        for index, data in enumerate(document["patients"])
    ]
    if located.problems:
        raise ImportFailed([line(source, p.path, p.message) for p in located.problems])
    return [patient for patient in patients if patient is not None]
