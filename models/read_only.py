"""A database Holdfast may read but not write: why, how to open it, and the error a write
gets (docs/ARCHITECTURE.md#opening).

A practitioner looking at last year's charts on a read-only USB stick, a copy on a CD or a
folder they lack write permission for should see the charts, not a traceback.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError

from models.connect import OPERATIONAL_ERRORS, connect, database_engine, is_plaintext

WAL_HEADER_VERSION = 2  # bytes 18-19 of the SQLite header: 2 means the file is in WAL mode


class ReadOnlyDatabase(RuntimeError):
    """A change was asked of a database opened read-only; nothing was stored."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The database is read-only ({reason}), so nothing can be saved. To make changes, "
            "copy the database folder to a place you may write to (or make this one "
            "writable) and open Holdfast on it there."
        )
        self.reason = reason


def read_only_reason(path: Path) -> str | None:
    """Why the database at `path` cannot be written, in words, or None when it can.

    SQLite writes the file and, in WAL mode, creates -wal and -shm files beside it, so the
    folder has to be writable as well as the file.
    """
    if _on_read_only_disk(path.parent):
        return "the disk it is on is read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return "the database file is read-only"
    if not os.access(path.parent, os.W_OK):
        return "the folder cannot be written"
    return None


def _on_read_only_disk(folder: Path) -> bool:
    flags = os.statvfs(folder).f_flag if hasattr(os, "statvfs") else 0
    return bool(flags & getattr(os, "ST_RDONLY", 0))


def folder_writable(path: Path) -> bool:
    """Whether SQLite may create files beside the database (its -wal and -shm)."""
    return not _on_read_only_disk(path.parent) and os.access(path.parent, os.W_OK)


def wal_sidecars(path: Path) -> tuple[Path, Path]:
    """The -wal and -shm files SQLite keeps beside a database in WAL mode."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def is_wal_file(path: Path) -> bool:
    """Whether the file's header says WAL mode (read from the bytes, without SQLite; an
    encrypted file hides its header, see journal_is_wal)."""
    with path.open("rb") as handle:
        header = handle.read(20)
    return len(header) == 20 and header[18] == header[19] == WAL_HEADER_VERSION


def read_only_query(path: Path) -> str:
    """The SQLite URI that reads `path` without ever writing it.

    `mode=ro` never writes the database file. A WAL database also needs its -shm index: a
    read-only connection creates it when the folder is writable, and uses it when it exists.
    In an unwritable folder without one SQLite cannot open the file at all, unless told
    `immutable=1` (read the main file as it is, no locks, no WAL). That is only right when
    there is no -wal holding committed changes, which the caller makes sure of; and nobody
    else can be writing there, as the folder is read-only.
    An encrypted file's header cannot be read without the key, so it is taken to be in WAL
    mode (Holdfast's always are).
    """
    query = "mode=ro"
    shm = wal_sidecars(path)[1]
    in_wal = is_wal_file(path) or not is_plaintext(path)
    if not folder_writable(path) and in_wal and not shm.exists():
        query += "&immutable=1"
    return query


def unreadable_changes(path: Path) -> bool:
    """Whether committed changes sit in a -wal that a read-only connection cannot read (an
    unclean close in a folder that no longer can be written, with no -shm index left)."""
    wal, shm = wal_sidecars(path)
    if folder_writable(path) or shm.exists() or not wal.exists():
        return False
    return wal.stat().st_size > 0


def connect_read_only(path: Path, passphrase: str | None = None) -> sqlite3.Connection:
    """A DB-API connection that cannot write (query_only refuses every write too), keyed
    with `passphrase` when the file is encrypted."""
    connection = connect(path, passphrase, query=read_only_query(path), check_same_thread=False)
    connection.execute("PRAGMA query_only=ON")
    return connection


def table_names(connection: sqlite3.Connection) -> set[str]:
    """The tables a database file holds, read through a plain connection."""
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


def stored_revision(connection: sqlite3.Connection, tables: set[str]) -> str | None:
    """Holdfast's schema version stored in the file, or None (another program's database,
    or one whose version row is missing). Read without Alembic, which would write."""
    if "alembic_version" not in tables:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def read_only_engine(path: Path, passphrase: str | None = None) -> Engine:
    """An engine over read-only connections (same pool as a file engine, so each thread
    gets its own connection)."""
    engine = database_engine(path, passphrase, lambda: connect_read_only(path, passphrase))

    def pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute("PRAGMA busy_timeout=5000")

    event.listen(engine, "connect", pragmas)
    return engine


def is_read_only_error(error: BaseException) -> bool:
    """Whether a database error is SQLite refusing to write (SQLITE_READONLY)."""
    driver = error.orig if isinstance(error, DBAPIError) else error
    return isinstance(driver, OPERATIONAL_ERRORS) and "readonly" in str(driver).lower()
