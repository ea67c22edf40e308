"""Hold analysis: worked examples and property-based invariants.

The seed case is the worked example of docs/clinical-model.md#worked-example.
"""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from charting.explain import explain_dimension, explain_interval
from charting.holds import (
    Verdict,
    VisitReadings,
    analyse_course,
    assess_interval,
    compare_dimension,
    retention_of,
)
from charting.readings import Device, Dimension, Phase, Reading
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances

D1, D2, D3 = date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)


def palm(phase: Phase, left: float, right: float, rot: float, obl: float, rater="AB") -> Reading:
    return Reading(phase, Device.PALM, rater, left, right, rot, obl)


def test_seed_pattern_lost_then_held() -> None:
    # Left anterior 8 deg with right rotation 7, corrected to 1 and 1; a week later back
    # to 6 and 5: lost. Next visit corrected again and it stays: held.
    v1 = VisitReadings(D1, palm(Phase.PRE, 16, 8, 7, 1), palm(Phase.POST, 12, 11, 1, 0))
    v2 = VisitReadings(D2, palm(Phase.PRE, 15, 9, 5, 1), palm(Phase.POST, 12, 11, 0, 0))
    v3 = VisitReadings(D3, palm(Phase.PRE, 13, 11, 2, 1), None)
    course = analyse_course([v3, v1, v2])
    first, second = course.intervals
    assert first.verdict is Verdict.LOST
    assert second.verdict is Verdict.HELD
    asym = first.dimensions[0]
    assert asym.dimension is Dimension.ASYMMETRY
    assert (asym.post, asym.next_pre, asym.drift, asym.tolerance) == (1, 6, 5, 3)
    assert asym.correction == -7
    assert asym.retention == 1 - 5 / 7
    assert course.hold_rate == 0.5 and course.assessable == 2 and course.held == 1


def test_drift_equal_to_tolerance_holds() -> None:
    post, pre = palm(Phase.POST, 10, 10, 0, 0), palm(Phase.PRE, 13, 10, 5, 4)
    interval = assess_interval(VisitReadings(D1, None, post), VisitReadings(D2, pre))
    assert interval.verdict is Verdict.HELD
    assert [d.drift for d in interval.dimensions] == [3, 5, 4]


def test_other_device_uses_wider_tolerance_and_flags() -> None:
    post = palm(Phase.POST, 10, 10, 0, 0)
    pre = Reading(Phase.PRE, Device.INCLINOMETER, "AB", 15, 10, 7, 6)
    interval = assess_interval(VisitReadings(D1, None, post), VisitReadings(D2, pre))
    assert not interval.comparable
    assert [d.tolerance for d in interval.dimensions] == [6, 8, 7]
    assert interval.verdict is Verdict.HELD
    assert "wider tolerances" in explain_interval(interval)


def test_other_rater_is_not_comparable() -> None:
    post, pre = palm(Phase.POST, 10, 10, 0, 0), palm(Phase.PRE, 10, 10, 0, 0, rater="CD")
    assert not assess_interval(VisitReadings(D1, None, post), VisitReadings(D2, pre)).comparable


def test_qualitative_compares_categories() -> None:
    post = palm(Phase.POST, 10, 10, 2, 0)  # rotation 2 deg: within 5 of 0, so neutral
    pre = Reading(Phase.PRE, Device.PALPATION, "AB", rotation="right")
    interval = assess_interval(VisitReadings(D1, None, post), VisitReadings(D2, pre))
    (rotation,) = interval.dimensions
    assert (rotation.post, rotation.next_pre, rotation.held) == ("neutral", "right", False)
    assert rotation.drift is None and rotation.retention is None
    assert interval.verdict is Verdict.LOST
    assert explain_dimension(rotation) == (
        "Rotation changed: pelvis not turned after the correction, "
        "pelvis turned right at the next visit."
    )


def test_not_assessable_cases() -> None:
    post = Reading(Phase.POST, Device.PALM, "AB", rotation_deg=1)
    pre = Reading(Phase.PRE, Device.PALM, "AB", obliquity_deg=1)
    no_common = assess_interval(VisitReadings(D1, None, post), VisitReadings(D2, pre))
    assert no_common.verdict is Verdict.NOT_ASSESSABLE and no_common.dimensions == ()
    no_post = assess_interval(VisitReadings(D1, pre, None), VisitReadings(D2, pre))
    assert no_post.verdict is Verdict.NOT_ASSESSABLE
    assert "no reading after the correction" in explain_interval(no_post)
    assert analyse_course([VisitReadings(D1, pre, None)]).hold_rate is None


