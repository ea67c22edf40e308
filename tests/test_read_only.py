"""A database that cannot be written opens read-only: everything that reads works, a save is
refused in words (never a traceback), and nothing on disk changes. The read-only filesystem
is real: tests/faults.read_only_folder (a read-only mount as root, permissions otherwise)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from models.database import Database, open_database
from models.migrate import SchemaError
from models.opening import UnusableDatabase
from models.read_only import ReadOnlyDatabase, wal_sidecars
from models.records import PatientDraft
from models.services.patients import create_patient, search_patients
from tests.bad_files import contents, healthy
from tests.faults import read_only_folder
from tests.schemas import downgrade_to

READ_ONLY_REASONS = {  # as root the disk is read-only; otherwise permissions say it
    "the disk it is on is read-only",
    "the database file is read-only",
    "the folder cannot be written",
}


def test_a_read_only_database_opens_read_only_reads_and_refuses_a_save_in_words(
    db_path: Path,
) -> None:
    healthy(db_path)
    folder = db_path.parent
    with read_only_folder(folder):
        before = {name: contents(folder / name) for name in os.listdir(folder)}
        db = open_database(db_path)
        assert db.read_only and db.read_only_reason in READ_ONLY_REASONS
        assert len(search_patients(db)) == 5  # the demo practice
        with pytest.raises(ReadOnlyDatabase) as refused:
            create_patient(db, PatientDraft("N-1", "New", "Patient"), "tester")
        db.close()
        message = str(refused.value)
        assert message.startswith("The database is read-only (the ")
        assert "New" not in message and "INSERT" not in message
        assert {name: contents(folder / name) for name in os.listdir(folder)} == before


def _copied_while_open(source: Database, target: Path) -> Path:
    """The data folder copied while Holdfast had it open: the last changes are still in the
    -wal beside the file, with its -shm index."""
    target.mkdir()
    for file in (source.path, *wal_sidecars(source.path)):
        shutil.copy(file, target / file.name)
    return target / source.path.name


def test_a_read_only_copy_taken_while_open_shows_its_latest_changes(
    db: Database, tmp_path: Path
) -> None:
    create_patient(db, PatientDraft("W-1", "Still", "InTheWal"), "tester")
    copy = _copied_while_open(db, tmp_path / "copy")
    with read_only_folder(copy.parent):
        opened = open_database(copy)
        assert [p.chart_number for p in search_patients(opened)] == ["W-1"]
        opened.close()


def test_changes_a_read_only_folder_keeps_out_of_reach_are_refused_not_hidden(
    db: Database, tmp_path: Path
) -> None:
    create_patient(db, PatientDraft("W-1", "Still", "InTheWal"), "tester")
    copy = _copied_while_open(db, tmp_path / "copy")
    wal_sidecars(copy)[1].unlink()  # no -shm: SQLite cannot read the -wal without writing
    with read_only_folder(copy.parent), pytest.raises(UnusableDatabase) as refused:
        open_database(copy)
    assert refused.value.reason == "unreadable" and "latest changes" in str(refused.value)


def test_a_read_only_database_that_needs_an_upgrade_is_refused_in_words(
    db: Database, db_path: Path
) -> None:
    downgrade_to(db.engine, "0005")
    db.close()
    with read_only_folder(db_path.parent), pytest.raises(UnusableDatabase) as refused:
        open_database(db_path)
    assert refused.value.reason == "needs-upgrade" and "cannot be written" in str(refused.value)


def test_a_read_only_database_from_a_newer_holdfast_is_refused_as_newer(
    db: Database, db_path: Path
) -> None:
    db.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    with read_only_folder(db_path.parent), pytest.raises(SchemaError, match="newer Holdfast"):
        open_database(db_path)
