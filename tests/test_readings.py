"""Reading value type: sign conventions and validation messages."""

import pytest

from charting.errors import FieldError
from charting.readings import Device, Dimension, Phase, Reading, category_of


def test_asymmetry_is_left_minus_right() -> None:
    reading = Reading(Phase.PRE, Device.PALM, "AB", left_tilt_deg=14, right_tilt_deg=7)
    assert reading.tilt_asymmetry_deg == 7
    assert reading.category(Dimension.ASYMMETRY, 3) == "left_anterior"


@pytest.mark.parametrize(
    ("dimension", "value", "expected"),
    [
        (Dimension.ROTATION, 6, "right"),
        (Dimension.ROTATION, -6, "left"),
        (Dimension.ROTATION, 5, "neutral"),
        (Dimension.OBLIQUITY, 5, "left_high"),
        (Dimension.OBLIQUITY, -4.5, "right_high"),
        (Dimension.ASYMMETRY, -3.0, "level"),
    ],
)
def test_numeric_implies_category(dimension: Dimension, value: float, expected: str) -> None:
    tolerance = {Dimension.ASYMMETRY: 3, Dimension.ROTATION: 5, Dimension.OBLIQUITY: 4}
    assert category_of(dimension, value, tolerance[dimension]) == expected


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"left_tilt_deg": 50, "right_tilt_deg": 5}, "left_tilt_deg", "between -30 and +45"),
        ({"left_tilt_deg": 5, "right_tilt_deg": -31}, "right_tilt_deg", "between -30 and +45"),
        ({"rotation_deg": 31}, "rotation_deg", "between -30 and +30"),
        ({"obliquity_deg": "abc"}, "obliquity_deg", "must be a number"),
        ({"left_tilt_deg": 5}, "right_tilt_deg", "together"),
        ({"rotation": "sideways"}, "rotation", "neutral, right, left"),
        ({}, "reading", "at least one"),
    ],
)
def test_validation_names_field_and_range(kwargs: dict, field: str, words: str) -> None:
    with pytest.raises(FieldError) as caught:
        Reading(Phase.PRE, Device.PALM, "AB", **kwargs)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert str(caught.value).startswith(field + ":")


def test_unknown_device_lists_allowed() -> None:
    with pytest.raises(FieldError, match="device: must be one of palm, inclinometer"):
        Reading(Phase.PRE, "ruler", rotation_deg=2)  # type: ignore[arg-type]


def test_same_setup_ignores_rater_case() -> None:
    a = Reading(Phase.POST, Device.PALM, "Dr Lee", rotation_deg=1)
    b = Reading(Phase.PRE, Device.PALM, "dr lee ", rotation_deg=1)
    c = Reading(Phase.PRE, Device.INCLINOMETER, "Dr Lee", rotation_deg=1)
    assert a.same_setup(b)
    assert not a.same_setup(c)


def test_qualitative_only_reading() -> None:
    reading = Reading(Phase.PRE, Device.PALPATION, rotation="right")
    assert reading.numeric(Dimension.ROTATION) is None
    assert reading.category(Dimension.ROTATION, 5) == "right"
    assert not reading.has(Dimension.ASYMMETRY)


def test_whole_number_rule_is_shared() -> None:
    from charting.errors import check_whole
    from models.records import Complaint, PlanEntry

    assert check_whole("sets", "3", 1, 20) == 3
    assert PlanEntry("glute_bridge", "3", 5, reps="12").sets == 3  # type: ignore[arg-type]
    with pytest.raises(FieldError, match=r"^pain: must be a whole number between 0 and 10"):
        Complaint("knee", "left", 6.5)  # type: ignore[arg-type]
