"""Small widget helpers shared by the editor sections."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from ui.editor.tables import Column, ColumnDelegate


def make_table(model: QAbstractItemModel, columns: Sequence[Column], rows: int = 4) -> QTableView:
    """A compact, keyboard-editable table (F2 or typing edits; Tab leaves the table)."""
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
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    row = table.verticalHeader().defaultSectionSize()
    header_height = table.horizontalHeader().sizeHint().height()

    def fit() -> None:
        """Tall enough for every row (up to 10), so the form scrolls and the table need not."""
        shown = max(rows, min(model.rowCount() + 1, 10))
        table.setFixedHeight(header_height + shown * row + 4)

    for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
        signal.connect(fit)
    fit()
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
