"""Copying a practice row for row into an empty database, in one transaction on the target
(`holdfast migrate`, docs/ARCHITECTURE.md#clinic-server).

The copy is verbatim: the same ids, the same signed visits with their content hashes and
signatures, the same audit events with their links. The locks could not take it row by row
(a signed visit is inserted only as a draft, an event only after the one before it was
written by this same transaction in order), so they are set aside inside the transaction
and put back before it commits:

- SQLite: every trigger of the schema is dropped and created again exactly as the schema
  defines it (models/lock_triggers.py), as the bulk loader of the benchmarks does;
- PostgreSQL: `ALTER TABLE … DISABLE TRIGGER USER`, then `ENABLE`; the foreign keys are
  system triggers and keep checking every row.

DDL is part of the transaction on both engines: no other connection ever sees a lock
missing, and a failure (or a refused verification) rolls everything back, locks included.
What triggers would have derived is rebuilt once at the end: the search indexes, and every
patient marked for the dashboard to judge again (its stored verdicts are not copied).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, String, bindparam, text
from sqlalchemy.exc import DBAPIError

from models.audit_chain import AUDIT_WRITE_LOCK
from models.dialects import is_sqlite
from models.lock_triggers import EXPECTED_TRIGGERS
from models.practice_rows import (
    COPIED_TABLES,
    PLURALS,
    TableDigest,
    counted,
    row_batches,
    table_of,
)
from models.server_search import FILL as SERVER_FILL

Progress = Callable[[str, bool], None]  # a line to show, and whether a stage is done

_SEARCH = importlib.import_module("models.migrations.versions.0005_visit_search")
_INSTANT = importlib.import_module("models.migrations.versions.0008_instant_at_scale")
# The target has no patients (it was refused otherwise), so whatever its indexes hold is
# left over and goes before they are filled from the copied rows.
SQLITE_FILL = (
    "DELETE FROM visit_search",
    "DELETE FROM patient_search",
    f"INSERT INTO visit_search ({_SEARCH.COLUMNS}) {_SEARCH.DOCUMENT}",
    f"INSERT INTO patient_search (rowid, words) SELECT p.id, {_INSTANT.PATIENT_WORDS}"
    " FROM patient p",
    "INSERT OR IGNORE INTO hold_stale (patient_id) SELECT id FROM patient",
)
SERVER_CLEAR = ("DELETE FROM visit_search", "DELETE FROM patient_search")
SERVER_LOCK = f"LOCK TABLE {', '.join(COPIED_TABLES)} IN SHARE ROW EXCLUSIVE MODE"
NEXT_ID_AFTER = (
    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false)"
    " FROM {table}"
)


class MigrateFailed(RuntimeError):
    """The practice was not moved; the message says why, without patient data."""


def _failure(error: Exception) -> str:
    """An error by its kind and code: the driver's words may quote the values (patient data)."""
    original = getattr(error, "orig", None)
    code = getattr(original, "sqlstate", None) or getattr(original, "sqlite_errorname", None)
    return f"{type(error).__name__}{f', {code}' if code else ''}"


def practice_size(connection: Connection) -> tuple[int, int]:
    """(patients, audit events) of the database behind `connection`."""
    row = connection.execute(
        text("SELECT (SELECT count(*) FROM patient), (SELECT count(*) FROM audit_event)")
    ).one()
    return int(row[0]), int(row[1])


def refuse_non_empty(connection: Connection, shown: str) -> None:
    """Raise MigrateFailed unless the target holds no patient and no audit event: a copy
    keeps every id and continues no one else's audit chain."""
    patients, events = practice_size(connection)
    if patients or events:
        raise MigrateFailed(
            f"{shown} already holds a practice ({patients:,} patient(s), {events:,} audit "
            "event(s)); Holdfast moves a practice only into an empty database"
        )


def begin_target(connection: Connection, shown: str) -> None:
    """Inside the target's transaction: take the write locks, refuse a practice there
    (again: someone may have written since the first look), set the locks aside."""
    if is_sqlite(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the one writer until the commit
        refuse_non_empty(connection, shown)
        for name in EXPECTED_TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        return
    # Others wait to write to these tables until the commit; readers never wait.
    connection.execute(text(AUDIT_WRITE_LOCK))
    connection.execute(text(SERVER_LOCK))
    refuse_non_empty(connection, shown)
    try:
        for table in COPIED_TABLES:
            connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    except DBAPIError as error:  # only the tables' owner may
        raise MigrateFailed(
            f"the locks of {shown} cannot be set aside for the copy ({_failure(error)}): "
            "move the practice as the account that owns that database"
        ) from None


def finish_target(connection: Connection) -> None:
    """The derived tables filled from the copied rows, then the locks back as the schema
    defines them (and, on a server, the id sequences past the copied ids)."""
    if is_sqlite(connection):
        for statement in SQLITE_FILL:
            connection.exec_driver_sql(statement)
        for sql in EXPECTED_TRIGGERS.values():
            connection.exec_driver_sql(sql)
        return
    for statement in (*SERVER_CLEAR, *SERVER_FILL):
        connection.exec_driver_sql(statement)
    for table in COPIED_TABLES:
        connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        connection.exec_driver_sql(NEXT_ID_AFTER.format(table=table))


def _writer(target: Connection, name: str) -> Callable[[list[dict[str, Any]]], None]:
    """Writes a batch of rows of table `name` as they were read from the source."""
    insert = table_of(name).insert()
    if name == "audit_event" and is_sqlite(target):
        # The event's time goes in as the very text it was hashed as.
        insert = insert.values(at=bindparam("at", type_=String()))

    def write(rows: list[dict[str, Any]]) -> None:
        if name == "audit_event" and not is_sqlite(target):  # a server keeps a timestamp
            rows = [{**row, "at": datetime.fromisoformat(row["at"])} for row in rows]
        target.execute(insert, rows)

    return write


def copy_tables(
    source: Connection, target: Connection, progress: Progress
) -> dict[str, TableDigest]:
    """Every row of COPIED_TABLES from `source` into `target` (its locks set aside by
    `begin_target`); returns the digest of what was read, table by table."""
    target.exec_driver_sql("DELETE FROM exercise")  # the source's library, with its ids
    digests: dict[str, TableDigest] = {}
    for name in COPIED_TABLES:
        digest, write, batches = TableDigest(), _writer(target, name), row_batches(source, name)
        while True:
            try:
                rows = next(batches, None)
            except (DBAPIError, ValueError) as error:  # a stored value that is not its type
                raise MigrateFailed(
                    f"the source's {PLURALS[name]} could not be read ({_failure(error)})"
                ) from None
            if rows is None:
                break
            try:
                write(rows)
            except DBAPIError as error:
                raise MigrateFailed(
                    f"the target refused the source's {PLURALS[name]} ({_failure(error)})"
                ) from None
            digest.add(rows)
            progress(f"copied {counted(digest.rows, name)}", False)
        progress(f"copied {counted(digest.rows, name)}", True)
        digests[name] = digest
    return digests
