"""Patient ▸ Audit trail: who changed what and when, in words, read-only.

Filters: one patient or all, one record (the patient record or a visit, by its date), and a
span of days. Reading happens off the GUI thread; a newer request makes older answers stale.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.services.audit_trail import SESSION_GAP, AuditEntry, AuditTrail, audit_trail
from models.services.patients import load_patient
from ui.context import AppContext
from ui.dates import DateField, to_date, to_qdate
from ui.table_model import Index, RowsModel

ALL_RECORDS = "All records"
SESSION_NOTE = (
    "Saves of one draft in one editing session are shown as one entry: saves of the same "
    "draft by the same person, one after another with no other change of that patient in "
    f"between, each less than {SESSION_GAP.seconds // 60} minutes after the one before. The "
    "database keeps every save."
)


def when_text(entry: AuditEntry) -> str:
    """'2026-03-02 10:41', or '2026-03-02 10:02–10:41' for a session of several saves."""
    last = entry.at.strftime("%Y-%m-%d %H:%M")
    if entry.first_at.strftime("%Y-%m-%d %H:%M") == last:
        return last
    if entry.first_at.date() == entry.at.date():
        return f"{entry.first_at:%Y-%m-%d %H:%M}–{entry.at:%H:%M}"
    return f"{entry.first_at:%Y-%m-%d %H:%M} – {last}"


class AuditModel(RowsModel[AuditEntry]):
    columns = ("When", "Who", "Patient", "Record", "What", "Fields changed")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        entry = self.rows[index.row()]
        fields = ", ".join(change.label for change in entry.changes)
        values = (when_text(entry), entry.actor, entry.patient or "— (draft discarded)",
                  entry.record, entry.what, fields)  # fmt: skip
        return values[index.column()]


class AuditDialog(QDialog):
    """The trail of `patient_id` (or of every patient when None), newest first."""

    def __init__(
        self, context: AppContext, patient_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit trail")
        self.resize(1100, 700)
        self.context, self.patient_id = context, patient_id
        self.generation = 0
        self.trail = AuditTrail([], False)
        self.patient = QComboBox()
        self.patient.addItem("This patient" if patient_id is not None else "All patients")
        if patient_id is not None:
            self.patient.addItem("All patients")
        self.record = QComboBox()
        self.record.addItem(ALL_RECORDS)
        self.by_date = QCheckBox("Only from")
        self.since, self.until = DateField("From"), DateField("To")
        self.since.setDate(to_qdate(date.today() - timedelta(days=30)))
        self.until.setDate(QDate.currentDate())
        self.model = AuditModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # Columns sized from the rows in view: measuring Qt's default 1,000 rows held the GUI
        # thread for a quarter of a second and more on each filter of a long trail.
        header.setResizeContentsPrecision(0)
        self.details = QTableWidget(0, 3)
        self.details.setHorizontalHeaderLabels(["Field", "Before", "After"])
        self.details.setWordWrap(True)
        self.details.verticalHeader().hide()
        self.details.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.details.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self.note = QLabel(SESSION_NOTE)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555")
        self._layout()
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.patient.currentIndexChanged.connect(self.reload)
        self.record.currentIndexChanged.connect(self._show_rows)
        self.by_date.toggled.connect(self._dates_toggled)
        for box in (self.since, self.until):
            box.setEnabled(False)
            box.dateChanged.connect(self.reload)
        self.reload()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for widget in (QLabel("Patient"), self.patient, QLabel("Record"), self.record,
                       self.by_date, self.since, QLabel("to"), self.until):  # fmt: skip
            filters.addWidget(widget)
        filters.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([380, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.note)

    def chosen_patient(self) -> int | None:
        return self.patient_id if self.patient.currentIndex() == 0 else None

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.reload()

    def reload(self) -> None:
        """Read the trail for the chosen patient and days; older answers are dropped."""
        self.generation += 1
        generation, db, patient_id = self.generation, self.context.db, self.chosen_patient()
        since = to_date(self.since.date()) if self.by_date.isChecked() else None
        until = to_date(self.until.date()) if self.by_date.isChecked() else None

        def op() -> tuple[AuditTrail, str]:
            name = ""
            if patient_id is not None:
                name = load_patient(db, patient_id).listed_label
            return audit_trail(db, patient_id, since, until), name

        self.status.setText("Reading…")
        self.context.runner.run(op, lambda found: self._loaded(generation, *found))

    def _loaded(self, generation: int, trail: AuditTrail, name: str) -> None:
        if generation != self.generation:
            return
        self.trail = trail
        if name:
            self.patient.setItemText(0, name)
        single = self.chosen_patient() is not None
        self.table.setColumnHidden(2, single)
        records = sorted({e.record for e in trail.entries if e.record != "Patient record"})
        choices = [ALL_RECORDS, "Patient record", *records] if single else [ALL_RECORDS]
        kept = self.record.currentText()
        self.record.blockSignals(True)
        self.record.clear()
        self.record.addItems(choices)
        self.record.setCurrentText(kept if kept in choices else ALL_RECORDS)
        self.record.blockSignals(False)
        self.record.setEnabled(single)
        self._show_rows()

    def _show_rows(self) -> None:
        chosen = self.record.currentText()
        rows = [e for e in self.trail.entries if chosen in (ALL_RECORDS, e.record)]
        self.model.set_rows(rows)
        more = (
            " The oldest changes were left out: choose fewer days." if self.trail.truncated else ""
        )
        self.status.setText(f"{len(rows)} change(s), newest first.{more}")
        self.details.setRowCount(0)
        if rows:
            self.table.selectRow(0)

    def _show_details(self, current: Index, _previous: Index) -> None:
        if not current.isValid():
            return
        entry = self.model.rows[current.row()]
        self.details.setRowCount(len(entry.changes))
        for row, change in enumerate(entry.changes):
            for column, text in enumerate((change.label, change.before, change.after)):
                self.details.setItem(row, column, QTableWidgetItem(text))
        self.details.resizeRowsToContents()
