"""One pelvic reading (pre or post): numbers with units and sign conventions, or words.

Each dimension takes a measured value or, when nothing was measured, a category by eye
(docs/clinical-model.md#categories: rotation is often judged by eye). Measured values win,
so the category box is disabled while its number is filled in.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from charting.errors import FieldError
from charting.readings import (
    CATEGORIES,
    OBLIQUITY_RANGE,
    ROTATION_RANGE,
    TILT_RANGE,
    Device,
    Dimension,
    Phase,
    Reading,
)
from charting.vocabulary import CATEGORY_TERMS, DEVICE_TERMS, FIELD_LABELS, SIGNS, TILT_SIGN
from ui.editor.fields import NumberField, error_label, hint_label, show_error
from ui.editor.reflow import ReflowBox, part
from ui.forms import row_of

NUMERIC = {
    "left_tilt_deg": (TILT_RANGE, TILT_SIGN),
    "right_tilt_deg": (TILT_RANGE, TILT_SIGN),
    "rotation_deg": (ROTATION_RANGE, SIGNS[Dimension.ROTATION]),
    "obliquity_deg": (OBLIQUITY_RANGE, SIGNS[Dimension.OBLIQUITY]),
}
# Where the "or by eye" boxes start, so they line up: the number box and its hint.
BY_EYE_AT = 90 + 6 + 240
# The number whose presence disables the category chosen by eye.
MEASURED_BY = {
    Dimension.ASYMMETRY: "left_tilt_deg",
    Dimension.ROTATION: "rotation_deg",
    Dimension.OBLIQUITY: "obliquity_deg",
}


def asymmetry_words(left: float | None, right: float | None) -> str:
    """'left − right = +7.0°, left more anterior'."""
    if left is None and right is None:
        return "—"
    if left is None or right is None:
        return "needs both tilts"
    difference = left - right
    side = "level" if difference == 0 else ("left" if difference > 0 else "right")
    words = "level" if side == "level" else f"{side} more anterior"
    return f"left − right = {difference:+.1f}°, {words}"


class ReadingForm(QWidget):
    """Fields of one Reading; `collect()` builds it from whatever is valid."""

    changed = Signal()

    def __init__(self, phase: Phase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase = phase
        self.position = "standing"
        self.device = QComboBox()
        for device, term in DEVICE_TERMS.items():
            self.device.addItem(term.label, device.value)
        self.rater = QLineEdit(placeholderText="who measured")
        self.numbers = {
            name: NumberField(name, low, high, "°", convention)
            for name, ((low, high), convention) in NUMERIC.items()
        }
        self.by_eye: dict[Dimension, QComboBox] = {}
        for dimension, categories in CATEGORIES.items():
            combo = QComboBox()
            combo.addItem("not recorded", None)
            for category in categories:
                combo.addItem(CATEGORY_TERMS[category].label, category)
            combo.setAccessibleName(f"{dimension.value} by eye")
            self.by_eye[dimension] = combo
        self.asymmetry = QLabel()
        self.error = error_label()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Device", row_of(self.device, QLabel("Rater"), self.rater, stretch=True))
        for name in NUMERIC:
            form.addRow(FIELD_LABELS[name], self.numbers[name])
            if name == "right_tilt_deg":
                eye = self.by_eye[Dimension.ASYMMETRY]
                by_eye = part(hint_label("   or by eye:"), eye, end_stretch=True)
                form.addRow("Asymmetry", ReflowBox(self.asymmetry, by_eye, lead=BY_EYE_AT))
        for dimension in (Dimension.ROTATION, Dimension.OBLIQUITY):
            field = self.numbers[MEASURED_BY[dimension]]
            field.add_beside(hint_label("   or by eye:"), self.by_eye[dimension], lead=BY_EYE_AT)
        form.addRow(self.error)
        for field in self.numbers.values():
            field.changed.connect(self._on_change)
        for combo in (self.device, *self.by_eye.values()):
            combo.currentIndexChanged.connect(self._on_change)
        self.rater.textChanged.connect(self._on_change)
        self._update_live()

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.device, self.rater]
        for name, field in self.numbers.items():
            chain.append(field.edit)
            if name == "right_tilt_deg":
                chain.append(self.by_eye[Dimension.ASYMMETRY])
            elif name == "rotation_deg":
                chain.append(self.by_eye[Dimension.ROTATION])
            elif name == "obliquity_deg":
                chain.append(self.by_eye[Dimension.OBLIQUITY])
        return chain

    def _on_change(self) -> None:
        self._update_live()
        self.changed.emit()

    def _update_live(self) -> None:
        values = {name: _quiet(field) for name, field in self.numbers.items()}
        self.asymmetry.setText(asymmetry_words(values["left_tilt_deg"], values["right_tilt_deg"]))
        for dimension, name in MEASURED_BY.items():
            self.by_eye[dimension].setEnabled(
                not self.numbers[name].text().strip() and not self.rater.isReadOnly()
            )

    def is_empty(self) -> bool:
        no_numbers = not any(field.text().strip() for field in self.numbers.values())
        return no_numbers and all(combo.currentData() is None for combo in self.by_eye.values())

    def collect(self, errors: list[FieldError]) -> Reading | None:
        """The reading built from the valid fields; None when empty or incomplete."""
        show_error(self.error, None)
        if self.is_empty():
            return None
        values: dict[str, Any] = {}
        own_errors = len(errors)
        for name, field in self.numbers.items():
            field.check()  # resets a message left by an earlier cross-field check
            values[name] = field.collect(errors)
        # "Record at least one of…" under two red fields is only their echo: it would be
        # counted as a third field in red and says something untrue (they were recorded).
        fields_in_red = len(errors) > own_errors
        for dimension, name in MEASURED_BY.items():
            if not self.numbers[name].text().strip():
                values[dimension.value] = self.by_eye[dimension].currentData()
        try:
            return Reading(
                phase=self.phase, device=self.device.currentData(), rater=self.rater.text(),
                position=self.position, **values,
            )  # fmt: skip
        except FieldError as error:
            named = self.numbers.get(error.field)
            if (named is not None and named.error.text()) or (
                error.field == "reading" and fields_in_red
            ):
                return None  # the fields' own messages already say what is wrong
            show_error(named.error if named is not None else self.error, error)
            errors.append(error)
            return None

    def set_reading(self, reading: Reading | None) -> None:
        for name, field in self.numbers.items():
            field.set_value(getattr(reading, name) if reading else None)
        for dimension, combo in self.by_eye.items():
            stated = reading.stated_category(dimension) if reading else None
            combo.setCurrentIndex(max(0, combo.findData(stated)))
        if reading is not None:
            self.set_setup(reading.device, reading.rater)
            self.position = reading.position

    def fill_measured(self, reading: Reading, rater: str) -> list[str]:
        """Take the device and the numbers `reading` has (measured on photos), keeping a
        rater already named and the by-eye choices; each change saves as typing does.
        A reading has one device: numbers typed with another device that the photos did not
        measure are cleared, and their labels returned so the practitioner is told."""
        other_device = self.device.currentData() != str(reading.device)
        self.set_setup(reading.device, self.rater.text() or rater)
        cleared = []
        for name, field in self.numbers.items():
            if (value := getattr(reading, name)) is not None:
                field.set_value(value)
            elif other_device and field.text().strip():
                field.set_value(None)
                cleared.append(FIELD_LABELS[name])
        return cleared

    def set_setup(self, device: str, rater: str) -> None:
        self.device.setCurrentIndex(max(0, self.device.findData(str(device))))
        self.rater.setText(rater)

    def raw(self) -> dict[str, Any]:
        """Everything typed, valid or not (for crash recovery)."""
        return {
            "device": self.device.currentData(),
            "rater": self.rater.text(),
            "numbers": {name: field.text() for name, field in self.numbers.items()},
            "by_eye": {d.value: combo.currentData() for d, combo in self.by_eye.items()},
        }

    def set_raw(self, raw: dict[str, Any]) -> None:
        self.set_setup(raw.get("device") or Device.PALM.value, raw.get("rater", ""))
        for name, text in raw.get("numbers", {}).items():
            if name in self.numbers:
                self.numbers[name].set_text(text)
        for dimension, combo in self.by_eye.items():
            combo.setCurrentIndex(max(0, combo.findData(raw.get("by_eye", {}).get(dimension))))

    def set_read_only(self, read_only: bool) -> None:
        self.device.setEnabled(not read_only)
        self.rater.setReadOnly(read_only)
        for field in self.numbers.values():
            field.set_read_only(read_only)
        self._update_live()
        for combo in self.by_eye.values():
            combo.setEnabled(combo.isEnabled() and not read_only)


def _quiet(field: NumberField) -> float | None:
    try:
        return field.value()
    except FieldError:
        return None
