"""The app lock, driven as a person does: Ctrl+L, type the password, Enter. While locked no
window shows patient data (content, dialogs, report previews, titles) and no menu key works;
after the unlock everything is back as it was, a visit's typing included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMenu,
    QTextEdit,
    QToolBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from models.app_password import hash_password
from models.backup import backup_database
from models.database import Database
from models.restore import restore_backup
from models.services.patients import load_patient, patient_id_for_chart
from models.settings import Settings
from tests.dialogs import say_yes
from tests.runners import HeldRunner
from ui.actions import visits as visit_actions
from ui.actions.backups import warn
from ui.audit_dialog import AuditDialog
from ui.background import SyncRunner
from ui.context import AppContext
from ui.lock.app_lock import LOCKED_TITLE
from ui.lock.screen import NO_PASSWORD, WRONG, LockScreen
from ui.main_window import MainWindow
from ui.report_preview import ReportPreviewDialog, open_report

CTRL = Qt.KeyboardModifier.ControlModifier
PASSWORD = "côte d'Azur 42"  # spaces, a quote and a non-ASCII letter


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database) -> Iterator[MainWindow]:
    """The main window with R-001's chart open, as after choosing a patient."""
    context = AppContext(demo_db, SyncRunner())
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    main.open_chart("R-001")
    qtbot.waitUntil(lambda: main.chart.patient_id is not None)
    yield main
    for widget in QApplication.topLevelWidgets():
        if widget is not main and widget.isVisible():
            widget.close()


def set_password(window: MainWindow, password: str) -> None:
    context = window.context
    context.save_settings(Settings(app_password=hash_password(password)))


def patient_names(window: MainWindow) -> list[str]:
    patient_id = window.chart.patient_id
    assert patient_id is not None
    draft = load_patient(window.context.db, patient_id).draft
    return [draft.first_name, draft.last_name, draft.chart_number]


def press_lock(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_L, CTRL)


def screen(window: MainWindow) -> LockScreen:
    shown = window.centralWidget()
    assert isinstance(shown, LockScreen)
    return shown


def type_keys(widget: QWidget, text: str) -> None:
    """Type `text` key by key; QTest's keyClicks knows only ASCII, so a letter like ô is sent
    as the key event a keyboard layout with that letter sends."""
    for character in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, character,
                           Qt.KeyboardModifier.NoModifier)  # fmt: skip


def type_password(qtbot: QtBot, window: MainWindow, text: str) -> None:
    field = screen(window).password
    assert field.isVisible() and field.hasFocus()
    type_keys(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def visible_text(widget: QWidget) -> str:
    """Every text a visible widget shows (labels, fields, titles), for a search for names."""
    parts = [widget.windowTitle()]
    for child in widget.findChildren(QWidget):
        if not child.isVisible():
            continue
        if isinstance(child, QLabel | QLineEdit):
            parts.append(child.text())
        elif isinstance(child, QTextEdit):
            parts.append(child.toPlainText())
    return "\n".join(parts)


def assert_nothing_of_the_patient_shows(names: list[str]) -> None:
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert len(shown) == 1 and isinstance(shown[0].centralWidget(), LockScreen)  # type: ignore[attr-defined]
    for widget in QApplication.topLevelWidgets():  # hidden ones too: a taskbar lists titles
        assert widget.windowTitle() in ("", LOCKED_TITLE)
    text = visible_text(shown[0])
    for name in names:
        assert name not in text


def test_ctrl_l_without_a_password_hides_the_chart_and_says_where_to_set_one(
    qtbot: QtBot, window: MainWindow
) -> None:
    names = patient_names(window)
    assert names[1] in visible_text(window)  # the chart shows the patient before the lock
    press_lock(qtbot, window.patient_list.search)
    assert window.app_lock.locked
    assert_nothing_of_the_patient_shows(names)
    assert not window.menuBar().isVisible() and not window.splitter.isVisible()
    lock = screen(window)
    assert not lock.password.isVisible() and lock.hint.text() == NO_PASSWORD
    assert lock.unlock.hasFocus()
    qtbot.keyClick(lock.unlock, Qt.Key.Key_Space)
    assert not window.app_lock.locked
    assert window.centralWidget() is window.splitter and window.splitter.isVisible()
    assert window.menuBar().isVisible() and names[1] in visible_text(window)


def test_the_password_unlocks_and_a_wrong_one_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    set_password(window, PASSWORD)
    press_lock(qtbot, window.patient_list.search)
    type_password(qtbot, window, "cote d'Azur 42")
    assert window.app_lock.locked
    assert screen(window).message.text() == WRONG
    assert screen(window).password.text() == ""  # ready for another try
    type_password(qtbot, window, PASSWORD)
    assert not window.app_lock.locked
    assert window.centralWidget() is window.splitter


def test_menu_keys_do_nothing_while_locked(qtbot: QtBot, window: MainWindow) -> None:
    set_password(window, PASSWORD)
    press_lock(qtbot, window.patient_list.search)
    field = screen(window).password
    for key in (Qt.Key.Key_N, Qt.Key.Key_E, Qt.Key.Key_D, Qt.Key.Key_Comma):
        qtbot.keyClick(field, key, CTRL)  # new patient, edit patient, dashboard, preferences
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]
    assert window.app_lock.locked


