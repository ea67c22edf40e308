"""Answer the question a person would see, by keyboard or mouse.

The actions ask without blocking (`ui.actions.confirm`): the question is open when the
action returns, and the test answers it from the event loop, as a person would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot


def answer_next_box(
    qtbot: QtBot,
    key: Qt.Key | None = Qt.Key.Key_Return,
    button: QMessageBox.StandardButton | str | None = None,
) -> list[str]:
    """Press `key` on (or click `button` of, a standard one or the one with that text) the
    next message box; returns [its text] once it was answered, so a test can check what was
    asked and that something was."""
    seen: list[str] = []
    tries = iter(range(500))  # about ten seconds, then the test sees `seen` empty

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            if next(tries, None) is not None:
                QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        if isinstance(button, str):
            click(qtbot, box, button)
        elif button is not None:
            qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
        elif key is not None:
            qtbot.keyClick(box, key)

    QTimer.singleShot(0, answer)
    return seen


def open_box(window: QWidget) -> QMessageBox:
    """The one question open over `window` (the actions ask without blocking)."""
    (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    return box


def click(qtbot: QtBot, box: QMessageBox, text: str) -> None:
    """Click the button of `box` that reads `text`."""
    (button,) = [b for b in box.buttons() if b.text().replace("&", "") == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_save(qtbot: QtBot, dialog: QWidget) -> None:
    """Click the Save button of `dialog`'s own button box (not one of a dialog it opened)."""
    (buttons,) = dialog.findChildren(
        QDialogButtonBox, options=Qt.FindChildOption.FindDirectChildrenOnly
    )
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


@contextmanager
def no_nested_event_loop() -> Iterator[list[str]]:
    """For code that must return with its question still open. Should it block in a modal
    `exec()` instead, the question is closed with Escape so the test fails, not hangs; the
    texts of questions closed that way are in the list."""
    closed: list[str] = []
    returned: list[bool] = []

    def rescue() -> None:
        if returned:
            return  # the code returned before any event ran: no nested loop
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            closed.append(box.text())
            box.reject()
        else:
            QTimer.singleShot(20, rescue)

    QTimer.singleShot(0, rescue)
    try:
        yield closed
    finally:
        returned.append(True)


def say_yes(
    parent: QWidget, title: str, text: str, yes_text: str, on_yes: Callable[[], object]
) -> None:
    """A `confirm=` for an action under test: its question is answered yes at once."""
    on_yes()
