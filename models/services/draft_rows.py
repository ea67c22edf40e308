"""Overwriting a stored draft with plain SQL: the editor's autosave (issue 11).

An autosave runs every few seconds of typing, and each one is a commit with
synchronous=FULL. Through the ORM it cost several times that commit: a query and an object
per relationship to read the draft as it was, and every complaint and finding row deleted
and inserted again (each firing the full-text triggers) even when only a note changed.
Here the stored draft is read with one query per table, only the visit columns that
changed are updated, and only the lists of parts that changed are replaced. The audit
event (before and after) and the database's own checks are the same as ever.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import NoResultFound

from charting.readings import Reading
from models.dialects import DriverCursor
from models.exchange_write import CHILD_COLUMNS, insert_statement, part_rows
from models.mapping import READING_FIELDS
from models.records import Complaint, Finding, Outcome, PlanEntry, SoapNote, VisitDraft
from models.visit_rows import day

STORED = """SELECT patient_id, status, version, visit_date, kind, subjective, objective, assessment,
    plan_text, hypothesis_reasoning, no_plan_reason, correction, running_km_per_week,
    adherence_pct, next_visit_date, carried_over FROM visit WHERE id = :visit"""
ITS = "WHERE visit_id = :visit ORDER BY id"
PARTS = {
    "complaints": f"SELECT region, side, pain, carried_over FROM complaint {ITS}",
    "readings": f"SELECT {', '.join(READING_FIELDS)} FROM reading {ITS}",
    "findings": f"SELECT muscle, side, state, evidence FROM muscle_finding {ITS}",
    "plan": "SELECT e.slug, p.sets, p.per_week, p.reps, p.hold_s, p.side, p.notes"
    " FROM plan_item p JOIN exercise e ON e.id = p.exercise_id"
    " WHERE p.visit_id = :visit ORDER BY p.position, p.id",
    "outcomes": f"SELECT measure, score, label, items FROM outcome_score {ITS}",
}  # fmt: skip
# A draft's list of parts and the table that holds it.
PART_TABLES = {
    "complaints": "complaint", "readings": "reading", "findings": "muscle_finding",
    "plan": "plan_item", "outcomes": "outcome_score",
}  # fmt: skip


class DraftConflict(RuntimeError):
    """Someone else saved this draft since it was opened here: this save would overwrite
    their work, so nothing was written (the typing here is kept in the recovery file)."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else saved this visit while you were editing it, so your changes were "
            "not saved over theirs. Your typing is kept: copy what you need, then open the "
            "visit again to see their version."
        )


@dataclass(frozen=True)
class StoredDraft:
    """A draft as stored: whose, its status and version, and its content."""

    patient_id: int
    status: str
    version: int
    draft: VisitDraft


def stored_draft(connection: Connection, visit_id: int) -> StoredDraft:
    """The visit's patient id, status, version and content (as `models.mapping.visit_draft`
    builds it from the ORM row); NoResultFound if there is no such visit."""
    row = connection.execute(text(STORED), {"visit": visit_id}).first()
    if row is None:
        raise NoResultFound(f"no visit with id {visit_id}")
    parts = {
        name: connection.execute(text(query), {"visit": visit_id}).all()
        for name, query in PARTS.items()
    }
    draft = VisitDraft(
        visit_date=day(row.visit_date) or date.min, kind=row.kind,  # never null
        note=SoapNote(row.subjective, row.objective, row.assessment, row.plan_text),
        complaints=tuple(
            Complaint(c.region, c.side, c.pain, bool(c.carried_over)) for c in parts["complaints"]
        ),
        readings=tuple(Reading(**r._asdict()) for r in parts["readings"]),
        findings=tuple(Finding(*f) for f in parts["findings"]),
        reasoning=row.hypothesis_reasoning,
        plan=tuple(PlanEntry(*p) for p in parts["plan"]),
        no_plan_reason=row.no_plan_reason,
        outcomes=tuple(
            Outcome(o.measure, o.score, o.label, tuple(json.loads(o.items or "[]")))
            for o in parts["outcomes"]
        ),
        correction=row.correction, running_km_per_week=row.running_km_per_week,
        adherence_pct=row.adherence_pct,
        next_visit_date=day(row.next_visit_date),
        carried_over=bool(row.carried_over),
    )  # fmt: skip
    return StoredDraft(int(row.patient_id), str(row.status), int(row.version), draft)


def _columns(draft: VisitDraft) -> dict[str, Any]:
    """A draft's visit columns as the ORM stores them (dates as ISO text)."""
    d = draft
    return {
        "visit_date": d.visit_date.isoformat(), "kind": d.kind,
        "subjective": d.note.subjective, "objective": d.note.objective,
        "assessment": d.note.assessment, "plan_text": d.note.plan,
        "hypothesis_reasoning": d.reasoning, "no_plan_reason": d.no_plan_reason,
        "correction": d.correction, "carried_over": d.carried_over,
        "running_km_per_week": d.running_km_per_week, "adherence_pct": d.adherence_pct,
        "next_visit_date": d.next_visit_date.isoformat() if d.next_visit_date else None,
    }  # fmt: skip


def overwrite_draft(
    connection: Connection, visit_id: int, stored: StoredDraft, draft: VisitDraft,
    exercise_ids: dict[str, int], now: datetime,
) -> int | None:  # fmt: skip
    """Write what differs between the stored draft and `draft` into the draft visit, and
    count its version up; returns the new version, or None (nothing written) when another
    save or a signature changed the version since `stored` was read (two practitioners on
    one clinic server)."""
    before = stored.draft
    old, new = _columns(before), _columns(draft)
    changed = {name: value for name, value in new.items() if old[name] != value}
    changed["updated_at"] = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    assignments = ", ".join(f"{name} = :{name}" for name in changed)
    written = connection.execute(
        text(
            f"UPDATE visit SET {assignments}, version = version + 1"
            " WHERE id = :visit AND version = :version"
        ),
        {**changed, "visit": visit_id, "version": stored.version},
    )
    if written.rowcount != 1:
        return None
    rows = part_rows(visit_id, draft, exercise_ids)
    cursor = DriverCursor(connection)
    for name, table in PART_TABLES.items():
        if getattr(before, name) == getattr(draft, name):
            continue
        cursor.execute(f"DELETE FROM {table} WHERE visit_id = ?", (visit_id,))
        cursor.executemany(insert_statement(table, CHILD_COLUMNS[table]), rows[table])
    return stored.version + 1


def status_now(connection: Connection, visit_id: int) -> str | None:
    """The visit's status now, read again after a save found it changed (None: the draft
    was discarded meanwhile)."""
    status = connection.execute(text("SELECT status FROM visit WHERE id = :v"), {"v": visit_id})
    return status.scalar()
