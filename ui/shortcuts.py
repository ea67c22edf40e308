"""Window shortcuts that work wherever the focus is, and the list of them for the Help.

A focused text field may claim a key before the window's shortcuts see it: under X11 a line
edit takes Ctrl+E (end of line) and Ctrl+Shift+A (deselect), so Ctrl+E did nothing in the
search box, where the focus is at start-up. `WindowShortcuts` gives the window's enabled
actions those keys back, except the few a text field cannot do without (select all, cut,
copy, paste, undo, redo).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

# The app lock's keys (ui/lock/): a window action, and also caught in any other window or
# dialog, where the main window's shortcut cannot reach (ui/lock/app_lock.py).
LOCK_KEYS = "Ctrl+L"

TEXT_KEYS = (
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)


def text_keys() -> set[str]:
    """The platform's keys for the text commands a field keeps ('Ctrl+A', 'Ctrl+C', …)."""
    return {
        sequence.toString()
        for standard in TEXT_KEYS
        for sequence in QKeySequence.keyBindings(standard)
    }


class WindowShortcuts(QObject):
    """Event filter on the focused widget of `window`: its shortcuts win over the widget's."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.reserved = text_keys()
        self.watched: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.watched is not None:
            with suppress(RuntimeError):  # the widget may be deleted already
                self.watched.removeEventFilter(self)
        self.watched = new if new is not None and new.window() is self.window else None
        if self.watched is not None:
            self.watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        overriding = event.type() == QEvent.Type.ShortcutOverride
        if overriding and isinstance(event, QKeyEvent) and self._belongs_to_window(event):
            event.ignore()  # unclaimed: Qt now offers the key to the window's shortcuts
            return True
        return False

    def _belongs_to_window(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        if pressed.toString() in self.reserved:
            return False
        return any(
            action.isEnabled() and pressed in action.shortcuts()
            for action in self.window.findChildren(QAction)
        )


@dataclass(frozen=True)
class ShortcutRow:
    """One line of the shortcut list: keys, what they do, and the menu they are in."""

    keys: str
    action: str
    menu: str


def action_rows(window: QWidget) -> list[ShortcutRow]:
    """Every action in the window's menus with its keys ('' when it has none)."""
    rows = []
    for menu in window.findChildren(QMenu):
        title = menu.title().replace("&", "")
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None:
                continue
            keys = " or ".join(
                s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
            )
            name = action.text().replace("&", "").rstrip("…").strip()
            rows.append(ShortcutRow(keys, name, title))
    return rows


def shortcut_rows(window: QWidget) -> list[ShortcutRow]:
    """The actions that have keys, read from the actions themselves so the list cannot drift."""
    return [row for row in action_rows(window) if row.keys]
