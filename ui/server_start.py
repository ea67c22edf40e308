"""Start the GUI on a clinic server (`holdfast --database-url …`, docs/ARCHITECTURE.md
#clinic-server): open the practice on the worker, ask the practitioner's password when the
server wants one, then show the main window.

Each practitioner signs in as their own PostgreSQL role: the URL names it, the password is
asked here (or taken from the URL, PGPASSWORD or ~/.pgpass, as every PostgreSQL program
does) and kept in memory only. What belongs to the file (its lock against a second window,
backups, SQLite's checks) is the server's own business and is not done here.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QWidget

from models.database import Database
from models.opening import UnusableDatabase
from models.server import open_server_database, safe_url, signed_in_as, with_password
from ui.app import EXIT_WHEN_SHOWN, exit_when_filled
from ui.app_icon import show_app_icon
from ui.background import BackgroundRunner
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.messages import error_text

SIGN_IN_TITLE = "Sign in to the clinic server"


def password_dialog(url: str, why: str, parent: QWidget | None = None) -> QInputDialog:
    """The sign-in dialog for the account `url` names: what went wrong, then the password,
    typed into a field that never shows it."""
    account = signed_in_as(url) or "your account"
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(SIGN_IN_TITLE)
    dialog.setLabelText(f"{why}\n\nPassword of {account} on {safe_url(url)}:")
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    return dialog


def ask_password(url: str, why: str, parent: QWidget | None = None) -> str | None:
    """The password of the account `url` names (None: the practitioner cancelled)."""
    dialog = password_dialog(url, why, parent)
    return dialog.textValue() if dialog.exec() == QInputDialog.DialogCode.Accepted else None


def run_server_app(url: str) -> int:
    """The main window over the practice on the server at `url`; the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Holdfast")
    app.setOrganizationName("Holdfast")
    show_app_icon(app)  # windows, taskbar, and the .desktop file they belong to
    app.setQuitOnLastWindowClosed(False)  # until the main window shows (see ui/app.py)
    runner = BackgroundRunner()
    signing_in = [url]
    opened: list[Database] = []
    windows: list[MainWindow] = []

    def show(db: Database) -> None:
        opened.append(db)
        window = MainWindow(AppContext(db, runner))
        windows.append(window)
        window.show()
        if os.environ.get(EXIT_WHEN_SHOWN) == "1":
            exit_when_filled(app, window)
        window.app_lock.lock_at_start()
        app.setQuitOnLastWindowClosed(True)

    def refuse(error: BaseException) -> None:
        if isinstance(error, UnusableDatabase) and error.reason == "sign-in":
            password = ask_password(url, str(error))
            if password is None:
                app.exit(0)
                return
            signing_in[0] = with_password(url, password)
            runner.run(lambda: open_server_database(signing_in[0]), show, refuse)
            return
        text = str(error) if isinstance(error, UnusableDatabase) else error_text(error)
        QMessageBox.critical(None, "Holdfast cannot open the clinic server", text)
        app.exit(1)

    runner.run(lambda: open_server_database(signing_in[0]), show, refuse)
    code = app.exec()
    runner.wait()
    for db in opened:
        db.close()
    return code
