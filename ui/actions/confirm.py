"""The one way an action asks before changing a chart: a question that does not block.

`QMessageBox.question` would run a nested event loop, in which background results and
timers arrive while the action is half done; this opens the box and returns, and the action
continues in `on_yes` only if that button is clicked. Cancel is the default button, so a
stray Enter (or Escape) never signs, discards, archives or starts anything.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

# What actions take as `confirm=`: (parent, title, text, yes_text, on_yes). Tests pass their
# own to answer at once.
Confirm = Callable[[QWidget, str, str, str, Callable[[], object]], object]


def confirm(
    parent: QWidget, title: str, text: str, yes_text: str, on_yes: Callable[[], object]
) -> QMessageBox:
    """Ask without blocking: `on_yes` runs only if `yes_text` is clicked (Cancel by default)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _result: on_yes() if box.clickedButton() is yes else None)
    box.open()
    return box
