"""Backups: consistent copies, the daily automatic copy and its rotation."""

import os
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

from models.backup import automatic_backup, backup_database
from models.database import Database
from models.paths import backups_dir


def test_backup_is_a_readable_copy(demo_db: Database, db_path: Path) -> None:
    copy = backup_database(demo_db.engine, db_path)
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM patient").fetchone() == (5,)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_automatic_backup_once_a_day_and_rotated(db: Database, db_path: Path) -> None:
    first = automatic_backup(db.engine, db_path)
    assert first is not None and first.exists()
    assert automatic_backup(db.engine, db_path) is None  # fresh enough
    day_old = time.time() - 25 * 3600
    os.utime(first, (day_old, day_old))
    for _ in range(4):
        made = automatic_backup(db.engine, db_path, max_age=timedelta(0), keep=3)
        assert made is not None
    kept = sorted(backups_dir(db_path).glob("*automatic*"))
    assert len(kept) == 3 and first not in kept
