"""Dates between Python and Qt, and the one kind of date box the forms use.

Qt's QDateEdit edits a date section by section; typed over a selection it kept or changed
the year without a word (1985-07-20 became 1991-07-20). `DateField` takes the date as plain
text instead, reads it when typing is done (Enter, Tab, leaving the field) and either keeps
exactly that date or says beside the field why it cannot.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from charting.errors import FieldError
from ui.date_text import ISO_FORMAT, DateTextError, expected_formats, parse_typed_date

EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateField(QWidget):
    """A date typed as text or picked on a calendar, with QDateEdit's methods and signal.

    `date()` is always the last date that was read in full; text that is not a date stays
    on screen as typed, with a message naming the field and the formats it takes.
    """

    dateChanged = Signal(QDate)
    refused = Signal()  # text was read and is not a date: forms count it as a field in red

    def __init__(self, field: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._problem = ""
        self._date = QDate.currentDate()
        self._low, self._high = to_qdate(EARLIEST), to_qdate(LATEST)
        self.edit = QLineEdit(placeholderText="yyyy-mm-dd")
        self.edit.setAccessibleName(field or "date")
        digits = self.edit.fontMetrics().horizontalAdvance("0000-00-0000")
        self.edit.setMaximumWidth(digits + 16)  # room for an ISO date, not the message's width
        # A window of its own (no parent) so it stays out of the form's Tab order.
        self.calendar = QCalendarWidget()
        self.calendar.setWindowFlags(Qt.WindowType.Popup)  # closes on a click elsewhere
        self.calendar.setGridVisible(True)
        self.picker = QToolButton()
        self.picker.setArrowType(Qt.ArrowType.DownArrow)
        self.picker.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on to the next field
        self.picker.setToolTip("Pick the date on a calendar (F4)")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.picker)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.setToolTip(
            f"Type the date as {expected_formats(QLocale(), date(date.today().year, 7, 20))}. "
            "Up and Down "
            "change the part under the cursor; F4 opens a calendar."
        )
        self.edit.editingFinished.connect(self.commit)
        self.edit.installEventFilter(self)
        self.picker.clicked.connect(self.show_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self._show_date()

    # -- QDateEdit's interface ----------------------------------------------------------

    def date(self) -> QDate:
        return QDate(self._date)

    def setDate(self, value: QDate) -> None:
        """Show `value` (kept inside the range, as QDateEdit does); clears any message."""
        if not value.isValid():
            return
        value = min(max(value, self._low), self._high)
        changed = value != self._date
        self._date = QDate(value)
        self._show_date()
        if changed:
            self.dateChanged.emit(QDate(value))

    def setDateRange(self, low: QDate, high: QDate) -> None:
        self._low, self._high = QDate(low), QDate(max(low, high))
        self.setDate(self._date)

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.picker.setEnabled(not read_only)

    def lineEdit(self) -> QLineEdit:
        return self.edit

    # -- reading typed text -------------------------------------------------------------

    def commit(self) -> bool:
        """Read the text; True when it is a date (now shown), False with a message if not."""
        text = self.edit.text()
        if text == self._date.toString(ISO_FORMAT):
            self._set_message("")
            return True
        low, high = to_date(self._low), to_date(self._high)
        try:
            typed = parse_typed_date(text, QLocale(), low, high, date.today())
        except DateTextError as error:
            example = date(self._date.year(), 7, 20)  # day > 12: the order of day and month shows
            formats = expected_formats(QLocale(), example)
            self._problem = f"{error}. Type {formats}."
            self._set_message(f"{self.field_name()}: {error}.\nType {formats}.")
            self.refused.emit()
            return False
        self.setDate(to_qdate(typed))
        return True

    def error_text(self) -> str:
        """The message beside the field, empty while the text is a date."""
        return self.message.text() if not self.message.isHidden() else ""

    def refusal(self, field: str) -> FieldError | None:
        """The text on screen that is not a date, as a field error (None while it is one):
        a form must not store the last date read in its place without a word."""
        return FieldError(field, self._problem) if self.error_text() else None

    def field_name(self) -> str:
        """The name messages use: given, else the form label beside the box, else 'Date'."""
        if self.field:
            return self.field
        widget: QWidget = self
        while (parent := widget.parentWidget()) is not None:
            for form in parent.findChildren(QFormLayout):
                label = form.labelForField(widget)
                if isinstance(label, QLabel) and label.text():
                    return label.text().replace("&", "").rstrip(" *:")
            widget = parent
        return "Date"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        pressed = event.type() == QEvent.Type.KeyPress
        if watched is self.edit and pressed and isinstance(event, QKeyEvent):
            return self._key(event)
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        """True when the key was used here (it then goes no further)."""
        key = event.key()
        if key in ENTER_KEYS:
            return not self.commit()  # a refused date keeps Enter from closing a dialog
        if self.edit.isReadOnly():
            return False
        if key == Qt.Key.Key_F4:
            self.show_calendar()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers():
            self._step(1 if key == Qt.Key.Key_Up else -1)
            return True
        return False

    def _step(self, by: int) -> None:
        """Up/Down: one more or less of the part under the cursor (year, month or day)."""
        if not self.commit():
            return
        cursor = self.edit.cursorPosition()
        if cursor <= 4:
            stepped = self._date.addYears(by)
        elif cursor <= 7:
            stepped = self._date.addMonths(by)
        else:
            stepped = self._date.addDays(by)
        if self._low <= stepped <= self._high:
            self.setDate(stepped)
        self.edit.setCursorPosition(cursor)

    def show_calendar(self) -> None:
        """The calendar under the box, on the date shown; a click there sets the date."""
        self.calendar.setDateRange(self._low, self._high)
        self.calendar.setSelectedDate(self._date)
        self.calendar.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, value: QDate) -> None:
        self.setDate(value)
        self.calendar.hide()
        self.edit.setFocus()

    def _show_date(self) -> None:
        self.edit.setText(self._date.toString(ISO_FORMAT))
        self._set_message("")

    def _set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
