"""Starting the GUI on a database it cannot use as usual: a damaged or empty file is refused
in words, a read-only one opens saying so and refuses a save in words, a second Holdfast on
the same database is refused (a real second process), and a database in a cloud-sync folder
is opened with a warning. Typed and clicked as a person would (pytest-qt, offscreen)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from models.backup import backup_database
from models.database import open_database
from models.paths import lock_path
from models.services.patients import patient_id_for_chart, search_patients
from tests.bad_files import contents, empty, healthy, overwritten
from tests.dialogs import click_save
from tests.faults import checkpoint, overwrite_pages, read_only_folder
from tests.start_steps import fill_first_run
from tests.test_patient_form import type_patient, window_for
from tests.test_visit_editor import WindowsShown
from ui.actions.patients import new_patient
from ui.app import AT_RISK_TITLE, READ_ONLY_TITLE, run_app, say_read_only
from ui.main_window import MainWindow
from ui.start_dialogs import FirstRunDialog, PassphraseDialog

# A closed main window ends Holdfast within this, even when a slow machine still finishes
# the start-up's background work (a closing backup, the editor built late) meanwhile.
ENDS_WITHIN_S = 30


@dataclass
class Start:
    """What a person saw when the GUI started: the refusal's text, or the main window's
    title, its status-bar labels and the message boxes over it. Whatever shows first is
    closed, so a start that goes differently than expected fails instead of hanging."""

    code: int = -1
    refusal: str = ""
    answers: dict[str, str] = field(default_factory=dict)  # box text start -> button to click
    title: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    boxes: dict[str, str] = field(default_factory=dict)
    late: list[str] = field(default_factory=list)  # windows still open after the main one
    closed_at: float = 0.0  # when the main window was closed (time.monotonic)
    windows: list[str] = field(default_factory=list)  # each window shown, by class, in order


def start_gui(db_path: Path, answers: dict[str, str] | None = None) -> Start:
    """Start the GUI and look: the first parentless box is the refusal (accepted); a later one
    whose text starts with a key of `answers` gets that button clicked, any other accepted.
    Holdfast must end once its main window is closed: if it runs on, the start ends with
    code 2 (ENDS_WITHIN_S later) rather than the test waiting for ever."""
    seen = Start(answers=answers or {})
    running = [True]  # a look still queued when run_app returned must not touch later tests

    def look() -> None:
        if not running[0]:
            return
        if seen.title:  # the main window was closed: anything still open is closed too
            for widget in QApplication.topLevelWidgets():
                if widget.isVisible():
                    seen.late.append(type(widget).__name__)
                    widget.close()
            if time.monotonic() - seen.closed_at > ENDS_WITHIN_S:
                QApplication.exit(2)
                return
            QTimer.singleShot(20, look)
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, PassphraseDialog) and widget.isVisible() and not seen.refusal:
                seen.refusal = "asked for a passphrase"  # answered by the "restore" button
                widget.findChild(QPushButton, "restore").click()
                QTimer.singleShot(20, look)
                return
            if isinstance(widget, FirstRunDialog) and widget.isVisible():  # no database yet
                fill_first_run()(widget)
                QTimer.singleShot(20, look)
                return
            if isinstance(widget, QMessageBox) and widget.parent() is None and widget.isVisible():
                text = widget.text()
                if not seen.refusal:
                    seen.refusal = text
                    widget.accept()
                else:
                    seen.boxes[widget.windowTitle()] = text
                    press = [b for start, b in seen.answers.items() if text.startswith(start)]
                    chosen = [b for b in widget.buttons() if press and b.text() == press[0]]
                    if chosen:
                        chosen[0].click()
                    else:
                        widget.close()
                QTimer.singleShot(20, look)
                return
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.title = widget.windowTitle()
                for label in widget.statusBar().findChildren(QLabel):
                    if label.objectName() and label.isVisible():
                        seen.labels[label.objectName()] = label.text()
                for box in widget.findChildren(QMessageBox):
                    seen.boxes[box.windowTitle()] = box.text()
                    box.accept()
                widget.close()
                seen.closed_at = time.monotonic()
                QTimer.singleShot(20, look)
                return
        QTimer.singleShot(20, look)

    app = QApplication.instance()
    assert app is not None
    shown = WindowsShown()
    app.installEventFilter(shown)
    QTimer.singleShot(20, look)
    try:
        seen.code = run_app(db_path)
    finally:
        app.removeEventFilter(shown)
    running[0] = False
    seen.windows = shown.names
    return seen


def refusal_at_start(db_path: Path) -> str:
    """Start the GUI on `db_path`, expecting a refusal: its text (it must end with 1)."""
    start = start_gui(db_path)
    assert start.code == 1 and not start.title
    return start.refusal


@pytest.mark.parametrize(("make", "words"), [(overwritten, "damaged"), (empty, "empty")])
def test_a_damaged_or_empty_database_is_refused_in_words_and_left_as_it_was(
    qtbot: QtBot, db_path: Path, make: object, words: str
) -> None:
    assert callable(make)
    make(db_path)
    before = contents(db_path)
    text = refusal_at_start(db_path)
    assert words in text and "backup" in text and "Traceback" not in text
    assert contents(db_path) == before


def test_a_damaged_database_is_offered_its_newest_good_backup_and_opens_restored(
    qtbot: QtBot, db_path: Path
) -> None:
    healthy(db_path)
    db = open_database(db_path)
    backup_database(db.engine, db_path)
    db.close()
    checkpoint(db_path)
    overwrite_pages(db_path, [3, 4, 5])
    start = start_gui(db_path, answers={"The newest good backup": "Restore"})
    assert "damaged" in start.refusal
    assert start.boxes["Restore a backup"].startswith("The newest good backup of this database")
    assert start.code == 0 and start.title.startswith("Holdfast")  # the restored chart opened
    restored = open_database(db_path)
    assert len(search_patients(restored)) == 5
    restored.close()


def test_a_database_whose_header_is_destroyed_is_asked_for_a_passphrase_or_restored(
    qtbot: QtBot, db_path: Path
) -> None:
    """Without a key, a file whose first page is destroyed looks encrypted: the passphrase
    dialog says a database never encrypted is damaged, and offers its newest good backup."""
    healthy(db_path)
    db = open_database(db_path)
    backup_database(db.engine, db_path)
    db.close()
    checkpoint(db_path)
    overwrite_pages(db_path, [1])
    start = start_gui(db_path, answers={"The newest good backup": "Restore"})
    assert start.refusal == "asked for a passphrase"
    assert start.boxes["Restore a backup"].startswith("The newest good backup of this database")
    assert start.code == 0 and start.title.startswith("Holdfast")
    restored = open_database(db_path)
    assert len(search_patients(restored)) == 5
    restored.close()


def test_a_damaged_database_without_a_backup_says_so_and_ends(qtbot: QtBot, db_path: Path) -> None:
    overwritten(db_path)
    start = start_gui(db_path)
    assert start.code == 1 and not start.title
    assert "nothing to restore" in start.boxes["No backup to restore"]


def test_a_read_only_database_opens_and_says_so_in_the_title_and_status_bar(
    qtbot: QtBot, db_path: Path
) -> None:
    healthy(db_path)
    with read_only_folder(db_path.parent):
        start = start_gui(db_path)
    assert start.code == 0 and start.title == f"Holdfast — {db_path.name}{READ_ONLY_TITLE}"
    assert start.labels["read_only_label"].startswith("Read only: the ")
    assert start.boxes == {}  # no failure: no daily backup attempted in a read-only folder


def test_saving_a_new_patient_on_a_read_only_database_says_why_in_the_form(
    qtbot: QtBot, db_path: Path
) -> None:
    healthy(db_path)
    with read_only_folder(db_path.parent):
        db = open_database(db_path)
        window = window_for(qtbot, db)
        say_read_only(window, db)
        dialog = new_patient(window.context, window)
        type_patient(qtbot, dialog, "N-1", "New", "Patient")
        click_save(qtbot, dialog)
        db.close()
    assert dialog.isVisible()  # the form and what was typed stay
    assert dialog.error.text().startswith("The database is read-only (the ")
    assert "Traceback" not in dialog.error.text()


def test_a_second_holdfast_on_the_same_database_is_refused_until_the_first_ends(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    healthy(db_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    first = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "--db", str(db_path)], env=env, stderr=subprocess.PIPE
    )
    try:
        holder = lock_path(db_path)  # the first writes its process id once it holds the lock
        qtbot.waitUntil(
            lambda: holder.exists() and holder.read_text().strip() == str(first.pid),
            timeout=60_000,
        )
        text = refusal_at_start(db_path)
    finally:
        first.send_signal(signal.SIGKILL)  # a crash: the operating system drops its lock
        first.wait()
    assert "already open" in text and db_path.name in text and str(first.pid) in text
    again = start_gui(db_path)  # no stale lock left behind by the killed one
    assert again.code == 0 and again.title


def test_a_start_shows_the_main_window_alone_and_ends_when_it_is_closed(
    qtbot: QtBot, db_path: Path
) -> None:
    """No part of the main window shows as a window of its own, even for an instant: it
    flashes on a desktop, and a window shown just after the main one closed cancelled the
    app's end, so Holdfast ran on with no window and held its lock."""
    healthy(db_path)
    start = start_gui(db_path)
    assert start.code == 0 and start.late == []
    opening = "QProgressDialog"  # shown only when the open takes a while
    assert [name for name in start.windows if name != opening] == ["MainWindow"]


def test_a_database_in_a_cloud_sync_folder_opens_with_a_warning(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db_path = tmp_path / "Dropbox" / "Holdfast" / "holdfast.sqlite3"
    start = start_gui(db_path)
    assert start.code == 0
    text = start.boxes[AT_RISK_TITLE]
    assert "Dropbox" in text and "damage" in text and "Move the data folder" in text
    assert (
        start.labels["location_warning_label"]
        == "Warning: the database is in a folder synced by Dropbox"
    )


def test_typing_a_visit_on_a_read_only_database_says_it_cannot_be_saved(
    qtbot: QtBot, db_path: Path
) -> None:
    healthy(db_path)
    with read_only_folder(db_path.parent):
        db = open_database(db_path)
        window = window_for(qtbot, db)
        window.chart.show_patient(patient_id_for_chart(db, "R-001"))
        window.visit_actions["new"].trigger()
        qtbot.keyClicks(window.editor.subjective.text, "Typed on a read-only database")

        def told() -> bool:
            shown = [label.text() for label in window.editor.findChildren(QLabel)]
            return any("The database is read-only (the " in text for text in shown)

        qtbot.waitUntil(told, timeout=10_000)  # when the editor's save comes due
        window.close()
        db.close()
