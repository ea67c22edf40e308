"""A: the muscle-imbalance hypothesis as findings plus reasoning, with library suggestions.

Suggestions come from the pattern library for the pelvic pattern of the pre reading; they
are hypotheses to confirm (docs/clinical-model.md#pattern-library), so they only fill the
table for the practitioner to edit, and the confirming test shows in grey until evidence is
written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charting.errors import FieldError
from charting.muscles import MUSCLES, STATE_WORDS, MuscleState, Side
from charting.patterns import describe_pattern
from charting.vocabulary import SIDE_TERMS
from models.records import Finding, VisitDraft
from resources.library import suggest_for_pattern
from ui.editor.fields import error_label, show_text
from ui.editor.reflow import ReflowBox, part
from ui.editor.tables import Column, Index, RecordTableModel
from ui.editor.widgets import left_aligned, make_table, text_box

SIDES = tuple((side.value, SIDE_TERMS[side].label) for side in Side)
STATES = tuple((state.value, STATE_WORDS[state]) for state in MuscleState)
FINDING_COLUMNS = (
    Column("Muscle", "muscle", choices=tuple(MUSCLES.items())),
    Column("Side", "side", choices=SIDES),
    Column("State", "state", choices=STATES),
    Column("Evidence (test and result)", "evidence"),
)


class FindingsModel(RecordTableModel[Finding]):
    """Findings; an empty evidence cell shows the library's confirming test in grey."""

    def __init__(self) -> None:
        super().__init__(FINDING_COLUMNS)
        self.hints: dict[tuple[str, str], str] = {}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 3:
            finding = self.rows[index.row()]
            hint = self.hints.get((finding.muscle, finding.side))
            if not finding.evidence and hint:
                if role == Qt.ItemDataRole.DisplayRole:
                    return f"to test: {hint}"
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QColor("#777")
            if role == Qt.ItemDataRole.ToolTipRole and hint:
                return f"Suggested test: {hint}"
        return super().data(index, role)


class AssessmentSection(QWidget):
    changed = Signal()
    carried_over_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pattern_key = "level"
        self.pattern = QLabel("Pattern: record a pre-correction reading first.")
        self.pattern.setWordWrap(True)
        self.suggest_button = QPushButton("Suggest from pattern (Ctrl+G)")
        self.muscle = QComboBox()
        self.muscle.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.muscle.setMinimumContentsLength(14)
        for slug, name in MUSCLES.items():
            self.muscle.addItem(name, slug)
        self.side = QComboBox()
        for value, words in SIDES:
            self.side.addItem(words, value)
        self.state = QComboBox()
        for value, words in STATES:
            self.state.addItem(words, value)
        self.evidence = QLineEdit(placeholderText="evidence, e.g. Thomas test positive, MMT 4/5")
        self.evidence.setMinimumWidth(140)
        self.add_button = QPushButton("Add finding")
        self.findings = FindingsModel()
        self.table = make_table(self.findings, FINDING_COLUMNS, rows=3)
        self.remove_button = QPushButton("Remove finding")
        self.table_error = error_label()
        self.reasoning = text_box("Reasoning: why these muscles keep pulling the pelvis out", 80)
        top = QHBoxLayout()
        top.addWidget(self.pattern, 1)
        top.addWidget(self.suggest_button)
        add_row = ReflowBox(
            part(self.muscle, self.side, self.state),
            part(self.evidence, self.add_button, stretch=(1, 0)),
            stretch=(0, 1),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(add_row)
        layout.addWidget(self.table)
        layout.addWidget(self.table_error)
        layout.addLayout(left_aligned(self.remove_button))
        form = QFormLayout()
        form.addRow("Reasoning", self.reasoning)
        layout.addLayout(form)
        self.add_button.clicked.connect(self.add_finding)
        self.evidence.returnPressed.connect(self.add_finding)
        self.remove_button.clicked.connect(
            lambda: self.findings.remove(self.table.currentIndex().row())
        )
        self.findings.edited.connect(self._edited)
        self.findings.rejected.connect(lambda text: show_text(self.table_error, text))
        self.reasoning.textChanged.connect(self._edited)

    def focus_chain(self) -> list[QWidget]:
        return [self.suggest_button, self.muscle, self.side, self.state, self.evidence,
                self.add_button, self.table, self.remove_button, self.reasoning]  # fmt: skip

    def _edited(self) -> None:
        show_text(self.table_error, "")
        self.findings.italic_rows = False
        self.carried_over_cleared.emit()
        self.changed.emit()

    def set_pattern(self, key: str | None) -> None:
        """The pattern of the current pre reading (None: no reading yet)."""
        self.pattern_key = key or "level"
        if key is None:
            self.pattern.setText("Pattern: record a pre-correction reading first.")
            return
        suggestion = suggest_for_pattern(key)
        library = "" if suggestion else " (no library entry)"
        self.pattern.setText(f"Pattern: <b>{describe_pattern(key)}</b>{library}")

    def suggest(self) -> str:
        """Add the library's findings for the pattern; returns what happened, in words.

        The button is wired by the editor, which knows whether there is a reading to go on
        and shows the returned sentence.
        """
        suggestion = suggest_for_pattern(self.pattern_key)
        pattern = describe_pattern(self.pattern_key)
        if suggestion is None:
            return f"The pattern library has no hypothesis for {pattern}."
        present = {(f.muscle, f.side) for f in self.findings.rows}
        added = 0
        for found in suggestion.findings:
            self.findings.hints[(found.muscle, found.side)] = found.evidence_hint
            if (found.muscle, found.side) not in present:
                self.findings.append(Finding(found.muscle, found.side, found.state))
                added += 1
        if not self.reasoning.toPlainText().strip():
            self.reasoning.setPlainText(suggestion.reasoning)
        if added:
            return (f"Suggested {added} finding(s) from the pattern library: confirm each one "
                    "with the test shown in grey, or remove it.")  # fmt: skip
        if not suggestion.findings:
            return f"The pattern library lists no findings for {pattern}."
        return "Nothing added: the library's findings are already in the table."

    def add_finding(self) -> None:
        finding = Finding(
            self.muscle.currentData(), self.side.currentData(), self.state.currentData(),
            self.evidence.text().strip(),
        )  # fmt: skip
        self.findings.append(finding)
        self.evidence.clear()

    def load(self, draft: VisitDraft) -> None:
        self.findings.hints = {}
        self.findings.set_records(draft.findings)
        self.findings.italic_rows = draft.carried_over
        self.reasoning.blockSignals(True)
        self.reasoning.setPlainText(draft.reasoning)
        self.reasoning.blockSignals(False)

    def collect(self, errors: list[FieldError]) -> dict[str, Any]:
        return {"findings": self.findings.records(), "reasoning": self.reasoning.toPlainText()}

    def set_read_only(self, read_only: bool) -> None:
        self.findings.read_only = read_only
        for widget in (self.suggest_button, self.muscle, self.side, self.state, self.evidence,
                       self.add_button, self.remove_button):  # fmt: skip
            widget.setEnabled(not read_only)
        self.reasoning.setReadOnly(read_only)
