"""Input fields that validate as you type, name the allowed range and never drop the text."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from charting.errors import FieldError, check_range, signed
from ui.dates import DateField, to_date, to_qdate
from ui.editor.reflow import ReflowBox, part
from ui.messages import error_text

ERROR_STYLE = "color: #b00020"
HINT_STYLE = "color: #555"


def error_label() -> QLabel:
    """A red label for one field's message; empty and hidden until there is one."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, error: BaseException | None) -> None:
    label.setText(error_text(error) if error else "")
    label.setVisible(error is not None)


def show_text(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(HINT_STYLE)
    return label


def number_text(text: str) -> str:
    """Typed number text as the record reads it: trimmed, a typographic minus and a decimal
    comma taken as '-' and '.' (empty stays empty)."""
    return text.strip().replace("−", "-").replace(",", ".")


class NumberField(QWidget):
    """A number typed as text: `value()` is None when empty, FieldError when out of range.

    The range (and sign convention) sits beside the box; a message appears under it while
    the text is invalid, and the text itself is never changed or cleared.
    """

    changed = Signal()

    def __init__(
        self,
        field: str,
        low: float,
        high: float,
        unit: str = "",
        convention: str = "",
        whole: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field, self.low, self.high, self.unit, self.whole = field, low, high, unit, whole
        self.edit = QLineEdit(placeholderText="—")
        self.edit.setMaximumWidth(90)
        self.edit.setAccessibleName(field.replace("_", " "))
        low_text, high_text = (signed(v) if low < 0 else f"{v:g}" for v in (low, high))
        allowed = f"{low_text} … {high_text}{(' ' + unit) if unit else ''}"
        self.hint = hint_label(f"{convention}   ({allowed})" if convention else f"({allowed})")
        self.error = error_label()
        # Widgets added beside the range go under it when the form is too narrow for both.
        self.beside = part(end_stretch=True)
        self.beside.hide()
        self.line = ReflowBox(part(self.edit, self.hint), self.beside, stretch=(0, 1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.line)
        layout.addWidget(self.error)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_text)

    def add_beside(self, *widgets: QWidget, lead: int = 0) -> None:
        """Widgets after the range (e.g. a category chosen by eye), on the same line while it
        fits; `lead` is where they start then, to line them up with other rows."""
        row = self.beside.layout()
        assert isinstance(row, QHBoxLayout)
        for widget in widgets:
            row.insertWidget(row.count() - 1, widget)
        self.beside.show()
        self.line.set_lead(lead)

    def _on_text(self) -> None:
        self.check()
        self.changed.emit()

    def value(self) -> float | None:
        """The number, None when empty; raises FieldError naming the range when invalid."""
        text = number_text(self.edit.text())
        if not text:
            return None
        unit = " degrees" if self.unit == "°" else (f" {self.unit}" if self.unit else "")
        number = check_range(self.field, text, self.low, self.high, unit)
        if self.whole and number != int(number):
            raise FieldError(self.field, f"must be a whole number (got {text})")
        return int(number) if self.whole else number

    def check(self) -> FieldError | None:
        """Validate and show the message; the error, or None when the text is fine."""
        try:
            self.value()
        except FieldError as error:
            show_error(self.error, error)
            return error
        show_error(self.error, None)
        return None

    def collect(self, errors: list[FieldError]) -> float | None:
        """The value, or None with the error appended when the text is invalid."""
        try:
            return self.value()
        except FieldError as error:
            errors.append(error)
            return None

    def set_value(self, value: float | None) -> None:
        self.edit.setText("" if value is None else f"{value:g}")

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class OptionalDate(QWidget):
    """A date that may be left unset (the next visit is not always booked)."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label)
        self.date = DateField()
        self.date.setDate(QDate.currentDate().addDays(14))
        self.date.setEnabled(False)
        self.error = error_label()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.date)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.enabled.toggled.connect(self.date.setEnabled)
        self.enabled.toggled.connect(self.changed)
        self.date.dateChanged.connect(self.changed)
        self.date.refused.connect(self.changed)

    def value(self) -> date | None:
        if not self.enabled.isChecked():
            return None
        return to_date(self.date.date())

    def refusal(self, field: str) -> FieldError | None:
        """Typed text that is not a date, while the date is in use."""
        return self.date.refusal(field) if self.enabled.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.enabled.setChecked(value is not None)
        if value is not None:
            self.date.setDate(to_qdate(value))

    def set_read_only(self, read_only: bool) -> None:
        self.enabled.setEnabled(not read_only)
        self.date.setReadOnly(read_only)
