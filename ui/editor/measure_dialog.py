"""The base of the questionnaire dialogs: entry order, Enter to move on, pro-rating named.

The first box has the focus and Enter moves to the next one, so a paper form is copied from
the keyboard; on OK, Enter saves. Items left unanswered are named before a score is
pro-rated, and saved on a second OK.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from charting.errors import FieldError
from charting.outcomes import MEASURES
from charting.vocabulary import joined
from models.records import Outcome
from ui.dates import ENTER_KEYS
from ui.editor.fields import error_label, hint_label, show_text
from ui.messages import error_text


def measure_error_text(error: FieldError) -> str:
    """'LEFS: 6 items unanswered…', 'PSFS activity 2: …': the measure named as printed."""
    for measure, info in MEASURES.items():
        if error.field == measure.value or error.field.startswith(measure.value + " "):
            return f"{info.name.split(' (')[0]}{error.field[len(measure.value) :]}: {error.message}"
    return error_text(error)


def item_numbers(numbers: Sequence[int]) -> str:
    """'17', '17 and 18', '17, 18 and 19'."""
    return joined([str(n) for n in numbers])


class ItemSpinBox(QSpinBox):
    """A score box whose text is selected on entry, so a typed digit replaces '—'."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()
        QTimer.singleShot(0, self.selectAll)  # again after a click has placed the cursor


class MeasureDialog(QDialog):
    """Base: a grid of inputs, messages, OK/Cancel; `score()` builds the Outcome.

    Subclasses list their inputs in `fields` (focus and Enter follow that order) and the
    numbers of unanswered items in `unanswered()`, which are named before pro-rating.
    """

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)  # the instructions in a few lines, not a column
        self.on_done: Callable[[Outcome], None] = lambda _outcome: None
        self.fields: list[QWidget] = []
        self.confirmed_missing: tuple[int, ...] = ()
        self.intro = hint_label(f"{intro}\nEnter moves to the next box; on OK it saves.")
        self.intro.setWordWrap(True)
        self.grid = QGridLayout()
        self.error = error_label()
        self.notice = hint_label("")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.grid)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)

    def set_fields(self, fields: Sequence[QWidget]) -> None:
        """The inputs in entry order: Tab and Enter follow it, the first has the focus."""
        self.fields = list(fields)
        chain = [*self.fields, self.ok_button,
                 self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]  # fmt: skip
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.fields[0].setFocus(Qt.FocusReason.TabFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a box moves to the next box (the last one hands over to OK)."""
        focused = self.focusWidget()
        in_field = focused is not None and not isinstance(focused, QPushButton)
        if event.key() in ENTER_KEYS and in_field and not event.modifiers():
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def score(self) -> Outcome:
        raise NotImplementedError

    def unanswered(self) -> list[int]:
        """Numbers (from 1) of the items left unanswered; none for most measures."""
        return []

    def accept(self) -> None:
        missing = tuple(self.unanswered())
        try:
            outcome = self.score()
        except FieldError as error:
            note = f" Unanswered: items {item_numbers(missing)}." if missing else ""
            show_text(self.error, measure_error_text(error) + note)
            show_text(self.notice, "")
            return
        show_text(self.error, "")
        if missing and missing != self.confirmed_missing:
            self.confirmed_missing = missing  # the second OK with the same gaps saves
            show_text(self.notice, self.pro_rating_notice(missing))
            return
        self.on_done(outcome)
        super().accept()

    def pro_rating_notice(self, missing: tuple[int, ...]) -> str:
        are = "is" if len(missing) == 1 else "are"
        noun = "Item" if len(missing) == 1 else "Items"
        return (f"{noun} {item_numbers(missing)} {are} unanswered: the score will be "
                "pro-rated from the answered items. Press OK again to save it so, or fill "
                "them in.")  # fmt: skip
