"""View ▸ Recall list: the patients to check in with (models/services/recall.py), read off the
GUI thread, each opening its chart on double-click or Enter, and exported as CSV for the
practitioner's own mail or phone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from charting.vocabulary import count
from models.services.recall import RecallEntry, recall_list, write_recall_csv
from ui.context import AppContext
from ui.messages import error_text
from ui.table_model import Index, RowsModel

TITLE = "Recall list"
LOADING, NOBODY = "Loading…", "Nobody to recall today."
WHY_COLUMN = 4


def rule_text(weeks: int) -> str:
    """What is listed, with the practice's own threshold."""
    return (
        "Patients who missed the visit booked at their latest visit, and courses that held "
        f"but have not been seen for {weeks} weeks or more; change the weeks in Preferences.\n"
        "Double-click a patient (or press Enter) to open the chart."
    )


def _sort_key(entry: RecallEntry, column: int) -> Any:
    booked = entry.booked or date.max  # nothing booked: last
    return (entry.chart_number.lower(), entry.name.lower(), entry.phone, entry.email.lower(),
            entry.why, entry.last_seen, booked)[column]  # fmt: skip


class RecallModel(RowsModel[RecallEntry]):
    """The entries in the list's own order, or sorted by a column's values (dates as dates)."""

    columns = ("Chart", "Name", "Phone", "Email", "Why", "Last seen", "Booked")

    def __init__(self) -> None:
        super().__init__()
        self.listed: list[RecallEntry] = []  # the recall order, for sorting back to it

    def set_rows(self, rows: Sequence[RecallEntry]) -> None:
        self.listed = list(rows)
        super().set_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            booked = entry.booked.isoformat() if entry.booked else ""
            return (entry.chart_number, entry.name, entry.phone, entry.email, entry.why,
                    entry.last_seen.isoformat(), booked)[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.UserRole:
            return entry.chart_number
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        descending = order == Qt.SortOrder.DescendingOrder
        if column < 0:
            self.rows = list(self.listed)
        else:
            self.rows.sort(key=lambda entry: _sort_key(entry, column), reverse=descending)
        self.layoutChanged.emit()


class RecallDialog(QDialog):
    """Non-modal; `chart_requested(chart_number)` asks the main window to open a chart."""

    chart_requested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.resize(1100, 560)
        self.context = context
        self.entries: list[RecallEntry] = []
        self._generation = 0  # a later load drops the result of an earlier one
        self._loaded = False
        heading = QLabel(f"<b>{TITLE}</b>")
        self.rule = QLabel(wordWrap=True)
        self.status = QLabel(LOADING)
        self.model = RecallModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHY_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the list's own order first
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._open)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, self.rule, self.status):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        context.events.settings_changed.connect(self._settings_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def _settings_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._loaded = False  # read again when shown

    def refresh(self) -> None:
        """Read the list on the background runner; "Loading…" meanwhile."""
        self._generation += 1
        generation, db, today = self._generation, self.context.db, date.today()
        settings = self.context.settings
        tolerances, stages = settings.tolerances, settings.stages
        self.rule.setText(rule_text(stages.recall_holding_weeks))
        self.status.setText(LOADING)
        self.status.show()
        self.export_button.setEnabled(False)
        self.context.runner.run(
            lambda: recall_list(db, today, tolerances, stages),
            lambda entries: self._show(generation, entries),
            lambda error: self._failed(generation, error),
        )

    def _current(self, generation: int) -> bool:
        """Not closed (and deleted) meanwhile, and no later load started."""
        return isValid(self) and generation == self._generation

    def _show(self, generation: int, entries: list[RecallEntry]) -> None:
        if not self._current(generation):
            return
        self.entries = entries
        self.model.set_rows(entries)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        said = f"{count(len(entries), 'patient')} to recall." if entries else NOBODY
        self.status.setText(said)
        self.table.setVisible(bool(entries))
        self.export_button.setEnabled(bool(entries))

    def _failed(self, generation: int, error: BaseException) -> None:
        if self._current(generation):
            self.status.setText(f"The recall list could not be read. {error_text(error)}")

    def _open(self, index: Index) -> None:
        if (chart_number := index.data(Qt.ItemDataRole.UserRole)) is not None:
            self.chart_requested.emit(chart_number)

    def export(self) -> None:
        """Ask where, then write the CSV off the GUI thread; a failure says which file and why."""
        suggested = f"recall-{date.today().isoformat()}.csv"
        name, _ = QFileDialog.getSaveFileName(self, "Export the recall list", suggested,
                                              "CSV files (*.csv)")  # fmt: skip
        if not name:
            return
        path = Path(name) if name.lower().endswith(".csv") else Path(name + ".csv")
        entries = list(self.entries)
        self.context.runner.run(
            lambda: write_recall_csv(entries, path),
            lambda written: self._exported(len(entries), written),
            self._export_failed,
        )

    def _exported(self, count: int, path: Path) -> None:
        if isValid(self):
            self.status.setText(f"Exported {count:,} to {path}.")

    def _export_failed(self, error: BaseException) -> None:
        parent = self if isValid(self) else None
        QMessageBox.warning(
            parent, TITLE, f"The recall list was not exported.\n\n{error_text(error)}"
        )
