"""One small dialog per questionnaire: item scores by number, scored by charting.outcomes.

Item wording is not bundled (docs/clinical-model.md): the practitioner reads the patient's
paper form and enters the item scores, and each dialog says so. The first box has the focus
and Enter moves to the next one, so a form is copied from the keyboard; on OK, Enter saves.
An unscorable form keeps its input and says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from charting.errors import FieldError
from charting.outcomes import (
    LEFS_ITEMS,
    LEFS_MAX_MISSING,
    MEASURES,
    ROLAND_MORRIS_ITEMS,
    Measure,
    grc_words,
    score_grc,
    score_lefs,
    score_psfs,
    score_roland_morris,
)
from models.records import Outcome
from ui.editor.fields import NumberField, error_label, hint_label, show_text
from ui.messages import error_text

PSFS_ROWS = 5
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PAPER = "Read the answers from the patient's paper form (the item wording is not in Holdfast)."


def measure_error_text(error: FieldError) -> str:
    """'LEFS: 6 items unanswered…', 'PSFS activity 2: …': the measure named as printed."""
    for measure, info in MEASURES.items():
        if error.field == measure.value or error.field.startswith(measure.value + " "):
            return f"{info.name.split(' (')[0]}{error.field[len(measure.value) :]}: {error.message}"
    return error_text(error)


def item_numbers(numbers: Sequence[int]) -> str:
    """'17', '17 and 18', '17, 18 and 19'."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


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


class PsfsDialog(MeasureDialog):
    def __init__(self, previous: Outcome | None, parent: QWidget | None = None) -> None:
        super().__init__("PSFS", "Name 3 to 5 activities the patient finds hard; rate each "
                         "0 (unable) to 10 (as before the problem).", parent)  # fmt: skip
        self.names = [QLineEdit(placeholderText=f"activity {n + 1}") for n in range(PSFS_ROWS)]
        self.ratings = [NumberField(f"PSFS activity {n + 1}", 0, 10, "", whole=True)
                        for n in range(PSFS_ROWS)]  # fmt: skip
        for row, (name, rating) in enumerate(zip(self.names, self.ratings, strict=True)):
            name.setMinimumWidth(240)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(rating, row, 1)
        self.grid.setColumnStretch(1, 1)
        self.setMinimumWidth(680)  # room for a rating's message beside its activity
        for row, (activity, value) in enumerate(psfs_activities(previous)[:PSFS_ROWS]):
            self.names[row].setText(activity)
            self.ratings[row].set_value(value)
        self.set_fields([box for pair in zip(self.names, self.ratings, strict=True)
                         for box in pair])  # fmt: skip

    def score(self) -> Outcome:
        pairs = [(name.text(), rating.text()) for name, rating in zip(self.names, self.ratings,
                                                                      strict=True)]  # fmt: skip
        score = score_psfs([(n, r) for n, r in pairs if n.strip() or r.strip()])
        words = "; ".join(f"{name} {rating:g}" for name, rating in score.activities)
        label = f"{score.label}: {words}"[:200]
        return Outcome(
            Measure.PSFS.value, score.value, label, tuple(r for _, r in score.activities)
        )


def psfs_activities(outcome: Outcome | None) -> list[tuple[str, float]]:
    """Activities back from a PSFS label 'PSFS 4.7/10: running 4; stairs 6; hopping 4'."""
    if outcome is None or ": " not in outcome.label:
        return []
    pairs = []
    for part in outcome.label.split(": ", 1)[1].split("; "):
        name, _, rating = part.rpartition(" ")
        try:
            pairs.append((name, float(rating)))
        except ValueError:
            continue
    return pairs


class LefsDialog(MeasureDialog):
    def __init__(self, previous: Outcome | None, parent: QWidget | None = None) -> None:
        super().__init__("LEFS", f"{PAPER} Item scores 0 (extreme difficulty) to 4 (no "
                         f"difficulty); — = unanswered (at most {LEFS_MAX_MISSING} may be "
                         "missing; they are then pro-rated).", parent)  # fmt: skip
        self.items = [ItemSpinBox(minimum=-1, maximum=4) for _ in range(LEFS_ITEMS)]
        for number, spin in enumerate(self.items):
            spin.setSpecialValueText("—")
            spin.setValue(-1)
            spin.setAccessibleName(f"LEFS item {number + 1}")
            row, column = divmod(number, 5)
            self.grid.addWidget(QLabel(f"{number + 1}."), row, column * 2)
            self.grid.addWidget(spin, row, column * 2 + 1)
        if previous is not None and len(previous.items) == LEFS_ITEMS:
            for spin, value in zip(self.items, previous.items, strict=True):
                spin.setValue(-1 if value is None else int(value))
        self.set_fields(self.items)

    def unanswered(self) -> list[int]:
        return [number + 1 for number, spin in enumerate(self.items) if spin.value() < 0]

    def score(self) -> Outcome:
        items = [None if s.value() < 0 else s.value() for s in self.items]
        score = score_lefs(items)
        return Outcome(Measure.LEFS.value, score.value, score.label,
                       tuple(None if v is None else float(v) for v in items))  # fmt: skip


class RolandMorrisDialog(MeasureDialog):
    def __init__(self, previous: Outcome | None, parent: QWidget | None = None) -> None:
        super().__init__("Roland-Morris", f"{PAPER} Tick the numbers of the statements the "
                         "patient ticked (Space ticks; score = count ticked, 0-24).",
                         parent)  # fmt: skip
        self.items = [QCheckBox(f"{n + 1}") for n in range(ROLAND_MORRIS_ITEMS)]
        for number, box in enumerate(self.items):
            self.grid.addWidget(box, *divmod(number, 8))
        if previous is not None and len(previous.items) == ROLAND_MORRIS_ITEMS:
            for box, value in zip(self.items, previous.items, strict=True):
                box.setChecked(bool(value))
        self.set_fields(self.items)

    def score(self) -> Outcome:
        items = [box.isChecked() for box in self.items]
        score = score_roland_morris(items)
        return Outcome(Measure.ROLAND_MORRIS.value, score.value, score.label,
                       tuple(float(v) for v in items))  # fmt: skip


class GrcDialog(MeasureDialog):
    def __init__(self, previous: Outcome | None, parent: QWidget | None = None) -> None:
        super().__init__("Global rating of change", "Since the start of care, -7 (a very "
                         "great deal worse) to +7 (a very great deal better).", parent)  # fmt: skip
        self.rating = QSpinBox(minimum=-7, maximum=7)
        self.rating.setPrefix("")
        self.words = QLabel()
        self.grid.addWidget(self.rating, 0, 0)
        self.grid.addWidget(self.words, 0, 1)
        self.rating.valueChanged.connect(lambda v: self.words.setText(grc_words(v)))
        self.rating.setValue(int(previous.score) if previous else 0)
        self.words.setText(grc_words(self.rating.value()))
        self.set_fields([self.rating])

    def score(self) -> Outcome:
        score = score_grc(self.rating.value())
        return Outcome(Measure.GRC.value, score.value, score.label)


DialogFactory = Callable[[Outcome | None, QWidget | None], MeasureDialog]
DIALOGS: dict[Measure, DialogFactory] = {
    Measure.PSFS: PsfsDialog,
    Measure.LEFS: LefsDialog,
    Measure.ROLAND_MORRIS: RolandMorrisDialog,
    Measure.GRC: GrcDialog,
}
