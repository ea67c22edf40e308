"""Answering the dialogs the GUI shows before its main window (first run, passphrase) the way
a person does: typing into the real fields and clicking the real buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget

from ui.start_dialogs import FirstRunDialog, PassphraseDialog

Step = tuple[type[QWidget], Callable[[QWidget], None]]


def click_button(dialog: QDialog, which: QDialogButtonBox.StandardButton) -> None:
    (buttons,) = dialog.findChildren(QDialogButtonBox)
    QTest.mouseClick(buttons.button(which), Qt.MouseButton.LeftButton)


def fill_first_run(
    name: str = "Dana Reyes", credentials: str = "PT", passphrase: str | None = None
) -> Callable[[QWidget], None]:
    """Type the first-run answers (no passphrase: untick the protection) and click OK."""

    def answer(widget: QWidget) -> None:
        assert isinstance(widget, FirstRunDialog)
        QTest.keyClicks(widget.name, name)
        QTest.keyClicks(widget.credentials, credentials)
        if passphrase is None:
            QTest.mouseClick(widget.protect, Qt.MouseButton.LeftButton)
        else:
            QTest.keyClicks(widget.passphrase, passphrase)
            QTest.keyClicks(widget.again, passphrase)
        click_button(widget, QDialogButtonBox.StandardButton.Ok)

    return answer


def type_passphrase(passphrase: str, seen: list[str] | None = None) -> Callable[[QWidget], None]:
    """Type `passphrase` and press Enter; what the dialog said first goes into `seen`."""

    def answer(widget: QWidget) -> None:
        assert isinstance(widget, PassphraseDialog)
        if seen is not None:
            seen.append(widget.error.text())
        QTest.keyClicks(widget.passphrase, passphrase)
        QTest.keyClick(widget.passphrase, Qt.Key.Key_Return)

    return answer


def cancel(widget: QWidget) -> None:
    assert isinstance(widget, QDialog)
    click_button(widget, QDialogButtonBox.StandardButton.Cancel)


def run_steps(steps: list[Step]) -> list[str]:
    """Answer each step's dialog as it shows, in order (polled from the event loop that
    run_app starts); returns the names of the steps done, so a test sees which were."""
    done: list[str] = []
    pending = list(steps)

    def look() -> None:
        if not pending:
            return
        kind, act = pending[0]
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                pending.pop(0)
                done.append(kind.__name__)
                act(widget)
                break
        QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)
    return done
