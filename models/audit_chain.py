"""The audit trail as a hash chain (docs/ARCHITECTURE.md, "The audit chain").

Each event carries `prev_hash`, the hash of the event before it (GENESIS for the first), and
`hash`, SHA-256 over the canonical JSON (models/canonical.py) of `prev_hash` and the event's
columns as stored. Changing, removing or reordering any event breaks every link after it; a
trigger (models/lock_triggers.py) refuses an INSERT that does not link to the last event.

Values are hashed as SQLite stores them: `at` as the text SQLAlchemy writes
(`2026-03-14 18:00:00.000000`), so a verifier reading raw rows recomputes the same hash.
This module needs only a SQLAlchemy connection, so migrations use it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from models.canonical import canonical_json, sha256_hex
from models.dialects import is_sqlite

GENESIS = "0" * 64
CHAINED_COLUMNS = (
    "id", "at", "actor", "action", "entity", "entity_id", "patient_id", "before", "after",
)  # fmt: skip
LAST_LINK = "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1"
TAKE_WRITE_LOCK = "UPDATE audit_event SET id = id WHERE 0"
# On a clinic server writers of the trail queue for this lock until they commit; readers
# never wait (models/server_triggers.py takes it too).
AUDIT_WRITE_LOCK = "LOCK TABLE audit_event IN SHARE ROW EXCLUSIVE MODE"


def stored_moment(value: datetime | str) -> str:
    """A moment as SQLAlchemy stores a DateTime in SQLite (raw rows already are text)."""
    if isinstance(value, str):
        return value
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def event_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    """The hash of an event (its CHAINED_COLUMNS, `at` as stored) linked to `prev_hash`."""
    payload = {name: event.get(name) for name in CHAINED_COLUMNS}
    payload["at"] = stored_moment(event["at"])
    payload["prev_hash"] = prev_hash
    return sha256_hex(canonical_json(payload))


def last_link(connection: Connection) -> tuple[int, str]:
    """The last event's id and hash: (0, GENESIS) when the trail is empty."""
    row = connection.execute(text(LAST_LINK)).first()
    if row is None:
        return 0, GENESIS
    return int(row[0]), str(row[1] or GENESIS)


def append_event(connection: Connection, values: Mapping[str, Any]) -> int:
    """Write one audit event linked to the last one; returns its id.

    `values` are the columns `models.audit.event_values` makes (no id, no hashes).
    """
    # Hold the write lock before reading the last link (a write that changes no row takes
    # it): another program committing an event between the read and the insert would leave
    # this one linked to a hash that is no longer last, and the link trigger would refuse it.
    connection.execute(text(TAKE_WRITE_LOCK if is_sqlite(connection) else AUDIT_WRITE_LOCK))
    last_id, prev_hash = last_link(connection)
    event = {**values, "id": last_id + 1}
    event["at"] = stored_moment(event["at"])
    event["prev_hash"], event["hash"] = prev_hash, event_hash(prev_hash, event)
    columns = ", ".join(event)
    placeholders = ", ".join(f":{name}" for name in event)
    connection.execute(text(f"INSERT INTO audit_event ({columns}) VALUES ({placeholders})"), event)
    return int(event["id"])