def test_open_windows_are_hidden_and_come_back_with_their_titles(
    qtbot: QtBot, window: MainWindow
) -> None:
    set_password(window, PASSWORD)
    names = patient_names(window)
    patient_id = window.chart.patient_id
    assert patient_id is not None
    window.show_audit_trail()
    (audit,) = window.findChildren(AuditDialog)
    backups = window.open_backups()
    dashboard = window.open_dashboard()
    open_report(window.context, window, "handout", patient_id, None)
    (preview,) = window.findChildren(ReportPreviewDialog)
    others: list[QWidget] = [audit, backups, dashboard, preview]
    assert all(w.isVisible() for w in others)
    assert names[1] in preview.windowTitle()  # a preview's title names the patient
    titles = [w.windowTitle() for w in others]
    qtbot.waitExposed(audit)
    audit.activateWindow()
    press_lock(qtbot, audit.table)  # from a dialog, where the window's shortcut cannot reach
    assert window.app_lock.locked
    assert_nothing_of_the_patient_shows(names)
    assert not any(w.isVisible() for w in others)
    type_password(qtbot, window, PASSWORD)
    assert all(w.isVisible() for w in others)
    assert [w.windowTitle() for w in others] == titles


def test_a_window_that_opens_while_locked_waits_for_the_unlock(
    qtbot: QtBot, window: MainWindow
) -> None:
    press_lock(qtbot, window.patient_list.search)
    box = warn(window, "Backup failed", "The disk is full.")  # a background failure lands
    handle = box.windowHandle()
    assert handle is None or not handle.isVisible()  # never on the screen, not even a frame
    qtbot.waitUntil(lambda: not box.isVisible())
    assert box.windowTitle() == LOCKED_TITLE
    qtbot.keyClick(screen(window).unlock, Qt.Key.Key_Space)
    assert box.isVisible() and box.windowTitle() == "Backup failed"
    box.close()


def test_typing_in_a_visit_survives_the_lock(qtbot: QtBot, window: MainWindow) -> None:
    set_password(window, PASSWORD)
    editor = window.editor
    patient_id = window.chart.patient_id
    assert patient_id is not None
    visit_actions.new_visit(window.context, editor, patient_id, confirm=say_yes)
    window.chart.tabs.setCurrentWidget(editor)
    notes = editor.subjective.text
    notes.setFocus()
    qtbot.keyClicks(notes, "Left calf tight after the long run")
    qtbot.keyClick(notes, Qt.Key.Key_L, CTRL)
    assert window.app_lock.locked and not notes.isVisible()
    type_password(qtbot, window, PASSWORD)
    assert notes.isVisible() and notes.hasFocus()
    assert notes.toPlainText() == "Left calf tight after the long run"
    qtbot.keyClicks(notes, ".")
    assert notes.toPlainText().endswith("run.")


