"""Add an addendum to a signed visit: what is added or corrected, and why."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui.editor.fields import error_label, show_text
from ui.forms import save_cancel
from ui.messages import error_text


class AddendumDialog(QDialog):
    """`on_save(text, reason)` stores it; the dialog closes once `saved()` is called."""

    def __init__(self, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add addendum")
        self.text = QPlainTextEdit(placeholderText="What is added or corrected")
        self.text.setTabChangesFocus(True)
        self.reason = QLineEdit(placeholderText="e.g. late entry, correction of a typing error")
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(QLabel("The signed note stays as it is; the addendum is shown below it."))
        form.addRow("Addendum", self.text)
        form.addRow("Reason", self.reason)
        form.addRow("Author", QLabel(author))
        form.addRow(self.error)
        form.addRow(save_cancel(self))
        self.on_save: Callable[[str, str], None] = lambda _text, _reason: self.saved()

    def accept(self) -> None:
        text, reason = self.text.toPlainText().strip(), self.reason.text().strip()
        if not text:
            show_text(self.error, "Addendum: write what is added or corrected.")
        elif not reason:
            show_text(self.error, "Reason: say why the addendum is needed.")
        else:
            show_text(self.error, "Saving…")
            self.on_save(text, reason)

    def show_error(self, error: BaseException) -> None:
        """Why it was not stored, in words (never SQL nor the text typed); the text stays."""
        show_text(self.error, error_text(error))

    def saved(self) -> None:
        super().accept()
