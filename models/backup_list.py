"""The backups of a database as the Backups dialog lists them: when, why, how big, how many
patients and visits, and what their last check found. Read off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.backup import read_only
from models.backup_checks import Check, checks_in
from models.backup_files import backup_files
from models.backup_folder import backup_folders
from models.connect import DRIVER_ERRORS


@dataclass(frozen=True)
class BackupEntry:
    """One backup file; `patients`/`visits` are None when it could not be read."""

    path: Path
    made_at: datetime
    reason: str
    size: int
    patients: int | None
    visits: int | None
    check: Check | None  # None: never checked, or changed since


def list_backups(db_path: Path, passphrase: str | None = None) -> list[BackupEntry]:
    """Every backup of `db_path` in the folder in use and the default one, newest first
    (encrypted ones read with `passphrase`)."""
    entries = []
    for folder in backup_folders(db_path):
        checks = checks_in(folder)
        for backup in backup_files(folder, db_path):
            try:
                size = backup.path.stat().st_size
            except OSError:
                continue  # deleted meanwhile
            patients, visits = record_counts(backup.path, passphrase)
            entries.append(BackupEntry(backup.path, backup.made_at, backup.reason, size,
                                       patients, visits, checks.get(backup.path.name)))  # fmt: skip
    return sorted(entries, key=lambda e: e.made_at, reverse=True)


def record_counts(path: Path, passphrase: str | None = None) -> tuple[int | None, int | None]:
    """How many patients and visits the backup at `path` holds (None, None if unreadable)."""
    try:
        with read_only(path, passphrase) as connection:
            patients = connection.execute("SELECT count(*) FROM patient").fetchone()[0]
            visits = connection.execute("SELECT count(*) FROM visit").fetchone()[0]
    except DRIVER_ERRORS:
        return None, None
    return int(patients), int(visits)
