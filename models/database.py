"""Opening the database: look before writing, pragmas for durability, migrations at start, one
session per action (docs/ARCHITECTURE.md#opening).

Every writing connection gets WAL journalling, synchronous=FULL (a committed visit survives a
power cut) and foreign keys on (SQLite leaves them off by default).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models.connect import database_engine
from models.durable import sync_to_disk
from models.migrate import ensure_schema, head_revision, refuse_newer
from models.opening import QUICK_CHECK_AT_OPEN_BYTES, UnusableDatabase, inspect_database
from models.private_files import create_private_file, private_folder
from models.read_only import (
    ReadOnlyDatabase,
    is_read_only_error,
    read_only_engine,
    read_only_reason,
    wal_sidecars,
)
from models.services.library import sync_exercise_library
from models.trigger_repair import repair_triggers


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path, passphrase: str | None = None) -> Engine:
    """An engine whose every connection carries the durability pragmas (keyed with
    `passphrase` when the file is encrypted: models/connect.py)."""
    engine = database_engine(path, passphrase)
    event.listen(engine, "connect", _set_pragmas)
    return engine


@dataclass
class Database:
    """An open Holdfast database: the engine and a session factory. `read_only_reason` says
    why it was opened read-only (None: it may be written). `passphrase` opens an encrypted
    file (None: plaintext); it is kept in memory only, never written anywhere."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    read_only_reason: str | None = None
    passphrase: str | None = field(default=None, repr=False)
    # Lock triggers found missing or altered at open and recreated (models/trigger_repair.py).
    repaired_triggers: tuple[str, ...] = ()
    # SQLite's quick check was left for after the window shows (open_database(defer_check)).
    check_pending: bool = False
    # A clinic server's URL (models/server.py); None: the embedded file at `path`.
    url: str | None = field(default=None, repr=False)

    @property
    def on_server(self) -> bool:
        return self.url is not None

    @property
    def location(self) -> str:
        """Where the practice is kept, as it may be shown: the file, or the server's URL
        without its password."""
        if self.url is None:
            return str(self.path)
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def short_name(self) -> str:
        """The file's name, or the server's database and host ("clinic on server1")."""
        if self.url is None:
            return self.path.name
        parsed = make_url(self.url)
        return f"{parsed.database} on {parsed.host or 'this computer'}"

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error. A write SQLite
        refuses as read-only becomes ReadOnlyDatabase, which says why in words."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except OperationalError as error:
            session.rollback()
            if not is_read_only_error(error):
                raise
            why = self.read_only_reason or read_only_reason(self.path)
            raise ReadOnlyDatabase(why or "the file cannot be written just now") from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()

    def become_read_only(self, reason: str) -> None:
        """From now on read-only: new connections cannot write, a save raises
        ReadOnlyDatabase naming `reason` (a check found the file damaged while open).
        Called between units of work (the runner's one worker), never inside one."""
        writable = self.engine
        self.engine = read_only_engine(self.path, self.passphrase)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        self.read_only_reason = reason
        writable.dispose()


def open_database(path: Path, passphrase: str | None = None, defer_check: bool = False) -> Database:
    """Open the database at `path`: refuse a file that is damaged or not Holdfast's (before
    anything writes to it), create one where none is, open read-only one that cannot be
    written, else upgrade it if needed and bring the exercise library up to date. An
    encrypted file opens with `passphrase`; a new one is created encrypted with it.

    `defer_check` (the GUI's start): SQLite's quick check of a file bigger than
    QUICK_CHECK_AT_OPEN_BYTES is left to the caller (`check_pending`, opening.damage_found)
    unless an upgrade is due, which never starts on an unchecked file."""
    path = Path(path)
    big = defer_check and path.is_file() and path.stat().st_size > QUICK_CHECK_AT_OPEN_BYTES
    inspection = inspect_database(path, passphrase, check=not big)
    if not inspection.exists:
        create_database(path, passphrase)
        inspection = inspect_database(path, passphrase)
    assert inspection.revision is not None
    if inspection.revision != head_revision() and not inspection.checked:
        inspection = inspect_database(path, passphrase)  # backed up and upgraded: check first
    assert inspection.revision is not None
    database = _open_inspected(path, passphrase, inspection.revision)
    database.check_pending = not inspection.checked
    return database


def _open_inspected(path: Path, passphrase: str | None, revision: str) -> Database:
    """open_database once the file is known to be Holdfast's at `revision`."""
    reason = read_only_reason(path)
    if reason is not None:
        if revision != head_revision():
            refuse_newer(revision, path)
            raise UnusableDatabase(
                "needs-upgrade",
                f"{path} needs an upgrade for this version of Holdfast, but it cannot be "
                f"written ({reason}). Copy the database folder to a place you may write to, "
                "or make this one writable, and open it again.",
            )
        return read_only_database(path, reason, passphrase)
    engine = make_engine(path, passphrase)
    try:
        ensure_schema(engine, path)
        factory = sessionmaker(engine, expire_on_commit=False)
        database = Database(path, engine, factory, passphrase=passphrase)
        database.repaired_triggers = repair_triggers(engine)
        with database.session() as session:
            sync_exercise_library(session)
    except BaseException:
        engine.dispose()
        raise
    return database


def read_only_database(path: Path, reason: str, passphrase: str | None = None) -> Database:
    """The database at `path` through connections that cannot write (no upgrade, no library
    sync): what only reads works, a save raises ReadOnlyDatabase naming `reason`."""
    engine = read_only_engine(path, passphrase)
    factory = sessionmaker(engine, expire_on_commit=False)
    return Database(path, engine, factory, reason, passphrase)


def create_database(path: Path, passphrase: str | None = None) -> None:
    """A new, empty Holdfast database at `path`.

    It is built under another name beside it and renamed into place once complete, so a crash
    while creating never leaves an empty or half-made file where the database belongs (the
    next start would rightly refuse it as damaged). With `passphrase` it is born encrypted.
    """
    partial = path.with_name(path.name + ".new")
    try:
        private_folder(path.parent)
        for leftover in (partial, *wal_sidecars(partial)):
            leftover.unlink(missing_ok=True)
        create_private_file(partial)  # 0600 before SQLite opens it: its -wal/-shm follow
        engine = make_engine(partial, passphrase)
        try:
            ensure_schema(engine, partial)
            with Session(engine) as session, session.begin():
                sync_exercise_library(session)
        finally:
            engine.dispose()  # the last connection closing folds the WAL into the file
        sync_to_disk(partial)
        os.replace(partial, path)
        sync_to_disk(path.parent)
    except OSError as error:
        raise UnusableDatabase(
            "cannot-create",
            f"No database could be created at {path} ({error.strerror or error}). Choose a "
            "folder you may write to (--db or the HOLDFAST_DB setting).",
        ) from None
