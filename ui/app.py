"""Start the GUI: open the database (upgrading it if needed), then show the main window.

The database opens on the background worker: an upgrade backs the file up and migrates it,
which takes seconds on a large practice, so a small window says what is happening meanwhile
instead of a frozen screen.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from models.database import Database, open_database
from models.migrate import SchemaError
from ui.background import BackgroundRunner
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.messages import error_text

OPENING = (
    "Opening the database…\n"
    "After an update Holdfast first backs the file up and upgrades it; "
    "on a large practice this can take a minute."
)
SHOW_AFTER_MS = 500  # a quick open never flashes the window


def opening_window() -> QProgressDialog:
    """A busy indicator with no Cancel: an upgrade must not be cut off half-way."""
    dialog = QProgressDialog(OPENING, "", 0, 0)
    dialog.setWindowTitle("Holdfast")
    dialog.setCancelButton(None)
    dialog.reset()  # not shown by itself: run_app shows it only if opening takes a while
    return dialog


def run_app(db_path: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Holdfast")
    app.setOrganizationName("Holdfast")
    runner = BackgroundRunner()
    opening = opening_window()
    opened: list[Database] = []
    windows: list[MainWindow] = []
    # One timer, stopped as soon as the open ends either way: a pending single shot would
    # otherwise show the opening window after a refusal, over whatever comes next.
    slow = QTimer()
    slow.setSingleShot(True)
    slow.timeout.connect(opening.show)

    def show(db: Database) -> None:
        slow.stop()
        opened.append(db)
        window = MainWindow(AppContext(db, runner))
        windows.append(window)
        window.show()
        opening.close()
        app.setQuitOnLastWindowClosed(True)
        window.start_automatic_backups()

    def refuse(error: BaseException) -> None:
        slow.stop()
        opening.close()
        text = str(error) if isinstance(error, SchemaError | OSError) else error_text(error)
        QMessageBox.critical(None, "Holdfast cannot open the database", text)
        app.exit(1)

    # Until the main window shows, closing the opening window or the refusal must not quit by
    # itself: the Quit it posts would outlive app.exit(1) and end the next event loop at once.
    app.setQuitOnLastWindowClosed(False)
    slow.start(SHOW_AFTER_MS)
    runner.run(lambda: open_database(db_path), show, refuse)
    code = app.exec()
    runner.wait()
    for db in opened:
        db.close()
    return code
