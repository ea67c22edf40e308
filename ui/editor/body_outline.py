"""The body chart's geometry: Bezier outlines of a standing figure, cut into clickable regions.

Everything is in figure units (216 tall, x = 0 on the midline, y down from the crown), so the
widget only scales and places it. On the front view the patient's left is +x (the viewer's
right); on the back view it is -x.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from charting.vocabulary import complaint_place, sentence_start

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


def region_label(region: str, side: str) -> str:
    """'Left knee', 'Central low back', 'Right buttock / sciatic'."""
    return sentence_start(complaint_place(region, side))


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
    corners = [(p.x(), p.y()) for p in path.toFillPolygon().toList()]
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

    @cached_property
    def centre(self) -> QPointF:
        """A point well inside the shape; found at the first need (the grid search of
        every area took 0.1-0.2 s at each start, for an editor not yet opened)."""
        return inner_point(self.path)

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
                near, far = sorted((sign * medial, sign * lateral))
                parts.append((side, near, far))
            for side, x0, x1 in parts:
                shape = _band(top, bottom, x0, x1)
                areas.append(Area(region, side, view, shape))
    return tuple(areas)


AREAS = _areas()


def neighbour(stops: Sequence[QPointF], current: int, dx: int, dy: int) -> int:
    """The area nearest `current` in a direction (off-axis distance counts double), from each
    area's stop point. Up and down stay within one view; at the edge the selection stays put."""
    here, view = stops[current], AREAS[current].view
    best, best_score = current, float("inf")
    for index, there in enumerate(stops):
        along = (there.x() - here.x()) * dx + (there.y() - here.y()) * dy
        across = abs((there.x() - here.x()) * dy) + abs((there.y() - here.y()) * dx)
        if along <= 1e-6 or across > 3 * along or (dy and AREAS[index].view != view):
            continue
        if along + 2 * across < best_score:
            best, best_score = index, along + 2 * across
    return best
