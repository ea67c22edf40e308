"""Outcome measures in a collapsible section: one button per questionnaire, scores listed.

Pain (NPRS) is not entered here: it comes from the complaints of the Subjective section.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from charting.errors import FieldError
from charting.outcomes import Measure, measure_name, score_words
from models.records import Outcome, VisitDraft
from ui.editor.measure_dialog import MeasureDialog
from ui.editor.outcome_dialogs import DIALOGS
from ui.editor.reflow import ReflowBox, part

BUTTON_TEXT = {
    Measure.PSFS: "PSFS…",
    Measure.LEFS: "LEFS…",
    Measure.ROLAND_MORRIS: "Roland-Morris…",
    Measure.GRC: "Global change…",
}


def outcome_words(outcome: Outcome) -> str:
    """The stored label, or one made from the score (imported scores may have none)."""
    if outcome.label:
        return outcome.label
    return f"{measure_name(outcome.measure)} {score_words(outcome.measure, outcome.score)}"


class OutcomesSection(QWidget):
    """`outcomes` holds one score per measure; a new score replaces the old one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcomes: dict[str, Outcome] = {}
        self.toggle = QToolButton()
        self.toggle.setText("Outcome measures")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setStyleSheet("QToolButton { border: none; font-weight: 600 }")
        self.summary = QLabel()
        self.body = QWidget()
        self.buttons = {measure: QPushButton(text) for measure, text in BUTTON_TEXT.items()}
        self.list = QListWidget()
        self.list.setMaximumHeight(90)
        self.remove_button = QPushButton("Remove score")
        self.dialog: MeasureDialog | None = None
        top = QHBoxLayout()
        top.addWidget(self.toggle)
        top.addWidget(self.summary, 1)
        row = ReflowBox(
            part(*self.buttons.values(), end_stretch=True),
            part(self.remove_button, end_stretch=True),
            stretch=(1, 0),
        )
        body = QVBoxLayout(self.body)
        body.setContentsMargins(16, 0, 0, 0)
        body.addWidget(QLabel("Pain (NPRS) is taken from the complaints under S.", wordWrap=True))
        body.addWidget(row)
        body.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self._expand)
        for measure, button in self.buttons.items():
            button.clicked.connect(lambda _c=False, m=measure: self.open_measure(m))
        self.remove_button.clicked.connect(self._remove)
        self._expand(False)

    def focus_chain(self) -> list[QWidget]:
        return [self.toggle, *self.buttons.values(), self.remove_button, self.list]

    def _expand(self, expanded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def open_measure(self, measure: Measure) -> MeasureDialog:
        """Open the measure's dialog, filled with this visit's score if there is one."""
        self.toggle.setChecked(True)
        dialog = DIALOGS[measure](self.outcomes.get(measure.value), self)
        dialog.on_done = self.set_outcome
        dialog.open()
        self.dialog = dialog
        return dialog

    def set_outcome(self, outcome: Outcome) -> None:
        self.outcomes[outcome.measure] = outcome
        self._show()
        self.changed.emit()

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.outcomes.pop(item.data(Qt.ItemDataRole.UserRole), None)
            self._show()
            self.changed.emit()

    def _show(self) -> None:
        self.list.clear()
        for measure, outcome in self.outcomes.items():
            item = QListWidgetItem(outcome_words(outcome))
            item.setData(Qt.ItemDataRole.UserRole, measure)
            self.list.addItem(item)
        labels = [outcome_words(o).split(":")[0].split(" (")[0] for o in self.outcomes.values()]
        self.summary.setText(" · ".join(labels) if labels else "none recorded this visit")

    def load(self, draft: VisitDraft) -> None:
        self.outcomes = {o.measure: o for o in draft.outcomes}
        self._show()
        self.toggle.setChecked(bool(self.outcomes))

    def collect(self, errors: list[FieldError]) -> dict[str, Any]:
        return {"outcomes": tuple(self.outcomes.values())}

    def set_read_only(self, read_only: bool) -> None:
        for button in (*self.buttons.values(), self.remove_button):
            button.setEnabled(not read_only)
