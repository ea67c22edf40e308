"""Lay an exercise out on the 480 x 200 canvas: start pose left, finish pose right."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from resources.art import figure as fig
from resources.art.figure import Point, Pose, joints, step
from resources.art.inset import framed
from resources.art.scene import Block, Cord, Exercise, Inset, Motion, Scene
from resources.art.shapes import Arrow, Circle, Label, Line, Polyline, Shape

CANVAS = (480, 200)
PANEL_W = 240.0
FLOOR_Y = 184.0  # canvas y of the floor
TOP_Y = 12.0  # top margin; figures are centred, clear of the corner labels
SIDE = 12.0  # horizontal margin inside a panel
MAX_SCALE = 2.2  # canvas units per world unit (a standing figure fits at about 1.5)

OUTLINE = 1.2
WORK_GREY = 0.42
REST_GREY = 0.86
BODY_GREY = 0.72

Transform = Callable[[Point], tuple[float, float]]


def _figure_extent(pose: Pose) -> Iterable[tuple[Point, float]]:
    """Points of the figure with the radius each needs around it, world units."""
    for name, p in joints(pose).items():
        if name == "head":
            yield p, fig.HEAD_R + 3.0
        elif name in ("pelvis", "waist", "neck") or name.endswith(("hip", "shoulder")):
            yield p, fig.WIDTH["trunk"] / 2 + 1
        else:
            yield p, fig.WIDTH["thigh"] / 2 + 1


def _extent(scene: Scene) -> Iterable[tuple[Point, float]]:
    yield from _figure_extent(scene.pose)
    for prop in scene.props:
        pad = 4.0 if isinstance(prop, Motion) else 1.0
        for p in prop.points:
            yield p, pad


def _layout(ex: Exercise) -> tuple[float, float]:
    """Scale and world x that lands on each panel's centre (shared by both panels)."""
    items = [*_extent(ex.start), *_extent(ex.end)]
    x0 = min(p[0] - r for p, r in items)
    x1 = max(p[0] + r for p, r in items)
    y1 = max(p[1] + r for p, r in items)
    scale = min(MAX_SCALE, (PANEL_W - 2 * SIDE) / (x1 - x0), (FLOOR_Y - TOP_Y) / y1)
    return scale, (x0 + x1) / 2


def _limb_segments(pose: Pose, name: str, at: dict[str, Point]) -> list[tuple[Point, Point, float]]:
    side, kind = name.split("_")
    segs = fig.LEG_SEGMENTS if kind == "leg" else fig.ARM_SEGMENTS
    return [(at[f"{side}_{a}"], at[f"{side}_{b}"], fig.WIDTH[w]) for a, b, w in segs]


def _capsules(
    segs: list[tuple[Point, Point, float]], grey: float, t: Transform, s: float
) -> list[Shape]:
    """Outlined capsules: all black outlines first, then the grey insides."""
    out: list[Shape] = []
    for width, colour in ((OUTLINE * 2, 0.0), (0.0, grey)):
        for a, b, w in segs:
            (x1, y1), (x2, y2) = t(a), t(b)
            out.append(Line(x1, y1, x2, y2, w * s + width, colour))
    return out


def _torso(pose: Pose, at: dict[str, Point], t: Transform, s: float) -> list[Shape]:
    axis = (pose.trunk + 90 if pose.hip_axis is None else pose.hip_axis) + 0.0
    waist_half = pose.breadth * 0.5 * (fig.HIP_HALF + fig.SHOULDER_HALF) * 0.75
    ring = (
        at["near_shoulder"],
        step(at["waist"], axis, waist_half),
        at["near_hip"],
        at["far_hip"],
        step(at["waist"], axis, -waist_half),
        at["far_shoulder"],
    )
    pts = tuple(t(p) for p in ring)
    width = fig.trunk_width(pose) * s
    neck = (at["neck"], at["head"], fig.WIDTH["neck"])
    out: list[Shape] = []
    out += _capsules([neck], BODY_GREY, t, s)[:1]
    out.append(Polyline(pts, width + 2 * OUTLINE, closed=True, grey=0.0, fill=0.0))
    out += _capsules([neck], BODY_GREY, t, s)[1:]
    out.append(Polyline(pts, width, closed=True, grey=BODY_GREY, fill=BODY_GREY))
    hx, hy = t(at["head"])
    r = fig.HEAD_R * s
    face = fig.face_direction(pose)
    if face is not None:
        nose = tuple(
            t(step(at["head"], face + d, fig.HEAD_R + (2.6 if d == 0 else -0.5)))
            for d in (-28, 0, 28)
        )
        out.append(Polyline(nose, OUTLINE, closed=True, grey=0.0, fill=BODY_GREY))
    out.append(Circle(hx, hy, r, True, BODY_GREY, OUTLINE))
    return out