def test_explanation_of_lost_rotation() -> None:
    pre = Reading(Phase.PRE, Device.PALM, "AB", rotation_deg=8)
    post = Reading(Phase.POST, Device.PALM, "AB", rotation_deg=0)
    nxt = Reading(Phase.PRE, Device.PALM, "AB", rotation_deg=6)
    hold = compare_dimension(Dimension.ROTATION, post, nxt, DEFAULT_TOLERANCES, pre)
    assert hold is not None
    assert explain_dimension(hold) == (
        "Rotation drifted 6.0° back toward the right, more than the 5.0° "
        "the measurement can tell apart."
    )


def test_retention_undefined_for_small_correction() -> None:
    assert retention_of(drift=1, correction=2, tolerance=3) is None
    assert retention_of(drift=9, correction=4, tolerance=3) == 0.0
    assert retention_of(drift=0, correction=-4, tolerance=3) == 1.0


def test_custom_tolerances() -> None:
    post, pre = palm(Phase.POST, 10, 10, 0, 0), palm(Phase.PRE, 14, 10, 0, 0)
    strict = assess_interval(VisitReadings(D1, None, post), VisitReadings(D2, pre))
    loose = assess_interval(
        VisitReadings(D1, None, post), VisitReadings(D2, pre), Tolerances(asymmetry_deg=4)
    )
    assert (strict.verdict, loose.verdict) == (Verdict.LOST, Verdict.HELD)


tilt = st.floats(-30, 45, allow_nan=False).map(lambda x: round(x, 1))
plane = st.floats(-30, 30, allow_nan=False).map(lambda x: round(x, 1))


@st.composite
def readings(draw, phase: Phase) -> Reading:
    return Reading(phase, Device.PALM, "AB", draw(tilt), draw(tilt), draw(plane), draw(plane))


@given(readings(Phase.PRE), readings(Phase.POST), readings(Phase.PRE))
def test_invariants(pre: Reading, post: Reading, nxt: Reading) -> None:
    interval = assess_interval(VisitReadings(D1, pre, post), VisitReadings(D2, nxt))
    assert interval.verdict is not Verdict.NOT_ASSESSABLE
    for d in interval.dimensions:
        assert d.drift is not None
        assert d.held == (abs(d.drift) <= d.tolerance)
        assert d.retention is None or 0 <= d.retention <= 1
    assert (interval.verdict is Verdict.HELD) == all(d.held for d in interval.dimensions)
    assert explain_interval(interval)


def mirror(r: Reading) -> Reading:
    """The same pelvis seen in a mirror: left and right swap, signs flip."""
    return Reading(
        r.phase, r.device, r.rater, r.right_tilt_deg, r.left_tilt_deg,
        -r.rotation_deg if r.rotation_deg is not None else None,
        -r.obliquity_deg if r.obliquity_deg is not None else None,
    )  # fmt: skip


@given(readings(Phase.PRE), readings(Phase.POST), readings(Phase.PRE))
def test_left_right_symmetry(pre: Reading, post: Reading, nxt: Reading) -> None:
    straight = assess_interval(VisitReadings(D1, pre, post), VisitReadings(D2, nxt))
    mirrored = assess_interval(
        VisitReadings(D1, mirror(pre), mirror(post)), VisitReadings(D2, mirror(nxt))
    )
    assert straight.verdict == mirrored.verdict
    for a, b in zip(straight.dimensions, mirrored.dimensions, strict=True):
        assert a.held == b.held and a.retention == b.retention


@given(plane, st.sampled_from(list(Dimension)), st.floats(0.5, 10))
def test_category_consistency(value: float, dimension: Dimension, level_within: float) -> None:
    from charting.readings import CATEGORIES, category_of

    level, positive, negative = CATEGORIES[dimension]
    category = category_of(dimension, value, level_within)
    assert category == (
        level if abs(value) <= level_within else positive if value > 0 else negative
    )
    assert (
        category_of(dimension, -value, level_within)
        == {level: level, positive: negative, negative: positive}[category]
    )


