"""Restore: the backup is checked first, the current file is kept, the copy goes in place
through a checked temporary file, stale journals go, and the restore is audited."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.backup import backup_database
from models.backup_files import backup_files, parse_backup
from models.backup_verify import newest_good_backup
from models.database import Database, open_database
from models.orm import AuditEvent, Patient
from models.paths import backups_dir
from models.records import PatientDraft
from models.restore import RestoreRefused, put_in_place, restore_backup
from models.services.audit_trail import audit_trail
from models.services.patients import create_patient
from tests.faults import PAGE, checkpoint, fill_up, overwrite_pages, tiny_filesystem
from tests.schemas import downgrade_to


def patients(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Patient)) or 0


def names(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("SELECT chart_number FROM patient ORDER BY chart_number")
        found = [row[0] for row in rows]
    connection.close()
    return found


def test_restore_brings_the_backup_back_keeps_the_current_file_and_is_audited(
    db: Database, db_path: Path
) -> None:
    create_patient(db, PatientDraft("A-1", "Ada", "Byron"), "tester")
    backup = backup_database(db.engine, db_path)
    create_patient(db, PatientDraft("A-2", "Alan", "Turing"), "tester")
    db.close()

    restored = restore_backup(db_path, backup, "J. Reyes, DC")
    try:
        assert patients(restored.db) == 1
        with restored.db.session() as session:
            event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event is not None and (event.action, event.entity) == ("restore", "database")
        assert event.actor == "J. Reyes, DC" and backup.name in event.after
        made = parse_backup(backup, db_path)
        assert made is not None and made.made_at.isoformat() in event.after
        (entry,) = [e for e in audit_trail(restored.db).entries if e.entity == "database"]
        assert (entry.what, entry.patient, entry.record) == (
            "Restored from a backup",
            "All patients",
            "The whole database",
        )
        assert any(backup.name in change.after for change in entry.changes)
    finally:
        restored.db.close()
    assert restored.kept_current is not None and "before-restore" in restored.kept_current.name
    assert names(restored.kept_current) == ["A-1", "A-2"]  # the state before the restore


def crashed_copy(db: Database, target: Path) -> None:
    """`target` as Holdfast leaves it when killed: a new patient only in the -wal file."""
    connection = sqlite3.connect(db.path)
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute(
        "INSERT INTO patient (chart_number, first_name, last_name, sex, phone, email,"
        " running_profile, notes, archived, created_at, updated_at)"
        " VALUES ('W-1', 'Only', 'InWal', '', '', '', '', '', 0, '2026-01-01', '2026-01-01')"
    )
    connection.commit()
    shutil.copyfile(db.path, target)
    shutil.copyfile(f"{db.path}-wal", f"{target}-wal")
    connection.close()


def test_a_stale_wal_is_not_replayed_into_the_restored_file(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    backup = backup_database(db.engine, db_path)
    crashed = tmp_path / "crashed" / db_path.name
    crashed.parent.mkdir()
    crashed_copy(db, crashed)
    assert Path(f"{crashed}-wal").stat().st_size > 0

    restored = restore_backup(crashed, backup, "tester")
    restored.db.close()
    assert names(crashed) == []  # the backup's state, not the WAL's patient on top of it
    assert restored.kept_current is not None
    assert names(restored.kept_current) == ["W-1"]  # the WAL's content is in the kept copy


def test_the_copy_put_in_place_never_gets_the_old_files_wal(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    """Even when the old file's WAL could not be moved into it (a file SQLite cannot read,
    another program holding it open), the WAL is not replayed into the restored file."""
    backup = backup_database(db.engine, db_path)
    crashed = tmp_path / "crashed" / db_path.name
    crashed.parent.mkdir()
    crashed_copy(db, crashed)
    put_in_place(backup, crashed)
    assert names(crashed) == []
    with sqlite3.connect(crashed) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_a_damaged_or_foreign_backup_is_refused_and_nothing_changes(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    create_patient(db, PatientDraft("A-1", "Ada", "Byron"), "tester")
    damaged = backup_database(db.engine, db_path)
    overwrite_pages(damaged, [2, 3])
    foreign = tmp_path / "other.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE something (x)")
    connection.close()
    newer = backup_database(db.engine, db_path)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    db.close()
    before = db_path.read_bytes()
    refusals = {damaged: "is damaged", foreign: "not a Holdfast database",
                newer: "newer Holdfast", tmp_path / "gone.sqlite3": "no file"}  # fmt: skip
    for backup, words in refusals.items():
        with pytest.raises(RestoreRefused, match=words) as refused:
            restore_backup(db_path, backup, "tester")
        assert "Nothing was restored" in str(refused.value)
    assert db_path.read_bytes() == before
    assert not [p for p in backups_dir(db_path).iterdir() if "before-restore" in p.name]


def test_a_damaged_database_is_kept_byte_for_byte_before_the_restore(
    db: Database, db_path: Path
) -> None:
    create_patient(db, PatientDraft("A-1", "Ada", "Byron"), "tester")
    backup = backup_database(db.engine, db_path)
    db.close()
    checkpoint(db_path)
    overwrite_pages(db_path, list(range(2, db_path.stat().st_size // PAGE)))
    damaged = db_path.read_bytes()

    restored = restore_backup(db_path, backup, "tester")
    restored.db.close()
    assert names(db_path) == ["A-1"]
    assert restored.kept_current is not None and restored.kept_current.suffix == ".damaged"
    assert restored.kept_current.read_bytes() == damaged
    assert [b.path for b in backup_files(backups_dir(db_path), db_path)] == [backup]


def test_a_full_disk_refuses_the_restore_and_leaves_the_database_as_it_was(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "small"
    with tiny_filesystem(folder, 1024):
        db_path = folder / "holdfast.sqlite3"
        db = open_database(db_path)
        create_patient(db, PatientDraft("A-1", "Ada", "Byron"), "tester")
        backup = backup_database(db.engine, db_path)
        create_patient(db, PatientDraft("A-2", "Alan", "Turing"), "tester")
        db.close()
        filler = fill_up(folder)
        with pytest.raises(RestoreRefused, match="is full") as refused:
            restore_backup(db_path, backup, "tester")
        assert "Nothing was restored" in str(refused.value)
        leftovers = [p.name for p in folder.rglob("*") if p.name.startswith(".")]
        assert leftovers == []
        filler.unlink()
        assert names(db_path) == ["A-1", "A-2"]


def test_an_older_backup_is_upgraded_after_the_restore(db: Database, db_path: Path) -> None:
    create_patient(db, PatientDraft("A-1", "Ada", "Byron"), "tester")
    backup = backup_database(db.engine, db_path)
    db.close()
    old = open_database(backup)  # the copy as an older Holdfast would have made it
    downgrade_to(old.engine, "0005")
    old.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{backup}{suffix}").unlink(missing_ok=True)

    restored = restore_backup(db_path, backup, "tester")
    restored.db.close()
    assert names(db_path) == ["A-1"]
    assert list(backups_dir(db_path).glob("*before-upgrade-from-0005*"))


def test_newest_good_backup_skips_damaged_ones(db: Database, db_path: Path) -> None:
    assert newest_good_backup(db_path) is None
    good = backup_database(db.engine, db_path)
    create_patient(db, PatientDraft("A-1", "Ada", "Byron"), "tester")
    newer = backup_database(db.engine, db_path)
    assert newest_good_backup(db_path) == newer
    overwrite_pages(newer, [2, 3])
    assert newest_good_backup(db_path) == good
