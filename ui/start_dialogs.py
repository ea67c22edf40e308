"""The questions asked before the database opens: who you are and whether to protect the
records with a passphrase (first run, no database yet), and the passphrase of an encrypted
database (docs/ARCHITECTURE.md#encryption-at-rest).

Neither dialog touches the database: checking a passphrase derives SQLCipher's key (a
fraction of a second by design), which happens on the worker when the database opens; a
wrong one brings the passphrase dialog back saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from models.connect import is_encrypted
from models.conversion import passphrase_problem
from models.private_files import private_folder
from models.settings import load_settings, save_settings

LOST_PASSPHRASE = (
    "Nobody can recover a lost passphrase, Holdfast included: without it the records and "
    "their backups cannot be read. Write it down and keep it somewhere safe."
)
PROTECT = "Protect the records with a passphrase (recommended)"
# Without the key an encrypted file and one whose first page is destroyed look the same.
NEVER_ENCRYPTED = (
    "Never set a passphrase for this database? Then it is not encrypted but damaged: "
    "Holdfast can put back its newest good backup."
)


class Instead(Enum):
    """What the passphrase dialog was asked for instead of opening."""

    RESTORE = "restore"


@dataclass(frozen=True)
class FirstRun:
    """What the first-run dialog was told: the passphrase is None for a plaintext database."""

    name: str
    credentials: str
    passphrase: str | None = field(repr=False)  # never in a log or a traceback


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName("ok")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class FirstRunDialog(QDialog):
    """No database yet: your name and credentials (for signatures and the audit trail), and
    a passphrase to encrypt the new database with, asked twice."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Holdfast")
        self.name, self.credentials = QLineEdit(), QLineEdit()
        self.protect = QCheckBox(PROTECT)
        self.protect.setChecked(True)
        self.passphrase, self.again = password_field(), password_field()
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        intro = QLabel(
            f"Holdfast will keep the records in a new database at {db_path}. Your name and "
            "credentials go on the visits you sign and into the audit trail.",
            wordWrap=True,
        )
        form.addRow(intro)
        form.addRow("Your name", self.name)
        form.addRow("Credentials", self.credentials)
        form.addRow(self.protect)
        form.addRow("Passphrase", self.passphrase)
        form.addRow("The same again", self.again)
        warning = QLabel(LOST_PASSPHRASE, wordWrap=True)
        warning.setObjectName("lost_passphrase")
        form.addRow(warning)
        form.addRow(self.error)
        form.addRow(ok_cancel(self, "Create the database"))
        self.protect.toggled.connect(self.passphrase.setEnabled)
        self.protect.toggled.connect(self.again.setEnabled)
        self.setMinimumWidth(520)

    def problem(self) -> str:
        """What stops the dialog from being accepted ("" when nothing does)."""
        if not self.name.text().strip():
            return "Your name: type the name that signs your visits."
        if not self.protect.isChecked():
            return ""
        typed = self.passphrase.text()
        weak = passphrase_problem(typed)
        if weak:
            return weak
        if self.again.text() != typed:
            return "The two passphrases differ: type the same one twice."
        return ""

    def accept(self) -> None:
        problem = self.problem()
        self.error.setText(problem)
        if not problem:
            super().accept()

    def answer(self) -> FirstRun:
        passphrase = self.passphrase.text() if self.protect.isChecked() else None
        return FirstRun(self.name.text().strip(), self.credentials.text().strip(), passphrase)


RESTORE_CODE = 2  # the dialog's result for "Restore a backup…" (Accepted is 1)


class PassphraseDialog(QDialog):
    """The passphrase of an encrypted database; `problem` says why it is asked again."""

    def __init__(self, db_path: Path, problem: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Holdfast — passphrase")
        self.passphrase = password_field()
        self.error = QLabel(problem, wordWrap=True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(QLabel(f"{db_path.name} is encrypted. Type its passphrase.", wordWrap=True))
        form.addRow("Passphrase", self.passphrase)
        form.addRow(self.error)
        buttons = ok_cancel(self, "Open")
        restore = QPushButton("Restore a backup…", autoDefault=False)  # Enter opens
        restore.setObjectName("restore")
        restore.clicked.connect(lambda: self.done(RESTORE_CODE))
        form.addRow(QLabel(NEVER_ENCRYPTED, wordWrap=True))
        form.addRow(restore)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        if not self.passphrase.text():
            self.error.setText("Type the passphrase, or Cancel to quit.")
            return
        super().accept()


def ask_first_run(db_path: Path) -> FirstRun | None:
    """Ask the first-run questions and save the name and credentials into the settings
    beside the database; None when the person cancels."""
    dialog = FirstRunDialog(db_path)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    answer = dialog.answer()
    private_folder(db_path.parent)
    settings = replace(load_settings(db_path), practitioner_name=answer.name,
                       credentials=answer.credentials)  # fmt: skip
    save_settings(db_path, settings)
    return answer


def ask_passphrase(db_path: Path, problem: str = "") -> str | Instead | None:
    """The passphrase typed for the encrypted database at `db_path`, Instead.RESTORE when
    the person says the file was never encrypted (so it is damaged), None on Cancel."""
    dialog = PassphraseDialog(db_path, problem)
    result = dialog.exec()
    if result == RESTORE_CODE:
        return Instead.RESTORE
    if result != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase.text()


def passphrase_at_start(db_path: Path) -> tuple[bool, str | Instead | None]:
    """Whether to go on opening, and with what passphrase: the first-run questions when
    there is no database yet, the passphrase of an encrypted one, nothing for plaintext."""
    if not db_path.exists():
        answer = ask_first_run(db_path)
        return answer is not None, answer.passphrase if answer else None
    if is_encrypted(db_path):
        typed = ask_passphrase(db_path)
        return typed is not None, typed
    return True, None
