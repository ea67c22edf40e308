"""A signed visit's content read with plain SQL, naming each column, for schema migrations.

A migration must not read through the ORM: the ORM describes the newest schema, and a later
revision's column would not exist yet when an earlier revision runs. This reads the columns
that exist since schema 0006 (complaint.carried_over) and builds the same `VisitDraft` the
ORM mapping builds (models/mapping.py `visit_draft`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, text

from charting.readings import Reading
from models.records import Complaint, Finding, Outcome, PlanEntry, SoapNote, VisitDraft

VISIT = """SELECT id, visit_date, kind, subjective, objective, assessment, plan_text,
    hypothesis_reasoning, no_plan_reason, correction, running_km_per_week, adherence_pct,
    next_visit_date, carried_over, signed_by, signed_at, content_hash
    FROM visit WHERE status = 'signed' ORDER BY id"""
ITS_ROWS = "WHERE visit_id = :visit ORDER BY id"
READING = f"""SELECT phase, device, rater, position, left_tilt_deg, right_tilt_deg,
    rotation_deg, obliquity_deg, asymmetry, rotation, obliquity
    FROM reading {ITS_ROWS}"""
COMPLAINT = f"SELECT region, side, pain, carried_over FROM complaint {ITS_ROWS}"
FINDING = f"SELECT muscle, side, state, evidence FROM muscle_finding {ITS_ROWS}"
PLAN = """SELECT e.slug, p.sets, p.per_week, p.reps, p.hold_s, p.side, p.notes
    FROM plan_item p JOIN exercise e ON e.id = p.exercise_id
    WHERE p.visit_id = :visit ORDER BY p.position"""
OUTCOME = f"SELECT measure, score, label, items FROM outcome_score {ITS_ROWS}"


def day(value: Any) -> date | None:
    """A stored date: ISO text in SQLite, a date on a clinic server (None stays None)."""
    return None if value is None else date.fromisoformat(str(value)[:10])


def _rows(connection: Connection, sql: str, visit_id: int) -> list[Any]:
    return list(connection.execute(text(sql), {"visit": visit_id}))


def _draft(connection: Connection, row: Any) -> VisitDraft:
    visit_id = row.id
    readings = [Reading(**r._asdict()) for r in _rows(connection, READING, visit_id)]
    return VisitDraft(
        visit_date=day(row.visit_date) or date.min,
        kind=row.kind,
        note=SoapNote(row.subjective, row.objective, row.assessment, row.plan_text),
        complaints=tuple(
            Complaint(c.region, c.side, c.pain, bool(c.carried_over))
            for c in _rows(connection, COMPLAINT, visit_id)
        ),
        readings=tuple(readings),
        findings=tuple(Finding(*f) for f in _rows(connection, FINDING, visit_id)),
        reasoning=row.hypothesis_reasoning,
        plan=tuple(PlanEntry(*p) for p in _rows(connection, PLAN, visit_id)),
        no_plan_reason=row.no_plan_reason,
        outcomes=tuple(
            Outcome(o.measure, o.score, o.label, tuple(json.loads(o.items or "[]")))
            for o in _rows(connection, OUTCOME, visit_id)
        ),
        correction=row.correction,
        running_km_per_week=row.running_km_per_week,
        adherence_pct=row.adherence_pct,
        next_visit_date=day(row.next_visit_date),
        carried_over=bool(row.carried_over),
    )


def signed_visits(connection: Connection) -> Iterator[tuple[int, Any, VisitDraft | None]]:
    """Each signed visit: its id, its row (signed_by, signed_at, content_hash) and its
    content, or None when the stored content is no longer a valid visit."""
    for row in list(connection.execute(text(VISIT))):
        try:
            draft = _draft(connection, row)
        except (ValueError, TypeError):  # FieldError is a ValueError
            draft = None
        yield row.id, row, draft


def stored_datetime(value: Any) -> datetime | None:
    """A DateTime column read raw (SQLAlchemy's text form) as a datetime."""
    return None if value is None else datetime.fromisoformat(str(value))
