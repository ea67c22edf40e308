"""A body chart, front and back, where the practitioner marks painful regions by side.

Everything is drawn from Bezier outlines below (no bitmaps), so it scales with the widget and
stays crisp at any screen scale. On the front view the patient's left is on the viewer's
right; on the back view it is on the viewer's left. Both views carry L/R badges.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import QToolTip, QWidget

from models.records import Complaint

Point = tuple[float, float]
Segment = tuple[Point, ...]  # one point: a line to it; three points: a cubic curve

# The right half of a figure standing 216 units tall, x = 0 on its midline, y down from the
# crown. Proportions follow the usual eight-heads figure; the other half is mirrored.
HEAD_AND_SHOULDER: tuple[Segment, ...] = (
    ((6, 0), (11, 4), (11, 12)),
    ((11, 18), (9.5, 23.5), (6.5, 26)),
    ((5.6, 27), (5.5, 28.5), (5.7, 31)),
    ((5.8, 33), (6, 34), (7, 35)),
    ((10, 36.5), (15, 37), (19, 39)),
)
ARM: tuple[Segment, ...] = (
    ((24, 40.2), (27, 44), (27.6, 52)),
    ((28.2, 61), (28.3, 69), (28.6, 78)),
    ((29.2, 88), (30.4, 97), (30.6, 106)),
    ((32, 111), (32, 119), (29.5, 122.5)),
    ((27.5, 124.5), (24.5, 122), (24.4, 116)),
    ((24.2, 111), (24.2, 108), (23.9, 105)),
    ((23.1, 96), (22.2, 88), (21.7, 79)),
    ((21.2, 70), (20.6, 60), (17.5, 53)),
)
UNDER_ARM: tuple[Segment, ...] = (((20, 42), (19, 48), (17.5, 53)),)
TORSO_AND_LEG: tuple[Segment, ...] = (
    ((16.8, 61), (15, 70), (14.6, 78)),
    ((14.4, 86), (18.5, 94), (19.2, 104)),
    ((19.8, 114), (18, 130), (15.2, 146)),
    ((14, 152), (14, 157), (13.9, 161)),
    ((15.8, 168), (15.2, 180), (12, 192)),
    ((11, 196), (10.6, 199), (11, 202.5)),
    ((12.5, 206), (13.2, 209), (13, 212)),
    ((12.8, 213.5), (11, 214), (9, 214)),
    ((4.5, 214),),
    ((3.2, 214), (3, 212.5), (3.3, 209)),
    ((3.8, 205), (4.3, 201), (4.1, 196)),
    ((3.2, 186), (2.8, 172), (3, 164)),
    ((3.2, 157), (2.6, 151), (2.3, 146)),
    ((1.6, 132), (1.3, 119), (0, 111)),
)

# (region, top, bottom, width of a central strip or 0, medial edge of the side parts, lateral
# edge). Back-of-leg parts repeat front regions: both places highlight together.
FRONT_BANDS = (
    ("hip", 92, 116, 0, 9.5, 40),
    ("groin", 92, 116, 0, 0, 9.5),
    ("thigh", 116, 148, 0, 0, 40),
    ("knee", 148, 164, 0, 0, 40),
    ("shin", 164, 196, 0, 0, 40),
    ("ankle", 196, 205, 0, 0, 40),
    ("foot", 205, 216, 0, 0, 40),
)
BACK_BANDS = (
    ("neck", 25, 40, 3.5, 3.5, 40),
    ("mid_back", 40, 78, 3.5, 3.5, 40),
    ("low_back", 78, 97, 3.5, 3.5, 40),
    ("buttock_sciatic", 97, 121, 0, 0, 40),
    ("thigh", 121, 148, 0, 0, 40),
    ("knee", 148, 164, 0, 0, 40),
    ("calf", 164, 196, 0, 0, 40),
    ("ankle", 196, 205, 0, 0, 40),
    ("foot", 205, 216, 0, 0, 40),
)
VIEW_CENTRES = {"front": 40.0, "back": 120.0}
CANVAS = QRectF(0, -8, 196, 242)
LEGEND_X = 178.0
HOW_TO_USE = "Front and back views. Arrow keys move between regions, Enter or Space picks one."
REGION_NAMES = {
    "low_back": "low back",
    "buttock_sciatic": "buttock / sciatic",
    "mid_back": "mid back",
}

# NPRS 0-10, light to dark (ColorBrewer YlOrRd): lightness falls with every step, so the
# order survives greyscale print and red-green colour blindness.
PAIN_COLOURS = (
    "#ffe998", "#fedb7b", "#fec45f", "#fea948", "#fd903d", "#fc6631",
    "#f54026", "#e41c1d", "#ca0923", "#a80026", "#800026",
)  # fmt: skip
SKIN = QColor("#f2efeb")
OUTLINE = QColor("#5b5f66")
DIVIDER = QColor("#c9c3bc")
HOVER = QColor(0, 114, 178, 70)  # Okabe-Ito blue, translucent
FOCUS = QColor("#0072B2")


def region_label(region: str, side: str) -> str:
    """'Left knee', 'Central low back', 'Right buttock / sciatic'."""
    return f"{side.capitalize()} {REGION_NAMES.get(region, region)}"


def pain_colour(pain: int) -> QColor:
    """The fill for an NPRS score, clamped to 0-10."""
    return QColor(PAIN_COLOURS[max(0, min(10, pain))])


def _outline(segments: Sequence[Segment]) -> QPainterPath:
    """A closed figure from its right half: the half, then its mirror image walked back."""
    path = QPainterPath(QPointF(0, 0))
    starts: list[Point] = [(0, 0)]
    for segment in segments:
        if len(segment) == 1:
            path.lineTo(*segment[0])
        else:
            path.cubicTo(*(QPointF(*p) for p in segment))
        starts.append(segment[-1])
    for segment, start in zip(reversed(segments), reversed(starts[:-1]), strict=True):
        if len(segment) == 1:
            path.lineTo(-start[0], start[1])
        else:
            (x1, y1), (x2, y2) = segment[0], segment[1]
            path.cubicTo(QPointF(-x2, y2), QPointF(-x1, y1), QPointF(-start[0], start[1]))
    path.closeSubpath()
    return path


SILHOUETTE = _outline(HEAD_AND_SHOULDER + ARM + TORSO_AND_LEG)
TRUNK = _outline(HEAD_AND_SHOULDER + UNDER_ARM + TORSO_AND_LEG)


def inner_point(path: QPainterPath) -> QPointF:
    """A point well inside a shape, as far from its edges as a 9 x 9 grid search finds: where
    the score is printed and where keyboard travel and tests aim."""
    box = path.boundingRect()
    corners = [(p.x(), p.y()) for p in path.toFillPolygon()]
    edges = list(itertools.pairwise(corners))
    best, best_clearance = box.center(), -1.0
    for row, column in itertools.product(range(1, 10), repeat=2):
        x = box.left() + box.width() * column / 10
        y = box.top() + box.height() * row / 10
        if path.contains(QPointF(x, y)):
            clearance = min(_distance((x, y), a, b) for a, b in edges)
            if clearance > best_clearance:
                best, best_clearance = QPointF(x, y), clearance
    return best


def _distance(point: Point, a: Point, b: Point) -> float:
    """From a point to the segment a-b."""
    (px, py), (ax, ay), (bx, by) = point, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


@dataclass(frozen=True)
class Area:
    """One clickable shape of one view, in figure units (x = 0 on the figure's midline)."""

    region: str
    side: str
    view: str
    path: QPainterPath
    centre: QPointF  # well inside the shape

    @property
    def key(self) -> tuple[str, str]:
        return (self.region, self.side)


def _band(top: float, bottom: float, x0: float, x1: float) -> QPainterPath:
    path = QPainterPath()
    path.addRect(QRectF(QPointF(x0, top), QPointF(x1, bottom)))
    return _closed(TRUNK.intersected(path))


def _closed(path: QPainterPath) -> QPainterPath:
    """The same shape with every subpath closed, so its stroke goes all the way round
    (`intersected` leaves the last edge implicit)."""
    closed = QPainterPath()
    index, kinds = 0, QPainterPath.ElementType
    while index < path.elementCount():
        element = path.elementAt(index)
        if element.type == kinds.MoveToElement:
            if index:
                closed.closeSubpath()
            closed.moveTo(element.x, element.y)
        elif element.type == kinds.LineToElement:
            closed.lineTo(element.x, element.y)
        else:  # a curve: this element and the next two are its control and end points
            c2, end = path.elementAt(index + 1), path.elementAt(index + 2)
            closed.cubicTo(element.x, element.y, c2.x, c2.y, end.x, end.y)
            index += 2
        index += 1
    closed.closeSubpath()
    return closed


def _areas() -> tuple[Area, ...]:
    areas = []
    for view, bands in (("front", FRONT_BANDS), ("back", BACK_BANDS)):
        # The patient's left is +x (viewer's right) on the front view, -x on the back view.
        left_sign = 1 if view == "front" else -1
        for region, top, bottom, central, medial, lateral in bands:
            parts = [("central", -central, central)] if central else []
            for side, sign in (("right", -left_sign), ("left", left_sign)):
                parts.append((side, *sorted((sign * medial, sign * lateral))))
            for side, x0, x1 in parts:
                shape = _band(top, bottom, x0, x1)
                areas.append(Area(region, side, view, shape, inner_point(shape)))
    return tuple(areas)


AREAS = _areas()


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
        self._points: list[QPointF] = []
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
                return QPointF(self._points[index])
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

    def _update_geometry(self) -> None:
        scale = min(self.width() / CANVAS.width(), self.height() / CANVAS.height())
        dx = (self.width() - CANVAS.width() * scale) / 2 - CANVAS.left() * scale
        dy = (self.height() - CANVAS.height() * scale) / 2 - CANVAS.top() * scale
        self._scale = scale
        self._transform = QTransform(scale, 0, 0, scale, dx, dy)
        self._shapes, self._points, self._stops = [], [], []
        for area in AREAS:
            placed = self._place(area.view)
            self._shapes.append(placed.map(area.path))
            self._points.append(placed.map(area.centre))
            # Keyboard travel goes box to box, so neighbours in one band line up.
            self._stops.append(placed.map(area.path.boundingRect().center()))
        self._silhouettes = [self._place(view).map(SILHOUETTE) for view in VIEW_CENTRES]
        self._dividers = QPainterPath()  # every region's edge, stroked in one call
        for shape in self._shapes:
            self._dividers.addPath(shape)

    def _place(self, view: str) -> QTransform:
        """Figure units of one view to widget pixels."""
        return QTransform.fromTranslate(VIEW_CENTRES[view], 0) * self._transform

    def _to_widget(self, x: float, y: float) -> QPointF:
        return self._transform.map(QPointF(x, y))

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
        """The nearest region in a direction (off-axis distance counts double). Up and down
        stay within one view; at the edge of the chart the selection stays put."""
        if self._current is None:
            return 0
        here, view = self._stops[self._current], AREAS[self._current].view
        best, best_score = self._current, float("inf")
        for index, there in enumerate(self._stops):
            along = (there.x() - here.x()) * dx + (there.y() - here.y()) * dy
            across = abs((there.x() - here.x()) * dy) + abs((there.y() - here.y()) * dx)
            if along <= 1e-6 or across > 3 * along or (dy and AREAS[index].view != view):
                continue
            if along + 2 * across < best_score:
                best, best_score = index, along + 2 * across
        return best

    # ----- painting -----

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        stroke = max(1.0, self._scale * 0.9)
        for silhouette in self._silhouettes:
            painter.fillPath(silhouette, SKIN)
        painter.strokePath(self._dividers, QPen(DIVIDER, 0.8))
        hovered = None if self._hover is None else AREAS[self._hover].key
        for area, shape in zip(AREAS, self._shapes, strict=True):
            if area.key in self._pain:
                colour = pain_colour(self._pain[area.key])
                painter.fillPath(shape, colour)
                painter.strokePath(shape, QPen(colour.darker(140), 1.0))
            if area.key == hovered and not self._read_only:
                painter.fillPath(shape, HOVER)
        for silhouette in self._silhouettes:
            painter.strokePath(silhouette, QPen(OUTLINE, stroke))
        if self._current is not None and self.hasFocus():
            pen = QPen(FOCUS, max(2.0, self._scale * 1.4))
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.strokePath(self._shapes[self._current], pen)
        self._paint_scores(painter)
        self._paint_labels(painter)
        self._paint_legend(painter)

    def _font(self, units: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(9, round(units * self._scale)))
        font.setBold(bold)
        return font

    def _paint_scores(self, painter: QPainter) -> None:
        painter.setFont(self._font(6.5, bold=True))
        for area, point in zip(AREAS, self._points, strict=True):
            pain = self._pain.get(area.key)
            if pain is not None:
                self._paint_score(painter, QRectF(point.x() - 20, point.y() - 20, 40, 40), pain)

    def _paint_score(self, painter: QPainter, box: QRectF, pain: int) -> None:
        painter.setPen(QColor("white") if pain >= 5 else QColor("#222222"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(pain))

    def _paint_legend(self, painter: QPainter) -> None:
        """The NPRS scale, 10 at the top, so a shade can be read back as a score."""
        painter.setPen(self.palette().text().color())
        painter.setFont(self._font(6.5, bold=True))
        title = QRectF(self._to_widget(LEGEND_X - 14, 44), self._to_widget(LEGEND_X + 14, 54))
        painter.drawText(title, Qt.AlignmentFlag.AlignCenter, "Pain")
        for pain in range(11):
            top = 56 + (10 - pain) * 10
            box = QRectF(
                self._to_widget(LEGEND_X - 7, top), self._to_widget(LEGEND_X + 7, top + 10)
            )
            painter.fillRect(box, pain_colour(pain))
            if pain % 2 == 0 or box.height() >= 12:  # odd numbers only where they fit
                self._paint_score(painter, box, pain)
        frame = QRectF(self._to_widget(LEGEND_X - 7, 56), self._to_widget(LEGEND_X + 7, 166))
        painter.setPen(QPen(DIVIDER, 1.0))
        painter.drawRect(frame)
        painter.setPen(self.palette().text().color())
        painter.setFont(self._font(5.5))
        note = QRectF(self._to_widget(LEGEND_X - 16, 168), self._to_widget(LEGEND_X + 16, 180))
        painter.drawText(note, Qt.AlignmentFlag.AlignCenter, "NPRS")

    def _paint_labels(self, painter: QPainter) -> None:
        text = self.palette().text().color()
        for view, centre in VIEW_CENTRES.items():
            painter.setPen(text)
            painter.setFont(self._font(8, bold=True))
            caption = QRectF(self._to_widget(centre - 30, 219), self._to_widget(centre + 30, 233))
            painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, view.capitalize())
            left_x = 1 if view == "front" else -1
            for letter, sign in (("L", left_x), ("R", -left_x)):
                self._paint_badge(painter, self._to_widget(centre + sign * 24, 10), letter)

    def _paint_badge(self, painter: QPainter, at: QPointF, letter: str) -> None:
        radius = max(8.0, 6.0 * self._scale)
        painter.setPen(QPen(OUTLINE, max(1.0, self._scale * 0.6)))
        painter.setBrush(QColor("white"))
        painter.drawEllipse(at, radius, radius)
        painter.setPen(QColor("#222222"))
        painter.setFont(self._font(7.5, bold=True))
        box = QRectF(at.x() - radius, at.y() - radius, 2 * radius, 2 * radius)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, letter)
        painter.setBrush(Qt.BrushStyle.NoBrush)
