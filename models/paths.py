"""Where the data lives: the platform's user data folder, or an override (Anki's path_override)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_ENV = "HOLDFAST_DB"
DB_FILENAME = "holdfast.sqlite3"


def default_db_path() -> Path:
    """$HOLDFAST_DB if set, else the user data folder's holdfast.sqlite3."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("Holdfast", appauthor=False)) / DB_FILENAME


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the database, so moving the folder moves them too."""
    return db_path.parent / "backups"


def lock_path(db_path: Path) -> Path:
    """The file the running Holdfast locks, so a second one on the same database is refused."""
    return db_path.with_name(db_path.name + ".lock")
