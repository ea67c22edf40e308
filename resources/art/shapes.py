"""The neutral shape list that every renderer (SVG, reportlab, Qt) draws.

All coordinates and widths are canvas units: the canvas is 480 x 200 with (0, 0) at the
TOP-LEFT and y growing DOWNWARDS (the SVG convention). Greys run from 0.0 (black) to
1.0 (white). Every stroke has round caps and round joins. Draw shapes in list order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CanvasPoint = tuple[float, float]


@dataclass(frozen=True)
class Line:
    """A straight stroke from (x1, y1) to (x2, y2), `width` wide, round caps, grey `grey`."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    grey: float = 0.0


@dataclass(frozen=True)
class Circle:
    """A circle centred at (cx, cy), radius r. Filled with grey `grey` when `filled`;
    outlined in black `width` wide (no outline when `width` is 0)."""

    cx: float
    cy: float
    r: float
    filled: bool
    grey: float = 0.0
    width: float = 1.0


@dataclass(frozen=True)
class Polyline:
    """Strokes through `points`, `width` wide in grey `grey`, round caps and joins.

    When `closed`, the last point joins the first, and `fill` (a grey, or None for no fill)
    paints the inside.
    """

    points: tuple[CanvasPoint, ...]
    width: float
    closed: bool = False
    grey: float = 0.0
    fill: float | None = None


@dataclass(frozen=True)
class Arrow:
    """A black arrow along `points` with its tip at the last point.

    `width` is the shaft stroke, `head` the length of the triangular head. Renderers that
    know only lines and polygons can draw `parts()` instead.
    """

    points: tuple[CanvasPoint, ...]
    width: float = 2.2
    head: float = 9.0

    def parts(self) -> tuple[Polyline, Polyline]:
        """The shaft (open polyline, stopping under the head) and the filled head."""
        tip = self.points[-1]
        back = next(
            (p for p in reversed(self.points[:-1]) if math.dist(p, tip) >= self.head),
            self.points[0],
        )
        length = math.dist(back, tip) or 1.0
        ux, uy = (tip[0] - back[0]) / length, (tip[1] - back[1]) / length
        base = (tip[0] - ux * self.head, tip[1] - uy * self.head)
        half = self.head * 0.5
        left = (base[0] - uy * half, base[1] + ux * half)
        right = (base[0] + uy * half, base[1] - ux * half)
        shaft_end = (tip[0] - ux * self.head * 0.7, tip[1] - uy * self.head * 0.7)
        shaft = [p for p in self.points[:-1] if math.dist(p, tip) > self.head]
        shaft.append(shaft_end)
        if len(shaft) == 1:
            shaft.insert(0, self.points[0])
        return (
            Polyline(tuple(shaft), self.width),
            Polyline((tip, left, right), 1.0, closed=True, fill=0.0),
        )


@dataclass(frozen=True)
class Label:
    """Text with its baseline at y; `anchor` 'start', 'middle' or 'end' places x.
    `size` is the font size in canvas units; the face is a plain sans-serif, black."""

    x: float
    y: float
    text: str
    size: float = 12.0
    anchor: str = "start"


Shape = Line | Circle | Polyline | Arrow | Label
