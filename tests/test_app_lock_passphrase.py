"""The app lock of an encrypted database unlocks with its passphrase (proved against the
file), typed into the lock screen as a person does; a wrong one is refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from models.app_password import hash_password
from models.database import open_database
from models.services.demo import load_demo
from models.settings import Settings
from tests.test_app_lock import press_lock, screen, type_password
from ui.background import SyncRunner
from ui.context import AppContext
from ui.lock.screen import ASK_PASSPHRASE, WRONG
from ui.main_window import MainWindow

PASSPHRASE = 'côte d\'Azur "42" ключ'


def test_an_encrypted_database_unlocks_with_its_passphrase(qtbot: QtBot, db_path: Path) -> None:
    db = open_database(db_path, PASSPHRASE)
    load_demo(db)
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    try:
        press_lock(qtbot, window.patient_list.search)
        assert window.app_lock.locked and screen(window).password.isVisible()
        assert screen(window).hint.text() == ASK_PASSPHRASE  # not "your app password"
        qtbot.waitUntil(screen(window).password.hasFocus)
        type_password(qtbot, window, 'cote d\'Azur "42"')
        qtbot.waitUntil(lambda: screen(window).message.text() == WRONG, timeout=10_000)
        assert window.app_lock.locked
        qtbot.waitUntil(screen(window).password.hasFocus)
        type_password(qtbot, window, PASSPHRASE)
        qtbot.waitUntil(lambda: not window.app_lock.locked, timeout=10_000)
        assert window.centralWidget() is window.splitter
    finally:
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.close()
        db.close()


def test_an_encrypted_database_is_not_locked_again_at_start(qtbot: QtBot, db_path: Path) -> None:
    """Its passphrase was asked before it opened; an app password set earlier (it does not
    unlock an encrypted database) must not lock the window right after."""
    db = open_database(db_path, PASSPHRASE)
    context = AppContext(db, SyncRunner())
    context.save_settings(Settings(app_password=hash_password("app password")))
    window = MainWindow(context)
    qtbot.addWidget(window)
    try:
        window.show()
        window.app_lock.lock_at_start()
        assert not window.app_lock.locked and window.centralWidget() is window.splitter
    finally:
        window.close()
        db.close()