def test_idle_time_locks(qtbot: QtBot, window: MainWindow) -> None:
    assert window.app_lock.idle.timer.interval() == 10 * 60_000  # the default: 10 minutes
    window.context.save_settings(Settings(lock_after_minutes=0))
    assert not window.app_lock.idle.timer.isActive()  # 0: only Ctrl+L locks
    window.app_lock.idle.watch(50)  # a short idle time for the test
    qtbot.waitUntil(lambda: window.app_lock.locked, timeout=3000)
    assert isinstance(window.centralWidget(), LockScreen)
    assert not window.app_lock.idle.timer.isActive()  # no idle count while locked


def test_a_set_password_is_asked_at_start(qtbot: QtBot, demo_db: Database) -> None:
    context = AppContext(demo_db, SyncRunner())
    context.save_settings(Settings(app_password=hash_password(PASSWORD)))
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    main.app_lock.lock_at_start()  # as run_app does
    qtbot.waitExposed(main)
    main.activateWindow()
    assert isinstance(main.centralWidget(), LockScreen)
    bars = [main.menuBar(), main.statusBar(), *main.findChildren(QToolBar)]
    assert not any(bar.isVisible() for bar in bars)  # locked before the window first showed
    qtbot.waitUntil(screen(main).password.hasFocus)
    type_password(qtbot, main, PASSWORD)
    assert main.centralWidget() is main.splitter
    assert all(bar.isVisible() for bar in bars)
    assert patient_id_for_chart(demo_db, "R-001") is not None


def test_a_report_that_arrives_while_locked_never_shows(qtbot: QtBot, window: MainWindow) -> None:
    """Visit summary asked for, then Ctrl+L before it was built: it waits for the unlock."""
    names = patient_names(window)
    patient_id = window.chart.patient_id
    assert patient_id is not None
    held = HeldRunner()
    context = AppContext(window.context.db, held, window.context.events)
    open_report(context, window, "handout", patient_id, None)
    press_lock(qtbot, window.patient_list.search)
    held.deliver()  # the report is built and its preview opens, behind the lock
    (preview,) = window.findChildren(ReportPreviewDialog)
    handle = preview.windowHandle()
    assert handle is None or not handle.isVisible()
    qtbot.waitUntil(lambda: not preview.isVisible())
    assert_nothing_of_the_patient_shows(names)
    qtbot.keyClick(screen(window).unlock, Qt.Key.Key_Space)
    assert preview.isVisible() and names[1] in preview.windowTitle()


def test_a_closed_window_never_locks_the_one_after_it(qtbot: QtBot, window: MainWindow) -> None:
    """A restore closes the window and opens another: the old one's idle time is over."""
    window.app_lock.idle.watch(30)
    window.close()
    successor = MainWindow(window.context)
    qtbot.addWidget(successor)
    successor.show()
    qtbot.wait(200)  # well past the closed window's idle time
    assert not window.app_lock.locked and not successor.app_lock.locked
    assert successor.centralWidget() is successor.splitter


def test_an_open_menu_closes_and_stays_closed(qtbot: QtBot, window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    file_menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(file_menu.isVisible)
    window.app_lock.lock()
    assert not file_menu.isVisible()
    qtbot.keyClick(screen(window).unlock, Qt.Key.Key_Space)
    assert not file_menu.isVisible()  # not popped up again out of nowhere
    assert window.centralWidget() is window.splitter


def test_a_restore_that_finishes_behind_the_lock_leaves_a_locked_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The restored window takes the place of the locked one: shown, and locked too."""
    db = window.context.db
    backup = backup_database(db.engine, db.path)
    set_password(window, PASSWORD)
    press_lock(qtbot, window.patient_list.search)
    assert window.app_lock.locked
    successor = window.reopen(restore_backup(db.path, backup, "test"), backup)
    qtbot.addWidget(successor)
    try:
        assert successor.isVisible() and successor.app_lock.locked
        assert isinstance(successor.centralWidget(), LockScreen)
        assert successor.windowTitle() == LOCKED_TITLE
    finally:
        successor.app_lock.stop_watching()
        successor.close()
        successor.context.db.close()