@given(st.lists(st.tuples(plane, plane), min_size=1, max_size=12))
def test_hold_rate_in_unit_interval(pairs: list[tuple[float, float]]) -> None:
    visits = [
        VisitReadings(
            D1 + timedelta(days=7 * i),
            Reading(Phase.PRE, Device.PALM, "AB", rotation_deg=a),
            Reading(Phase.POST, Device.PALM, "AB", rotation_deg=b),
        )
        for i, (a, b) in enumerate(pairs)
    ]
    course = analyse_course(visits)
    assert len(course.intervals) == len(pairs) - 1
    if course.hold_rate is not None:
        assert 0 <= course.hold_rate <= 1


def test_drift_exactly_at_the_tolerance_holds_despite_binary_fractions() -> None:
    # -4.8 - (-9.8) is 5.000000000000001 in binary floating point; on paper it is 5.
    post = palm(Phase.POST, 10, 10, -9.8, 0)
    later = palm(Phase.PRE, 10, 10, -4.8, 0)
    rotation = compare_dimension(Dimension.ROTATION, post, later, DEFAULT_TOLERANCES)
    assert rotation is not None and rotation.drift == 5 and rotation.held


@given(
    st.integers(-300, 450), st.integers(-300, 450), st.integers(-300, 450), st.integers(-300, 450)
)
def test_one_decimal_readings_are_judged_on_their_decimal_drift(
    post_left: int, post_right: int, pre_left: int, pre_right: int
) -> None:
    """Readings typed to 0.1°: held exactly when the drift on paper is within tolerance."""
    post = palm(Phase.POST, post_left / 10, post_right / 10, 0, 0)
    later = palm(Phase.PRE, pre_left / 10, pre_right / 10, 0, 0)
    asymmetry = compare_dimension(Dimension.ASYMMETRY, post, later, DEFAULT_TOLERANCES)
    assert asymmetry is not None
    tenths = (pre_left - pre_right) - (post_left - post_right)
    assert asymmetry.held == (abs(tenths) <= 10 * DEFAULT_TOLERANCES.asymmetry_deg)


def photo(phase: Phase, left: float, right: float, obl: float, rater: str = "AB") -> Reading:
    return Reading(phase, Device.PHOTO, rater, left, right, None, obl)


def test_two_photo_readings_use_the_photo_tolerances() -> None:
    """docs/clinical-model.md#photos: 5 deg asymmetry, 4 deg obliquity by default."""
    post, pre = photo(Phase.POST, 10, 10, 0), photo(Phase.PRE, 14.5, 10, 4)
    interval = assess_interval(VisitReadings(D1, None, post), VisitReadings(D2, pre))
    assert interval.comparable and interval.verdict is Verdict.HELD
    assert [(d.dimension, d.tolerance) for d in interval.dimensions] == [
        (Dimension.ASYMMETRY, 5.0), (Dimension.OBLIQUITY, 4.0)
    ]  # fmt: skip
    moved = photo(Phase.PRE, 15.5, 10, 0)
    lost = assess_interval(VisitReadings(D1, None, post), VisitReadings(D2, moved))
    assert lost.verdict is Verdict.LOST
    custom = Tolerances(asymmetry_photo_deg=6.0)
    held = assess_interval(VisitReadings(D1, None, post), VisitReadings(D2, moved), custom)
    assert held.verdict is Verdict.HELD


def test_a_photo_reading_after_a_palm_reading_is_a_change_of_device() -> None:
    post = palm(Phase.POST, 10, 10, 0, 0)
    pre = photo(Phase.PRE, 14.5, 10, 4)
    interval = assess_interval(VisitReadings(D1, None, post), VisitReadings(D2, pre))
    assert not interval.comparable
    assert [d.tolerance for d in interval.dimensions] == [6, 7]
    assert "wider tolerances" in explain_interval(interval)
    other_rater = photo(Phase.PRE, 14.5, 10, 4, rater="CD")
    by_someone_else = assess_interval(
        VisitReadings(D1, None, photo(Phase.POST, 10, 10, 0)), VisitReadings(D2, other_rater)
    )
    assert [d.tolerance for d in by_someone_else.dimensions] == [6, 7]
