"""Writing a generated practice into a database the app created (models.database), fast:
plain `sqlite3`, `executemany` per table, one transaction, no journal (a half-written file is
thrown away, never used).

Why the triggers are dropped during the load and how the result stays valid:

- The lock triggers (models/lock_triggers.py) admit a signed visit only right after its
  sign event and an event only linked to the last one: one statement at a time. Instead
  the events are written with their chain links (`prev_hash`, `hash`) computed here, each
  signed visit with its content hash and, newest for that visit, its 'sign' event carrying
  it; each addendum with its 'addendum' event holding its text.
- The full-text index (`visit_search`) is filled by the schema's own triggers that fire when
  a visit is inserted: they are kept during the load and each visit is inserted after its
  complaints, findings and addenda, so one index row per visit is written, as the schema
  defines it (whatever a later migration makes of it).
- Afterwards every trigger is put back exactly as the schema had created it, and
  `trigger_state` (what `holdfast check` compares) must find them all as expected.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from benchmarks.practice_rows import ChunkRows
from models.audit_chain import GENESIS, event_hash, stored_moment

COLUMNS = {
    "patient": "id, chart_number, first_name, last_name, date_of_birth, sex, phone, email, "
    "running_profile, notes, archived, created_at, updated_at",
    "visit": "id, patient_id, visit_date, kind, subjective, objective, assessment, plan_text, "
    "correction, hypothesis_reasoning, no_plan_reason, running_km_per_week, adherence_pct, "
    "next_visit_date, carried_over, status, signed_at, signed_by, content_hash, "
    "signature_imported_at, created_at, updated_at",
    "reading": "visit_id, phase, device, rater, position, left_tilt_deg, right_tilt_deg, "
    "rotation_deg, obliquity_deg, asymmetry, rotation, obliquity",
    "complaint": "visit_id, region, side, pain, carried_over",
    "muscle_finding": "visit_id, muscle, side, state, evidence",
    "plan_item": "visit_id, exercise_id, position, sets, reps, hold_s, per_week, side, notes",
    "outcome_score": "visit_id, measure, label, score, items",
    "addendum": "id, visit_id, text, reason, author, created_at, audit_event_id",
    "audit_event": "id, at, actor, action, entity, entity_id, patient_id, before, after, "
    "prev_hash, hash",
}
# Children before their visit (see the module docstring), events in any order.
TABLE_ORDER = (
    "patient", "audit_event", "reading", "complaint", "muscle_finding", "plan_item",
    "outcome_score", "addendum", "visit",
)  # fmt: skip


def insert_statement(table: str) -> str:
    columns = COLUMNS[table]
    marks = ", ".join("?" for _ in columns.split(","))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"


def _fills_on_visit_insert(sql: str) -> bool:
    """A trigger that derives data when a visit is inserted (not one that refuses a write)."""
    words = " ".join(sql.split()).upper()
    return "AFTER INSERT ON VISIT " in words and "RAISE(" not in words


class BulkLoader:
    """One open load: triggers set aside on entry, rows written per table, triggers back and
    the transaction committed by `finish`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA cache_size = -262144")  # 256 MiB
        connection.execute("PRAGMA foreign_keys = OFF")  # children go in before their visit
        rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        self.triggers: dict[str, str] = dict(rows.fetchall())
        self.last_event_id, self.last_hash = self._last_link()
        self.last_addendum_id = connection.execute(
            "SELECT coalesce(max(id), 0) FROM addendum"
        ).fetchone()[0]
        connection.execute("BEGIN")
        for name, sql in self.triggers.items():
            if not _fills_on_visit_insert(sql):
                connection.execute(f"DROP TRIGGER {name}")

    def _last_link(self) -> tuple[int, str]:
        row = self.connection.execute(
            "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))

    def chain(self, events: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """Audit event rows linked after the last one, in the order given; each event's
        "id" is set (callers reading it afterwards, e.g. an addendum, get its id)."""
        rows = []
        for event in events:
            self.last_event_id += 1
            event["id"] = self.last_event_id
            event["at"] = stored_moment(event["at"])
            linked = event_hash(self.last_hash, event)
            rows.append((
                event["id"], event["at"], event["actor"], event["action"], event["entity"],
                event["entity_id"], event["patient_id"], event["before"], event["after"],
                self.last_hash, linked,
            ))  # fmt: skip
            self.last_hash = linked
        return rows

    def write_chunk(self, chunk: ChunkRows) -> None:
        """A chunk's events chained after the last one, its addenda numbered and tied to
        their events, then every row written."""
        tables = dict(chunk.tables)
        tables["audit_event"] = self.chain(chunk.events)
        tables["addendum"] = []
        for event in chunk.events:
            if (addendum := event.get("addendum")) is not None:
                self.last_addendum_id += 1
                tables["addendum"].append((self.last_addendum_id, *addendum, event["id"]))
        self.write(tables)

    def write(self, tables: dict[str, list[tuple[Any, ...]]]) -> None:
        """Rows of each table (tuples in COLUMNS order), children before visits."""
        for table in TABLE_ORDER:
            if tables.get(table):
                self.connection.executemany(insert_statement(table), tables[table])

    def finish(self) -> None:
        """Every trigger back as it was, the transaction committed, WAL journalling on."""
        stored = dict(
            self.connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        )
        for name, sql in self.triggers.items():
            if name not in stored:
                self.connection.execute(sql)
        self.connection.execute("COMMIT")
        self.connection.execute("PRAGMA journal_mode = WAL")
