"""File ▸ Backups…, driven through its real widgets: the list, Check again, Back up now,
Choose folder…, and a restore that reopens the main window on the restored records."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from models.automatic_backups import automatic_backup
from models.backup import backup_database
from models.backup_files import backup_files
from models.database import Database
from models.paths import backups_dir
from models.records import PatientDraft
from models.services.patients import create_patient, search_patients
from models.settings import load_settings
from tests.dialogs import answer_next_box
from tests.faults import PAGE, checkpoint, overwrite_pages, read_only_folder
from ui.actions import visits as visit_actions
from ui.actions.backups import offer_restore
from ui.background import SyncRunner
from ui.backups_dialog import BackupsDialog
from ui.context import AppContext
from ui.main_window import MainWindow


def main_window(qtbot: QtBot, db: Database, replaced: bool = False) -> MainWindow:
    """A shown main window; one a restore will replace deletes itself, so the test does
    not close it again at the end."""
    window = MainWindow(AppContext(db, SyncRunner()))
    if not replaced:
        qtbot.addWidget(window)
    window.show()
    return window


def open_backups(qtbot: QtBot, window: MainWindow) -> BackupsDialog:
    """File ▸ Backups…, as a person opens it."""
    (action,) = [a for a in window.menuBar().actions()[0].menu().actions()
                 if a.text() == "Bac&kups…"]  # fmt: skip
    action.trigger()
    dialog = window.findChild(BackupsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def click_row(qtbot: QtBot, dialog: BackupsDialog, row: int) -> None:
    table = dialog.table
    centre = table.visualRect(dialog.model.index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def cells(dialog: BackupsDialog, row: int) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def test_the_list_shows_each_backup_and_check_again_finds_damage(
    qtbot: QtBot, demo_db: Database, db_path: Path
) -> None:
    older = backup_database(demo_db.engine, db_path, reason="before-upgrade-from-0005")
    create_patient(demo_db, PatientDraft("A-1", "Ada", "Byron"), "tester")
    automatic_backup(demo_db.engine, db_path)
    overwrite_pages(older, [3, 4])  # rots on the disk after it was checked
    dialog = open_backups(qtbot, main_window(qtbot, demo_db))

    assert dialog.model.rowCount() == 2
    newest, oldest = cells(dialog, 0), cells(dialog, 1)
    assert newest[1:4] == ["Automatic", "6", "35"] and newest[5].startswith("✔ good")
    assert oldest[1] == "Before an upgrade" and oldest[5].startswith("✔ good")
    assert "(beside the database)" in dialog.folder.text()
    qtbot.waitUntil(dialog.table.hasFocus)

    click_row(qtbot, dialog, 1)
    click(qtbot, dialog.check)
    assert cells(dialog, 1)[5].startswith("✘ damaged")
    assert "failed its check" in dialog.status.text()
    assert "is damaged" in dialog.model.data(dialog.model.index(1, 0), Qt.ItemDataRole.ToolTipRole)


def test_back_up_now_by_keyboard_adds_a_checked_backup(
    qtbot: QtBot, db: Database, db_path: Path
) -> None:
    dialog = open_backups(qtbot, main_window(qtbot, db))
    assert dialog.status.text() == "No backups yet." and not dialog.restore.isEnabled()
    qtbot.waitUntil(dialog.table.hasFocus)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)
    assert dialog.back_up.hasFocus()
    qtbot.keyClick(dialog.back_up, Qt.Key.Key_Space)
    assert dialog.model.rowCount() == 1 and cells(dialog, 0)[1] == "Made by hand"
    assert dialog.status.text().startswith("Backed up and checked")
    assert dialog.restore.isEnabled()


def test_a_backup_that_cannot_be_written_is_said_in_words(
    qtbot: QtBot, db: Database, db_path: Path
) -> None:
    dialog = open_backups(qtbot, main_window(qtbot, db))
    folder = backups_dir(db_path)
    folder.mkdir()
    with read_only_folder(folder):
        click(qtbot, dialog.back_up)
        (box,) = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert "may not write to" in box.text() and "Choose another backup folder" in box.text()
    assert "Traceback" not in box.text() and "Errno" not in box.text()
    box.close()
    assert backup_files(folder, db_path) == []


def test_the_folder_is_chosen_in_the_dialog_and_an_unplugged_one_is_said(
    qtbot: QtBot, db: Database, db_path: Path, tmp_path: Path
) -> None:
    drive = tmp_path / "usb-drive"
    drive.mkdir()
    dialog = open_backups(qtbot, main_window(qtbot, db))
    click(qtbot, dialog.choose)
    chooser = dialog.chooser
    assert chooser is not None
    qtbot.waitExposed(chooser)
    name = chooser.findChild(QLineEdit, "fileNameEdit")
    assert name is not None
    qtbot.waitUntil(name.hasFocus)
    qtbot.keyClicks(name, str(drive))
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert load_settings(db_path).backup_folder == str(drive)
    assert f"Backups go to {drive} (the folder you chose)" in dialog.folder.text()
    click(qtbot, dialog.back_up)
    assert [b.path.parent for b in backup_files(drive, db_path)] == [drive]

    drive.rename(tmp_path / "unplugged")
    dialog.reload()
    assert dialog.note.isVisible() and "is not available" in dialog.note.text()
    assert str(backups_dir(db_path)) in dialog.folder.text()
    click(qtbot, dialog.use_default)
    assert load_settings(db_path).backup_folder == "" and not dialog.note.isVisible()


def test_restore_keeps_the_typing_and_reopens_the_window_on_the_restored_records(
    qtbot: QtBot, demo_db: Database, db_path: Path
) -> None:
    backup = backup_database(demo_db.engine, db_path)
    window = main_window(qtbot, demo_db, replaced=True)
    patient = create_patient(demo_db, PatientDraft("A-1", "Ada", "Byron"), "tester")
    visit_actions.new_visit(window.context, window.editor, patient, date(2026, 5, 4))
    qtbot.keyClicks(window.editor.assessment.reasoning, "Typed just before the restore")
    dialog = open_backups(qtbot, window)
    row = [e.path for e in dialog.model.rows].index(backup)
    click_row(qtbot, dialog, row)

    asked = answer_next_box(qtbot, button="Restore")
    click(qtbot, dialog.restore)
    qtbot.waitUntil(lambda: window.successor is not None, timeout=5000)
    assert "The current database is backed up first" in asked[0]
    successor = window.successor
    assert successor is not None
    qtbot.addWidget(successor)
    assert successor.isVisible()
    qtbot.waitUntil(lambda: not isValid(window))  # the old window and its views are gone
    assert successor.patient_list.model.rowCount() == 5  # A-1 came after the backup
    assert "Restored the backup made" in successor.statusBar().currentMessage()

    (kept,) = backups_dir(db_path).glob("*before-restore.sqlite3")
    with sqlite3.connect(kept) as connection:
        query = "SELECT hypothesis_reasoning FROM visit WHERE patient_id = ?"
        assert connection.execute(query, (patient,)).fetchall() == [
            ("Typed just before the restore",)
        ]
    connection.close()
    successor.context.db.close()


def test_start_up_backup_says_where_and_a_failure_is_shown_in_words(
    qtbot: QtBot, db: Database, db_path: Path
) -> None:
    window = main_window(qtbot, db)
    window.start_automatic_backups()
    assert window.statusBar().currentMessage().startswith("Automatic backup saved in")
    assert window.backup_on_close

    create_patient(db, PatientDraft("A-1", "Ada", "Byron"), "tester")
    for backup in backup_files(backups_dir(db_path), db_path):
        backup.path.unlink()  # so the next start-up wants one at once
    with read_only_folder(backups_dir(db_path)):
        window.start_automatic_backups()
        (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert box.windowTitle() == "Backup failed" and "may not write to" in box.text()
    assert "tries again" in box.text()
    box.close()


def test_closing_the_window_backs_up_what_changed(
    qtbot: QtBot, db: Database, db_path: Path
) -> None:
    window = main_window(qtbot, db)
    window.backup_on_close = True
    create_patient(db, PatientDraft("A-1", "Ada", "Byron"), "tester")
    window.close()
    (made,) = backup_files(backups_dir(db_path), db_path)
    assert made.automatic


def test_a_database_refused_as_damaged_is_offered_its_newest_good_backup(
    qtbot: QtBot, demo_db: Database, db_path: Path
) -> None:
    backup_database(demo_db.engine, db_path)
    demo_db.close()
    checkpoint(db_path)
    overwrite_pages(db_path, list(range(2, db_path.stat().st_size // PAGE)))
    opened: list[Database] = []
    asked = answer_next_box(qtbot, button="Restore")
    offer_restore(db_path, SyncRunner(), None, opened.append, lambda: pytest.fail("declined"))
    qtbot.waitUntil(lambda: len(opened) == 1)
    assert "The newest good backup of this database was made" in asked[0]
    assert len(search_patients(opened[0])) == 5
    opened[0].close()
    assert list(backups_dir(db_path).glob("*before-restore.damaged"))


def test_with_no_good_backup_the_offer_says_so_and_declines(qtbot: QtBot, db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"not a database at all" * 500)
    declined: list[bool] = []
    said = answer_next_box(qtbot)
    offer_restore(db_path, SyncRunner(), None, lambda _db: None, lambda: declined.append(True))
    qtbot.waitUntil(lambda: declined == [True])
    assert "nothing to restore" in said[0]
