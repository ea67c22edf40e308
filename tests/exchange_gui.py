"""Driving File ▸ Export… and File ▸ Import… as a person does: the menu, the format's radio
button, the path typed into the dialog's field, its buttons clicked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from models.database import Database
from ui.background import SyncRunner
from ui.context import AppContext
from ui.exchange_dialog import ExchangeDialog
from ui.main_window import MainWindow


def window_for(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    return window


def open_from_menu(window: MainWindow, text: str) -> ExchangeDialog:
    """Choose File ▸ `text` and return the dialog it opened."""
    (file_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    (item,) = [a for a in file_menu.actions() if a.text().replace("&", "") == text]
    item.trigger()
    (dialog,) = [d for d in window.findChildren(ExchangeDialog) if d.isVisible()]
    return dialog


def pick(qtbot: QtBot, dialog: ExchangeDialog, key: str) -> None:
    """Click the format's radio button, on its indicator."""
    radio = dialog.radios[key]
    middle = radio.height() // 2
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(middle, middle))
    assert radio.isChecked()


def fill_in(qtbot: QtBot, dialog: ExchangeDialog, key: str, path: Path) -> None:
    """Pick the format and type the path."""
    pick(qtbot, dialog, key)
    qtbot.keyClicks(dialog.path_field, str(path))


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def close(qtbot: QtBot, dialog: ExchangeDialog) -> None:
    assert dialog.cancel_button.text() == "Close"
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
