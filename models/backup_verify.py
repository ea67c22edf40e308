"""Is a backup good? SQLite's integrity check, and a Holdfast schema this version can open or
upgrade. Used before a restore, on demand from the Backups dialog, and to find the newest good
backup when the database itself is refused as damaged."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from pathlib import Path

from models.backup import integrity_problem, read_only
from models.backup_checks import Check, record_check
from models.backup_files import backup_files, is_backup_name
from models.backup_folder import backup_folders
from models.connect import DRIVER_ERRORS
from models.migrate import known_revisions
from models.read_only import stored_revision, table_names


def backup_problem(path: Path, passphrase: str | None = None) -> str | None:
    """None when the file at `path` can be restored, else why not, in words (an encrypted
    backup is read with `passphrase`, its database's)."""
    if not path.is_file():
        return f"There is no file at {path}."
    damage = integrity_problem(path, passphrase)
    if damage is not None:
        return f"{path.name} is damaged (SQLite's integrity check: {damage})."
    try:
        with read_only(path, passphrase) as connection:
            tables = table_names(connection)
            revision = stored_revision(connection, tables)
    except DRIVER_ERRORS as error:
        return f"{path.name} could not be read ({error})."
    if revision is None or not {"patient", "visit", "audit_event"} <= tables:
        return f"{path.name} is not a Holdfast database."
    if revision not in known_revisions():
        return (
            f"{path.name} was made by a newer Holdfast (schema {revision}): update Holdfast "
            "to restore it."
        )
    return None


def check_backup(path: Path, passphrase: str | None = None) -> Check:
    """Check the backup at `path` now and note the result beside it (the Backups dialog
    shows it)."""
    problem, now = backup_problem(path, passphrase), datetime.now()
    if is_backup_name(path):  # no note left beside a file of the person's own naming
        with suppress(OSError):  # a folder we may not write to: the result is still returned
            record_check(path, ok=problem is None, problem=problem or "", now=now)
    return Check(problem is None, now, problem or "")


def newest_good_backup(db_path: Path, passphrase: str | None = None) -> Path | None:
    """The newest backup of `db_path` that passes the check, in the backup folder in use or
    the default one; None when there is none. For a database refused as damaged."""
    found = [b for folder in backup_folders(db_path) for b in backup_files(folder, db_path)]
    for backup in sorted(found, key=lambda b: b.made_at, reverse=True):
        if check_backup(backup.path, passphrase).ok:
            return backup.path
    return None
