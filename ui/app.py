"""Start the GUI: take the database's lock, open it (upgrading it if needed), then show the
main window, saying when it is read-only or sits where it can be damaged.

The database opens on the background worker: an upgrade backs the file up and migrates it,
which takes seconds on a large practice, so a small window says what is happening meanwhile
instead of a frozen screen. A second Holdfast on the same database is refused before it
opens anything (docs/ARCHITECTURE.md#opening).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QProgressDialog
from shiboken6 import delete

from models.database import Database, open_database
from models.instance_lock import AlreadyOpen, lock_instance
from models.migrate import SchemaError
from models.opening import UnusableDatabase
from models.risky_location import location_warning
from ui.actions.backups import offer_restore
from ui.app_icon import show_app_icon
from ui.background import BackgroundRunner
from ui.collector import collected_on_gui_thread
from ui.context import AppContext
from ui.course_keeper import CourseKeeper
from ui.damage_check import check_after_start
from ui.main_window import MainWindow
from ui.messages import error_text
from ui.start_dialogs import Instead, ask_passphrase, passphrase_at_start
from ui.tamper_notice import say_repaired_triggers

OPENING = (
    "Opening the database…\n"
    "After an update Holdfast first backs the file up and upgrades it; "
    "on a large practice this can take a minute."
)
SHOW_AFTER_MS = 500  # a quick open never flashes the window
READ_ONLY_TITLE = " (read only)"
AT_RISK_TITLE = "The database may get damaged where it is"
# Benchmarks only (benchmarks/figures_startup.py): set to 1, Holdfast prints one line and
# quits as soon as the main window is shown with the patient list filled.
EXIT_WHEN_SHOWN = "HOLDFAST_EXIT_WHEN_SHOWN"


def opening_window() -> QProgressDialog:
    """A busy indicator with no Cancel: an upgrade must not be cut off half-way."""
    dialog = QProgressDialog(OPENING, "", 0, 0)
    dialog.setWindowTitle("Holdfast")
    dialog.setCancelButton(None)
    dialog.reset()  # not shown by itself: run_app shows it only if opening takes a while
    return dialog


def say_read_only(window: QMainWindow, db: Database) -> None:
    """In the title and, permanently, in the status bar: saving will be refused."""
    window.setWindowTitle(window.windowTitle() + READ_ONLY_TITLE)
    label = QLabel(f"Read only: {db.read_only_reason}")
    label.setObjectName("read_only_label")
    label.setToolTip("Charts can be read, printed and exported; nothing can be saved.")
    label.setStyleSheet("font-weight: bold")
    window.statusBar().addPermanentWidget(label)


def warn_about_location(window: QMainWindow, warning: str) -> QMessageBox:
    """Once per start, and kept in the status bar: the database sits where it gets damaged."""
    sentence = warning[0].upper() + warning[1:]
    label = QLabel(f"Warning: {warning.split('. ')[0]}")
    label.setObjectName("location_warning_label")
    label.setToolTip(sentence)
    label.setStyleSheet("color: #b00020; font-weight: bold")
    window.statusBar().addPermanentWidget(label)
    box = QMessageBox(
        QMessageBox.Icon.Warning, AT_RISK_TITLE, sentence,
        QMessageBox.StandardButton.Ok, window,
    )  # fmt: skip
    box.open()
    return box


def check_and_back_up(
    window: MainWindow, db: Database, runner: BackgroundRunner, checker: BackgroundRunner
) -> None:
    """The start-up backup, after the quick check of a big file when the open left it for
    now (a backup of a damaged file must not thin out the good ones); none when the
    database is read-only, as their folder cannot be written either."""

    def back_up() -> None:
        if not db.read_only:
            window.start_automatic_backups()

    if db.check_pending:
        check_after_start(window, db, runner, checker, back_up, lambda: say_read_only(window, db))
    else:
        back_up()


def exit_when_filled(app: QApplication, window: MainWindow) -> None:
    """HOLDFAST_EXIT_WHEN_SHOWN=1: once the shown window's patient list holds rows, print
    "shown <peak RSS in kB>" on stdout and quit (the cold-start benchmark's finish line)."""
    model = window.patient_list.table.model()

    def check() -> None:
        if model.rowCount() > 0 and window.isVisible():
            print(f"shown {peak_rss_kb()}", flush=True)
            app.exit(0)

    model.modelReset.connect(check)
    model.rowsInserted.connect(check)
    check()


def peak_rss_kb() -> int:
    """This process's peak resident memory: Linux's VmHWM, which starts afresh with the
    program (getrusage's maximum also counts the parent's memory at the fork)."""
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    peaks = [int(line.split()[1]) for line in lines if line.startswith("VmHWM:")]
    if peaks:
        return peaks[0]
    import resource  # elsewhere on Unix (the benchmarks run on Linux)

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_app(db_path: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Holdfast")
    app.setOrganizationName("Holdfast")
    show_app_icon(app)  # windows, taskbar, and the .desktop file they belong to
    # Until the main window shows, closing the opening window or the refusal must not quit by
    # itself: the Quit it posts would outlive app.exit(1) and end the next event loop at once.
    app.setQuitOnLastWindowClosed(False)
    try:
        lock = lock_instance(db_path)
    except AlreadyOpen as already:
        QMessageBox.critical(None, "Holdfast is already open", str(already))
        return 1
    try:
        with collected_on_gui_thread():
            go_on, passphrase = passphrase_at_start(db_path)  # first run, or an encrypted file
            return _open_and_run(app, db_path, passphrase) if go_on else 0
    finally:
        lock.release()


def _open_and_run(app: QApplication, db_path: Path, passphrase: str | Instead | None = None) -> int:
    """Open the database on the worker and show the main window; `Instead.RESTORE` offers
    the newest good backup first (a file taken for encrypted that was never encrypted)."""
    runner = BackgroundRunner()
    checker = BackgroundRunner()  # the deferred quick check, beside the window's own work
    opening = opening_window()
    opened: list[Database] = []
    windows: list[MainWindow] = []
    # One timer, stopped as soon as the open ends either way: a pending single shot would
    # otherwise show the opening window after a refusal, over whatever comes next.
    slow = QTimer()
    slow.setSingleShot(True)
    slow.timeout.connect(opening.show)

    def show(result: tuple[Database, str | None]) -> None:
        db, warning = result
        slow.stop()
        opened.append(db)
        window = MainWindow(AppContext(db, runner))
        windows.append(window)
        if db.read_only:
            say_read_only(window, db)
        window.show()
        if os.environ.get(EXIT_WHEN_SHOWN) == "1":
            exit_when_filled(app, window)
        window.app_lock.lock_at_start()  # before the first paint: the app password first
        opening.close()
        app.setQuitOnLastWindowClosed(True)
        if warning:
            warn_about_location(window, warning)
        say_repaired_triggers(window, db)
        check_and_back_up(window, db, runner, checker)
        CourseKeeper(window.context, window).catch_up()  # the window's child: lives with it

    def restored(db: Database) -> None:
        show((db, location_warning(db_path)))

    def refuse(error: BaseException) -> None:
        slow.stop()
        opening.close()
        if isinstance(error, UnusableDatabase) and error.reason == "wrong-passphrase":
            typed = ask_passphrase(db_path, str(error))  # asked again until right or Cancel
            if typed is None:
                app.exit(0)
            elif typed is Instead.RESTORE:
                offer_restore(db_path, runner, None, restored, lambda: app.exit(1))
            else:
                key[0] = typed
                slow.start(SHOW_AFTER_MS)
                runner.run(open_and_look, show, refuse)
            return
        text = str(error) if isinstance(error, SchemaError | OSError) else error_text(error)
        QMessageBox.critical(None, "Holdfast cannot open the database", text)
        if isinstance(error, UnusableDatabase) and error.backup_may_help:
            # A damaged or empty file: its newest good backup is the way back to work.
            offer_restore(db_path, runner, None, restored, lambda: app.exit(1), key[0])
            return
        app.exit(1)

    key = [None if passphrase is Instead.RESTORE else passphrase]  # None: plaintext

    def open_and_look() -> tuple[Database, str | None]:
        return open_database(db_path, key[0], defer_check=True), location_warning(db_path)

    if passphrase is Instead.RESTORE:
        offer_restore(db_path, runner, None, restored, lambda: app.exit(1))
    else:
        slow.start(SHOW_AFTER_MS)
        runner.run(open_and_look, show, refuse)
    code = app.exec()
    checker.wait()
    runner.wait()
    # The callbacks above refer to each other, so the opening window and its timer would
    # live on until a collection happened to free them, wherever it ran: end them here.
    delete(slow)
    delete(opening)
    for db in opened:
        db.close()
    return code
