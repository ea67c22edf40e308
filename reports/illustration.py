"""Exercise illustrations (resources.illustrations shapes) as vector reportlab Drawings.

The shapes live on a 480 x 200 canvas with the origin top-left and y pointing down; PDF
points grow upwards, so every y is flipped. Text is placed, never mirrored.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from reportlab.graphics import shapes as rl
from reportlab.lib import colors

from reports import styles
from resources.illustrations import Arrow, Circle, Label, Line, Polyline, Shape

CANVAS_WIDTH, CANVAS_HEIGHT = 480.0, 200.0
ROUND = 1  # reportlab's code for round caps and joins
SMALLEST_LABEL = 7.0  # points: "Start" / "Hold" stay readable in a narrow column


def grey(level: float) -> colors.Color:
    return colors.Color(level, level, level)


class _Flip:
    """Canvas units to drawing points: scale, and flip y."""

    def __init__(self, scale: float, height: float) -> None:
        self.scale, self.height = scale, height

    def point(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale, self.height - y * self.scale

    def points(self, points: Iterable[tuple[float, float]]) -> list[float]:
        return [value for x, y in points for value in self.point(x, y)]


def _stroke(width: float, level: float, flip: _Flip) -> dict[str, Any]:
    return {
        "strokeWidth": width * flip.scale,
        "strokeColor": grey(level),
        "strokeLineCap": ROUND,
        "strokeLineJoin": ROUND,
    }


def _shape(shape: Shape, flip: _Flip) -> list[rl.Shape]:
    """One resources.illustrations shape as reportlab shapes (an Arrow becomes two)."""
    if isinstance(shape, Line):
        (x1, y1), (x2, y2) = flip.point(shape.x1, shape.y1), flip.point(shape.x2, shape.y2)
        return [rl.Line(x1, y1, x2, y2, **_stroke(shape.width, shape.grey, flip))]
    if isinstance(shape, Circle):
        x, y = flip.point(shape.cx, shape.cy)
        outline = _stroke(shape.width, 0.0, flip) if shape.width else {"strokeColor": None}
        fill = grey(shape.grey) if shape.filled else None
        return [rl.Circle(x, y, shape.r * flip.scale, fillColor=fill, **outline)]
    if isinstance(shape, Polyline):
        points = flip.points(shape.points)
        stroke = _stroke(shape.width, shape.grey, flip)
        if shape.closed:
            fill = None if shape.fill is None else grey(shape.fill)
            return [rl.Polygon(points, fillColor=fill, **stroke)]
        return [rl.PolyLine(points, **stroke)]
    if isinstance(shape, Arrow):
        return [part for piece in shape.parts() for part in _shape(piece, flip)]
    if isinstance(shape, Label):
        x, y = flip.point(shape.x, shape.y)
        size = max(shape.size * flip.scale, SMALLEST_LABEL)
        font = {"fontName": styles.FONT, "fontSize": size, "fillColor": colors.black}
        return [rl.String(x, y, shape.text, textAnchor=shape.anchor, **font)]
    raise TypeError(f"unknown illustration shape {type(shape).__name__}")


def illustration_drawing(shapes: Iterable[Shape], width: float) -> rl.Drawing:
    """The illustration `width` points wide, in a thin frame."""
    height = width * CANVAS_HEIGHT / CANVAS_WIDTH
    drawing = styles.drawing(width, height)
    for part in _parts(tuple(shapes), width):
        drawing.add(part)
    return drawing


@lru_cache(maxsize=256)
def _parts(shapes: tuple[Shape, ...], width: float) -> tuple[rl.Shape, ...]:
    """The reportlab shapes of an illustration `width` points wide, made once per process:
    a handout lays each exercise out at a few widths, and making the shapes (each checked
    attribute by attribute) took most of its time. Drawings only read their shapes, so
    every drawing of the same picture shares them."""
    height = width * CANVAS_HEIGHT / CANVAS_WIDTH
    flip = _Flip(width / CANVAS_WIDTH, height)
    parts = [part for shape in shapes for part in _shape(shape, flip)]
    frame = rl.Rect(0, 0, width, height, fillColor=None, strokeColor=styles.RULE, strokeWidth=0.6)
    return (*parts, frame)
