"""S: complaints on the body diagram with NPRS, running volume, adherence, free text.

A new visit starts with the last visit's complaints, carried over to be re-rated: each reads
in italics until its pain is scored again (or the practitioner keeps them as they are), so
last visit's score is never taken for today's without a look.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from charting.errors import FieldError
from charting.vocabulary import REGION_TERMS, SIDE_TERMS
from models.records import BODY_REGIONS, COMPLAINT_SIDES, Complaint, VisitDraft
from ui.editor.body_diagram import BodyDiagram
from ui.editor.fields import NumberField, error_label, show_error, show_text
from ui.editor.reflow import ReflowBox, part
from ui.editor.tables import Column, Index, RecordTableModel
from ui.editor.widgets import left_aligned, make_table, text_box

REGION_WORDS = {region: REGION_TERMS[region].label for region in BODY_REGIONS}
SIDE_WORDS = {side: SIDE_TERMS[side].label for side in COMPLAINT_SIDES}
COMPLAINT_COLUMNS = (
    Column("Region", "region", choices=tuple(REGION_WORDS.items())),
    Column("Side", "side", choices=tuple(SIDE_WORDS.items())),
    Column("Pain (NPRS 0-10)", "pain", spin=(0, 10)),
)
CARRIED_TIP = "Carried over from the last visit: re-rate the pain for today"


class ComplaintsModel(RecordTableModel[Complaint]):
    """Complaints; rows carried over from the last visit (`Complaint.carried_over`) read in
    italics until edited."""

    carried_changed = Signal()

    def __init__(self) -> None:
        super().__init__(COMPLAINT_COLUMNS)

    def is_carried(self, row: int) -> bool:
        return self.rows[row].carried_over

    def carried_rows(self) -> list[int]:
        return [row for row in range(len(self.rows)) if self.is_carried(row)]

    def set_carried(self, carried: bool) -> None:
        """Mark every row as carried over (a new visit), or none (kept as they are)."""
        self.rows = [replace(c, carried_over=carried) for c in self.rows]
        if self.rows:
            last = self.index(len(self.rows) - 1, len(self.specs) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.carried_changed.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and self.is_carried(index.row()):
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return CARRIED_TIP
        return super().data(index, role)

    def remove(self, row: int) -> None:
        carried = 0 <= row < len(self.rows) and self.is_carried(row)
        super().remove(row)
        if carried:
            self.carried_changed.emit()

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not super().setData(index, value, role):
            return False
        if self.is_carried(index.row()):  # re-rated (or changed): today's own
            self.rows[index.row()] = replace(self.rows[index.row()], carried_over=False)
            row_end = self.index(index.row(), len(self.specs) - 1)
            self.dataChanged.emit(self.index(index.row(), 0), row_end)
            self.carried_changed.emit()
        return True


class SubjectiveSection(QWidget):
    """Complaints table plus the add row the body diagram fills in when clicked."""

    changed = Signal()

    def __init__(self, body_diagram: BodyDiagram, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body_diagram = body_diagram
        self.region = QComboBox()
        for region in BODY_REGIONS:
            self.region.addItem(REGION_WORDS[region], region)
        self.side = QComboBox()
        for side in COMPLAINT_SIDES:
            self.side.addItem(SIDE_WORDS[side], side)
        self.pain = QSpinBox(minimum=0, maximum=10, suffix=" /10")
        self.pain.setAccessibleName("pain NPRS")
        self.add_button = QPushButton("Add complaint")
        self.complaints = ComplaintsModel()
        self.table = make_table(self.complaints, COMPLAINT_COLUMNS, rows=5)
        self.remove_button = QPushButton("Remove complaint")
        self.table_error = error_label()
        self.running = NumberField("running_km_per_week", 0, 400, "km/week")
        self.adherence = NumberField("adherence_pct", 0, 100, "%", "home programme done", True)
        self.text = text_box("How it went since the last visit, in the patient's words")
        add_row = ReflowBox(
            part(self.region, self.side),
            part(QLabel("NPRS"), self.pain, self.add_button, end_stretch=True),
            stretch=(0, 1),
        )
        complaints = QWidget()
        column = QVBoxLayout(complaints)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(add_row)
        column.addWidget(self.table)
        column.addWidget(self.table_error)
        column.addLayout(left_aligned(self.remove_button))
        column.addStretch(1)
        # The diagram above the table when the pane is too narrow for both side by side.
        top = ReflowBox(body_diagram, complaints, stretch=(0, 1))
        top.box.setAlignment(body_diagram, Qt.AlignmentFlag.AlignLeft)  # its own width
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Running since last visit", self.running)
        form.addRow("Adherence (%)", self.adherence)
        form.addRow("Notes", self.text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top)
        layout.addLayout(form)
        self.add_button.clicked.connect(self.add_complaint)
        self.pain.editingFinished.connect(self._pain_entered)
        self.remove_button.clicked.connect(self._remove)
        self.complaints.edited.connect(self._on_complaints)
        self.complaints.rejected.connect(lambda text: show_text(self.table_error, text))
        for field in (self.running, self.adherence):
            field.changed.connect(self.changed)
        self.text.textChanged.connect(self.changed)
        body_diagram.region_clicked.connect(self.pick_region)

    def focus_chain(self) -> list[QWidget]:
        return [self.body_diagram, self.region, self.side, self.pain, self.add_button, self.table,
                self.remove_button, self.running.edit, self.adherence.edit, self.text]  # fmt: skip

    def pick_region(self, region: str, side: str) -> None:
        """A click on the diagram: choose the region and side, then type the pain score."""
        self.region.setCurrentIndex(max(0, self.region.findData(region)))
        self.side.setCurrentIndex(max(0, self.side.findData(side)))
        self.pain.setFocus()
        self.pain.selectAll()

    def _pain_entered(self) -> None:
        if self.pain.hasFocus():  # Enter; editingFinished also fires when Tab moves on
            self.add_complaint()

    def add_complaint(self) -> None:
        """Add or update the complaint for the chosen region and side."""
        complaint = Complaint(self.region.currentData(), self.side.currentData(), self.pain.value())
        rows = self.complaints.rows
        for row, existing in enumerate(rows):
            if (existing.region, existing.side) == (complaint.region, complaint.side):
                self.complaints.setData(self.complaints.index(row, 2), complaint.pain)
                return
        self.complaints.append(complaint)

    def _remove(self) -> None:
        self.complaints.remove(self.table.currentIndex().row())

    def _on_complaints(self) -> None:
        show_text(self.table_error, "")
        self.body_diagram.set_complaints(self.complaints.rows)
        self.changed.emit()

    def load(self, draft: VisitDraft) -> None:
        self.complaints.set_records(draft.complaints)  # each carries its own mark
        self._on_complaints()
        self.running.set_value(draft.running_km_per_week)
        self.adherence.set_value(draft.adherence_pct)
        self.text.setPlainText(draft.note.subjective)

    def collect(self, errors: list[FieldError]) -> dict[str, Any]:
        return {
            "complaints": self.complaints.records(),
            "running_km_per_week": self.running.collect(errors),
            "adherence_pct": self.adherence.collect(errors),
            "subjective": self.text.toPlainText(),
        }

    def set_read_only(self, read_only: bool) -> None:
        self.complaints.read_only = read_only
        for widget in (self.region, self.side, self.pain, self.add_button, self.remove_button):
            widget.setEnabled(not read_only)
        self.body_diagram.set_read_only(read_only)
        self.running.set_read_only(read_only)
        self.adherence.set_read_only(read_only)
        self.text.setReadOnly(read_only)
        show_error(self.table_error, None)
