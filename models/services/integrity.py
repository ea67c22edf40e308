"""`holdfast check`: SQLite's own integrity checks plus Holdfast's schema version."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from models.database import Database
from models.migrate import current_revision, head_revision


@dataclass(frozen=True)
class CheckReport:
    schema: str | None
    expected_schema: str
    integrity: str
    foreign_key_problems: int
    journal_mode: str
    triggers: int

    @property
    def ok(self) -> bool:
        return (
            self.integrity == "ok"
            and self.foreign_key_problems == 0
            and self.schema == self.expected_schema
            and self.journal_mode == "wal"
        )


def check_database(db: Database) -> CheckReport:
    with db.engine.connect() as connection:
        integrity = connection.execute(text("PRAGMA integrity_check")).scalar_one()
        problems = len(connection.execute(text("PRAGMA foreign_key_check")).all())
        journal = connection.execute(text("PRAGMA journal_mode")).scalar_one()
        triggers = connection.execute(
            text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        ).scalar_one()
    return CheckReport(
        current_revision(db.engine), head_revision(), integrity, problems, journal, triggers
    )
