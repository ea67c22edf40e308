"""Verifying the audit chain (models/audit_chain.py): its first broken link, its head, and
whether an earlier backup's or printout's chain is still the start of it.

The head (the number of events and the last hash) is printed on PDFs and by `holdfast
backup`: someone who rewrote the whole chain consistently is caught by comparing it with
any earlier backup or printout (`holdfast check --against`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

from models.audit_chain import CHAINED_COLUMNS, GENESIS, event_hash
from models.database import Database
from models.read_only import read_only_engine

PRINTED_DIGITS = 12  # of the head hash: enough to tell chains apart, short enough to copy
EVENTS = f"SELECT {', '.join(CHAINED_COLUMNS)}, prev_hash, hash FROM audit_event ORDER BY id"
LINKS = "SELECT id, hash FROM audit_event ORDER BY id"
PRINTED_HEAD = re.compile(r"(?:audit\s+)?([\d,. ]+?)\s*[·:/ ]\s*([0-9a-f]{6,64})", re.I)


@dataclass(frozen=True)
class ChainHead:
    """How many events the audit trail holds and the hash of the last (GENESIS if none)."""

    events: int
    hash: str

    def __str__(self) -> str:
        """The printed form, e.g. 'audit 1,234 · 3f2a9c1b4e5d' (PDFs, backups, check)."""
        return f"audit {self.events:,} · {self.hash[:PRINTED_DIGITS]}"


@dataclass(frozen=True)
class ChainBreak:
    """The first event at which the chain does not hold, and what is wrong there."""

    event_id: int
    what: str

    def __str__(self) -> str:
        return f"broken at event {self.event_id}: {self.what}"


def head_of(connection: Connection) -> ChainHead:
    """The chain head of the database behind `connection`."""
    row = connection.execute(
        text("SELECT count(*), (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1)"
             " FROM audit_event")
    ).one()  # fmt: skip
    return ChainHead(int(row[0]), str(row[1] or GENESIS))


def chain_head(db: Database) -> ChainHead:
    """The chain head of an open database: `str()` of it is the form to print."""
    with db.engine.connect() as connection:
        return head_of(connection)


def backup_head(path: Path, passphrase: str | None = None) -> ChainHead:
    """The chain head of a backup file (read without writing to it; an encrypted one with
    its database's `passphrase`)."""
    engine = read_only_engine(path, passphrase)
    try:
        with engine.connect() as connection:
            return head_of(connection)
    finally:
        engine.dispose()


def first_break(connection: Connection) -> ChainBreak | None:
    """The first event whose link or hash does not hold, or None when the chain is whole."""
    expected_id, prev_hash = 1, GENESIS
    for row in connection.execute(text(EVENTS)).mappings():
        event_id = int(row["id"])
        if event_id != expected_id:
            missing = f"{expected_id}" if event_id == expected_id + 1 else (
                f"{expected_id} to {event_id - 1}"
            )  # fmt: skip
            return ChainBreak(event_id, f"the events before it ({missing}) are missing")
        if row["prev_hash"] != prev_hash:
            return ChainBreak(event_id, "it does not link to the event before it")
        if event_hash(prev_hash, dict(row)) != row["hash"]:
            return ChainBreak(event_id, "its content was changed after it was written")
        expected_id, prev_hash = event_id + 1, str(row["hash"])
    return None


def parse_printed_head(printed: str) -> tuple[int, str] | None:
    """(events, hash prefix) from a printed head such as 'audit 1,234 · 3f2a9c1b4e5d'."""
    match = PRINTED_HEAD.fullmatch(printed.strip())
    if match is None:
        return None
    digits = re.sub(r"[,. ]", "", match.group(1))
    return (int(digits), match.group(2).lower()) if digits.isdigit() else None


def hash_at(connection: Connection, event_number: int) -> str | None:
    """The hash of the n-th event (1-based, in id order), or None if there are fewer."""
    if event_number == 0:
        return GENESIS
    row = connection.execute(
        text("SELECT hash FROM audit_event ORDER BY id LIMIT 1 OFFSET :n"), {"n": event_number - 1}
    ).first()
    return None if row is None else str(row[0])


def compare_with_printed(connection: Connection, events: int, prefix: str) -> str | None:
    """None if the chain still has that head at that event, else what differs, in words."""
    found = hash_at(connection, events)
    if found is None:
        have = head_of(connection).events
        return f"the chain has {have:,} events, fewer than the {events:,} printed: events are gone"
    if not found.startswith(prefix):
        return f"the chain was rewritten since it was printed: event {events:,} differs"
    return None


def compare_with_backup(
    connection: Connection, backup: Path, passphrase: str | None = None
) -> str | None:
    """None if the backup's chain is the start of the current one, else what differs (an
    encrypted backup is read with `passphrase`)."""
    engine = read_only_engine(backup, passphrase)
    try:
        with engine.connect() as old:
            now = connection.execute(text(LINKS))
            columns = {row[1] for row in old.execute(text("PRAGMA table_info(audit_event)"))}
            if "patient_id" not in columns:  # before 0006: its events were filled in since
                return (
                    "that backup is older than the audit trail's current form and cannot be "
                    "compared; use a later one"
                )
            for then in _links(old, columns):
                current = now.fetchone()
                if current is None:
                    return f"the database lacks events the backup has, from event {then[0]} on"
                if tuple(current) != tuple(then):
                    return f"the chain was rewritten since that backup: event {then[0]} differs"
    finally:
        engine.dispose()
    return None


def _links(old: Connection, columns: set[str]) -> Iterable[tuple[int, str]]:
    """(id, hash) of a backup's events in order. A backup made before the chain (schema
    0007) has no hashes: they are computed as 0007 computed them on upgrade, so an earlier
    backup still tells whether the events it holds were changed since."""
    if "hash" in columns:
        yield from ((int(row[0]), str(row[1])) for row in old.execute(text(LINKS)))
        return
    rows = old.execute(text(f"SELECT {', '.join(CHAINED_COLUMNS)} FROM audit_event ORDER BY id"))
    prev_hash = GENESIS
    for row in rows.mappings():
        prev_hash = event_hash(prev_hash, dict(row))
        yield int(row["id"]), prev_hash
