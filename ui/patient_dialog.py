"""Create or edit a patient; invalid fields are named next to the form, nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from charting.errors import FieldError
from models.records import PatientDraft
from ui.dates import date_edit, to_date, to_qdate
from ui.forms import row_of, save_cancel
from ui.messages import error_text

SEXES = ("", "female", "male", "other")


class PatientDialog(QDialog):
    """`draft()` returns the validated PatientDraft; `accept` is refused until it is valid."""

    def __init__(self, parent: QWidget | None = None, patient: PatientDraft | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit patient" if patient else "New patient")
        self.chart_number = QLineEdit()
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.dob_known = QCheckBox("known")
        self.date_of_birth = date_edit()
        self.date_of_birth.setDateRange(QDate(1900, 1, 1), QDate.currentDate())
        self.date_of_birth.setDate(QDate(1990, 1, 1))
        self.sex = QComboBox()
        self.sex.addItems(SEXES)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.running_profile = QLineEdit(placeholderText="e.g. half-marathon, 40 km/week")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Chart number *", self.chart_number)
        form.addRow("First name *", self.first_name)
        form.addRow("Last name *", self.last_name)
        form.addRow("Date of birth", row_of(self.date_of_birth, self.dob_known))
        form.addRow("Sex", self.sex)
        form.addRow("Phone", self.phone)
        form.addRow("Email", self.email)
        form.addRow("Running", self.running_profile)
        form.addRow("Notes", self.notes)
        form.addRow(self.error)
        form.addRow(save_cancel(self))
        self.dob_known.toggled.connect(self.date_of_birth.setEnabled)
        self.dob_known.setChecked(False)
        self.date_of_birth.setEnabled(False)
        self.on_save: Callable[[PatientDraft], None] = lambda _draft: self.saved()
        if patient:
            self._fill(patient)

    def _fill(self, p: PatientDraft) -> None:
        self.chart_number.setText(p.chart_number)
        self.first_name.setText(p.first_name)
        self.last_name.setText(p.last_name)
        if p.date_of_birth:
            self.dob_known.setChecked(True)
            self.date_of_birth.setDate(to_qdate(p.date_of_birth))
        self.sex.setCurrentText(p.sex)
        self.phone.setText(p.phone)
        self.email.setText(p.email)
        self.running_profile.setText(p.running_profile)
        self.notes.setPlainText(p.notes)

    def draft(self) -> PatientDraft:
        dob: date | None = None
        if self.dob_known.isChecked():
            dob = to_date(self.date_of_birth.date())
        return PatientDraft(
            chart_number=self.chart_number.text(),
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            date_of_birth=dob,
            sex=self.sex.currentText(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            running_profile=self.running_profile.text().strip(),
            notes=self.notes.toPlainText(),
        )

    def show_error(self, error: BaseException) -> None:
        self.error.setText(error_text(error))

    def accept(self) -> None:
        """Validate, then hand the draft to `on_save`; the dialog closes once it is stored."""
        try:
            draft = self.draft()
        except FieldError as error:
            self.show_error(error)
            return
        self.error.setText("Saving…")
        self.on_save(draft)

    def saved(self) -> None:
        super().accept()
