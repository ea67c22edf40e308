"""Patient ▸ Audit trail: who changed what and when, read-only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.services.audit_trail import AuditEntry, audit_trail
from ui.context import AppContext
from ui.table_model import Index, RowsModel


class AuditModel(RowsModel[AuditEntry]):
    columns = ("When", "Who", "What", "Record")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        entry = self.rows[index.row()]
        values = (
            entry.at.strftime("%Y-%m-%d %H:%M:%S"),
            entry.actor,
            entry.action,
            f"{entry.entity} {entry.entity_id}",
        )
        return values[index.column()]


class AuditDialog(QDialog):
    def __init__(self, context: AppContext, patient_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit trail")
        self.resize(1000, 640)
        self.model = AuditModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.details = QPlainTextEdit(readOnly=True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        QVBoxLayout(self).addWidget(splitter)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        context.runner.run(lambda: audit_trail(context.db, patient_id), self.model.set_rows)

    def _show_details(self, current: Index, _previous: Index) -> None:
        entry = self.model.rows[current.row()]
        self.details.setPlainText(
            f"Before:\n{entry.before or '(nothing)'}\n\nAfter:\n{entry.after or '(nothing)'}"
        )
