"""The app password: a salted scrypt hash in settings.json (never the password), set, changed
and removed in Preferences by typing into its fields; and what checks it at unlock."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from charting.errors import FieldError
from models.app_password import PasswordChange, hash_password, password_matches, unlock_verifier
from models.database import Database
from models.settings import Settings, load_settings, settings_path
from tests.dialogs import click_save
from ui.background import SyncRunner
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.preferences import PreferencesDialog

SECRET = "Tr0ub4dor & 'horse' ß"


def test_the_hash_is_salted_and_checks_only_the_right_password() -> None:
    first, second = hash_password(SECRET), hash_password(SECRET)
    assert first != second  # a new salt each time
    assert first.startswith("scrypt$131072$8$1$") and SECRET not in first
    assert password_matches(first, SECRET) and password_matches(second, SECRET)
    assert not password_matches(first, SECRET.upper())
    assert not password_matches(first, "")
    for damaged in ("", "scrypt$1$2", "bcrypt$1$8$1$AAAA$AAAA", first.replace("$8$", "$x$")):
        assert not password_matches(damaged, SECRET)


def test_what_unlocks() -> None:
    assert unlock_verifier(Settings()) is None  # nothing set: anyone may unlock
    stored = Settings(app_password=hash_password(SECRET))
    check = unlock_verifier(stored)
    assert check is not None and check(SECRET) and not check("guess")
    check = unlock_verifier(stored, "the passphrase ü")  # an encrypted database's passphrase
    assert check is not None and check("the passphrase ü") and not check(SECRET)
    assert not check("the passphrase")


def test_a_change_needs_the_current_password() -> None:
    stored = hash_password(SECRET)
    assert PasswordChange().apply(stored) == stored  # nothing typed: kept
    with pytest.raises(FieldError, match="current password is not right"):
        PasswordChange("wrong", new="new one").apply(stored)
    with pytest.raises(FieldError):
        PasswordChange("wrong", remove=True).apply(stored)
    assert password_matches(PasswordChange(SECRET, new="new one").apply(stored), "new one")
    assert PasswordChange(SECRET, remove=True).apply(stored) == ""


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> MainWindow:
    main = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(main)
    main.show()
    return main


def preferences(qtbot: QtBot, window: MainWindow) -> PreferencesDialog:
    dialog = PreferencesDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot: QtBot, dialog: PreferencesDialog, name: str, text: str) -> None:
    field = dialog.findChild(QLineEdit, f"lock-{name}")
    assert field is not None and field.isVisible()
    field.setFocus()
    qtbot.keyClicks(field, text)


def test_set_change_and_remove_in_preferences(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    dialog = preferences(qtbot, window)
    assert not dialog.lock.current.isVisible()  # none set yet: nothing to prove
    type_into(qtbot, dialog, "new", "first password")
    type_into(qtbot, dialog, "repeat", "first pasword")
    click_save(qtbot, dialog)
    assert dialog.isVisible() and "differ" in dialog.error.text()
    repeat = dialog.findChild(QLineEdit, "lock-repeat")  # fix the typo
    assert repeat is not None
    repeat.setFocus()
    qtbot.keyClick(repeat, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(repeat, "first password")
    click_save(qtbot, dialog)
    assert not dialog.isVisible(), dialog.error.text()
    written = settings_path(db.path).read_text(encoding="utf-8")
    assert "first password" not in written
    assert password_matches(json.loads(written)["app_password"], "first password")

    dialog = preferences(qtbot, window)
    type_into(qtbot, dialog, "current", "not it")
    type_into(qtbot, dialog, "new", "second")
    type_into(qtbot, dialog, "repeat", "second")
    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text() == (
        "App password: the current password is not right"
    )
    current = dialog.findChild(QLineEdit, "lock-current")
    assert current is not None
    current.selectAll()
    qtbot.keyClicks(current, "first password")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert password_matches(load_settings(db.path).app_password, "second")

    dialog = preferences(qtbot, window)
    type_into(qtbot, dialog, "current", "second")
    dialog.lock.remove.setFocus()
    qtbot.keyClick(dialog.lock.remove, Qt.Key.Key_Space)
    assert dialog.lock.remove.isChecked()
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert load_settings(db.path).app_password == ""


def test_the_idle_time_is_set_in_preferences(qtbot: QtBot, window: MainWindow) -> None:
    dialog = preferences(qtbot, window)
    idle = dialog.lock.idle
    idle.setFocus()
    idle.selectAll()
    qtbot.keyClicks(idle, "3")
    click_save(qtbot, dialog)
    assert window.context.settings.lock_after_minutes == 3
    assert window.app_lock.idle.timer.interval() == 3 * 60_000
    assert window.app_lock.idle.timer.isActive()
