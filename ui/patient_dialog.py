"""Create or edit a patient: every invalid field is named beside it at once, and its message
goes as soon as the field is fixed; nothing typed is lost."""

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
    QVBoxLayout,
    QWidget,
)

from charting.course_stage import Stage
from charting.errors import FieldError
from charting.vocabulary import STAGE_TERMS
from models.records import RUNNING_GOAL_RANGE, PatientDraft, birth_date_range, patient_problems
from models.services.audit_words import PATIENT_LABELS
from ui.dates import DateField, to_date, to_qdate
from ui.editor import fields
from ui.forms import row_of, save_cancel
from ui.messages import error_text

SEXES = ("", "female", "male", "other")
PHOTO_CONSENT = "Photos may be taken (the patient agreed)"
RUNNING_GOAL_TIP = (
    "The weekly running volume the runner wants back, in km/week; empty for no goal. "
    f"A course of care is judged {STAGE_TERMS[Stage.DISCHARGE].plain} only once the running "
    "is back to it."
)


def _error_label(name: str) -> QLabel:
    label = fields.error_label()
    label.setObjectName(f"{name}-error")
    return label


class PatientDialog(QDialog):
    """`draft()` returns the validated PatientDraft; `accept` is refused until it is valid."""

    def __init__(self, parent: QWidget | None = None, patient: PatientDraft | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit patient" if patient else "New patient")
        self.chart_number = QLineEdit()
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.dob_known = QCheckBox("known")
        self.date_of_birth = DateField()
        self.date_of_birth.setDateRange(*(to_qdate(day) for day in birth_date_range()))
        self.date_of_birth.setDate(QDate(1990, 1, 1))
        self.sex = QComboBox()
        self.sex.addItems(SEXES)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.running_profile = QLineEdit(placeholderText="e.g. half-marathon, 40 km/week")
        self.running_goal_km = QLineEdit(placeholderText="no goal")
        self.running_goal_km.setMaximumWidth(90)
        self.running_goal_km.setToolTip(RUNNING_GOAL_TIP)
        self.running_goal_km.setAccessibleName("running goal in km per week")
        goal_range = fields.hint_label("({:g} … {:g})".format(*RUNNING_GOAL_RANGE))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.photo_consent = QCheckBox(PHOTO_CONSENT)
        self.error = QLabel()  # what no field owns: "Saving…", a failure of the save itself
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(fields.ERROR_STYLE)
        self.widgets: dict[str, QWidget] = {
            "chart_number": self.chart_number, "first_name": self.first_name,
            "last_name": self.last_name, "date_of_birth": self.date_of_birth,
            "email": self.email, "running_goal_km": self.running_goal_km,
        }  # fmt: skip
        self.field_errors = {name: _error_label(name) for name in self.widgets}
        self._watched: set[str] = set()  # fields flagged since the form opened
        form = QFormLayout(self)
        for label, name, widget in (
            ("Chart number *", "chart_number", self.chart_number),
            ("First name *", "first_name", self.first_name),
            ("Last name *", "last_name", self.last_name),
            ("Date of birth", "date_of_birth", row_of(self.date_of_birth, self.dob_known)),
            ("Sex", "", self.sex),
            ("Phone", "", self.phone),
            ("Email", "email", self.email),
            ("Running", "", self.running_profile),
            (
                PATIENT_LABELS["running_goal_km"],
                "running_goal_km",
                row_of(self.running_goal_km, goal_range, stretch=True),
            ),
            ("Notes", "", self.notes),
            ("Photos", "", self.photo_consent),
        ):
            form.addRow(label, self._with_error(widget, name))
        form.addRow(self.error)
        form.addRow(save_cancel(self))
        self.dob_known.toggled.connect(self.date_of_birth.setEnabled)
        self.dob_known.setChecked(False)
        self.date_of_birth.setEnabled(False)
        self.on_save: Callable[[PatientDraft], None] = lambda _draft: self.saved()
        if patient:
            self._fill(patient)
        for name in ("chart_number", "first_name", "last_name", "email", "running_goal_km"):
            edit = self.widgets[name]
            assert isinstance(edit, QLineEdit)
            edit.textChanged.connect(lambda _text, name=name: self._recheck(name))
        self.date_of_birth.dateChanged.connect(lambda _d: self._recheck("date_of_birth"))
        self.dob_known.toggled.connect(lambda _on: self._recheck("date_of_birth"))

    def _with_error(self, widget: QWidget, name: str) -> QWidget:
        """The field with its own message line right under it."""
        if not name:
            return widget
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.field_errors[name])
        return holder

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
        goal = p.running_goal_km  # 15 digits: an imported 42.195 is not rounded on a save
        self.running_goal_km.setText("" if goal is None else f"{goal:.15g}")
        self.notes.setPlainText(p.notes)
        self.photo_consent.setChecked(p.photo_consent)

    def values(self) -> dict[str, object]:
        """What the form holds, as the fields of a PatientDraft."""
        dob: date | None = None
        if self.dob_known.isChecked():
            dob = to_date(self.date_of_birth.date())
        return {
            "chart_number": self.chart_number.text(),
            "first_name": self.first_name.text(),
            "last_name": self.last_name.text(),
            "date_of_birth": dob,
            "sex": self.sex.currentText(),
            "phone": self.phone.text().strip(),
            "email": self.email.text().strip(),
            "running_profile": self.running_profile.text().strip(),
            "running_goal_km": fields.number_text(self.running_goal_km.text()) or None,
            "notes": self.notes.toPlainText(),
            "photo_consent": self.photo_consent.isChecked(),
        }

    def draft(self) -> PatientDraft:
        return PatientDraft(**self.values())  # type: ignore[arg-type]

    def _show_problems(self, name: str, problems: list[FieldError]) -> None:
        """The first of `problems` about field `name` beside it, or no message when none is;
        a field once flagged is watched from then on."""
        mine = next((problem for problem in problems if problem.field == name), None)
        fields.show_error(self.field_errors[name], mine)
        if mine is not None:
            self._watched.add(name)

    def _recheck(self, name: str) -> None:
        """A field once flagged is checked again on every change: fixed, its message goes."""
        if name in self._watched:  # a first message waits for Save: no red while typing
            self._show_problems(name, patient_problems(self.values()))

    def show_error(self, error: BaseException) -> None:
        """A refusal from the database side (e.g. a chart number in use), beside its field."""
        self.error.clear()
        if isinstance(error, FieldError) and error.field in self.field_errors:
            self._show_problems(error.field, [error])
            self.widgets[error.field].setFocus()
        else:
            self.error.setText(error_text(error))

    def accept(self) -> None:
        """Check every field at once; when all are valid hand the draft to `on_save`, and
        the dialog closes once it is stored."""
        problems = patient_problems(self.values())
        typed = self.date_of_birth.refusal("date_of_birth") if self.dob_known.isChecked() else None
        for name in self.field_errors:
            self._show_problems(name, problems)
        if problems:
            self.error.clear()
            self.widgets[problems[0].field].setFocus()
            return
        if typed is not None:  # its message is beside the box already
            self.error.clear()
            self.date_of_birth.setFocus()
            return
        self.error.setText("Saving…")
        self.on_save(self.draft())

    def saved(self) -> None:
        super().accept()
