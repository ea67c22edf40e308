"""Start the GUI: open the database (upgrading it if needed), then show the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from models.backup import automatic_backup
from models.database import open_database
from models.migrate import SchemaError
from ui.background import BackgroundRunner
from ui.context import AppContext
from ui.main_window import MainWindow


def run_app(db_path: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Holdfast")
    app.setOrganizationName("Holdfast")
    try:
        db = open_database(db_path)
    except (SchemaError, OSError) as error:
        QMessageBox.critical(None, "Holdfast cannot open the database", str(error))
        return 1
    runner = BackgroundRunner()
    window = MainWindow(AppContext(db, runner))
    window.show()

    def announce(made: object) -> None:
        if made:
            window.statusBar().showMessage(f"Daily backup saved: {made}", 8000)

    runner.run(lambda: automatic_backup(db.engine, db.path), announce)
    code = app.exec()
    runner.wait()
    db.close()
    return code
