"""Angles of the pelvis from landmarks marked on a photo (docs/clinical-model.md#photos).

Points are image pixels as a photo is stored: x to the right, y downwards. Every angle is
worked out in an upright frame (y upwards) after the camera's roll is taken out:

- side view (left or right): the ASIS-PSIS line to the horizontal, + anterior (ASIS lower
  than PSIS), whichever way the patient faces the camera;
- posterior or anterior view: the line from the right to the left landmark (iliac crest
  tops, PSIS dimples or ASIS), + left higher. The landmarks are named by the patient's side:
  from behind the patient's left is on the image's left, from the front on its right, so
  `frontal_marks` swaps the image's sides for an anterior view;
- roll: two points the practitioner marks on a plumb line (true vertical) or a level line
  (true horizontal) give the camera's roll; without them a level camera is assumed and the
  measurement says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from charting.errors import FieldError
from charting.readings import Device, Phase, Reading

Point = tuple[float, float]


class View(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    POSTERIOR = "posterior"
    ANTERIOR = "anterior"

    @property
    def is_side(self) -> bool:
        return self in (View.LEFT, View.RIGHT)


class ReferenceKind(StrEnum):
    PLUMB = "plumb"  # two points on a true vertical
    LEVEL = "level"  # two points on a true horizontal


# The landmarks each view needs, in the order the measuring view asks for them.
SIDE_LANDMARKS = ("asis", "psis")
FRONTAL_LANDMARKS = ("left", "right")


def landmarks_of(view: View) -> tuple[str, ...]:
    return SIDE_LANDMARKS if View(view).is_side else FRONTAL_LANDMARKS


@dataclass(frozen=True)
class Reference:
    """Two points on a line the practitioner knows is vertical (plumb) or horizontal."""

    kind: ReferenceKind
    a: Point
    b: Point

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ReferenceKind(self.kind))
        if _length(self.a, self.b) < MIN_SPAN_PX:
            raise FieldError("reference", "mark two points further apart on the line")


@dataclass(frozen=True)
class Marks:
    """The landmarks marked on one photo: name -> point, and the roll reference if any."""

    view: View
    points: tuple[tuple[str, Point], ...]
    reference: Reference | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "view", View(self.view))
        allowed = landmarks_of(self.view)
        for name, _ in self.points:
            if name not in allowed:
                raise FieldError("landmark", f"a {self.view} view marks {', '.join(allowed)}")

    def point(self, name: str) -> Point | None:
        return dict(self.points).get(name)

    @property
    def complete(self) -> bool:
        return all(self.point(name) is not None for name in landmarks_of(self.view))


@dataclass(frozen=True)
class PhotoAngle:
    """What one photo measures: the reading field, its value, and whether the camera was
    assumed level (no reference marked)."""

    field: str
    degrees: float
    level_assumed: bool


MIN_SPAN_PX = 5.0  # two clicks closer than this give no usable direction


def _length(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def _upright(a: Point, b: Point) -> tuple[float, float]:
    """The vector a -> b with y pointing up."""
    return b[0] - a[0], a[1] - b[1]


def roll_deg(reference: Reference | None) -> float:
    """How far the camera was rolled, in degrees counter-clockwise: a true horizontal
    appears at this angle in the photo. 0 without a reference."""
    if reference is None:
        return 0.0
    dx, dy = _upright(reference.a, reference.b)
    angle = math.degrees(math.atan2(dy, dx))
    if reference.kind is ReferenceKind.PLUMB:
        angle -= 90.0
    return (angle + 90.0) % 180.0 - 90.0  # a line has no direction: fold into [-90, 90)


def _unrolled(a: Point, b: Point, roll: float) -> tuple[float, float]:
    """The vector a -> b (y up) with the camera's roll taken out."""
    dx, dy = _upright(a, b)
    turn = math.radians(-roll)
    cos, sin = math.cos(turn), math.sin(turn)
    return dx * cos - dy * sin, dx * sin + dy * cos


def _rise_deg(low_end: Point, high_end: Point, roll: float) -> float:
    """Angle above the horizontal of `high_end` seen from `low_end`, either way round."""
    if _length(low_end, high_end) < MIN_SPAN_PX:
        raise FieldError("landmark", "the two landmarks are on top of each other")
    dx, dy = _unrolled(low_end, high_end, roll)
    return math.degrees(math.atan2(dy, abs(dx)))


def measure(marks: Marks) -> PhotoAngle:
    """The angle one photo gives; FieldError names a missing landmark."""
    for name in landmarks_of(marks.view):
        if marks.point(name) is None:
            raise FieldError("landmark", f"mark the {name.upper() if marks.view.is_side else name}")
    roll = roll_deg(marks.reference)
    assumed = marks.reference is None
    if marks.view.is_side:
        asis, psis = marks.point("asis"), marks.point("psis")
        assert asis is not None and psis is not None
        field = "left_tilt_deg" if marks.view is View.LEFT else "right_tilt_deg"
        return PhotoAngle(field, _rise_deg(asis, psis, roll), assumed)  # PSIS above: anterior
    left, right = marks.point("left"), marks.point("right")
    assert left is not None and right is not None
    return PhotoAngle("obliquity_deg", _rise_deg(right, left, roll), assumed)


def frontal_marks(
    view: View, image_left: Point, image_right: Point, reference: Reference | None = None
) -> Marks:
    """Marks of a back or front photo from the landmark on the image's left and the one on
    its right: from the front, the patient's left is on the image's right."""
    view = View(view)
    if view.is_side:
        raise FieldError("view", "a side view marks the ASIS and PSIS")
    left, right = (image_left, image_right) if view is View.POSTERIOR else (image_right, image_left)
    return Marks(view, (("left", left), ("right", right)), reference)


def mirrored(marks: Marks, width: float) -> Marks:
    """The same marks on the photo flipped left to right (`width` in pixels); the names stay
    with their points, so a back view mirrored reads as its front view would."""

    def flip(p: Point) -> Point:
        return width - p[0], p[1]

    reference = marks.reference
    if reference is not None:
        reference = Reference(reference.kind, flip(reference.a), flip(reference.b))
    return Marks(marks.view, tuple((n, flip(p)) for n, p in marks.points), reference)


def photo_reading(phase: Phase, angles: dict[View, PhotoAngle], rater: str = "") -> Reading | None:
    """The reading a phase's measured photos give: left and right tilt from the two side
    views (together or not at all), obliquity from the back view, else the front view.
    Rotation is not measured from photos. None when nothing usable was measured."""
    left, right = angles.get(View.LEFT), angles.get(View.RIGHT)
    frontal = angles.get(View.POSTERIOR) or angles.get(View.ANTERIOR)
    if not (left and right) and frontal is None:
        return None

    tilts = (_tenth(left), _tenth(right)) if left and right else (None, None)
    return Reading(
        Phase(phase), Device.PHOTO, rater, left_tilt_deg=tilts[0], right_tilt_deg=tilts[1],
        obliquity_deg=_tenth(frontal) if frontal else None,
    )  # fmt: skip


def _tenth(angle: PhotoAngle) -> float:
    """Readings are kept to a tenth of a degree, as the other devices give them."""
    return round(angle.degrees, 1) + 0.0
