"""Landmark geometry (charting/photo_geometry.py): signs as docs/clinical-model.md#photos
says, camera roll taken out, mirror symmetry, and the reading a phase's photos make."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charting.errors import FieldError
from charting.photo_geometry import (
    Marks,
    PhotoAngle,
    Point,
    Reference,
    ReferenceKind,
    View,
    frontal_marks,
    measure,
    mirrored,
    photo_reading,
    roll_deg,
)
from charting.photo_marks import marks_from_json, marks_json
from charting.readings import Device, Phase

WIDTH = 3000.0
coordinate = st.floats(min_value=200, max_value=2800, allow_nan=False)
angle = st.floats(min_value=-40, max_value=40, allow_nan=False)
roll = st.floats(min_value=-30, max_value=30, allow_nan=False)
length = st.floats(min_value=80, max_value=900, allow_nan=False)


def turned(p: Point, degrees: float, centre: Point = (1500.0, 1500.0)) -> Point:
    """`p` after the whole picture turns `degrees` counter-clockwise (as seen) about `centre`."""
    t = math.radians(degrees)
    dx, dy = p[0] - centre[0], p[1] - centre[1]
    return centre[0] + dx * math.cos(t) + dy * math.sin(t), centre[1] - dx * math.sin(
        t
    ) + dy * math.cos(t)


def side_marks(view: View, tilt: float, x: float, y: float, span: float, faces_left: bool) -> Marks:
    """ASIS and PSIS `span` apart at `tilt` (+ anterior: ASIS lower, y grows downwards)."""
    dx, dy = span * math.cos(math.radians(tilt)), span * math.sin(math.radians(tilt))
    psis = (x + dx, y - dy) if faces_left else (x - dx, y - dy)
    return Marks(view, (("asis", (x, y)), ("psis", psis)))


def test_a_lower_asis_is_anterior_tilt_whichever_way_the_patient_faces() -> None:
    facing_left = Marks(View.LEFT, (("asis", (100, 220)), ("psis", (300, 200))))
    facing_right = Marks(View.LEFT, (("asis", (300, 220)), ("psis", (100, 200))))
    assert measure(facing_left).degrees == pytest.approx(math.degrees(math.atan2(20, 200)))
    assert measure(facing_right).degrees == measure(facing_left).degrees
    assert measure(facing_left).field == "left_tilt_deg"
    higher_asis = Marks(View.RIGHT, (("asis", (100, 180)), ("psis", (300, 200))))
    assert measure(higher_asis).degrees < 0 and measure(higher_asis).field == "right_tilt_deg"


def test_the_patients_left_crest_higher_is_positive_from_behind_and_from_the_front() -> None:
    # From behind the patient's left is on the image's left; from the front on its right.
    behind = frontal_marks(View.POSTERIOR, image_left=(100, 190), image_right=(400, 200))
    front = frontal_marks(View.ANTERIOR, image_left=(100, 200), image_right=(400, 190))
    assert measure(behind).degrees > 0 and measure(behind).field == "obliquity_deg"
    assert measure(front).degrees == pytest.approx(measure(behind).degrees)


@given(tilt=angle, x=coordinate, y=coordinate, span=length, rolled=roll, faces_left=st.booleans())
def test_rolling_the_whole_photo_and_marking_a_plumb_line_gives_the_same_tilt(
    tilt: float, x: float, y: float, span: float, rolled: float, faces_left: bool
) -> None:
    level = side_marks(View.LEFT, tilt, x, y, span, faces_left)
    plumb = Reference(ReferenceKind.PLUMB, turned((150, 200), rolled), turned((150, 1800), rolled))
    crooked = Marks(View.LEFT, tuple((n, turned(p, rolled)) for n, p in level.points), plumb)
    assert measure(level).degrees == pytest.approx(tilt, abs=1e-6)
    assert measure(crooked).degrees == pytest.approx(tilt, abs=1e-6)
    assert not measure(crooked).level_assumed and measure(level).level_assumed


@given(
    obliquity=angle, rolled=roll, span=length, view=st.sampled_from([View.POSTERIOR, View.ANTERIOR])
)
def test_a_level_line_reference_takes_out_the_roll_of_a_frontal_photo(
    obliquity: float, rolled: float, span: float, view: View
) -> None:
    dx, dy = span * math.cos(math.radians(obliquity)), span * math.sin(math.radians(obliquity))
    higher, lower = (1500 - dx, 1500 - dy), (1500 + dx, 1500 + dy)
    image_left, image_right = (higher, lower) if view is View.POSTERIOR else (
        (3000 - lower[0], lower[1]), (3000 - higher[0], higher[1]))  # fmt: skip
    reference = Reference(
        ReferenceKind.LEVEL, turned((300, 2500), rolled), turned((2700, 2500), rolled)
    )
    marks = frontal_marks(view, turned(image_left, rolled), turned(image_right, rolled), reference)
    assert measure(marks).degrees == pytest.approx(obliquity, abs=1e-6)


@given(obliquity=angle, span=length)
def test_mirroring_a_back_photo_swaps_the_sides_and_so_the_sign(
    obliquity: float, span: float
) -> None:
    dx, dy = span * math.cos(math.radians(obliquity)), span * math.sin(math.radians(obliquity))
    image_left, image_right = (1500 - dx, 1500 - dy), (1500 + dx, 1500 + dy)
    as_taken = measure(frontal_marks(View.POSTERIOR, image_left, image_right)).degrees
    flip = lambda p: (WIDTH - p[0], p[1])  # noqa: E731
    # The mirrored photo read by image position as a back view: sides swap, sign flips.
    swapped = measure(frontal_marks(View.POSTERIOR, flip(image_right), flip(image_left))).degrees
    # Read as a front view (what a mirror image of a back photo looks like), it agrees.
    as_front = measure(frontal_marks(View.ANTERIOR, flip(image_right), flip(image_left))).degrees
    assert swapped == pytest.approx(-as_taken, abs=1e-9)
    assert as_front == pytest.approx(as_taken, abs=1e-9)
    # Named marks keep their names through a flip: the same pelvis, the same angle.
    marks = frontal_marks(View.POSTERIOR, image_left, image_right)
    assert measure(mirrored(marks, WIDTH)).degrees == pytest.approx(as_taken, abs=1e-9)


@given(rolled=st.floats(min_value=-80, max_value=80, allow_nan=False))
def test_a_reference_line_gives_the_roll_in_either_direction(rolled: float) -> None:
    a, b = turned((500, 500), rolled), turned((500, 2500), rolled)
    for first, second in ((a, b), (b, a)):
        assert roll_deg(Reference(ReferenceKind.PLUMB, first, second)) == pytest.approx(rolled)
    a, b = turned((500, 1500), rolled), turned((2500, 1500), rolled)
    assert roll_deg(Reference(ReferenceKind.LEVEL, b, a)) == pytest.approx(rolled)


def test_missing_or_coinciding_landmarks_are_named() -> None:
    with pytest.raises(FieldError, match="mark the PSIS"):
        measure(Marks(View.LEFT, (("asis", (10, 10)),)))
    with pytest.raises(FieldError, match="on top of each other"):
        measure(Marks(View.LEFT, (("asis", (10, 10)), ("psis", (11, 10)))))
    with pytest.raises(FieldError, match="posterior view marks left, right"):
        Marks(View.POSTERIOR, (("asis", (10, 10)),))
    with pytest.raises(FieldError, match="further apart"):
        Reference(ReferenceKind.PLUMB, (10, 10), (10, 12))


def test_a_phase_reading_takes_tilt_from_both_side_views_and_obliquity_from_the_back() -> None:
    def angle_(field: str, degrees: float, assumed: bool = False) -> PhotoAngle:
        return PhotoAngle(field, degrees, assumed)

    reading = photo_reading(
        Phase.PRE,
        {View.LEFT: angle_("left_tilt_deg", 12.04), View.RIGHT: angle_("right_tilt_deg", 6.96),
         View.ANTERIOR: angle_("obliquity_deg", 9.0), View.POSTERIOR: angle_("obliquity_deg", 2.0)},
        rater="Jo",
    )  # fmt: skip
    assert reading is not None and reading.device is Device.PHOTO and reading.rater == "Jo"
    assert (reading.left_tilt_deg, reading.right_tilt_deg) == (12.0, 7.0)
    assert reading.obliquity_deg == 2.0 and reading.rotation_deg is None
    one_side = photo_reading(Phase.POST, {View.LEFT: angle_("left_tilt_deg", 3.0)})
    assert one_side is None
    only_back = photo_reading(
        Phase.POST,
        {View.LEFT: angle_("left_tilt_deg", 3.0), View.ANTERIOR: angle_("obliquity_deg", -1.26)},
    )
    assert only_back is not None and only_back.left_tilt_deg is None
    assert only_back.obliquity_deg == -1.3 and only_back.phase is Phase.POST


@given(tilt=angle, rolled=roll)
def test_marks_survive_their_json_form(tilt: float, rolled: float) -> None:
    reference = Reference(
        ReferenceKind.PLUMB, turned((150, 200), rolled), turned((150, 1800), rolled)
    )
    marks = Marks(View.RIGHT, side_marks(View.RIGHT, tilt, 900, 900, 400, True).points, reference)
    again = marks_from_json(marks_json(marks))
    assert marks_json(again) == marks_json(marks)
    assert measure(again).degrees == pytest.approx(measure(marks).degrees, abs=0.01)


def test_unreadable_marks_are_named() -> None:
    for text, field in (
        ("{", "landmarks"),
        ('{"view": "top"}', "landmarks"),
        ('{"view": "left", "points": {"asis": [1]}}', "landmark asis"),
        ('{"view": "left", "points": {}, "reference": {"kind": "diagonal"}}', "reference"),
    ):
        with pytest.raises(FieldError) as caught:
            marks_from_json(text)
        assert caught.value.field == field
