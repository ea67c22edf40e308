"""`holdfast check`: SQLite's own integrity checks plus Holdfast's schema version.

It reads the database through connections that cannot write (a check must never change what
it diagnoses); only FTS5's own index check, phrased as an INSERT though it writes nothing,
needs a writing connection, inside a transaction that is rolled back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import text

from models.database import Database
from models.migrate import current_revision, head_revision, known_revisions
from models.read_only import is_wal_file, read_only_reason
from models.services.tamper import TamperReport, tamper_report

NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class CheckReport:
    schema: str | None
    expected_schema: str
    integrity: str
    foreign_key_problems: int
    journal_mode: str
    triggers: int  # the locks on signed visits, addenda and the audit trail
    search_index: str = "ok"  # the full-text index of visit text (FTS5)
    tamper: TamperReport | None = None  # triggers, signed hashes, the audit chain

    @property
    def schema_known(self) -> bool:
        """Current, or older and upgraded (after a backup) when Holdfast next opens it."""
        return self.schema is not None and self.schema in known_revisions()

    @property
    def ok(self) -> bool:
        return (
            self.integrity == "ok"
            and self.foreign_key_problems == 0
            and self.schema_known
            and self.journal_mode == "wal"
            and (self.search_index == "ok" or self.search_index.startswith(NOT_CHECKED))
            and (self.tamper is None or self.tamper.ok)
        )


@contextmanager
def _writing_connection(db: Database) -> Iterator[sqlite3.Connection | None]:
    """A connection that may write, or None when the database cannot be written."""
    if read_only_reason(db.path) is not None:
        yield None
        return
    connection = sqlite3.connect(db.path, isolation_level=None, timeout=2)
    try:
        connection.execute("BEGIN")
        yield connection
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def _search_index(db: Database) -> str:
    """'ok', or what is wrong with the visit text index."""
    with _writing_connection(db) as connection:
        if connection is None:
            return f"{NOT_CHECKED} (the database cannot be written, which this check needs)"
        try:  # FTS5's own check of its index against the text it holds
            connection.execute("INSERT INTO visit_search(visit_search) VALUES ('integrity-check')")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                return f"{NOT_CHECKED} (another program is saving to the database; try again)"
            return f"damaged ({error})"
        except sqlite3.DatabaseError as error:
            return f"damaged ({error})"
        missing = connection.execute(
            "SELECT count(*) FROM visit WHERE id NOT IN (SELECT rowid FROM visit_search)"
        ).fetchone()[0]
    return f"{missing} visit(s) not indexed" if missing else "ok"


def check_database(db: Database) -> CheckReport:
    """SQLite's integrity and foreign key checks, the journal mode, the lock triggers, the
    search index and the schema version of an open database, changing nothing."""
    with db.engine.connect() as connection:
        integrity = "\n".join(
            str(row[0]) for row in connection.execute(text("PRAGMA integrity_check"))
        )
        problems = len(connection.execute(text("PRAGMA foreign_key_check")).all())
        # Read from the file's header: a connection opened `immutable` reports "delete".
        journal = "wal" if is_wal_file(db.path) else "not wal"
        triggers = connection.execute(
            text(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                " AND name NOT LIKE 'visit\\_search\\_%' ESCAPE '\\'"
            )
        ).scalar_one()
        tamper = (
            tamper_report(connection) if current_revision(db.engine) == head_revision() else None
        )
    return CheckReport(
        current_revision(db.engine), head_revision(), integrity, problems, journal, triggers,
        _search_index(db), tamper,
    )  # fmt: skip
