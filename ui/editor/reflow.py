"""A row of parts that turns into a column when the width is too small for the row.

The visit form lives in the chart pane beside the patient list, a pane of 550 pixels in a
1024-pixel window: a row of boxes and buttons wider than that made the whole form scroll
sideways and cut buttons off. A `ReflowBox` asks only for the width of its widest part, so a
narrow pane makes the form a little taller instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QWidget

ROW = QBoxLayout.Direction.LeftToRight
COLUMN = QBoxLayout.Direction.TopToBottom


class ReflowBox(QWidget):
    """`parts` side by side while their natural widths fit, one under the other otherwise.

    `stretch` gives each part's share of spare width in a row. `lead` is the width the first
    part keeps in a row, so the parts after it line up with those of the rows above and
    below; a column drops it.
    """

    def __init__(
        self,
        *parts: QWidget,
        stretch: Sequence[int] = (),
        lead: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.parts = parts
        self.lead = lead
        self.box = QBoxLayout(COLUMN, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        for part, factor in zip(parts, padded(stretch, len(parts)), strict=True):
            self.box.addWidget(part, factor)
        self._arrange(row=True)

    def set_lead(self, lead: int) -> None:
        self.lead = lead
        if self.parts and self.is_row():
            self.parts[0].setMinimumWidth(lead)

    def is_row(self) -> bool:
        return self.box.direction() == ROW

    def row_width(self) -> int:
        """The width the parts need side by side."""
        widths = [part.sizeHint().width() for part in self.parts if not part.isHidden()]
        if widths and self.lead and not self.parts[0].isHidden():
            widths[0] = max(widths[0], self.lead)
        return sum(widths) + self.box.spacing() * max(len(widths) - 1, 0)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the widest part: narrower than that, the parts stand in a column."""
        shown = [part for part in self.parts if not part.isHidden()]
        widest = max(
            (max(part.minimumSizeHint().width(), part.minimumWidth()) for part in shown),
            default=0,
        )
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(row=event.size().width() >= self.row_width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        # A part's text changed its width (a longer status, say): decide again.
        if event.type() == QEvent.Type.LayoutRequest and self.width() > 0:
            self._arrange(row=self.width() >= self.row_width())
        return super().event(event)

    def _arrange(self, row: bool) -> None:
        direction = ROW if row else COLUMN
        if self.box.direction() == direction:
            return
        self.box.setDirection(direction)
        if self.lead and self.parts:
            self.parts[0].setMinimumWidth(self.lead if row else 0)


def part(*widgets: QWidget, stretch: Sequence[int] = (), end_stretch: bool = False) -> QWidget:
    """Widgets side by side in one part of a ReflowBox (`stretch` per widget, like addWidget)."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget, factor in zip(widgets, padded(stretch, len(widgets)), strict=True):
        row.addWidget(widget, factor)
    if end_stretch:
        row.addStretch(1)
    return holder


def padded(stretch: Sequence[int], count: int) -> list[int]:
    """`count` stretch factors: those given, then zeros."""
    return [*stretch[:count], *[0] * (count - len(stretch))]
