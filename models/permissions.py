"""Which of a database's files other local accounts can read, for `holdfast check`.

Holdfast creates its files private (models/private_files.py), but a database made by an
older version, copied in by hand or restored with another tool keeps the mode it was given:
often 0644, readable by every account on the computer. The check names each such file in one
line with the command that makes it private again.
"""

from __future__ import annotations

import shlex
import stat
from dataclasses import dataclass
from pathlib import Path

from models.backup_files import is_backup_name
from models.backup_folder import backup_folders
from models.paths import backups_dir, lock_path
from models.private_files import POSIX, PRIVATE_FILE, PRIVATE_FOLDER, open_to_others
from models.read_only import wal_sidecars
from models.settings import settings_path

# Folders beside the database that hold typed text or error reports: the recovery drafts
# (ui/editor/recovery.py) and the diagnostics logs (ui/diagnostics.py).
HELD_BESIDE = ("drafts", "logs")


@dataclass(frozen=True)
class LooseFile:
    """A file or folder of the database that other accounts may read or write."""

    path: Path
    mode: int

    @property
    def fix(self) -> str:
        """The shell command that makes it private."""
        wanted = PRIVATE_FOLDER if self.path.is_dir() else PRIVATE_FILE
        return f"chmod {wanted:o} {shlex.quote(str(self.path))}"

    def line(self) -> str:
        """One line for the check: which file, its mode, and the command that fixes it."""
        kind = "folder" if self.path.is_dir() else "file"
        return (
            f"{kind} {self.path} can be read by other accounts on this computer "
            f"(mode {self.mode:o}); make it private with: {self.fix}"
        )


def holdfast_files(db_path: Path) -> list[Path]:
    """The database's own files that exist: the database and its WAL and shared memory,
    the lock file, settings.json, the default backups/ folder and every backup, the drafts/
    and logs/ folders and their files."""
    candidates = [db_path, *wal_sidecars(db_path), lock_path(db_path), settings_path(db_path)]
    candidates.append(backups_dir(db_path))
    for folder in backup_folders(db_path):
        if folder.is_dir():
            candidates.extend(sorted(p for p in folder.iterdir() if is_backup_name(p)))
    for folder in (db_path.parent / name for name in HELD_BESIDE):
        if folder.is_dir():
            candidates.append(folder)
            candidates.extend(sorted(p for p in folder.iterdir() if p.is_file()))
    return [path for path in candidates if path.exists()]


def loose_files(db_path: Path) -> list[LooseFile]:
    """The files of `db_path` other accounts may read or write (none on Windows, where
    modes mean nothing)."""
    return [
        LooseFile(path, stat.S_IMODE(path.stat().st_mode))
        for path in holdfast_files(db_path)
        if open_to_others(path)
    ]


def permission_lines(db_path: Path) -> list[str]:
    """The check's lines about permissions: one per loose file, or one saying all is private."""
    if not POSIX:
        return ["permissions   not checked (on Windows files take their folder's access list)"]
    loose = loose_files(db_path)
    if not loose:
        return ["permissions   private (only this account can read the files)"]
    return [f"permissions   {file.line()}" for file in loose]
