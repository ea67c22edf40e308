"""At start: say that opening put back lock triggers someone had removed or changed
(models/trigger_repair.py), once in a message and for the session in the status bar."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from models.database import Database
from models.trigger_repair import repair_message

TITLE = "Protections were put back"


def say_repaired_triggers(window: QMainWindow, db: Database) -> QMessageBox | None:
    """Nothing when all triggers were in place; else a status-bar line and a message."""
    if not db.repaired_triggers:
        return None
    message = repair_message(db.repaired_triggers)
    label = QLabel("Warning: protections were missing and have been put back")
    label.setObjectName("repaired_triggers_label")
    label.setToolTip(message)
    label.setStyleSheet("color: #b00020; font-weight: bold")
    window.statusBar().addPermanentWidget(label)
    box = QMessageBox(
        QMessageBox.Icon.Warning, TITLE, message, QMessageBox.StandardButton.Ok, window
    )
    box.open()
    return box
