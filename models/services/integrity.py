"""`holdfast check`: SQLite's own integrity checks plus Holdfast's schema version."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import DatabaseError

from models.database import Database
from models.migrate import current_revision, head_revision


@dataclass(frozen=True)
class CheckReport:
    schema: str | None
    expected_schema: str
    integrity: str
    foreign_key_problems: int
    journal_mode: str
    triggers: int  # the locks on signed visits, addenda and the audit trail
    search_index: str = "ok"  # the full-text index of visit text (FTS5)

    @property
    def ok(self) -> bool:
        return (
            self.integrity == "ok"
            and self.foreign_key_problems == 0
            and self.schema == self.expected_schema
            and self.journal_mode == "wal"
            and self.search_index == "ok"
        )


def _search_index(connection: Connection) -> str:
    """'ok', or what is wrong with the visit text index."""
    check = "INSERT INTO visit_search(visit_search) VALUES ('integrity-check')"
    try:  # FTS5's own check of its index against the text it holds; it writes nothing
        connection.execute(text(check))
    except DatabaseError as error:
        return f"damaged ({error.orig})"
    missing = connection.execute(
        text("SELECT count(*) FROM visit WHERE id NOT IN (SELECT rowid FROM visit_search)")
    ).scalar_one()
    return f"{missing} visit(s) not indexed" if missing else "ok"


def check_database(db: Database) -> CheckReport:
    with db.engine.connect() as connection:
        integrity = connection.execute(text("PRAGMA integrity_check")).scalar_one()
        problems = len(connection.execute(text("PRAGMA foreign_key_check")).all())
        journal = connection.execute(text("PRAGMA journal_mode")).scalar_one()
        triggers = connection.execute(
            text(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                " AND name NOT LIKE 'visit\\_search\\_%' ESCAPE '\\'"
            )
        ).scalar_one()
        search_index = _search_index(connection)
    return CheckReport(
        current_revision(db.engine), head_revision(), integrity, problems, journal, triggers,
        search_index,
    )  # fmt: skip
