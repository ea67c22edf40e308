"""A magnified detail box: the panel's drawing again at a larger scale, clipped to a square."""

from __future__ import annotations

from collections.abc import Callable

from resources.art.shapes import CanvasPoint, Circle, Line, Polyline, Shape

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in canvas units


def _shrunk(rect: Rect, by: float) -> Rect:
    return (rect[0] + by, rect[1] + by, rect[2] - by, rect[3] - by)


def clip_segment(
    p: CanvasPoint, q: CanvasPoint, rect: Rect
) -> tuple[CanvasPoint, CanvasPoint] | None:
    """The part of segment p-q inside `rect` (Liang-Barsky), or None."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    lo, hi = 0.0, 1.0
    for step, room in (
        (-dx, p[0] - rect[0]),
        (dx, rect[2] - p[0]),
        (-dy, p[1] - rect[1]),
        (dy, rect[3] - p[1]),
    ):
        if step == 0:
            if room < 0:
                return None
            continue
        t = room / step
        if step < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
    if lo > hi:
        return None
    return (p[0] + lo * dx, p[1] + lo * dy), (p[0] + hi * dx, p[1] + hi * dy)


def clip_polygon(points: tuple[CanvasPoint, ...], rect: Rect) -> tuple[CanvasPoint, ...]:
    """`points` (a closed outline) cut to `rect` (Sutherland-Hodgman)."""
    x0, y0, x1, y1 = rect
    edges: list[Callable[[CanvasPoint], float]] = [
        lambda p: p[0] - x0,
        lambda p: x1 - p[0],
        lambda p: p[1] - y0,
        lambda p: y1 - p[1],
    ]
    out = list(points)
    for inside in edges:
        if not out:
            break
        src, out = out, []
        for i, cur in enumerate(src):
            prev = src[i - 1]
            a, b = inside(prev), inside(cur)
            if (a >= 0) != (b >= 0):
                t = a / (a - b)
                out.append((prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])))
            if b >= 0:
                out.append(cur)
    return tuple((round(x, 2), round(y, 2)) for x, y in out)


def clipped(shapes: list[Shape], rect: Rect) -> list[Shape]:
    """`shapes` cut to `rect`, strokes included; text and arrows are left out."""
    out: list[Shape] = []
    for s in shapes:
        if isinstance(s, Line):  # its round end may overhang: `framed` masks the overhang
            seg = clip_segment((s.x1, s.y1), (s.x2, s.y2), rect)
            if seg:
                (ax, ay), (bx, by) = seg
                out.append(
                    Line(round(ax, 2), round(ay, 2), round(bx, 2), round(by, 2), s.width, s.grey)
                )
        elif isinstance(s, Circle):
            inner = _shrunk(rect, s.r + s.width / 2)
            if inner[0] <= s.cx <= inner[2] and inner[1] <= s.cy <= inner[3]:
                out.append(s)
        elif isinstance(s, Polyline) and s.closed:
            pts = clip_polygon(s.points, _shrunk(rect, s.width / 2))
            if len(pts) >= 3:
                out.append(Polyline(pts, s.width, True, s.grey, s.fill))
        elif isinstance(s, Polyline):
            for p, q in zip(s.points, s.points[1:], strict=False):
                seg = clip_segment(p, q, _shrunk(rect, s.width / 2))
                if seg:
                    out.append(Polyline(seg, s.width, False, s.grey))
    return out


def framed(content: list[Shape], rect: Rect, margin: float = 12.0) -> list[Shape]:
    """A white box with a black frame around the clipped `content`; a white band `margin`
    wide round the outside hides the round ends of strokes cut at the edge."""
    x0, y0, x1, y1 = rect
    box = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    m = margin / 2
    band = ((x0 - m, y0 - m), (x1 + m, y0 - m), (x1 + m, y1 + m), (x0 - m, y1 + m))
    return [
        Polyline(box, 1.2, closed=True, grey=0.0, fill=1.0),
        *clipped(content, rect),
        Polyline(band, margin, closed=True, grey=1.0),
        Polyline(box, 1.2, closed=True, grey=0.0),
    ]
