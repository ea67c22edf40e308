"""A practice's rows, table by table, as the same Python values on either engine, and a digest
of them: what `holdfast migrate` copies and then compares (docs/ARCHITECTURE.md#clinic-server).

Rows are read through the ORM's own tables with SQLAlchemy Core, so a date is a `date` and a
flag a `bool` whether SQLite stored text and 0/1 or PostgreSQL its own types. One column is
read as stored instead: `audit_event.at` is hashed into the audit chain as text
(models/audit_chain.py), so it travels as that text, never re-formatted on the way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, String, Table, select, type_coerce

from models.audit_chain import stored_moment
from models.dialects import is_sqlite
from models.orm import Base

# Parents before children, so the foreign keys hold after every row: the exercise library
# before the plans that use it; events and addenda last (neither is anyone's parent).
COPIED_TABLES = (
    "exercise", "patient", "visit", "reading", "complaint", "muscle_finding", "plan_item",
    "outcome_score", "photo", "addendum", "audit_event",
)  # fmt: skip
# What a count of each table's rows is called when printed ("copied 12,345 visits").
PLURALS = {
    "exercise": "exercises", "patient": "patients", "visit": "visits", "reading": "readings",
    "complaint": "complaints", "muscle_finding": "muscle findings", "plan_item": "plan items",
    "outcome_score": "outcome scores", "photo": "photos", "addendum": "addenda",
    "audit_event": "audit events",
}  # fmt: skip


def counted(count: int, name: str) -> str:
    """'12,345 visits', '1 addendum'."""
    return f"{count:,} {PLURALS[name] if count != 1 else name.replace('_', ' ')}"


BATCH = 2_000  # rows read and written at a time: memory stays flat at any size of practice
# A photo row holds its image (a few MB): fewer of them at a time.
BATCH_OF = {"photo": 16}
EVENT_TIME = ("audit_event", "at")


def table_of(name: str) -> Table:
    table = Base.metadata.tables[name]
    assert isinstance(table, Table)
    return table


def _selected(connection: Connection, name: str) -> Select[Any]:
    """Every column of the table in id order; an event's time as the text it was hashed as."""
    table = table_of(name)
    raw = is_sqlite(connection)
    columns = [
        type_coerce(column, String()).label(column.name)
        if raw and (name, column.name) == EVENT_TIME
        else column
        for column in table.columns
    ]
    return select(*columns).order_by(table.c.id)


def row_batches(connection: Connection, name: str) -> Iterator[list[dict[str, Any]]]:
    """The rows of table `name` in id order, BATCH at a time (a server streams them through
    a cursor of its own rather than sending the whole table at once)."""
    size = BATCH_OF.get(name, BATCH)
    statement = _selected(connection, name).execution_options(yield_per=size)
    for partition in connection.execute(statement).mappings().partitions(size):
        rows = [dict(row) for row in partition]
        if name == EVENT_TIME[0]:
            for row in rows:  # a server gives a datetime: the text SQLite would hold
                row["at"] = stored_moment(row["at"])
        yield rows


def _value(value: Any) -> Any:
    # -0.0 and 0.0 are one value to a reading (SQLite stores -0.0 as 0.0, a server keeps it).
    if type(value) is float:
        return value + 0.0
    if isinstance(value, bytes | memoryview):  # an image: its hash, not a repr of megabytes
        return ("bytes", hashlib.sha256(value).hexdigest())
    return value


@dataclass
class TableDigest:
    """How many rows a table holds and a SHA-256 over all of them in id order: equal digests
    mean the same rows with the same values, column for column."""

    rows: int = 0
    sha256: Any = None

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256()

    def add(self, rows: Sequence[Mapping[str, Any]]) -> None:
        for row in rows:
            self.sha256.update(repr(tuple(_value(v) for v in row.values())).encode())
            self.sha256.update(b"\n")
        self.rows += len(rows)

    def same_as(self, other: TableDigest) -> bool:
        return self.rows == other.rows and self.sha256.digest() == other.sha256.digest()


def table_digest(connection: Connection, name: str) -> TableDigest:
    """The digest of table `name` as the database behind `connection` holds it now."""
    digest = TableDigest()
    for rows in row_batches(connection, name):
        digest.add(rows)
    return digest
