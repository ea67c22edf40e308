"""The patient list's Stage column and its two orders: by name (the list's own, read a page
at a time) or by course stage, who needs a decision first (charting/course_stage.py
STAGE_ORDER), the whole search read at once (models/services/stage_list.py).

The Name and Stage headers are the sort buttons; the header's sort indicator marks the order
in use. The other columns do not sort: a click on them leaves the indicator where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QTableView

from charting.course_stage import STAGE_ORDER
from charting.course_status import NOT_JUDGED_REASON
from charting.vocabulary import STAGE_TERMS
from models.services.overview import PatientRow
from models.services.stage_list import stage_key

NAME_COLUMN, STAGE_COLUMN = 1, 5
NAME_TIP = "Click to list by name"
STAGE_TIP = (
    "Where the course of care stands. Click to list who needs a decision first ("
    + ", ".join(STAGE_TERMS[stage].plain for stage in STAGE_ORDER[:4])
    + "); click again to list by name."
)
NO_VISITS = "No visits yet."


class ListOrder(Enum):
    NAME = "name"
    STAGE = "stage"


def row_key(order: ListOrder) -> Callable[[PatientRow], Any]:
    """What the rows are sorted by in this order (where a row read again is put back)."""
    if order is ListOrder.STAGE:
        return stage_key
    return lambda row: row.summary.list_key


def stage_text(row: PatientRow) -> str:
    return STAGE_TERMS[row.stage].short


def stage_tip(row: PatientRow) -> str:
    """The stage in full and why: the short label alone can be cryptic ("Discharge?")."""
    if row.course is None:
        return NOT_JUDGED_REASON if row.summary.visit_count else NO_VISITS
    return f"{STAGE_TERMS[row.stage].label}: {row.course.status.reason}"


class SortHeader(QHeaderView):
    """A horizontal header where only the sort buttons make room for the sort indicator: Qt
    widens every section for it, and the list then scrolled sideways at its first width."""

    def __init__(self, sortable: tuple[int, ...], parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.sortable = sortable
        self.setSectionsClickable(True)  # as QTableView's own header
        self.setHighlightSections(True)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        if logicalIndex in self.sortable or self.model() is None:
            return super().sectionSizeFromContents(logicalIndex)
        # Qt's own measure (bold: a highlighted section's font), without the indicator.
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.section = logicalIndex
        bold = self.font()
        bold.setBold(True)
        option.fontMetrics = QFontMetrics(bold)
        option.text = str(self.model().headerData(logicalIndex, self.orientation()) or "")
        option.sortIndicator = QStyleOptionHeader.SortIndicator.None_
        header = QStyle.ContentsType.CT_HeaderSection
        return self.style().sizeFromContents(header, option, QSize(), self)


class OrderHeader(QObject):
    """Gives `table` a header whose Name and Stage sections are the list's sort buttons;
    emits `chosen(order)` when a click changes the order."""

    chosen = Signal(object)  # ListOrder

    def __init__(self, table: QTableView) -> None:
        header = SortHeader((NAME_COLUMN, STAGE_COLUMN), table)
        table.setHorizontalHeader(header)
        header.setSortIndicatorShown(True)  # after: the table sets it to its sortingEnabled
        super().__init__(header)
        self.header = header
        self.order = ListOrder.NAME
        header.sectionClicked.connect(self._clicked)
        self._show()

    def _clicked(self, section: int) -> None:
        order = self.order
        if section == STAGE_COLUMN:
            order = ListOrder.NAME if order is ListOrder.STAGE else ListOrder.STAGE
        elif section == NAME_COLUMN:
            order = ListOrder.NAME
        self._show()  # Qt moved the indicator to the section clicked: put it back
        if order is not self.order:
            self.order = order
            self._show()
            self.chosen.emit(order)

    def _show(self) -> None:
        column = STAGE_COLUMN if self.order is ListOrder.STAGE else NAME_COLUMN
        self.header.setSortIndicator(column, Qt.SortOrder.AscendingOrder)
