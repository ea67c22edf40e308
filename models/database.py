"""Opening the database: pragmas for durability, migrations at start, one session per action.

Every connection gets WAL journalling, synchronous=FULL (a committed visit survives a power
cut) and foreign keys on (SQLite leaves them off by default).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from models.migrate import ensure_schema
from models.services.library import sync_exercise_library


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine whose every connection carries the durability pragmas."""
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)  # no patient data in errors
    event.listen(engine, "connect", _set_pragmas)
    return engine


@dataclass
class Database:
    """An open Holdfast database: the engine and a session factory."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path) -> Database:
    """Open (creating or upgrading as needed) the database at `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    ensure_schema(engine, path)
    factory = sessionmaker(engine, expire_on_commit=False)
    database = Database(path, engine, factory)
    with database.session() as session:
        sync_exercise_library(session)
    return database
