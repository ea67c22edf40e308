"""Files private by default: under the usual umask 022, everything Holdfast writes that can
hold patient data is 0600 and every folder it creates 0700 (models/private_files.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from models.backup import backup_database, backup_to
from models.database import open_database
from models.instance_lock import lock_instance
from models.paths import backups_dir, lock_path
from models.services.demo import load_demo
from models.services.patients import patient_id_for_chart
from models.settings import Settings, save_settings, settings_path
from reports.cli import write_report
from tests.exchange_gui import click, close
from ui.actions.data import open_exchange
from ui.background import SyncRunner
from ui.cli import main
from ui.context import AppContext
from ui.diagnostics import write_log
from ui.report_preview import ReportPreviewDialog, open_report

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX"),
    pytest.mark.usefixtures("loose_umask"),
]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_its_wal_and_its_folders_are_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    path = home / "new" / "data" / "holdfast.sqlite3"
    db = open_database(path)
    try:
        load_demo(db)
        wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
        assert wal.exists() and shm.exists()  # open: SQLite keeps them beside the file
        assert {p.name: mode(p) for p in (path, wal, shm)} == {
            path.name: 0o600,
            wal.name: 0o600,
            shm.name: 0o600,
        }
        assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
        assert mode(home) == 0o755  # a folder Holdfast did not make keeps its mode
    finally:
        db.close()


def test_settings_are_private(tmp_path: Path) -> None:
    db_path = tmp_path / "holdfast.sqlite3"
    save_settings(db_path, Settings(practitioner_name="Jo Reyes"))
    assert mode(settings_path(db_path)) == 0o600
    settings_path(db_path).chmod(0o644)  # loose from an older version: tightened on save
    save_settings(db_path, Settings(practitioner_name="Jo Reyes"))
    assert mode(settings_path(db_path)) == 0o600


def test_backups_and_their_folder_are_private(tmp_path: Path) -> None:
    db = open_database(tmp_path / "holdfast.sqlite3")
    try:
        load_demo(db)
        made = backup_database(db.engine, db.path)
        named = backup_to(db.engine, tmp_path / "chosen" / "copy.sqlite3")
    finally:
        db.close()
    assert made.parent == backups_dir(db.path)
    assert mode(made.parent) == 0o700
    assert mode(made) == 0o600 and mode(named) == 0o600
    assert mode(named.parent) == 0o700


def test_the_lock_file_and_the_diagnostics_log_are_private(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "holdfast.sqlite3"
    lock = lock_instance(db_path)
    try:
        assert mode(lock_path(db_path)) == 0o600
    finally:
        lock.release()
    log = write_log(RuntimeError("boom"), tmp_path)
    assert log is not None
    assert mode(log) == 0o600 and mode(log.parent) == 0o700


def test_command_line_exports_and_reports_are_private(tmp_path: Path) -> None:
    db = open_database(tmp_path / "holdfast.sqlite3")
    try:
        load_demo(db)
        pdf = write_report(db, "R-001", "handout", None, tmp_path / "out" / "handout.pdf")
    finally:
        db.close()
    assert mode(pdf) == 0o600
    exported = tmp_path / "export.json"
    assert main(["--db", str(db.path), "export", "-o", str(exported)]) == 0
    assert mode(exported) == 0o600


def test_gui_exports_and_saved_reports_are_private(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(tmp_path / "holdfast.sqlite3")
    try:
        load_demo(db)
        context = AppContext(db, SyncRunner())
        parent = QWidget()
        qtbot.addWidget(parent)
        exported = tmp_path / "gui-export.json"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(exported), "*.json"))
        dialog = open_exchange(context, parent, "export")
        click(qtbot, dialog.choose_button)
        click(qtbot, dialog.start_button)
        close(qtbot, dialog)
        open_report(context, parent, "handout", patient_id_for_chart(db, "R-002"), None)
        (preview,) = parent.findChildren(ReportPreviewDialog)
        saved_as = tmp_path / "handout.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(saved_as), "PDF"))
        assert preview.save_as() == saved_as
        preview.close()
    finally:
        db.close()
    assert mode(exported) == 0o600 and mode(saved_as) == 0o600


def test_the_command_line_makes_every_later_file_private(tmp_path: Path) -> None:
    """restrict_umask at the start: a library writing a file of its own makes it private."""
    assert main(["--db", str(tmp_path / "holdfast.sqlite3"), "patients"]) == 0
    stray = tmp_path / "written-by-a-library"
    stray.write_text("x")
    assert mode(stray) == 0o600


def test_check_names_each_loose_file_with_the_command_that_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database from before files were private: every loose file is one line."""
    db = open_database(tmp_path / "holdfast.sqlite3")
    try:
        load_demo(db)
        backup = backup_database(db.engine, db.path)
    finally:
        db.close()
    save_settings(db.path, Settings())
    draft = db.path.parent / "drafts" / "visit-1.json"  # left by an older version
    draft.parent.mkdir()
    draft.write_text("{}")
    loose = [db.path, settings_path(db.path), backup, backup.parent, draft, draft.parent]
    for path in loose:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert main(["--db", str(db.path), "check"]) == 0  # a warning, not a failed check
    lines = [line for line in capsys.readouterr().out.splitlines() if "other accounts" in line]
    # SQLite gives the -wal and -shm files it makes while checking the database's own mode
    loose += [db.path.with_name(db.path.name + suffix) for suffix in ("-wal", "-shm")]
    named = [line.split(" can be read")[0].split(" ", 1)[1].strip() for line in lines]
    assert sorted(named) == sorted(f"{'folder' if p.is_dir() else 'file'} {p}" for p in loose)
    for line in lines:
        command = line.split("make it private with: ")[1]
        mode_text, target = command.removeprefix("chmod ").split(" ", 1)
        Path(target).chmod(int(mode_text, 8))  # what the person would run
    assert main(["--db", str(db.path), "check"]) == 0
    out = capsys.readouterr().out
    assert "other accounts" not in out and "permissions   private" in out
