"""Where backups go: the folder chosen in File ▸ Backups… (an external drive, say), or
`backups/` beside the database.

A chosen folder that is missing (the drive is unplugged) is never an error: backups go to the
default folder instead, and the note says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.paths import backups_dir
from models.settings import load_settings


@dataclass(frozen=True)
class BackupFolder:
    """The folder backups go to now, and the chosen one when it could not be used."""

    path: Path
    unavailable: Path | None = None

    @property
    def note(self) -> str:
        """What the person should know about the folder ('' when all is as chosen)."""
        if self.unavailable is None:
            return ""
        return (
            f"The backup folder {self.unavailable} is not available (is the drive plugged "
            f"in?), so backups go to {self.path} until it is back."
        )


def chosen_folder(db_path: Path) -> Path | None:
    """The folder chosen in the settings, or None for the default."""
    try:
        chosen = load_settings(db_path).backup_folder.strip()
    except (OSError, ValueError, TypeError):  # unreadable settings: the default folder
        return None
    return Path(chosen).expanduser() if chosen else None


def backup_folder(db_path: Path) -> BackupFolder:
    """Where the next backup of `db_path` goes."""
    chosen = chosen_folder(db_path)
    if chosen is None:
        return BackupFolder(backups_dir(db_path))
    if chosen.is_dir():
        return BackupFolder(chosen)
    return BackupFolder(backups_dir(db_path), unavailable=chosen)


def backup_folders(db_path: Path) -> list[Path]:
    """Every folder that may hold backups of `db_path`: the one in use, then the default
    one (backups made before a folder was chosen, or while it was unplugged, are there)."""
    folders = [backup_folder(db_path).path]
    if backups_dir(db_path) not in folders:
        folders.append(backups_dir(db_path))
    return folders
