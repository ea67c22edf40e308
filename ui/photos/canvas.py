"""The photo with its handles: zoom with the wheel, pan by dragging the photo, click to place
the next point, drag a handle to move it.

Scene coordinates are the stored photo's pixels (the pixmap sits at 0, 0 unscaled), so a
point taken from the scene is what `charting.photo_geometry` measures. The handles keep their
size on screen whatever the zoom (they ignore the view's transform).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from charting.photo_geometry import Point

RADIUS = 7  # screen pixels
GRAB_PX = 12  # a press this close to a handle takes the handle
CLICK_SLOP = 4  # a press and release this close together is a click, not a pan
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.02, 8.0)
LANDMARK_COLOUR, REFERENCE_COLOUR = QColor("#00e5ff"), QColor("#ffd600")


class Handle(QGraphicsEllipseItem):
    """One placed point: a ring with its name beside it."""

    def __init__(self, label: str, colour: QColor) -> None:
        super().__init__(-RADIUS, -RADIUS, 2 * RADIUS, 2 * RADIUS)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setPen(QPen(QColor("black"), 1.5))
        self.setBrush(QBrush(colour))
        self.setZValue(2)
        text = QGraphicsSimpleTextItem(label, self)
        font = QFont()
        font.setPointSize(11)
        font.setBold(True)
        text.setFont(font)
        text.setBrush(QBrush(colour))
        text.setPen(QPen(QColor("black"), 0.8))
        text.setPos(RADIUS + 3, -RADIUS - 14)


def _line(colour: QColor, dashed: bool) -> QGraphicsLineItem:
    pen = QPen(colour, 2)
    pen.setCosmetic(True)  # two screen pixels at any zoom
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    line = QGraphicsLineItem()
    line.setPen(pen)
    line.setZValue(1)
    line.hide()
    return line


class PhotoCanvas(QGraphicsView):
    """Shows one photo; `clicked` and `moved` carry photo pixels, the owner places points."""

    clicked = Signal(QPointF)  # a click on the photo (not a drag)
    moved = Signal(str, QPointF)  # a handle dragged there

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.photo = QGraphicsPixmapItem()
        self.photo.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.photo)
        self.landmark_line = _line(LANDMARK_COLOUR, dashed=False)
        self.reference_line = _line(REFERENCE_COLOUR, dashed=True)
        for line in (self.landmark_line, self.reference_line):
            self.scene().addItem(line)
        self.handles: dict[str, Handle] = {}
        self.editable = True
        self.fitted = True  # follows the window's size until zoomed by hand
        self._press: QPoint | None = None
        self._dragging: str | None = None
        self._scrolled = (0, 0)
        self.setRenderHints(QPainter.RenderHint.Antialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QBrush(QColor("#3a3a3a")))
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def set_image(self, image: QImage) -> None:
        self.photo.setPixmap(QPixmap.fromImage(image))
        self.scene().setSceneRect(self.photo.boundingRect())
        self.fit()

    def set_points(
        self, points: dict[str, Point], labels: dict[str, str], reference: Iterable[str]
    ) -> None:
        """Show `points` as handles; the first two not in `reference` are joined by the
        landmark line, the two in `reference` by the reference line."""
        reference = tuple(reference)
        for name in list(self.handles):
            if name not in points:
                self.scene().removeItem(self.handles.pop(name))
        for name, (x, y) in points.items():
            if name not in self.handles:
                colour = REFERENCE_COLOUR if name in reference else LANDMARK_COLOUR
                self.handles[name] = Handle(labels.get(name, ""), colour)
                self.scene().addItem(self.handles[name])
            self.handles[name].setPos(x, y)
        landmarks = [points[n] for n in points if n not in reference]
        references = [points[n] for n in reference if n in points]
        for line, ends in ((self.landmark_line, landmarks), (self.reference_line, references)):
            line.setVisible(len(ends) == 2)
            if len(ends) == 2:
                line.setLine(*ends[0], *ends[1])

    # -- zoom ------------------------------------------------------------------------------

    def fit(self) -> None:
        if not self.photo.pixmap().isNull():
            self.fitInView(self.photo, Qt.AspectRatioMode.KeepAspectRatio)
        self.fitted = True

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if ZOOM_RANGE[0] <= scale <= ZOOM_RANGE[1]:
            self.scale(factor, factor)
            self.fitted = False

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    # -- clicks, drags and pans ------------------------------------------------------------

    def handle_at(self, pos: QPoint) -> str | None:
        """The handle nearest `pos` (viewport pixels) within reach, if any."""
        near = [((self.mapFromScene(h.pos()) - pos).manhattanLength(), name)
                for name, h in self.handles.items()]  # fmt: skip
        reach = [(distance, name) for distance, name in near if distance <= GRAB_PX]
        return min(reach)[1] if reach else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is not Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._press = event.position().toPoint()
        self._dragging = self.handle_at(self._press) if self.editable else None
        self._scrolled = (self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            super().mouseMoveEvent(event)
            return
        pos = event.position().toPoint()
        if self._dragging is not None:
            self.moved.emit(self._dragging, self._on_photo(pos))
        else:
            shift = pos - self._press
            self.horizontalScrollBar().setValue(self._scrolled[0] - shift.x())
            self.verticalScrollBar().setValue(self._scrolled[1] - shift.y())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            super().mouseReleaseEvent(event)
            return
        pos = event.position().toPoint()
        if self._dragging is not None:
            self.moved.emit(self._dragging, self._on_photo(pos))
        elif (pos - self._press).manhattanLength() <= CLICK_SLOP and self.editable:
            spot = self.mapToScene(pos)
            if self.photo.boundingRect().contains(spot):
                self.clicked.emit(spot)
        self._press = self._dragging = None
        event.accept()

    def _on_photo(self, pos: QPoint) -> QPointF:
        """The scene point under `pos`, kept within the photo."""
        spot, rect = self.mapToScene(pos), self.photo.boundingRect()
        x = min(max(spot.x(), rect.left()), rect.right())
        return QPointF(x, min(max(spot.y(), rect.top()), rect.bottom()))
