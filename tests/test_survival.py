"""Kaplan–Meier time to holding, checked against a published example worked by hand.

The example is the 6-MP arm of the acute leukaemia remission trial (Freireich et al. 1963),
as listed by Gehan (1965): weeks in remission for 21 patients, "+" where the patient was
still in remission when last seen (censored). Its product-limit values are in most survival
textbooks; the standard errors and intervals below are worked out from the formulas in the
comments, not taken from a program.
"""

import math
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charting.errors import FieldError
from charting.survival import (
    MIN_EVENTS,
    MIN_PATIENTS,
    KaplanMeier,
    Observation,
    Step,
    kaplan_meier,
    too_few,
)

SIX_MP = "6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+"


def observations(listing: str) -> list[Observation]:
    """'6 6+ 7' -> events at 6 and 7, a censoring at 6."""
    return [Observation(float(t.rstrip("+")), not t.endswith("+")) for t in listing.split()]


def step_at(curve: KaplanMeier, time: float) -> Step:
    return next(step for step in curve.steps if step.time == time)


SIX_MP_CURVE = kaplan_meier(observations(SIX_MP))


@pytest.mark.parametrize(
    ("time", "survival"),
    [(6, 0.857), (7, 0.807), (10, 0.753), (13, 0.690), (16, 0.627), (22, 0.538), (23, 0.448)],
)
def test_six_mp_product_limit_values(time: float, survival: float) -> None:
    assert step_at(SIX_MP_CURVE, time).survival == pytest.approx(survival, abs=5e-4)


def test_six_mp_table() -> None:
    curve = SIX_MP_CURVE
    assert (curve.n, curve.events, curve.censored) == (21, 9, 12)
    # One step per distinct time with an event or a censoring: 16 distinct times.
    assert [s.time for s in curve.steps] == [
        6, 7, 9, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 34, 35,
    ]  # fmt: skip
    six = step_at(curve, 6)
    assert (six.at_risk, six.events, six.censored) == (21, 3, 1)
    ten = step_at(curve, 10)
    assert (ten.at_risk, ten.events, ten.censored) == (15, 1, 1)
    # Between events the curve is flat: censorings at 9 and 17..20 change nothing.
    assert step_at(curve, 9).survival == step_at(curve, 7).survival
    assert step_at(curve, 35).survival == step_at(curve, 23).survival


def test_six_mp_greenwood_standard_errors() -> None:
    # Greenwood: Var S(t) = S(t)^2 * sum over event times t_i <= t of d_i / (n_i (n_i - d_i)).
    # t = 6: S = 18/21 = 0.857143, sum = 3 / (21 * 18) = 0.0079365,
    #   Var = 0.734694 * 0.0079365 = 0.0058309, SE = sqrt(0.0058309) = 0.07636.
    assert step_at(SIX_MP_CURVE, 6).std_error == pytest.approx(0.0764, abs=5e-5)
    # t = 23: sum = 3/(21*18) + 1/(17*16) + 1/(15*14) + 1/(12*11) + 1/(11*10) + 1/(7*6)
    #   + 1/(6*5) = 0.0079365 + 0.0036765 + 0.0047619 + 0.0075758 + 0.0090909 + 0.0238095
    #   + 0.0333333 = 0.0901844; S = 0.448179, S^2 = 0.200865,
    #   Var = 0.200865 * 0.0901844 = 0.0181149, SE = 0.13459.
    assert step_at(SIX_MP_CURVE, 23).std_error == pytest.approx(0.1346, abs=5e-5)


def test_six_mp_log_log_interval_at_13() -> None:
    # Kalbfleisch & Prentice: se of log(-log S) = sqrt(sum) / |log S|, and the 95 % interval
    # is S ** exp(+z se) (lower) to S ** exp(-z se) (upper), z = 1.959964.
    # S(13) = (18/21)(16/17)(14/15)(11/12) = 44352 / 64260 = 0.690196, log S = -0.370780.
    # sum = 0.0079365 + 0.0036765 + 0.0047619 + 0.0075758 = 0.0239506, sqrt = 0.154760.
    # se = 0.154760 / 0.370780 = 0.417391; z se = 0.818071.
    # exp(0.818071) = 2.266124 -> lower = exp(-0.370780 * 2.266124) = exp(-0.840232) = 0.43161
    # exp(-0.818071) = 0.441282 -> upper = exp(-0.370780 * 0.441282) = exp(-0.163618) = 0.84907
    step = step_at(SIX_MP_CURVE, 13)
    assert step.lower == pytest.approx(0.43161, abs=5e-5)
    assert step.upper == pytest.approx(0.84907, abs=5e-5)


def test_six_mp_median_and_its_interval() -> None:
    # S(22) = 0.538 > 0.5, S(23) = 0.448: the median is 23 weeks.
    assert SIX_MP_CURVE.median == 23
    # Lower band: 0.503 at 10, 0.432 at 13 -> the interval starts at 13. The upper band
    # ends at 0.680 (from 23 on) and never reaches 0.5 -> no upper limit.
    assert step_at(SIX_MP_CURVE, 10).lower == pytest.approx(0.5032, abs=5e-5)
    assert SIX_MP_CURVE.median_ci == (13, None)


