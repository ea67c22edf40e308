"""Backups under real faults: a full disk and a damaged database never leave a copy that
counts as a backup, and never push out a good one."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from models.automatic_backups import automatic_backup
from models.backup import BackupFailed, backup_database
from models.backup_checks import CHECKS_FILE
from models.database import Database, make_engine
from models.paths import backups_dir
from models.records import PatientDraft
from models.services.patients import create_patient
from tests.faults import checkpoint, fill_up, overwrite_pages, tiny_filesystem


def sqlite_files(folder: Path) -> list[Path]:
    """Every file in `folder` but the filler and the note of checks: backups, and anything
    half-written beside them."""
    return sorted(p for p in folder.iterdir() if p.name not in ("filler.bin", CHECKS_FILE))


def test_a_backup_on_a_full_disk_leaves_nothing_and_is_made_once_there_is_room(
    db: Database, db_path: Path
) -> None:
    folder = backups_dir(db_path)
    with tiny_filesystem(folder, 1024):
        filler = fill_up(folder)
        with pytest.raises(BackupFailed, match="is full"):
            automatic_backup(db.engine, db_path)
        assert sqlite_files(folder) == []  # no 0-byte or half-written copy
        filler.unlink()
        made = automatic_backup(db.engine, db_path)  # the failed one did not count
        assert made is not None and made.stat().st_size > 0


def damage(db: Database, db_path: Path) -> None:
    """Overwrite pages of the closed file with garbage, as a failing disk would."""
    db.close()
    checkpoint(db_path)
    pages = db_path.stat().st_size // 4096
    overwrite_pages(db_path, list(range(pages // 2, pages + 1)))  # pages count from 1


def test_a_damaged_database_is_never_kept_as_a_backup(demo_db: Database, db_path: Path) -> None:
    good = backup_database(demo_db.engine, db_path)
    damage(demo_db, db_path)
    engine = make_engine(db_path)
    try:
        for _ in range(3):
            with pytest.raises(Exception, match="damaged"):
                backup_database(engine, db_path)
    finally:
        engine.dispose()
    assert sqlite_files(backups_dir(db_path)) == [good]
    with sqlite3.connect(good) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()


def test_launches_on_a_damaged_database_never_push_out_good_backups(
    demo_db: Database, db_path: Path
) -> None:
    start = datetime(2026, 1, 5, 9, 0)
    good = []
    for day in range(5):
        create_patient(demo_db, PatientDraft(f"G-{day}", "Ada", "Byron"), "tester")
        good.append(automatic_backup(demo_db.engine, db_path, now=start + timedelta(days=day)))
    damage(demo_db, db_path)
    engine = make_engine(db_path)
    try:
        for launch in range(14):  # a launch a day, each trying its automatic backup
            when = start + timedelta(days=5 + launch)
            with pytest.raises(BackupFailed, match="damaged") as failed:
                automatic_backup(engine, db_path, now=when)
            assert failed.value.kind == "damaged"
    finally:
        engine.dispose()
    assert sqlite_files(backups_dir(db_path)) == good


def test_a_copy_left_half_written_by_a_killed_backup_is_removed_by_the_next(
    db: Database, db_path: Path
) -> None:
    folder = backups_dir(db_path)
    folder.mkdir(parents=True)
    stale = folder / ".holdfast-20260105-090000-000000-automatic.sqlite3.partial"
    fresh = folder / ".holdfast-20260105-100000-000000-manual.sqlite3.partial"
    for partial in (stale, fresh):
        partial.write_bytes(b"\0" * 4096)
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    backup_database(db.engine, db_path)
    assert not stale.exists()
    assert fresh.exists()  # perhaps another Holdfast writing it right now
