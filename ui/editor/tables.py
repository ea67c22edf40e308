"""Thin table models over frozen domain records (complaints, findings, plan entries).

An edit replaces the record with `dataclasses.replace`, so the record's own validation runs;
a refused edit leaves the old value and reports the message through `rejected`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from charting.errors import FieldError
from ui.messages import error_text
from ui.table_model import Index, RowsModel

R = TypeVar("R")
Choices = Sequence[tuple[str, str]]  # (stored value, words shown)


@dataclass(frozen=True)
class Column:
    """One column: header, record attribute, how it reads, how it is edited."""

    header: str
    attr: str
    show: Callable[[Any], str] = str
    choices: Choices | None = None  # a combo box
    spin: tuple[int, int] | None = None  # a spin box; low - 1 reads "—" (None) when optional
    optional: bool = False
    editable: bool = True


class RecordTableModel(RowsModel[R]):
    """Rows of frozen records; `records()` hands them back for the draft."""

    rejected = Signal(str)  # an edit the record refused, in words
    edited = Signal()

    def __init__(self, specs: Sequence[Column]) -> None:
        super().__init__()
        self.specs = tuple(specs)
        self.columns = tuple(spec.header for spec in self.specs)
        self.read_only = False
        self.italic_rows = False  # carried-over rows read in italics until edited

    def records(self) -> tuple[R, ...]:
        return tuple(self.rows)

    def set_records(self, records: Sequence[R]) -> None:
        self.set_rows(records)

    def append(self, record: R) -> int:
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(record)
        self.endInsertRows()
        self.edited.emit()
        return len(self.rows) - 1

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
            self.edited.emit()

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.specs[index.column()].editable and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.specs[index.column()]
        value = getattr(self.rows[index.row()], column.attr)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.optional and value is None:
                return "—"
            if column.choices is not None:
                return dict(column.choices).get(value, value)
            return column.show(value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.FontRole and self.italic_rows:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        column = self.specs[index.column()]
        if column.optional and column.spin and value is not None and value < column.spin[0]:
            value = None
        try:
            record = replace(self.rows[index.row()], **{column.attr: value})  # type: ignore[type-var]
        except FieldError as error:
            self.rejected.emit(error_text(error))
            return False
        self.rows[index.row()] = record
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


class ColumnDelegate(QStyledItemDelegate):
    """Combo boxes and spin boxes with the column's choices and range."""

    def __init__(self, specs: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = tuple(specs)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self.specs[index.column()]
        if column.choices is not None:
            combo = QComboBox(parent)
            for value, words in column.choices:
                combo.addItem(words, value)
            return combo
        if column.spin is not None:
            low, high = column.spin
            spin = QSpinBox(parent, minimum=low - 1 if column.optional else low, maximum=high)
            if column.optional:
                spin.setSpecialValueText("—")
            return spin
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QSpinBox):
            editor.setValue(editor.minimum() if value is None else int(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QSpinBox):
            model.setData(index, editor.value())
        else:
            super().setModelData(editor, model, index)
