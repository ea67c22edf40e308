"""Backups: verified copies, automatic ones when something changed (at most hourly), thinned
by age, into the folder the person chose or beside the database."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path

import pytest

from models.automatic_backups import automatic_backup
from models.backup import BackupFailed, backup_database
from models.backup_checks import last_check
from models.backup_files import backup_files
from models.backup_folder import backup_folder
from models.database import Database
from models.paths import backups_dir
from models.records import PatientDraft
from models.retention import copies_to_keep
from models.services.patients import create_patient
from models.settings import load_settings, save_settings
from tests.faults import read_only_folder

START = datetime(2026, 1, 5, 9, 0)
charts = count(1)


def change(db: Database) -> None:
    """Something the next automatic backup must take."""
    create_patient(db, PatientDraft(f"B-{next(charts)}", "Ada", "Byron"), "tester")


def test_backup_is_a_verified_self_contained_copy(demo_db: Database, db_path: Path) -> None:
    copy = backup_database(demo_db.engine, db_path)
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM patient").fetchone() == (5,)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()
    check = last_check(copy)
    assert check is not None and check.ok
    assert {p.name for p in copy.parent.iterdir()} == {copy.name, "backup-checks.json"}


def test_automatic_backup_only_when_something_changed_and_at_most_hourly(
    db: Database, db_path: Path
) -> None:
    first = automatic_backup(db.engine, db_path, now=START)
    assert first is not None
    assert automatic_backup(db.engine, db_path, now=START + timedelta(hours=5)) is None
    change(db)
    assert automatic_backup(db.engine, db_path, now=START + timedelta(minutes=30)) is None
    second = automatic_backup(db.engine, db_path, now=START + timedelta(hours=1))
    assert second is not None and second != first
    # A manual backup of the same state counts too: nothing new to keep.
    change(db)
    backup_database(db.engine, db_path, now=START + timedelta(hours=2))
    assert automatic_backup(db.engine, db_path, now=START + timedelta(hours=3)) is None


def test_automatic_backups_are_thinned_manual_and_pre_upgrade_ones_kept(
    db: Database, db_path: Path
) -> None:
    manual = backup_database(db.engine, db_path, now=START - timedelta(days=400))
    upgrade = backup_database(
        db.engine, db_path, reason="before-upgrade-from-0001", now=START - timedelta(days=399)
    )
    made = []
    for hours in range(0, 24 * 60, 7):  # every seven hours for sixty days
        change(db)
        when = START + timedelta(hours=hours)
        assert automatic_backup(db.engine, db_path, now=when) is not None
        made.append(when)
    folder = backups_dir(db_path)
    automatic = [b.made_at for b in backup_files(folder, db_path) if b.automatic]
    assert set(automatic) == copies_to_keep(made, made[-1])
    assert len(automatic) < 25 and manual.exists() and upgrade.exists()


def test_a_read_only_backup_folder_is_said_in_words(db: Database, db_path: Path) -> None:
    folder = backups_dir(db_path)
    folder.mkdir(parents=True)
    with read_only_folder(folder), pytest.raises(BackupFailed) as failed:
        backup_database(db.engine, db_path)
    assert failed.value.kind == "denied"
    assert "may not write to" in str(failed.value) and "Choose another" in str(failed.value)
    assert list(folder.iterdir()) == []


def choose(db_path: Path, folder: Path) -> None:
    save_settings(db_path, replace(load_settings(db_path), backup_folder=str(folder)))


def test_the_chosen_folder_is_used_and_an_unplugged_one_falls_back(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    drive = tmp_path / "drive" / "holdfast-backups"
    drive.mkdir(parents=True)
    choose(db_path, drive)
    made = backup_database(db.engine, db_path)
    assert made.parent == drive and backup_folder(db_path).note == ""
    drive.rename(tmp_path / "drive" / "elsewhere")  # the drive is unplugged
    folder = backup_folder(db_path)
    assert folder.path == backups_dir(db_path) and folder.unavailable == drive
    assert "not available" in folder.note and "plugged in" in folder.note
    assert backup_database(db.engine, db_path).parent == backups_dir(db_path)
