"""Backup file names: `<database name>-<when made>-<reason>.sqlite3`, read back into values.

The time a copy was made is read from its name, not from the file's modification time, which
changes when the folder is copied to another drive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

STAMP = "%Y%m%d-%H%M%S-%f"
SUFFIX = ".sqlite3"
# Why a copy was made. Automatic ones are thinned (models/retention.py); every other kind is
# kept until the person deletes it.
AUTOMATIC = "automatic"
MANUAL = "manual"
BEFORE_RESTORE = "before-restore"
BEFORE_UPGRADE = "before-upgrade-from-"


@dataclass(frozen=True)
class BackupFile:
    """A backup of one database in a folder: where it is, when and why it was made."""

    path: Path
    made_at: datetime
    reason: str

    @property
    def automatic(self) -> bool:
        return self.reason == AUTOMATIC


def backup_name(db_path: Path, reason: str, made_at: datetime) -> str:
    """The file name of a backup of `db_path` made at `made_at` for `reason`."""
    return f"{db_path.stem}-{made_at.strftime(STAMP)}-{reason}{SUFFIX}"


def parse_backup(path: Path, db_path: Path) -> BackupFile | None:
    """The backup `path` names, or None when it is not a backup of `db_path`."""
    pattern = rf"{re.escape(db_path.stem)}-(\d{{8}}-\d{{6}}-\d{{6}})-([\w.-]+){re.escape(SUFFIX)}"
    match = re.fullmatch(pattern, path.name)
    if match is None:
        return None
    try:
        made_at = datetime.strptime(match.group(1), STAMP)
    except ValueError:
        return None
    return BackupFile(path, made_at, match.group(2))


NAMED = re.compile(r"-(\d{8}-\d{6}-\d{6})-[\w.-]+" + re.escape(SUFFIX) + "$")


def is_backup_name(path: Path) -> bool:
    """Whether Holdfast named the file at `path` as a backup (of whichever database)."""
    return NAMED.search(path.name) is not None


def when_made(path: Path) -> datetime:
    """When the backup at `path` was made: from its name if Holdfast named it, else the
    file's modification time."""
    match = NAMED.search(path.name)
    if match:
        try:
            return datetime.strptime(match.group(1), STAMP)
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime)


def backup_files(folder: Path, db_path: Path) -> list[BackupFile]:
    """The backups of `db_path` in `folder`, oldest first (none when it is missing)."""
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return []
    found = [b for p in candidates if (b := parse_backup(p, db_path)) and p.is_file()]
    return sorted(found, key=lambda b: (b.made_at, b.path.name))
