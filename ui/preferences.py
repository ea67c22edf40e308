"""Preferences: who signs, the clinic header and logo for handouts, paper size, tolerances,
the course stages' thresholds and the app lock."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from charting.errors import FieldError
from charting.readings import Dimension
from charting.tolerances import PHOTO_FIELDS, Tolerances
from charting.vocabulary import DIMENSION_TERMS
from models.settings import Settings
from ui.context import AppContext
from ui.forms import save_cancel
from ui.lock.password_fields import LockFields
from ui.logo_field import LogoField
from ui.messages import error_text
from ui.stage_fields import StageFields

# The tolerance fields, one per dimension and setup, as Tolerances names them.
TOLERANCE_LABELS = {
    f"{dimension.value}{suffix}": f"{DIMENSION_TERMS[dimension].label}, {setup}"
    for suffix, setup in (("_deg", "same device and rater"),
                          ("_other_setup_deg", "other device or rater"))
    for dimension in Dimension
} | {
    name: f"{DIMENSION_TERMS[dimension].label}, photos by the same practitioner"
    for dimension, name in PHOTO_FIELDS.items()
}  # fmt: skip


class PreferencesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.context = context
        settings = context.settings
        self.texts = {
            name: QLineEdit(getattr(settings, name))
            for name in (
                "practitioner_name", "credentials", "clinic_name", "clinic_address",
                "clinic_phone",
            )
        }  # fmt: skip
        self.logo = LogoField(context.runner, settings.logo_path)
        self.paper = QComboBox()
        self.paper.addItems(["A4", "Letter"])
        self.paper.setCurrentText(settings.paper_size)
        self.tolerances = {}
        form = QFormLayout(self)
        labels = ("Your name", "Credentials", "Clinic name", "Clinic address", "Clinic phone")
        for label, (_name, edit) in zip(labels, self.texts.items(), strict=True):
            form.addRow(label, edit)
        form.addRow("Logo file", self.logo)
        form.addRow("Paper size", self.paper)
        sources = "degrees; Help ▸ Guide explains them and their sources"
        form.addRow(QLabel(f"<b>Hold tolerances</b> ({sources})"))
        for name, label in TOLERANCE_LABELS.items():
            spin = QDoubleSpinBox(minimum=0.5, maximum=20, singleStep=0.5, decimals=1, suffix=" °")
            spin.setValue(getattr(settings.tolerances, name))
            self.tolerances[name] = spin
            form.addRow(label, spin)
        self.stages = StageFields(settings.stages, settings.handout_says_stage)
        self.stages.add_rows(form)
        self.lock = LockFields(settings)
        self.lock.add_rows(form)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b00020")
        form.addRow(self.error)
        form.addRow(save_cancel(self))

    def settings(self) -> Settings:
        tolerances = Tolerances(**{name: spin.value() for name, spin in self.tolerances.items()})
        texts = {name: edit.text().strip() for name, edit in self.texts.items()}
        return replace(
            self.context.settings,
            **texts,
            logo_path=self.logo.file(),
            paper_size=self.paper.currentText(),
            tolerances=tolerances,
            stages=self.stages.stages(),
            handout_says_stage=self.stages.on_handout.isChecked(),
            lock_after_minutes=self.lock.lock_after_minutes(),
        )

    def accept(self) -> None:
        """Save once the logo check of the path on screen is in, unless a field is wrong:
        the message then says which and why."""
        if self.logo.problem() is None:
            self.error.setText("Checking the logo file…")
        self.logo.when_checked(self._save)

    def reject(self) -> None:
        self.logo.forget_waiting()
        super().reject()

    def _save(self, logo_problem: str) -> None:
        if logo_problem:
            self.error.setText(f"Logo file: {logo_problem}")
            self.logo.path.setFocus()
            return
        try:
            settings, change = self.settings(), self.lock.change()
        except FieldError as error:
            self.error.setText(error_text(error))
            return
        if change.changes_anything:
            self.error.setText("Checking the app password…")  # scrypt: off the GUI thread
        self.context.runner.run(
            lambda: change.apply(settings.app_password),
            lambda stored: self._store(replace(settings, app_password=stored)),
            lambda error: self.error.setText(error_text(error)),
        )

    def _store(self, settings: Settings) -> None:
        self.error.clear()
        self.context.save_settings(settings)
        super().accept()
