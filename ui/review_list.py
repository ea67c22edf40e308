"""The dashboard's patients to review: a thin list model over entries written off the GUI
thread, every row two lines tall.

At 20,000 patients the lists hold 8,000 courses. As 8,000 list-widget items, each wrapped
and measured, they held the GUI thread for 0.17 s each time the dashboard was shown, and
0.4 s more while the view laid them out. Here the entries are swapped in at once, every
row has the same height (the view measures none of them) and the view places them a batch
per turn of the event loop: 3 ms for the 8,000, no turn longer than 3 ms. The panel is made
wide enough for a course's two lines; a longer name is cut short with "…", whole on hover.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListView, QWidget

from charting.figures.dashboard import PatientCourse
from models.services.dashboard import Dashboard

Index = QModelIndex | QPersistentModelIndex
DISPLAY, FONT, TOOLTIP, SIZE, USER = (
    Qt.ItemDataRole.DisplayRole.value, Qt.ItemDataRole.FontRole.value,
    Qt.ItemDataRole.ToolTipRole.value, Qt.ItemDataRole.SizeHintRole.value,
    Qt.ItemDataRole.UserRole.value,
)  # fmt: skip
ANSWERED = frozenset((DISPLAY, FONT, TOOLTIP, SIZE, USER))
NOT_HOLDING, LOST_LAST = "Not holding", "Lost their latest interval"
WIDEST_COUNTS = "    lost 888 of 888 assessable intervals (hold rate 100%)"  # sets the width
ROW_MARGIN_PX = 6


@dataclass(frozen=True)
class ReviewEntry:
    """One row: a heading, a course (with the chart number it opens) or the summary."""

    text: str
    chart_number: str | None = None
    heading: bool = False


def review_entries(data: Dashboard) -> list[ReviewEntry]:
    """The rows for `data`: each list under its heading; none when both are empty (the
    window says `data.summary` instead). Background runner: no widget here."""
    entries: list[ReviewEntry] = []
    for title, courses in ((NOT_HOLDING, data.not_holding), (LOST_LAST, data.lost_last)):
        if courses:
            entries.append(ReviewEntry(title, heading=True))
            entries.extend(
                ReviewEntry(course_text(course), course.patient_id) for course in courses
            )
    return entries


def course_text(course: PatientCourse) -> str:
    """Who, and how their corrections held: two lines."""
    hold = course.course
    lost, assessable = hold.assessable - hold.held, hold.assessable
    rate = f"{hold.hold_rate:.0%}" if hold.hold_rate is not None else "n/a"
    counts = f"lost {lost} of {assessable} assessable intervals (hold rate {rate})"
    return f"{course.name} ({course.patient_id})\n    {counts}"


class ReviewModel(QAbstractListModel):
    """The entries; headings bold and not selectable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[ReviewEntry] = []
        self.row_size = QSize()  # every row's, set by the view from its font
        self._bold = QFont()
        self._bold.setBold(True)

    def set_entries(self, entries: Sequence[ReviewEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in ANSWERED or not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role in (DISPLAY, TOOLTIP):
            return entry.text
        if role == USER:
            return entry.chart_number
        if role == SIZE:
            return self.row_size
        return self._bold if entry.heading else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and self.entries[index.row()].heading:
            return Qt.ItemFlag.ItemIsEnabled  # a heading: not selectable, not grey
        return super().flags(index)


class ReviewList(QListView):
    """`chart_requested(chart_number)` when a course is double-clicked or Enter pressed."""

    chart_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = ReviewModel(self)
        metrics = self.fontMetrics()
        self.review.row_size = QSize(0, 2 * metrics.lineSpacing() + ROW_MARGIN_PX)
        self.setModel(self.review)
        self.setUniformItemSizes(True)  # measured once: the row size above
        self.setLayoutMode(QListView.LayoutMode.Batched)
        scroll_bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        self.setMinimumWidth(metrics.horizontalAdvance(WIDEST_COUNTS) + scroll_bar + 16)
        self.activated.connect(self._open)

    def _open(self, index: QModelIndex) -> None:
        chart_number = index.data(USER)
        if chart_number is not None:  # headings and the summary sentence open nothing
            self.chart_requested.emit(chart_number)
