"""Props, arrows and the two-panel exercise description, in world units (see `figure`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from resources.art.figure import Point, Pose, between, direction, joints

PROP_GREY = 0.92


@dataclass(frozen=True)
class Block:
    """A solid prop (step, bench, bed, wall, pillow, weight): a closed outline, filled."""

    points: tuple[Point, ...]
    grey: float = PROP_GREY
    front: bool = False  # drawn over the figure instead of behind it


@dataclass(frozen=True)
class Cord:
    """A band or strap: an open line through `points`."""

    points: tuple[Point, ...]
    front: bool = True
    width: float = 1.1  # world units


@dataclass(frozen=True)
class Motion:
    """An arrow along `points`, head at the last point."""

    points: tuple[Point, ...]


Prop = Block | Cord | Motion


@dataclass(frozen=True)
class Inset:
    """A magnified square of the picture around world point `centre` (`half` world units each
    way), drawn `zoom` times larger with its centre at `at` (canvas units from the panel's
    top-left corner)."""

    centre: Point
    half: float
    zoom: float
    at: Point


@dataclass(frozen=True)
class Scene:
    """One panel: a pose, its props and its label ('Start', 'Finish' or 'Hold')."""

    pose: Pose
    props: tuple[Prop, ...] = ()
    label: str = "Start"
    inset: Inset | None = None


@dataclass(frozen=True)
class Exercise:
    """An exercise picture: the start panel and the finish (or hold) panel."""

    slug: str
    start: Scene
    end: Scene


def box(x: float, y: float, w: float, h: float, grey: float = PROP_GREY) -> Block:
    """An axis-aligned rectangle with its lower-left corner at (x, y)."""
    return Block(((x, y), (x + w, y), (x + w, y + h), (x, y + h)), grey)


def table(x: float, w: float, top: float, slab: float = 5.0) -> tuple[Block, ...]:
    """A bench or bed: a slab whose upper face is at `top`, on two legs."""
    leg = 3.0
    return (
        box(x + 3, 0, leg, top - slab),
        box(x + w - 3 - leg, 0, leg, top - slab),
        box(x, top - slab, w, slab),
    )


def mat(x0: float, x1: float, depth: float, grey: float = 0.95) -> Block:
    """A floor area seen from slightly above: its near edge on y = 0, its far edge at `depth`."""
    slant = depth * 0.4
    return Block(((x0, 0.0), (x1, 0.0), (x1 + slant, depth), (x0 + slant, depth)), grey)


def ellipse(cx: float, cy: float, rx: float, ry: float, grey: float = PROP_GREY) -> Block:
    """An ellipse (pillow, weight) as a 24-sided outline."""
    pts = tuple(
        (cx + rx * math.cos(2 * math.pi * i / 24), cy + ry * math.sin(2 * math.pi * i / 24))
        for i in range(24)
    )
    return Block(pts, grey)


def kettlebell(handle_top: Point) -> tuple[Block, Cord]:
    """A kettlebell hanging from a hand at `handle_top`."""
    x, y = handle_top
    bell = ellipse(x, y - 11, 6, 5.5, grey=0.3)
    handle = Cord(
        ((x - 3.5, y - 7), (x - 3, y - 1), (x, y + 0.5), (x + 3, y - 1), (x + 3.5, y - 7))
    )
    return Block(bell.points, bell.grey, front=True), handle


def path(
    start: Pose,
    end: Pose,
    joint: str,
    offset: Point = (0, 0),
    span: tuple[float, float] = (0.12, 0.88),
) -> Motion:
    """An arrow following `joint` from the start pose to the end pose, shifted by `offset`.

    `span` picks the stretch of the movement drawn (0 = start pose, 1 = end pose).
    """
    pts = []
    for i in range(17):
        t = span[0] + (span[1] - span[0]) * i / 16
        x, y = joints(between(start, end, t))[joint]
        pts.append((x + offset[0], y + offset[1]))
    return Motion(tuple(pts))


def push(at: Point, angle: float, length: float = 12.0) -> Motion:
    """A straight arrow starting at `at`, pointing along `angle`."""
    d = direction(angle)
    return Motion((at, (at[0] + d[0] * length, at[1] + d[1] * length)))


def arc(centre: Point, radius: float, start: float, stop: float) -> Motion:
    """A circular arrow from angle `start` to `stop` (degrees) around `centre`."""
    pts = []
    for i in range(17):
        a = math.radians(start + (stop - start) * i / 16)
        pts.append((centre[0] + radius * math.cos(a), centre[1] + radius * math.sin(a)))
    return Motion(tuple(pts))
