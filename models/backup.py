"""Verified copies of the database with SQLite's online backup API (safe while in use).

A copy is written under a temporary name in the target folder, flushed to the disk, checked
with `PRAGMA integrity_check`, and only then renamed to its final name. Any failure removes
the temporary file, so a half-written, empty or damaged copy never sits among the backups or
counts as one (docs/ARCHITECTURE.md#backups).
"""

from __future__ import annotations

import errno
import glob
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from models.backup_checks import record_check
from models.backup_files import backup_name, is_backup_name
from models.backup_folder import backup_folder
from models.connect import DATABASE_ERRORS, DRIVER_ERRORS, connect, passphrase_of
from models.durable import remove_with_journals, sync_to_disk
from models.private_files import create_private_file, private_folder

PARTIAL = ".partial"  # a copy being written: never listed, never counted
STALE = timedelta(hours=1)


class BackupFailed(RuntimeError):
    """No backup was kept; the message says why and what to do (earlier ones are untouched).

    `kind` is "damaged", "full", "denied" or "other".
    """

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


def backup_database(
    engine: Engine,
    path: Path,
    reason: str = "manual",
    folder: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """A verified copy of the database at `path` into `folder` (default: the backup folder the
    settings choose); returns the new file. Raises BackupFailed, leaving no file behind."""
    folder = folder if folder is not None else backup_folder(path).path
    remove_stale_partials(folder, path)
    return backup_to(engine, folder / backup_name(path, reason, now or datetime.now()))


def remove_stale_partials(folder: Path, db_path: Path, age: timedelta = STALE) -> None:
    """Remove copies of `db_path` left half-written by a process killed mid-backup (an hour
    old: one being written right now by another Holdfast is left alone)."""
    cutoff = time.time() - age.total_seconds()
    with suppress(OSError):
        for partial in folder.glob(f".{glob.escape(db_path.stem)}-*{PARTIAL}"):
            with suppress(OSError):
                if partial.stat().st_mtime < cutoff:
                    remove_with_journals(partial)


def backup_to(engine: Engine, target: Path) -> Path:
    """A verified copy of the database `engine` opens, at `target` (replaced only once the
    new copy passed its check)."""
    with _driver_connection(engine) as source:
        copy_verified(source, target)
    return target


def copy_verified(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database `source` is connected to into `target`, verified, or raise
    BackupFailed with nothing left at `target` or beside it."""
    partial = target.with_name(f".{target.name}{PARTIAL}")
    try:
        private_folder(target.parent)
        write_verified(source, partial)
        os.replace(partial, target)
        sync_folder(target.parent)
    except Exception as error:
        remove_with_journals(partial)
        if isinstance(error, BackupFailed):
            raise
        raise failure(error, target.parent) from error
    except BaseException:
        remove_with_journals(partial)
        raise
    if is_backup_name(target):  # a file named by the person (`-o`) gets no note beside it
        with suppress(OSError):  # the copy is good and kept even if its check is not noted
            record_check(target, ok=True)


def write_verified(source: sqlite3.Connection, destination: Path) -> None:
    """Write the copy at `destination`, flush it to the disk and check it (BackupFailed if
    it is damaged). The caller removes `destination` on any failure. The copy of an
    encrypted database is encrypted with the same passphrase."""
    passphrase = passphrase_of(source)
    create_private_file(destination)  # 0600 before SQLite writes a byte (its journal follows)
    copy = connect(destination, passphrase)
    try:
        source.backup(copy)
        # One self-contained file: a copy left in WAL mode would grow -wal/-shm files
        # beside it when read, and could not be read at all in a read-only folder.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
    with destination.open("rb+") as handle:
        os.fsync(handle.fileno())
    problem = integrity_problem(destination, passphrase)
    if problem:
        raise BackupFailed(DAMAGED, "damaged")


def integrity_problem(path: Path, passphrase: str | None = None) -> str | None:
    """None when SQLite's integrity check of the file at `path` finds nothing wrong, else
    what it found (its first line), read without writing a byte."""
    try:
        with read_only(path, passphrase) as connection:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
    except DRIVER_ERRORS as error:
        return str(error)
    return None if rows == [("ok",)] else str(rows[0][0])


@contextmanager
def read_only(path: Path, passphrase: str | None = None) -> Iterator[sqlite3.Connection]:
    """A connection that cannot change the file or create anything beside it (immutable:
    a backup is never written while it is read), keyed when the file is encrypted."""
    if not path.is_file():
        raise sqlite3.OperationalError("no such file")
    connection = connect(path, passphrase, query="mode=ro&immutable=1")
    try:
        yield connection
    finally:
        connection.close()


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    sync_to_disk(folder)


@contextmanager
def _driver_connection(engine: Engine) -> Iterator[sqlite3.Connection]:
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert source is not None
        yield source
    finally:
        raw.close()


DAMAGED = (
    "The database is damaged (SQLite's integrity check of the copy failed), so the copy was "
    "not kept; earlier backups are untouched. Restore the newest good backup "
    "(File ▸ Backups…, or `holdfast restore`)."
)
FULL_WORDS = ("full", "no space")
DENIED_WORDS = ("readonly", "read-only", "permission", "access", "unable to open")
DAMAGE_WORDS = ("malformed", "not a database", "corrupt")


def failure(error: BaseException, folder: Path) -> BackupFailed:
    """`error` in words: what happened to the backup and what to do."""
    words = str(error).lower()
    number = error.errno if isinstance(error, OSError) else None
    # SQLite names a full disk SQLITE_FULL, or an I/O error when even its shared-memory
    # index of the WAL cannot grow.
    sqlite_name = getattr(error, "sqlite_errorname", "")
    if (
        number == errno.ENOSPC
        or any(w in words for w in FULL_WORDS)
        or sqlite_name.startswith(("SQLITE_FULL", "SQLITE_IOERR"))
    ):
        return BackupFailed(
            f"The backup could not be written: the disk holding {folder} is full or failing. "
            "Free some space there or choose another backup folder (File ▸ Backups…), then "
            "try again. Nothing was kept and your database is unchanged.",
            "full",
        )
    if number in (errno.EACCES, errno.EPERM, errno.EROFS) or any(w in words for w in DENIED_WORDS):
        return BackupFailed(
            f"The backup could not be written: Holdfast may not write to {folder}. Choose "
            "another backup folder (File ▸ Backups…), then try again.",
            "denied",
        )
    if isinstance(error, DATABASE_ERRORS) and any(w in words for w in DAMAGE_WORDS):
        return BackupFailed(DAMAGED, "damaged")
    return BackupFailed(
        f"The backup could not be made ({type(error).__name__}). Try again; if it fails "
        "again, choose another backup folder (File ▸ Backups…).",
    )
