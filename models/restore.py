"""Restore a backup in place of the database, safely and on the record.

1. The backup is checked first (models/backup_verify.py): nothing changes if it is not good.
2. The current file is backed up (reason "before-restore", kept until deleted). A file too
   damaged to copy through SQLite is kept byte for byte instead (`.damaged`, never listed).
3. The backup is copied with SQLite's backup API into a temporary file beside the database,
   flushed and checked, the old file's -wal/-shm/-journal are removed (their content is in
   the copy of step 2; a stale WAL left beside the new file would be replayed into it), and
   the temporary file is renamed over the database.
4. The database is opened (an older schema is upgraded as usual), an audit event records the
   restore, and SQLite's integrity check runs on the result.

Every engine on the database must be closed before `restore_backup` runs.
"""

from __future__ import annotations

import os
import shutil
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from models.audit import record
from models.backup import (
    BackupFailed,
    copy_verified,
    read_only,
    write_verified,
)
from models.backup_files import BEFORE_RESTORE, backup_name, when_made
from models.backup_folder import backup_folder
from models.backup_verify import check_backup
from models.connect import DRIVER_ERRORS, connect, is_plaintext
from models.conversion import encrypt_file
from models.database import Database, open_database
from models.durable import remove_with_journals, sync_to_disk

RESTORE_ACTION, DATABASE_ENTITY = "restore", "database"


class RestoreRefused(RuntimeError):
    """Nothing was restored and the database is as it was; the message says why."""


class RestoreUnfinished(RuntimeError):
    """The backup is in place but a later step failed; the message says what to do."""


@dataclass(frozen=True)
class Restored:
    """The reopened database, and where the file it replaced was kept."""

    db: Database
    kept_current: Path | None


def restore_backup(
    db_path: Path, backup: Path, actor: str, passphrase: str | None = None
) -> Restored:
    """Replace the database at `db_path` with the backup at `backup` (see the module). An
    encrypted database and its backups are read and written with `passphrase`."""
    check = check_backup(backup, passphrase)
    if not check.ok:
        raise RestoreRefused(f"{check.problem} Nothing was restored.")
    kept = keep_current(db_path, datetime.now(), passphrase)
    put_in_place(backup, db_path, passphrase)
    try:
        db = open_database(db_path, passphrase)
    except Exception as error:
        raise RestoreUnfinished(
            f"The backup was put in place but could not be opened ({type(error).__name__}). "
            f"The database as it was is kept as {kept}."
        ) from error
    try:
        with db.session() as session:
            after = {"backup": backup.name, "made": when_made(backup)}
            record(session, actor, RESTORE_ACTION, DATABASE_ENTITY, None, after=after,
                   patient_id=None)  # fmt: skip
        with db.engine.connect() as connection:
            result = connection.execute(text("PRAGMA integrity_check")).scalar_one()
        if result != "ok":
            raise RestoreUnfinished(f"The restored database failed its check ({result}).")
    except Exception:
        db.close()
        raise
    return Restored(db, kept)


def keep_current(db_path: Path, now: datetime, passphrase: str | None = None) -> Path | None:
    """Back up the database as it is (None when there is no file), or raise RestoreRefused."""
    if not db_path.exists():
        return None
    folder = backup_folder(db_path).path
    target = folder / backup_name(db_path, BEFORE_RESTORE, now)
    try:
        source = connect(db_path, passphrase)
        try:
            copy_verified(source, target)
        finally:
            source.close()
        return target
    except BackupFailed as failed:
        if failed.kind != "damaged":
            raise RestoreRefused(f"{failed} Nothing was restored.") from None
    except DRIVER_ERRORS:
        pass  # not readable through SQLite at all: kept as bytes below
    return keep_bytes(db_path, target.with_suffix(".damaged"))


def keep_bytes(db_path: Path, target: Path) -> Path:
    """Copy the database file (and its WAL) byte for byte to `target`."""
    try:
        for suffix in ("", "-wal"):
            source = db_path.with_name(db_path.name + suffix)
            if source.is_file():
                copy = target.with_name(target.name + suffix)
                shutil.copyfile(source, copy)
                with copy.open("rb+") as handle:
                    os.fsync(handle.fileno())
    except OSError as error:
        remove_with_journals(target)
        raise RestoreRefused(
            f"The current database could not be copied aside before the restore "
            f"({error.strerror or error}). Free some space or choose another backup folder, "
            "then try again. Nothing was restored."
        ) from error
    return target


def put_in_place(backup: Path, db_path: Path, passphrase: str | None = None) -> None:
    """Copy `backup` over `db_path` through a checked temporary file (RestoreRefused if the
    copy fails: the database is then untouched)."""
    incoming = db_path.with_name(f".{db_path.name}.restoring")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with read_only(backup, passphrase) as source:
            write_verified(source, incoming)
        if passphrase is not None and is_plaintext(incoming):
            # A backup from before the database was encrypted: the practice stays encrypted.
            encrypt_file(incoming, passphrase, wal=False)
    except Exception as error:
        remove_with_journals(incoming)
        raise RestoreRefused(
            f"The backup could not be copied beside the database ({error}). Check that the "
            "disk has room, then try again. Nothing was restored."
        ) from error
    _checkpoint(db_path, passphrase)
    for suffix in ("-wal", "-shm", "-journal"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    os.replace(incoming, db_path)
    sync_to_disk(db_path.parent)


def _checkpoint(db_path: Path, passphrase: str | None) -> None:
    """Move the old WAL into the old file first where it can be read (best effort: its
    content is in the copy kept before the restore either way)."""
    if not db_path.with_name(db_path.name + "-wal").exists():
        return
    with suppress(*DRIVER_ERRORS):
        connection = connect(db_path, passphrase)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
