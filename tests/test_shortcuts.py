"""Every window shortcut in the README's table works wherever the focus is (the search box,
where the app starts, and a text field of the visit editor), while the keys a text field
needs (select all, cut, copy, paste, undo) keep their text meaning there."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from models.database import Database
from models.settings import Settings
from tests.conftest import skip_here_fail_in_ci
from tests.dialogs import say_yes
from ui.actions import visits as visit_actions
from ui.background import SyncRunner
from ui.context import AppContext
from ui.main_window import MainWindow

README = Path(__file__).resolve().parents[1] / "README.md"
CTRL = Qt.KeyboardModifier.ControlModifier
NEEDS_SIGNED_VISIT = {"Ctrl+Shift+A"}  # an addendum is for a signed visit; the rest for a draft


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database) -> MainWindow:
    context = AppContext(demo_db, SyncRunner())
    context.save_settings(Settings(practitioner_name="Jo Reyes", credentials="DO"))
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    main.open_chart("R-001")
    return main


def readme_shortcuts() -> list[str]:
    """The keys columns of the README's shortcut table ('Alt+Up / Alt+Down' gives both)."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| keys | action | keys | action |") + 2
    keys = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        for cell in (cells[0], cells[2]):
            keys.extend(part.strip() for part in cell.split(" / ") if part.strip())
    return keys


def action_for(window: MainWindow, keys: str) -> QAction:
    wanted = QKeySequence(keys)
    found = [a for a in window.findChildren(QAction) if wanted in a.shortcuts()]
    assert len(found) == 1, f"{keys}: {len(found)} window actions have it"
    return found[0]


def close_other_windows(window: MainWindow) -> None:
    """Dialogs the last shortcut opened; a sign or discard question closes as Cancel."""
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible():
            widget.close()


def prepare(window: MainWindow, keys: str) -> None:
    """The chart of R-001 with a signed visit or a draft open, as the shortcut needs."""
    editor = window.editor
    if keys in NEEDS_SIGNED_VISIT:
        if not editor.read_only or editor.patient_id is None:
            visits = window.chart.course.visits if window.chart.course else ()
            visit_actions.open_visit(window.context, editor, visits[0].id)
    elif editor.read_only or editor.patient_id is None:
        patient_id = window.chart.patient_id
        assert patient_id is not None
        visit_actions.new_visit(window.context, editor, patient_id, confirm=say_yes)
    window.chart.tabs.setCurrentWidget(editor)


def press_everywhere(
    qtbot: QtBot, window: MainWindow, target: Callable[[MainWindow], QWidget]
) -> None:
    keys_in_readme = readme_shortcuts()
    assert len(keys_in_readme) >= 17 and "Ctrl+E" in keys_in_readme
    for keys in keys_in_readme:
        action = action_for(window, keys)
        close_other_windows(window)
        prepare(window, keys)
        window.activateWindow()
        widget = target(window)
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        focused = QApplication.focusWidget()
        assert focused is not None
        sequence = QKeySequence(keys)[0]
        with qtbot.waitSignal(action.triggered, timeout=1000, raising=False) as fired:
            qtbot.keyClick(focused, sequence.key(), sequence.keyboardModifiers())
        assert fired.signal_triggered, f"{keys} ({action.text()}) did nothing in {target.__name__}"
    close_other_windows(window)


def search_box(window: MainWindow) -> QWidget:
    return window.patient_list.search


def editor_notes(window: MainWindow) -> QWidget:
    return window.editor.subjective.text


def test_shortcuts_work_from_the_search_box(qtbot: QtBot, window: MainWindow) -> None:
    press_everywhere(qtbot, window, search_box)


def test_shortcuts_work_from_a_text_field_of_the_visit_editor(
    qtbot: QtBot, window: MainWindow
) -> None:
    press_everywhere(qtbot, window, editor_notes)


def test_edit_patient_opens_from_the_search_box_at_start_up(
    qtbot: QtBot, window: MainWindow
) -> None:
    search = window.patient_list.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClick(search, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: any(w.windowTitle() == "Edit patient" and w.isVisible()
                                for w in QApplication.topLevelWidgets()))  # fmt: skip
    close_other_windows(window)


def test_edit_patient_with_nobody_selected_says_what_to_do(qtbot: QtBot, demo_db: Database) -> None:
    main = MainWindow(AppContext(demo_db, SyncRunner()))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    search = main.patient_list.search
    search.setFocus()  # as at start-up
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClick(search, Qt.Key.Key_E, CTRL)
    assert main.statusBar().currentMessage() == (
        "Select a patient first: click one in the list, or search with Ctrl+F."
    )


def test_the_same_under_x11_key_bindings() -> None:
    """Under X11 a line edit claims Ctrl+E (end of line) and Ctrl+Shift+A (deselect); the
    offscreen platform does not, so this module runs again on a virtual X display."""
    if os.environ.get("QT_QPA_PLATFORM") == "xcb":
        pytest.skip("this is the run under X11")
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        skip_here_fail_in_ci("Xvfb is not installed: X11's text-field keys cannot be reproduced")
    server = subprocess.Popen(
        [xvfb, "-displayfd", "1", "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        display = server.stdout.readline().strip()
        env = {**os.environ, "DISPLAY": f":{display}", "QT_QPA_PLATFORM": "xcb"}
        child = subprocess.run(
            [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        server.terminate()
        server.wait()
    assert child.returncode == 0, child.stdout[-4000:]


def test_text_keys_keep_their_meaning_in_text_fields(qtbot: QtBot, window: MainWindow) -> None:
    search = window.patient_list.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClicks(search, "okafor")
    qtbot.keyClick(search, Qt.Key.Key_A, CTRL)
    assert search.selectedText() == "okafor"
    qtbot.keyClick(search, Qt.Key.Key_X, CTRL)
    assert search.text() == ""
    qtbot.keyClick(search, Qt.Key.Key_V, CTRL)
    qtbot.keyClick(search, Qt.Key.Key_V, CTRL)
    assert search.text() == "okaforokafor"
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL)
    assert search.text() == "okafor"
    notes = window.editor.subjective.text
    prepare(window, "Ctrl+S")
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus)
    qtbot.keyClicks(notes, "Sore after hills.")
    qtbot.keyClick(notes, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(notes, Qt.Key.Key_C, CTRL)
    assert QApplication.clipboard().text() == "Sore after hills."
    assert re.fullmatch(r"Sore after hills\.", notes.textCursor().selectedText())
