"""What has been clicked on one photo, what to click next, and the angle in words (no Qt).

Landmarks are named by the patient's side, as `charting.photo_geometry` names them; the
prompts say where that side is on the image (from the front, the patient's left is on the
image's right), so nothing is swapped here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from charting.errors import FieldError
from charting.photo_geometry import (
    Marks,
    PhotoAngle,
    Point,
    Reference,
    ReferenceKind,
    View,
    landmarks_of,
    measure,
)

REFERENCE_POINTS = ("ref_a", "ref_b")
LEVEL_ASSUMED = "No reference marked: the angle assumes the camera was level."
SHORT_NAMES = {"asis": "ASIS", "psis": "PSIS", "left": "L", "right": "R",
               "ref_a": "", "ref_b": ""}  # fmt: skip
REFERENCE_WORDS = {ReferenceKind.PLUMB: "plumb line", ReferenceKind.LEVEL: "level line"}


def prompt(view: View, name: str, kind: ReferenceKind | None) -> str:
    """What the practitioner is asked to click for `name` on a `view` photo."""
    if name in REFERENCE_POINTS:
        which = "first" if name == REFERENCE_POINTS[0] else "second"
        line = REFERENCE_WORDS[kind or ReferenceKind.PLUMB]
        return f"Click a {which} point on the {line}, far from the other."
    if name == "asis":
        return "Click the ASIS marker (front of the pelvis)."
    if name == "psis":
        return "Click the PSIS marker (back of the pelvis)."
    # From behind, the patient's left is on the image's left; from the front, on its right.
    same_side = (view is View.POSTERIOR) == (name == "left")
    where = "image's left" if same_side else "image's right"
    mark = "iliac crest (PSIS dimple)" if view is View.POSTERIOR else "iliac crest (ASIS)"
    return f"Click the patient's {name} {mark}: on the {where}."


def angle_words(angle: PhotoAngle) -> str:
    """'Left innominate tilt: +12.0° (anterior)', 'Obliquity: +3.0° (left crest higher)'."""
    value = round(angle.degrees, 1) + 0.0
    if angle.field == "obliquity_deg":
        higher = "left" if value > 0 else "right"
        side = "crests level" if value == 0 else f"{higher} crest higher"
        return f"Obliquity: {value:+.1f}° ({side})"
    which = "Left" if angle.field == "left_tilt_deg" else "Right"
    sense = "level" if value == 0 else ("anterior" if value > 0 else "posterior")
    return f"{which} innominate tilt: {value:+.1f}° ({sense})"


@dataclass
class Marking:
    """The points placed on one photo so far; `kind` None: no reference line wanted."""

    view: View
    kind: ReferenceKind | None = ReferenceKind.PLUMB
    points: dict[str, Point] = field(default_factory=dict)

    @classmethod
    def of(cls, view: View, marks: Marks | None) -> Marking:
        """Start from stored marks (or none)."""
        if marks is None:
            return cls(view)
        points = dict(marks.points)
        reference = marks.reference
        if reference is None:
            return cls(view, None, points)
        points.update(zip(REFERENCE_POINTS, (reference.a, reference.b), strict=True))
        return cls(view, reference.kind, points)

    def wanted(self) -> tuple[str, ...]:
        """Every point to click, in order: the landmarks, then the reference line's two."""
        return landmarks_of(self.view) + (REFERENCE_POINTS if self.kind else ())

    def next_point(self) -> str | None:
        return next((name for name in self.wanted() if name not in self.points), None)

    def next_prompt(self) -> str:
        name = self.next_point()
        if name is None:
            return "All points placed: drag a handle to adjust it."
        return prompt(self.view, name, self.kind)

    def place(self, point: Point) -> str | None:
        """Put the next point at `point`; its name, or None when all are placed."""
        name = self.next_point()
        if name is not None:
            self.points[name] = point
        return name

    def set_kind(self, kind: ReferenceKind | None) -> None:
        """Another reference line (or none): the reference points placed so far go."""
        if kind != self.kind:
            self.kind = kind
            for name in REFERENCE_POINTS:
                self.points.pop(name, None)

    def marks(self) -> Marks:
        """The marks to store: the landmarks placed, and the reference once both points are."""
        landmarks = tuple((n, self.points[n]) for n in landmarks_of(self.view) if n in self.points)
        a, b = (self.points.get(name) for name in REFERENCE_POINTS)
        reference = Reference(self.kind, a, b) if self.kind and a and b else None
        return Marks(self.view, landmarks, reference)

    def angle(self) -> PhotoAngle | None:
        """The photo's angle once its landmarks are placed; FieldError when unusable."""
        marks = self.marks()  # FieldError: the reference's two points on top of each other
        return measure(marks) if marks.complete else None

    def reading_text(self) -> tuple[str, str]:
        """(the angle in words, a warning): what the live label and its warning show."""
        try:
            angle = self.angle()
        except FieldError as error:
            return "", error.message.capitalize() + "."
        if angle is None:
            return "Angle: place the landmarks first.", ""
        return angle_words(angle), LEVEL_ASSUMED if angle.level_assumed else ""
