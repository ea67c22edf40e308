"""Answer the modal question a person would see, by keyboard or mouse, from a timer: the
code under test blocks in `QMessageBox.exec()` until it is answered."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot


def answer_next_box(
    qtbot: QtBot,
    key: Qt.Key | None = Qt.Key.Key_Return,
    button: QMessageBox.StandardButton | None = None,
) -> list[str]:
    """Press `key` on (or click `button` of) the next message box; returns [its text] once
    it was answered, so a test can check what was asked and that something was."""
    seen: list[str] = []
    tries = iter(range(500))  # about ten seconds, then the test sees `seen` empty

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            if next(tries, None) is not None:
                QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        if button is not None:
            qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
        elif key is not None:
            qtbot.keyClick(box, key)

    QTimer.singleShot(0, answer)
    return seen
