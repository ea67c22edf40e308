"""Automatic backups: at start-up and on close, when something changed since the newest
backup, at most one an hour; then thinned (models/retention.py).

"Changed" is decided by the audit trail: every change Holdfast stores writes an audit event
(models/audit.py), so the newest event (its id and time) names the state of the records. A
backup holds the newest event of the state it copied. Neither the file's modification time
(every opening writes to it) nor SQLite's `data_version` (which counts only the changes other
connections made since this one opened) tells whether records changed between two runs.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from models.backup import backup_database, read_only
from models.backup_checks import checks_in
from models.backup_files import BackupFile, backup_files
from models.backup_folder import backup_folder
from models.connect import DRIVER_ERRORS, engine_passphrase
from models.retention import copies_to_keep

MIN_INTERVAL = timedelta(hours=1)
UNREADABLE: tuple[type[Exception], ...] = (SQLAlchemyError, *DRIVER_ERRORS)
NEWEST_EVENT = "SELECT id, at FROM audit_event ORDER BY id DESC LIMIT 1"


def automatic_backup(engine: Engine, path: Path, now: datetime | None = None) -> Path | None:
    """Back up the database at `path` if it changed since the newest backup and no automatic
    one was made in the last hour; returns the new file, or None when none was needed.
    Raises BackupFailed (nothing kept, nothing deleted) when the copy fails."""
    now = now or datetime.now()
    folder = backup_folder(path).path
    existing = backup_files(folder, path)
    if any(timedelta(0) <= now - b.made_at < MIN_INTERVAL for b in existing if b.automatic):
        return None
    if existing and not changed_since(engine, existing[-1].path):
        return None
    made = backup_database(engine, path, reason="automatic", folder=folder, now=now)
    thin_automatic(folder, path, now)  # only once the new copy is verified and in place
    return made


def thin_automatic(folder: Path, db_path: Path, now: datetime) -> list[Path]:
    """Delete the automatic backups retention no longer keeps, never the newest verified
    backup of any kind; returns the deleted files."""
    existing = backup_files(folder, db_path)
    keep = copies_to_keep([b.made_at for b in existing if b.automatic], now)
    good = newest_verified(folder, existing)
    deleted = []
    for backup in existing:
        if backup.automatic and backup.made_at not in keep and backup.path != good:
            with suppress(OSError):  # one that cannot go stays; the next run tries again
                backup.path.unlink()
                deleted.append(backup.path)
    return deleted


def newest_verified(folder: Path, existing: list[BackupFile]) -> Path | None:
    """The newest backup whose last check passed."""
    checks = checks_in(folder)
    passed = [b.path for b in existing if (c := checks.get(b.path.name)) and c.ok]
    return passed[-1] if passed else None


def changed_since(engine: Engine, backup: Path) -> bool:
    """Whether the records may differ from those the backup at `backup` holds (when either
    cannot be read, they may)."""
    try:
        with engine.connect() as connection:
            now = connection.execute(text(NEWEST_EVENT)).first()
        with read_only(backup, engine_passphrase(engine)) as copy:
            then = copy.execute(NEWEST_EVENT).fetchone()
    except UNREADABLE:
        return True
    return _fingerprint(now) != _fingerprint(then)


def _fingerprint(row: Any) -> tuple[int, str] | None:
    """The newest audit event's id and time as text, or None when there is none."""
    return None if row is None else (int(row[0]), str(row[1]))
