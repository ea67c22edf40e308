"""A body chart, front and back, where the practitioner marks painful regions by side.

Everything is drawn from Bezier outlines (body_outline, no bitmaps), so it scales with the
widget and stays crisp at any screen scale. On the front view the patient's left is on the
viewer's right; on the back view it is on the viewer's left. Both views carry L/R badges.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import QToolTip, QWidget

from models.records import Complaint
from ui.editor.body_outline import AREAS, CANVAS, SILHOUETTE, VIEW_CENTRES, neighbour, region_label
from ui.editor.body_painting import DiagramPainter, pain_colour

__all__ = ["AREAS", "BodyDiagram", "pain_colour", "region_label"]

HOW_TO_USE = "Front and back views. Arrow keys move between regions, Enter or Space picks one."


class BodyDiagram(QWidget):
    """Front and back body chart: hover names a region, click or Enter emits it with its side.

    `set_complaints` shades complained regions by NPRS and prints the score on them.
    """

    region_clicked = Signal(str, str)  # region (BODY_REGIONS), side (left/right/central)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(260, 240)
        self.setAccessibleName("Body diagram")
        self.setAccessibleDescription(HOW_TO_USE)
        self._read_only = False
        self._pain: dict[tuple[str, str], int] = {}
        self._hover: int | None = None
        self._current: int | None = None  # keyboard selection, an index into AREAS
        self._transform = QTransform()
        self._shapes: list[QPainterPath] = []
        self._points: list[QPointF] | None = None  # see _centres
        self._stops: list[QPointF] = []
        self._silhouettes: list[QPainterPath] = []
        self._dividers = QPainterPath()
        self._update_geometry()

    # ----- public API -----

    def sizeHint(self) -> QSize:
        return QSize(360, 330)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 240)

    def set_complaints(self, complaints: Sequence[Complaint]) -> None:
        """Shade each complained region by its NPRS score (the highest when repeated)."""
        pain: dict[tuple[str, str], int] = {}
        for complaint in complaints:
            for key in self._keys_for(complaint.region, complaint.side):
                pain[key] = max(pain.get(key, 0), complaint.pain)
        self._pain = pain
        marked = "; ".join(f"{region_label(*key)} {score}/10" for key, score in pain.items())
        self.setAccessibleDescription(f"{HOW_TO_USE} Pain marked: {marked or 'none'}.")
        self.update()

    def set_read_only(self, read_only: bool) -> None:
        """A signed visit shows its complaints but ignores clicks and Enter."""
        self._read_only = read_only
        self.unsetCursor()
        self.update()

    def is_read_only(self) -> bool:
        return self._read_only

    def regions(self) -> list[tuple[str, str]]:
        """Every (region, side) the diagram offers, once each, in drawing order."""
        return list(dict.fromkeys(area.key for area in AREAS))

    def region_at(self, point: QPointF) -> tuple[str, str] | None:
        """The (region, side) under a point in widget coordinates, or None."""
        index = self._index_at(QPointF(point))
        return None if index is None else AREAS[index].key

    def region_centre(self, region: str, side: str, view: str | None = None) -> QPointF | None:
        """A point inside the region in widget coordinates (first view that has it)."""
        for index, area in enumerate(AREAS):
            if area.key == (region, side) and view in (None, area.view):
                return QPointF(self._centres()[index])
        return None

    def fill_colour(self, region: str, side: str) -> QColor | None:
        """The colour the region is filled with, or None when nobody complained of it."""
        pain = self._pain.get((region, side))
        return None if pain is None else pain_colour(pain)

    def selected_region(self) -> tuple[str, str] | None:
        """The region the keyboard selection is on."""
        return None if self._current is None else AREAS[self._current].key

    # ----- geometry -----

    def _keys_for(self, region: str, side: str) -> list[tuple[str, str]]:
        offered = {area.key for area in AREAS if area.region == region}
        if (region, side) in offered:
            return [(region, side)]
        # "both", or "central" on a region drawn only by side: shade left and right.
        return [key for key in ((region, "left"), (region, "right")) if key in offered]

    def _centres(self) -> list[QPointF]:
        """Where each area's score is printed, in widget coordinates: found at the first
        need after a resize, not at start (the search inside every shape takes 0.1 s)."""
        if self._points is None:
            self._points = [self._place(area.view).map(area.centre) for area in AREAS]
        return self._points

    def _update_geometry(self) -> None:
        scale = min(self.width() / CANVAS.width(), self.height() / CANVAS.height())
        dx = (self.width() - CANVAS.width() * scale) / 2 - CANVAS.left() * scale
        dy = (self.height() - CANVAS.height() * scale) / 2 - CANVAS.top() * scale
        self._scale = scale
        self._transform = QTransform(scale, 0, 0, scale, dx, dy)
        self._shapes, self._points, self._stops = [], None, []
        for area in AREAS:
            placed = self._place(area.view)
            self._shapes.append(placed.map(area.path))
            # Keyboard travel goes box to box, so neighbours in one band line up.
            self._stops.append(placed.map(area.path.boundingRect().center()))
        self._silhouettes = [self._place(view).map(SILHOUETTE) for view in VIEW_CENTRES]
        self._dividers = QPainterPath()  # every region's edge, stroked in one call
        for shape in self._shapes:
            self._dividers.addPath(shape)

    def _place(self, view: str) -> QTransform:
        """Figure units of one view to widget pixels."""
        return QTransform.fromTranslate(VIEW_CENTRES[view], 0) * self._transform

    def _index_at(self, point: QPointF) -> int | None:
        for index, shape in enumerate(self._shapes):
            if shape.contains(point):
                return index
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_geometry()
        super().resizeEvent(event)

    # ----- input -----

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._index_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self._tooltip(index), self)
            return True
        return super().event(event)

    def _tooltip(self, index: int) -> str:
        key = AREAS[index].key
        text = region_label(*key)
        if key in self._pain:
            text += f": pain {self._pain[key]}/10"
        return text

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self._index_at(event.position())
        if index != self._hover:
            self._hover = index
            clickable = index is not None and not self._read_only
            if clickable:
                self.setCursor(Qt.CursorShape.PointingHandCursor)
            else:
                self.unsetCursor()
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self._index_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or index is None or self._read_only:
            super().mousePressEvent(event)
            return
        self._current = index
        self.update()
        self.region_clicked.emit(*AREAS[index].key)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._current is None:
            self._current = 0
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        directions = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        key = Qt.Key(event.key())
        if key in directions:
            self._current = self._neighbour(*directions[key])
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._current is not None and not self._read_only:
                self.region_clicked.emit(*AREAS[self._current].key)
        else:
            super().keyPressEvent(event)

    def _neighbour(self, dx: int, dy: int) -> int:
        return 0 if self._current is None else neighbour(self._stops, self._current, dx, dy)

    # ----- painting -----

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        hovered = None if self._hover is None or self._read_only else AREAS[self._hover].key
        focused = None
        if self._current is not None and self.hasFocus():
            focused = self._shapes[self._current]
        text = self.palette().text().color()
        layers = DiagramPainter(painter, self._transform, self._scale, self.font(), text)
        layers.shapes(self._silhouettes, self._dividers, self._shapes, self._pain, hovered, focused)
        layers.scores(self._centres(), self._pain)
        layers.labels()
        layers.legend()