def test_number_at_risk() -> None:
    curve = SIX_MP_CURVE
    assert curve.at_risk_at(0) == 21
    assert curve.at_risk_at(6) == 21  # those with time 6 are still followed at 6
    assert curve.at_risk_at(6.5) == 17
    assert curve.at_risk_at(10) == 15
    assert curve.at_risk_at(30) == 4
    assert curve.at_risk_at(35) == 1
    assert curve.at_risk_at(36) == 0


def test_tie_of_event_and_censoring() -> None:
    """Five patients: held at 2, 3 and 5 weeks; still correcting at 3 and 8 weeks.

    time  at risk  held  censored  S
      2      5      1       0      4/5           = 0.8
      3      4      1       1      0.8 * 3/4     = 0.6
      5      2      1       0      0.6 * 1/2     = 0.3
      8      1      0       1      0.3

    The one censored at 3 is still at risk at 3 (held first, then censored). Taken the other
    way round S(3) would be 0.8 * 2/3 = 0.533 and the median 5 all the same, but S differs.
    """
    curve = kaplan_meier(observations("2 3 3+ 5 8+"))
    table = [(s.time, s.at_risk, s.events, s.censored) for s in curve.steps]
    assert table == [(2, 5, 1, 0), (3, 4, 1, 1), (5, 2, 1, 0), (8, 1, 0, 1)]
    assert [s.survival for s in curve.steps] == pytest.approx([0.8, 0.6, 0.3, 0.3])
    assert curve.median == 5
    assert curve.survival_at(4.9) == pytest.approx(0.6)


def test_all_censored_stays_at_one() -> None:
    curve = kaplan_meier(observations("1+ 2+ 2+ 7+"))
    assert [s.survival for s in curve.steps] == [1.0, 1.0, 1.0]
    assert all(s.lower is None and s.upper is None for s in curve.steps)
    assert curve.median is None
    assert curve.median_ci == (None, None)
    assert (curve.events, curve.censored) == (0, 4)


def test_all_holding_at_once() -> None:
    curve = kaplan_meier([Observation(4, True)] * 12)
    (step,) = curve.steps
    assert (step.at_risk, step.events, step.survival) == (12, 12, 0.0)
    assert (step.lower, step.upper, step.std_error) == (None, None, None)
    assert curve.median == 4
    assert curve.at_risk_at(4) == 12
    assert curve.at_risk_at(4.1) == 0


def test_no_observations() -> None:
    curve = kaplan_meier([])
    assert (curve.n, curve.events, curve.median, curve.at_risk_at(0)) == (0, 0, None, 0)
    assert too_few(curve)


def test_too_few() -> None:
    # Nine patients, all holding: too few patients. Twenty, two holding: too few events.
    assert MIN_PATIENTS == 10 and MIN_EVENTS == 3
    assert too_few(kaplan_meier(observations("1 2 3 4 5 6 7 8 9")))
    assert too_few(kaplan_meier(observations("1 2 " + "9+ " * 18)))
    assert not too_few(kaplan_meier(observations("1 2 3 " + "9+ " * 7)))
    assert not too_few(SIX_MP_CURVE)


@pytest.mark.parametrize("time", [-1, -0.001, math.nan, math.inf, -math.inf])
def test_bad_time_is_refused(time: float) -> None:
    with pytest.raises(FieldError) as raised:
        Observation(time, True)
    assert raised.value.field == "time"


@pytest.mark.parametrize("time", ["3", None, True])
def test_time_must_be_a_number(time: object) -> None:
    with pytest.raises(FieldError) as raised:
        Observation(time, False)  # type: ignore[arg-type]
    assert raised.value.field == "time"


def test_event_must_be_true_or_false() -> None:
    with pytest.raises(FieldError) as raised:
        Observation(3.0, 1)  # type: ignore[arg-type]
    assert raised.value.field == "event"


times = st.floats(min_value=0, max_value=200, allow_nan=False, allow_infinity=False)
courses = st.lists(st.tuples(times, st.booleans()), min_size=1, max_size=40)


@given(courses)
def test_survival_never_rises_and_stays_a_share(course: list[tuple[float, bool]]) -> None:
    curve = kaplan_meier(Observation(t, e) for t, e in course)
    values = [1.0] + [s.survival for s in curve.steps]
    assert all(0 <= v <= 1 for v in values)
    assert all(b <= a for a, b in pairwise(values))
    for step in curve.steps:
        if step.lower is not None and step.upper is not None:
            assert 0 <= step.lower <= step.survival <= step.upper <= 1
    assert (curve.n, curve.events + curve.censored) == (len(course), len(course))


@given(st.lists(times, min_size=1, max_size=40))
def test_without_censoring_survival_is_the_share_still_correcting(course: list[float]) -> None:
    curve = kaplan_meier(Observation(t, True) for t in course)
    for step in curve.steps:
        later = sum(t > step.time for t in course)
        assert step.survival == pytest.approx(later / len(course), abs=1e-12)
