"""The Help menu: a short guide (F1), the keyboard shortcuts and About."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from models.migrate import current_revision, head_revision
from ui.context import AppContext
from ui.help.dialogs import AboutDialog, GuideDialog, ShortcutsDialog
from ui.shortcuts import action_rows, shortcut_rows


class HelpWindows:
    """Opens each help window once and brings it forward when asked again."""

    def __init__(self, window: QWidget, context: AppContext) -> None:
        self.window, self.context = window, context
        self.open: dict[str, QDialog] = {}

    def _show(self, name: str, dialog: QDialog) -> QDialog:
        self.open[name] = dialog
        dialog.finished.connect(lambda _result: self.open.pop(name, None))
        dialog.show()
        return dialog

    def _raise(self, name: str) -> QDialog | None:
        if (dialog := self.open.get(name)) is not None:
            dialog.raise_()
            dialog.activateWindow()
        return dialog

    def guide(self) -> QDialog:
        rows, tolerances = action_rows(self.window), self.context.settings.tolerances
        return self._raise("guide") or self._show(
            "guide", GuideDialog(rows, tolerances, self.window)
        )

    def shortcuts(self) -> QDialog:
        return self._raise("shortcuts") or self._show(
            "shortcuts", ShortcutsDialog(shortcut_rows(self.window), self.window)
        )

    def about(self) -> QDialog:
        if (dialog := self._raise("about")) is not None:
            return dialog
        about = AboutDialog(self.context.db.location, self.window)
        engine = self.context.db.engine
        self.context.runner.run(
            lambda: (current_revision(engine), head_revision()), about.show_schema
        )
        return self._show("about", about)


def install_help_menu(window: QWidget, menu: QMenu, context: AppContext) -> HelpWindows:
    """Fill the Help menu; F1 opens the guide."""
    windows = HelpWindows(window, context)
    for text, slot, keys in (
        ("&Guide", windows.guide, "F1"),
        ("&Keyboard shortcuts", windows.shortcuts, ""),
        ("&About Holdfast", windows.about, ""),
    ):
        action = QAction(text, window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        menu.addAction(action)
    return windows
