"""Import and export of the JSON exchange format. An import is all-or-nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path as FilePath
from typing import Any

from sqlalchemy import select

from charting.errors import quoted
from charting.readings import Reading
from models import audit
from models.chart_numbers import fold_case, taken_message
from models.database import Database
from models.exchange_format import (
    FORMAT,
    VERSION,
    ImportedVisit,
    ImportFailed,
    line,
    parse_document,
    read_document,
)
from models.exchange_schema import Path
from models.legacy_hash import matches_legacy
from models.mapping import READING_FIELDS, fill_visit, patient_draft, visit_record
from models.orm import Patient, Visit
from models.records import Complaint, VisitRecord
from models.services.visits import content_hash, exercise_ids, mark_signed, write_addendum

HASH_MISMATCH = (
    "does not match the signed visit's content (the visit was changed after signing, or "
    "the file was edited): export it again from the original database"
)


def _reading(reading: Reading) -> dict[str, Any]:
    values = {name: getattr(reading, name) for name in READING_FIELDS}
    values["phase"], values["device"] = str(reading.phase), str(reading.device)
    return {k: v for k, v in values.items() if v is not None}


def _complaint(complaint: Complaint) -> dict[str, Any]:
    """A complaint; `carried_over` only when set, so files that never carry one over read
    (and round-trip) as they did before the field existed."""
    values = dict(vars(complaint))
    if not complaint.carried_over:
        del values["carried_over"]
    return values


def _visit(visit: VisitRecord) -> dict[str, Any]:
    d = visit.draft
    return {
        "date": d.visit_date.isoformat(),
        "kind": d.kind,
        "complaints": [_complaint(c) for c in d.complaints],
        "running_km_per_week": d.running_km_per_week,
        "adherence_pct": d.adherence_pct,
        "readings": [_reading(r) for r in d.readings],
        "hypothesis": {"findings": [vars(f) for f in d.findings], "reasoning": d.reasoning},
        "plan": [vars(p) for p in d.plan],
        "no_plan_reason": d.no_plan_reason,
        "outcomes": [
            {"measure": o.measure, "score": o.score, "label": o.label, "items": list(o.items)}
            for o in d.outcomes
        ],
        "note": vars(d.note),
        "correction": d.correction,
        "next_visit_date": d.next_visit_date.isoformat() if d.next_visit_date else None,
        "carried_over": d.carried_over,
        "signed": (
            {"by": visit.signed_by, "at": visit.signed_at.isoformat(), "hash": visit.content_hash}
            if visit.signed and visit.signed_at
            else False
        ),
        "addenda": [
            {"text": a.text, "reason": a.reason, "author": a.author, "at": a.created_at.isoformat()}
            for a in visit.addenda
        ],
    }


def export_document(
    db: Database, include_archived: bool = True, chart_numbers: list[str] | None = None
) -> dict[str, Any]:
    """Every patient (or those with these chart numbers) with every visit, in the exchange
    format."""
    patients = []
    with db.session() as session:
        query = select(Patient).order_by(Patient.chart_number)
        if not include_archived:
            query = query.where(Patient.archived.is_(False))
        if chart_numbers is not None:
            query = query.where(Patient.chart_number.in_(chart_numbers))
        for row in session.scalars(query):
            draft = patient_draft(row)
            data: dict[str, Any] = {
                **vars(draft),
                "date_of_birth": draft.date_of_birth.isoformat() if draft.date_of_birth else None,
                "archived": row.archived,
                "visits": [_visit(visit_record(v)) for v in row.visits],
            }
            patients.append(data)
    return {"format": FORMAT, "version": VERSION, "patients": patients}


def import_document(db: Database, document: Any, source: str, actor: str) -> int:
    """Import every patient of a document in one transaction; returns the number of patients.

    The whole file is checked first; any error raises ImportFailed and nothing is written.
    """
    patients = parse_document(document, source)
    now = datetime.now()
    with db.session() as session:
        ids = exercise_ids(session)
        # Folded as the unique index folds (ASCII letters only), so the checks agree with it.
        taken = {fold_case(c): c for c in session.scalars(select(Patient.chart_number))}
        errors = []
        seen: dict[str, str] = {}
        for index, imported in enumerate(patients):
            at: Path = ("patients", index)
            chart = imported.patient.chart_number
            if (stored := taken.get(fold_case(chart))) is not None:
                errors.append(line(source, (*at, "chart_number"), taken_message(chart, stored)))
            elif (earlier := seen.get(fold_case(chart))) is not None:
                also = "" if earlier == chart else f" (as {earlier})"
                message = f"{chart} is used twice in this file{also}"
                errors.append(line(source, (*at, "chart_number"), message))
            seen.setdefault(fold_case(chart), chart)
            for number, visit in enumerate(imported.visits):
                if not _signature_verifies(visit):
                    where = (*at, "visits", number, "signed", "hash")
                    errors.append(line(source, where, HASH_MISMATCH))
                for position, entry in enumerate(visit.draft.plan):
                    if entry.exercise not in ids:
                        where = (*at, "visits", number, "plan", position, "exercise")
                        message = f"unknown exercise {quoted(entry.exercise)}"
                        errors.append(line(source, where, message))
        if errors:
            raise ImportFailed(errors)
        for imported in patients:
            patient = Patient(
                **vars(imported.patient), archived=imported.archived, created_at=now, updated_at=now
            )
            session.add(patient)
            session.flush()
            audit.record(
                session, actor, "import", "patient", patient.id, after=imported.patient,
                patient_id=patient.id,
            )  # fmt: skip
            for visit in imported.visits:
                row = Visit(patient_id=patient.id, status="draft", created_at=now, updated_at=now)
                fill_visit(row, visit.draft, ids)
                session.add(row)
                session.flush()
                audit.record(
                    session, actor, "import", "visit", row.id, after=visit.draft,
                    patient_id=patient.id,
                )  # fmt: skip
                if visit.signed:  # always the hash recomputed here, never the file's
                    by, when = visit.signed.by, visit.signed.at
                    hash_ = content_hash(visit.draft, by, when)
                    mark_signed(session, row, actor, by, when, hash_, imported_at=now)
                for addendum in visit.addenda:
                    write_addendum(session, row, actor, addendum, "import_addendum")
        return len(patients)


def _signature_verifies(visit: ImportedVisit) -> bool:
    """A signed visit's hash in the file is its content's (canonical, or the form exports
    wrote before schema 0007); a file without a hash has nothing to contradict."""
    if visit.signed is None or visit.signed.content_hash is None:
        return True
    given = visit.signed.content_hash
    computed = content_hash(visit.draft, visit.signed.by, visit.signed.at)
    return given == computed or matches_legacy(visit.draft, given)


def import_file(db: Database, file: FilePath, actor: str) -> int:
    """Import an exchange file (see `import_document`); a file that is not strict JSON
    raises ImportFailed too, and one that cannot be read raises OSError."""
    return import_document(db, read_document(file.read_bytes(), file.name), file.name, actor)
