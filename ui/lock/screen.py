"""What the main window shows while Holdfast is locked: no patient data, a password field and
an Unlock button (or, with no password set, the button and a line saying where to set one)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

LOCKED = "Holdfast is locked"
ASK = "Type your app password to go on."
ASK_PASSPHRASE = "Type the database's passphrase to go on."
NO_PASSWORD = (
    "No app password is set, so anyone at this computer can unlock Holdfast.\n"
    "Set one in File ▸ Preferences."
)
WRONG = "That password is not right. Try again."
CHECKING = "Checking…"
PANEL_WIDTH = 560  # logical pixels


class LockScreen(QWidget):
    """The lock screen; `unlock_requested(password)` when Unlock (or Enter) is pressed."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.title = QLabel(LOCKED)
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold")
        self.hint = QLabel()  # short lines, broken by hand: a wrapped label's height is guessed
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Password")
        self.password.setMaximumWidth(320)
        self.unlock = QPushButton("&Unlock")
        self.unlock.setDefault(True)
        self.message = QLabel()
        self.message.setObjectName("lock_message")
        self.message.setStyleSheet("color: #b00020")
        panel = QWidget()
        panel.setMinimumWidth(PANEL_WIDTH)
        column = QVBoxLayout(panel)
        for label in (self.title, self.hint, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for widget in (self.title, self.hint, self.password, self.unlock, self.message):
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.password.returnPressed.connect(self._submit)
        self.unlock.clicked.connect(self._submit)

    def ask(self, needs_password: bool, passphrase: bool = False) -> None:
        """Show the screen fresh: an empty field (or none, when there is no password)."""
        self.password.clear()
        self.password.setVisible(needs_password)
        self.hint.setText(
            (ASK_PASSPHRASE if passphrase else ASK) if needs_password else NO_PASSWORD
        )
        self.message.clear()
        self.set_checking(False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.focus()  # also when the window shows locked at start, after the lock was set

    def focus(self) -> None:
        """Put the keyboard where the person types next."""
        (self.password if self.password.isVisible() else self.unlock).setFocus()

    def set_checking(self, checking: bool) -> None:
        """While a password is checked (off the GUI thread), it cannot be sent twice."""
        self.password.setEnabled(not checking)
        self.unlock.setEnabled(not checking)
        if checking:
            self.message.setText(CHECKING)

    def refuse(self, text: str = WRONG) -> None:
        """The password did not unlock: say so and let it be typed again."""
        self.set_checking(False)
        self.message.setText(text)
        self.password.clear()
        self.focus()

    def _submit(self) -> None:
        if self.unlock.isEnabled():
            self.unlock_requested.emit(self.password.text())