def figure_shapes(pose: Pose, t: Transform, s: float) -> list[Shape]:
    """The figure as outlined capsules, back to front in `pose.order`."""
    at = joints(pose)
    out: list[Shape] = []
    for part in pose.order:
        if part == "trunk":
            out += _torso(pose, at, t, s)
        else:
            grey = WORK_GREY if part in pose.working else REST_GREY
            out += _capsules(_limb_segments(pose, part, at), grey, t, s)
    return out


def _prop_shapes(props: Iterable[object], t: Transform, s: float) -> list[Shape]:
    out: list[Shape] = []
    for prop in props:
        if isinstance(prop, Block):
            pts = tuple(t(p) for p in prop.points)
            out.append(Polyline(pts, 1.0, closed=True, grey=0.0, fill=prop.grey))
        elif isinstance(prop, Cord):
            pts = tuple(t(p) for p in prop.points)
            out.append(Polyline(pts, prop.width * s, grey=0.1))
        elif isinstance(prop, Motion):
            out.append(Arrow(tuple(t(p) for p in prop.points)))
    return out


def _panel(scene: Scene, left: float, scale: float, centre_x: float) -> list[Shape]:
    def t(p: Point) -> tuple[float, float]:
        x = left + PANEL_W / 2 + (p[0] - centre_x) * scale
        return (round(x, 2), round(FLOOR_Y - p[1] * scale, 2))

    out: list[Shape] = [Line(left + 6, FLOOR_Y, left + PANEL_W - 6, FLOOR_Y, 1.5)]
    out += _content(scene, t, scale)
    if scene.inset is not None:
        out += _inset(scene, scene.inset, left, scale)
    out.append(Label(left + 10, 20, scene.label, 12.0))
    return out


def _content(scene: Scene, t: Transform, scale: float, arrows: bool = True) -> list[Shape]:
    """Props behind, the figure, props in front, then the motion arrows."""
    behind = [p for p in scene.props if isinstance(p, Block | Cord) and not p.front]
    front = [p for p in scene.props if isinstance(p, Block | Cord) and p.front]
    motion = [p for p in scene.props if isinstance(p, Motion)] if arrows else []
    out = _prop_shapes(behind, t, scale)
    out += figure_shapes(scene.pose, t, scale)
    out += _prop_shapes(front, t, scale)
    return out + _prop_shapes(motion, t, scale)


def _inset(scene: Scene, inset: Inset, left: float, scale: float) -> list[Shape]:
    zoom = scale * inset.zoom
    cx, cy = left + inset.at[0], inset.at[1]

    def t(p: Point) -> tuple[float, float]:
        x = cx + (p[0] - inset.centre[0]) * zoom
        return (round(x, 2), round(cy - (p[1] - inset.centre[1]) * zoom, 2))

    floor = Line(
        *t((inset.centre[0] - 2 * inset.half, 0)), *t((inset.centre[0] + 2 * inset.half, 0)), 1.5
    )
    size = inset.half * zoom
    rect = (cx - size, cy - size, cx + size, cy + size)
    return framed([floor, *_content(scene, t, zoom, arrows=False)], rect)


def exercise_shapes(ex: Exercise) -> tuple[Shape, ...]:
    """Both panels of `ex` and the divider between them."""
    scale, centre_x = _layout(ex)
    divider = Line(PANEL_W, 8, PANEL_W, CANVAS[1] - 8, 0.8, 0.7)
    return (
        *_panel(ex.start, 0.0, scale, centre_x),
        divider,
        *_panel(ex.end, PANEL_W, scale, centre_x),
    )


__all__ = ["CANVAS", "exercise_shapes", "figure_shapes"]
