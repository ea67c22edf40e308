"""Starting the GUI: the database opens on the worker, then the main window appears; a
database the app must not open is refused in words and the app ends with 1."""

from __future__ import annotations

import gc
import sqlite3
import time
import weakref
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget
from pytestqt.qtbot import QtBot

from models.database import open_database
from tests.start_steps import fill_first_run, run_steps
from ui.app import SHOW_AFTER_MS, run_app
from ui.main_window import MainWindow
from ui.start_dialogs import FirstRunDialog


def when_shown(kind: type[QWidget], then: Callable[[QWidget], object]) -> None:
    """Poll the event loop run_app starts until a window of `kind` shows, then act on it."""

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                then(widget)
                return
        QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)


def test_the_main_window_opens_on_a_new_database(qtbot: QtBot, db_path: Path) -> None:
    seen: list[str] = []

    def close(window: QWidget) -> None:
        assert isinstance(window, MainWindow)
        seen.append(window.windowTitle())
        window.close()

    run_steps([(FirstRunDialog, fill_first_run())])  # no database yet: the first-run questions
    when_shown(MainWindow, close)
    assert run_app(db_path) == 0
    assert seen == [f"Holdfast — {db_path.name}"] and db_path.exists()


def test_a_database_from_a_newer_holdfast_is_refused_in_words(qtbot: QtBot, db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    said: list[str] = []

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.accept()

    when_shown(QMessageBox, answer)
    assert run_app(db_path) == 1
    assert "newer Holdfast" in said[0] and "Traceback" not in said[0]
    # Nothing is left to fire afterwards: no opening window, and no stray Quit that, handled
    # outside a loop (as processEvents does), would end every later event loop at once.
    QApplication.processEvents()
    fired: list[int] = []
    QTimer.singleShot(SHOW_AFTER_MS + 100, lambda: fired.append(1))
    qtbot.waitUntil(lambda: fired == [1], timeout=3000)
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == []


def test_holdfast_ends_leaving_no_opening_window_for_a_later_collection(
    qtbot: QtBot, db_path: Path
) -> None:
    """The opening window's callbacks refer to each other: left to the cycle collector, the
    window was destroyed at some later moment, once inside another start's walk over the
    windows, which crashed the tests."""
    open_database(db_path).close()
    when_shown(MainWindow, QWidget.close)
    assert run_app(db_path) == 0
    left = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
    assert left == []


class Cycle:
    """An object that refers to itself: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_while_the_window_runs_python_collects_on_the_gui_thread_only(
    qtbot: QtBot, db_path: Path
) -> None:
    open_database(db_path).close()
    enabled_inside: list[bool] = []
    freed_inside: list[bool] = []
    garbage: list[weakref.ref[Cycle]] = []

    def watch(window: QWidget) -> None:
        enabled_inside.append(gc.isenabled())
        garbage.append(weakref.ref(Cycle()))
        _allocations = [[n] for n in range(5 * gc.get_threshold()[0])]  # makes one due
        started = time.monotonic()

        def freed() -> None:
            if garbage[0]() is None or time.monotonic() - started > 10:
                freed_inside.append(garbage[0]() is None)
                window.close()
            else:
                QTimer.singleShot(50, freed)

        freed()

    gc.enable()  # as in the real program, where nothing turned it off before
    try:
        when_shown(MainWindow, watch)
        assert run_app(db_path) == 0
        assert enabled_inside == [False] and gc.isenabled()
    finally:
        gc.disable()
    assert freed_inside == [True]  # the timer collected it, within the event loop
