"""Consistent copies of the database with SQLite's online backup API (safe while in use)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from models.paths import backups_dir


def backup_database(engine: Engine, path: Path, reason: str = "manual") -> Path:
    """Copy the database into the backups folder; returns the new file's path."""
    folder = backups_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}.sqlite3"
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with sqlite3.connect(target) as destination:
            source.backup(destination)
        destination.close()
    finally:
        raw.close()
    return target


AUTOMATIC = "automatic"


def automatic_backup(
    engine: Engine, path: Path, max_age: timedelta = timedelta(hours=24), keep: int = 14
) -> Path | None:
    """A daily safety copy: back up when the newest automatic one is older than `max_age`,
    then keep only the `keep` newest automatic copies (manual and pre-upgrade ones stay)."""
    folder = backups_dir(path)
    existing = sorted(folder.glob(f"{path.stem}-*-{AUTOMATIC}.sqlite3")) if folder.exists() else []
    newest = max((p.stat().st_mtime for p in existing), default=0.0)
    if existing and datetime.now() - datetime.fromtimestamp(newest) < max_age:
        return None
    target = backup_database(engine, path, reason=AUTOMATIC)
    automatic = sorted(folder.glob(f"{path.stem}-*-{AUTOMATIC}.sqlite3"))
    for old in automatic[:-keep]:
        old.unlink()
    return target
