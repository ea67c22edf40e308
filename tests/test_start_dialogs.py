"""The GUI before its main window: the first-run dialog (your name, a passphrase asked twice
with the warning that a lost one cannot be recovered) creates an encrypted database; an
encrypted database asks for its passphrase, says so when it is wrong and lets the person
try again, and Cancel quits cleanly. Typed and clicked into the real widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from models.connect import SQLITE_HEADER, passphrase_opens
from models.database import open_database
from models.settings import load_settings
from tests.start_steps import cancel, click_button, fill_first_run, run_steps, type_passphrase
from ui.app import run_app
from ui.main_window import MainWindow
from ui.start_dialogs import LOST_PASSPHRASE, FirstRunDialog, PassphraseDialog

PASSPHRASE = "Blåbær 'tea' \"time\""


def close_window(titles: list[str]):  # type: ignore[no-untyped-def]
    def close(widget: QWidget) -> None:
        assert isinstance(widget, MainWindow)
        titles.append(widget.windowTitle())
        widget.close()

    return close


def test_the_first_run_dialog_wants_a_name_and_the_same_passphrase_twice(
    qtbot: QtBot, db_path: Path
) -> None:
    dialog = FirstRunDialog(db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.protect.isChecked()  # recommended, so on unless the person says no
    assert LOST_PASSPHRASE in [label.text() for label in dialog.findChildren(type(dialog.error))]
    ok = QDialogButtonBox.StandardButton.Ok
    click_button(dialog, ok)
    assert dialog.isVisible() and "Your name" in dialog.error.text()
    qtbot.keyClicks(dialog.name, "Dana Reyes")
    qtbot.keyClicks(dialog.passphrase, "short")
    click_button(dialog, ok)
    assert dialog.isVisible() and "at least 8" in dialog.error.text()
    qtbot.keyClicks(dialog.passphrase, " but longer now")
    qtbot.keyClicks(dialog.again, "short but longer")
    click_button(dialog, ok)
    assert dialog.isVisible() and "differ" in dialog.error.text()
    qtbot.keyClicks(dialog.again, " now")
    click_button(dialog, ok)
    assert not dialog.isVisible()
    assert dialog.answer().passphrase == "short but longer now"


def test_unticking_the_protection_makes_a_plain_database(qtbot: QtBot, db_path: Path) -> None:
    dialog = FirstRunDialog(db_path)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Dana")
    qtbot.mouseClick(dialog.protect, Qt.MouseButton.LeftButton)
    assert not dialog.passphrase.isEnabled()
    click_button(dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.answer().passphrase is None


def test_first_run_creates_an_encrypted_database_and_saves_the_signer(
    qtbot: QtBot, db_path: Path
) -> None:
    titles: list[str] = []
    done = run_steps(
        [(FirstRunDialog, fill_first_run("Dana Reyes", "PT, DPT", PASSPHRASE)),
         (MainWindow, close_window(titles))]
    )  # fmt: skip
    assert run_app(db_path) == 0
    assert done == ["FirstRunDialog", "MainWindow"] and titles
    assert db_path.read_bytes()[:16] != SQLITE_HEADER
    assert passphrase_opens(db_path, PASSPHRASE)
    assert load_settings(db_path).signer == "Dana Reyes, PT, DPT"
    assert PASSPHRASE not in (db_path.parent / "settings.json").read_text()


def test_cancel_on_the_first_run_dialog_quits_and_creates_nothing(
    qtbot: QtBot, db_path: Path
) -> None:
    run_steps([(FirstRunDialog, cancel)])
    assert run_app(db_path) == 0
    assert not db_path.exists()


def test_a_wrong_passphrase_is_said_and_the_right_one_then_opens(
    qtbot: QtBot, db_path: Path
) -> None:
    open_database(db_path, PASSPHRASE).close()
    said: list[str] = []
    titles: list[str] = []
    done = run_steps(
        [(PassphraseDialog, type_passphrase("not the passphrase", said)),
         (PassphraseDialog, type_passphrase(PASSPHRASE, said)),
         (MainWindow, close_window(titles))]
    )  # fmt: skip
    assert run_app(db_path) == 0
    assert done == ["PassphraseDialog", "PassphraseDialog", "MainWindow"]
    assert said[0] == "" and said[1].startswith(f"The passphrase does not open {db_path}")
    assert titles == [f"Holdfast — {db_path.name}"]


def test_cancel_on_the_passphrase_dialog_quits_cleanly(qtbot: QtBot, db_path: Path) -> None:
    open_database(db_path, PASSPHRASE).close()
    before = db_path.read_bytes()
    done = run_steps([(PassphraseDialog, cancel)])
    assert run_app(db_path) == 0
    assert done == ["PassphraseDialog"] and db_path.read_bytes() == before
