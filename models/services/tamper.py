"""Tamper evidence, verified: the lock triggers, every signed visit's content hash, its sign
event, every addendum's audit event and the audit chain (`holdfast check`, issue 10).

Each check returns what it found in words (no patient names, no note text): visits are named
by their id and chart number, events by their id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from models.canonical import canonical_json, visit_hash
from models.lock_triggers import TriggerState, trigger_state
from models.mapping import visit_record
from models.orm import Visit
from models.records import VisitRecord
from models.services.chain import ChainBreak, ChainHead, first_break, head_of
from models.services.visits import VISIT_CHILDREN

CHARTS = "SELECT id, chart_number FROM patient"
SHOWN = 5  # visits or addenda named in a line; the rest are counted
HASH_EVENTS = """SELECT entity_id, after FROM audit_event
    WHERE entity = 'visit' AND action IN ('sign', 'import_sign', 'rehash') ORDER BY id"""
ADDENDA = """SELECT a.id, a.text, e.action, e.after FROM addendum a LEFT JOIN audit_event e
    ON e.id = a.audit_event_id AND e.entity = 'visit' AND e.entity_id = a.visit_id
    ORDER BY a.id"""


def verify_visit(record: VisitRecord) -> bool:
    """Whether a signed visit's content is what was signed (its stored hash recomputes).
    A draft is never verified: PDFs print "Signed by ..." only over a True."""
    if not record.signed or record.signed_at is None or not record.content_hash:
        return False
    now = visit_hash(record.draft, record.signed_by, record.signed_at, record.photos)
    return now == record.content_hash


@dataclass(frozen=True)
class TamperReport:
    """What `holdfast check` found; each tuple names what broke (empty: nothing did)."""

    triggers: TriggerState
    signed_visits: int
    hash_mismatches: tuple[str, ...]
    without_sign_event: tuple[str, ...]
    unrecorded_addenda: tuple[int, ...]
    chain_break: ChainBreak | None
    head: ChainHead

    @property
    def ok(self) -> bool:
        return (
            self.triggers.ok
            and not (self.hash_mismatches or self.without_sign_event or self.unrecorded_addenda)
            and self.chain_break is None
        )


def _named(visit: VisitRecord, charts: dict[int, str]) -> str:
    return f"visit {visit.id} (chart {charts.get(visit.patient_id, '?')})"


def _signed_visit_problems(connection: Connection) -> tuple[int, list[str], list[str]]:
    """The number of signed visits, those whose hash does not recompute, and those whose
    newest sign (or re-hash) event does not carry their hash."""
    hashed: dict[int, str] = {}
    for entity_id, after in connection.execute(text(HASH_EVENTS)):
        hashed[int(entity_id)] = after
    charts: dict[int, str] = {id_: chart for id_, chart in connection.execute(text(CHARTS))}
    mismatched, unsigned, count = [], [], 0
    with Session(bind=connection) as session:
        query = select(Visit).where(Visit.status == "signed").order_by(Visit.id)
        for row in session.scalars(query.options(*VISIT_CHILDREN)):
            record, count = visit_record(row), count + 1
            if not verify_visit(record):
                mismatched.append(_named(record, charts))
            if hashed.get(record.id) != canonical_json(record.content_hash):
                unsigned.append(_named(record, charts))
    return count, mismatched, unsigned


def _records(action: str | None, after: str | None, addendum_text: str) -> bool:
    """Whether an addendum's audit event records it: its own event holding its text, or
    (imported before schema 0007) the import of its visit."""
    if action == "import":
        return True
    if action not in ("addendum", "import_addendum") or not after:
        return False
    try:
        recorded = json.loads(after)
    except ValueError:
        return False
    return isinstance(recorded, dict) and recorded.get("text") == addendum_text


def tamper_report(connection: Connection) -> TamperReport:
    """Every tamper check on the database behind `connection`, changing nothing."""
    count, mismatched, unsigned = _signed_visit_problems(connection)
    addenda = tuple(
        int(id_) for id_, text_, action, after in connection.execute(text(ADDENDA))
        if not _records(action, after, text_)
    )  # fmt: skip
    return TamperReport(
        trigger_state(connection), count, tuple(mismatched), tuple(unsigned), addenda,
        first_break(connection), head_of(connection),
    )  # fmt: skip
