"""The app lock's part of Preferences: set, change or remove the app password, and the idle
time after which Holdfast locks itself."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QSpinBox

from charting.errors import FieldError
from models.app_password import PASSWORD_FIELD, PasswordChange
from models.settings import Settings

LONGEST_IDLE_MINUTES = 240


def password_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class LockFields:
    """The rows Preferences shows for the lock; `change()` reads what was typed."""

    def __init__(self, settings: Settings) -> None:
        self.has_password = bool(settings.app_password)
        self.current = password_edit("needed to change or remove it")
        self.new = password_edit("unchanged" if self.has_password else "none set (optional)")
        self.repeat = password_edit("the new password again")
        self.remove = QCheckBox("Remove the app password")
        self.idle = QSpinBox(minimum=0, maximum=LONGEST_IDLE_MINUTES, suffix=" min")
        self.idle.setSpecialValueText("never (only Ctrl+L)")
        self.idle.setValue(settings.lock_after_minutes)
        for name, widget in (("current", self.current), ("new", self.new),
                             ("repeat", self.repeat), ("idle", self.idle)):  # fmt: skip
            widget.setObjectName(f"lock-{name}")

    def add_rows(self, form: QFormLayout) -> None:
        """The lock's heading and fields, at the end of `form`."""
        form.addRow(QLabel("<b>App lock</b> (Ctrl+L locks at once)"))
        if self.has_password:
            form.addRow("Current app password", self.current)
        form.addRow("New app password", self.new)
        form.addRow("Repeat new password", self.repeat)
        if self.has_password:
            form.addRow(self.remove)
        form.addRow("Lock after no input for", self.idle)

    def change(self) -> PasswordChange:
        """What to do with the password; FieldError when the two new ones differ."""
        new, repeat = self.new.text(), self.repeat.text()
        if self.remove.isChecked():
            return PasswordChange(self.current.text(), remove=True)
        if not new and not repeat:
            return PasswordChange()
        if new != repeat:
            raise FieldError(PASSWORD_FIELD, "the new password and its repetition differ")
        return PasswordChange(self.current.text(), new=new)

    def lock_after_minutes(self) -> int:
        return self.idle.value()
