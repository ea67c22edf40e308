"""Small widget helpers shared by the editor sections."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from ui.editor.tables import Column, ColumnDelegate
from ui.table_fit import ColumnFitter


def make_table(model: QAbstractItemModel, columns: Sequence[Column], rows: int = 4) -> QTableView:
    """A compact, keyboard-editable table (F2 or typing edits; Tab leaves the table).

    Columns fit their contents within the table's width, long text wraps (ui/table_fit.py),
    and the table is as tall as its rows (up to 10), so the form scrolls and the table need not.
    """
    table = QTableView()
    table.setModel(model)
    table.setItemDelegate(ColumnDelegate(columns, table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.verticalHeader().hide()
    fitter = ColumnFitter(table)
    empty_row = table.verticalHeader().defaultSectionSize()

    def fit_height() -> None:
        shown = min(model.rowCount(), 10)
        spare = max(rows, min(model.rowCount() + 1, 10)) - shown
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(row) for row in range(shown)) + spare * empty_row
        if table.horizontalHeader().length() > table.viewport().width():
            height += table.horizontalScrollBar().sizeHint().height()
        table.setFixedHeight(height)

    fitter.fitted.connect(fit_height)
    table.verticalHeader().sectionResized.connect(lambda *_: fit_height())
    fit_height()
    return table


def text_box(placeholder: str, height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit(placeholderText=placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def heading(letter: str, title: str) -> QLabel:
    """'S  Subjective' as a section heading."""
    label = QLabel(
        f"<span style='font-size:15pt; font-weight:600'>{letter}</span>"
        f"<span style='font-size:12pt; font-weight:600'>&nbsp;&nbsp;{title}</span>"
    )
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setStyleSheet("border-bottom: 1px solid #999; padding-top: 8px")
    return label


def left_aligned(*widgets: QWidget) -> QHBoxLayout:
    """A row holding `widgets` at their natural width, flush left."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row
