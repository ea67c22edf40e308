"""Time to holding: the Kaplan–Meier product-limit estimate, with patients still correcting
counted as censored rather than left out.

Leaving out the patients whose corrections have not held yet would keep only the quick
successes and make every plan look faster than it is; censoring keeps what they tell us
(they had not held by the last visit). The estimate is the product-limit one of Kaplan &
Meier (1958, "Nonparametric estimation from incomplete observations", JASA 53:457-481).
Its variance is Greenwood's (1926, "The natural duration of cancer", Reports on Public
Health and Medical Subjects 33), and the pointwise 95 % interval is built on the
log(-log S) scale as in Kalbfleisch & Prentice (2002, "The Statistical Analysis of Failure
Time Data", 2nd ed., section 1.4), which keeps it inside [0, 1]. The tests check all of it
against the 6-MP arm of the leukaemia remission trial of Freireich et al. (1963, Blood
21:699-716), as Gehan (1965, Biometrika 52:203-223) tabulated it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from statistics import NormalDist

from charting.errors import FieldError, kind_of, quoted

# A curve resting on fewer patients than this, or on fewer than MIN_EVENTS who reached
# holding, is not drawn: its steps are each one patient wide (a 10-point fall per patient
# at n = 10), and its median and band would be read as far surer than they are.
MIN_PATIENTS = 10
MIN_EVENTS = 3

Z_95 = NormalDist().inv_cdf(0.975)  # 1.95996...: two-sided 95 %
HALF = 0.5  # the median: where half the patients have reached holding


@dataclass(frozen=True)
class Observation:
    """One patient: weeks (or visits) until their correction held (`event` True), or until
    they were last seen still correcting (`event` False: censored)."""

    time: float
    event: bool

    def __post_init__(self) -> None:
        time = self.time
        if isinstance(time, bool) or not isinstance(time, int | float):
            raise FieldError("time", f"must be a number of 0 or more (got {kind_of(time)})")
        if not math.isfinite(time) or time < 0:  # NaN fails isfinite
            raise FieldError("time", f"must be a finite number of 0 or more (got {quoted(time)})")
        if not isinstance(self.event, bool):
            raise FieldError("event", f"must be true or false (got {kind_of(self.event)})")


@dataclass(frozen=True)
class Step:
    """The curve at one time where somebody reached holding or was censored.

    `survival`: share not yet holding just after `time`; `lower`/`upper`: its 95 % interval
    (None where undefined: survival 1, before anyone held, or 0); `std_error`: Greenwood's
    standard error (None once survival is 0).
    """

    time: float
    at_risk: int
    events: int
    censored: int
    survival: float
    lower: float | None
    upper: float | None
    std_error: float | None


@dataclass(frozen=True)
class KaplanMeier:
    """A Kaplan–Meier curve: its steps in time order, and what is read off them."""

    steps: tuple[Step, ...]

    @property
    def n(self) -> int:
        return self.steps[0].at_risk if self.steps else 0

    @property
    def events(self) -> int:
        return sum(step.events for step in self.steps)

    @property
    def censored(self) -> int:
        return sum(step.censored for step in self.steps)

    @property
    def median(self) -> float | None:
        """The first time the curve is at or below 0.5; None if it never gets there."""
        return _first_at_or_below(self.steps, lambda step: step.survival)

    @property
    def median_ci(self) -> tuple[float | None, float | None]:
        """95 % interval of the median, read off the band as Brookmeyer & Crowley (1982)
        do: it begins where the lower band reaches 0.5 and ends where the upper band does
        (the lower band falls first). None where a band never gets there."""
        return (
            _first_at_or_below(self.steps, _lower_or_curve),
            _first_at_or_below(self.steps, _upper_or_curve),
        )

    def at_risk_at(self, time: float) -> int:
        """How many patients were still followed, not yet holding, at `time` (their time is
        `time` or later): the 'number at risk' row under a curve."""
        return next((step.at_risk for step in self.steps if step.time >= time), 0)

    def survival_at(self, time: float) -> float:
        """The share not yet holding at `time` (the curve is continuous from the right)."""
        current = 1.0
        for step in self.steps:
            if step.time > time:
                break
            current = step.survival
        return current


TIME = attrgetter("time")


def kaplan_meier(observations: Iterable[Observation]) -> KaplanMeier:
    """The product-limit curve of `observations`, one step per distinct time."""
    ordered = sorted(observations, key=TIME)
    at_risk = len(ordered)
    survival, greenwood = 1.0, 0.0  # greenwood: the sum of d / (n (n - d)) so far
    steps = []
    for time, group in groupby(ordered, key=TIME):
        here = list(group)
        events = sum(o.event for o in here)
        # Ties: those who reached holding at `time` count before those censored at `time`
        # (the usual convention), so the censored are still at risk at that time.
        survival *= 1 - events / at_risk
        if events == at_risk:
            greenwood = math.inf
        elif events:
            greenwood += events / (at_risk * (at_risk - events))
        lower, upper = log_log_band(survival, greenwood)
        std_error = survival * math.sqrt(greenwood) if survival > 0 else None
        steps.append(
            Step(float(time), at_risk, events, len(here) - events, survival, lower, upper,
                 std_error)
        )  # fmt: skip
        at_risk -= len(here)
    return KaplanMeier(tuple(steps))


def log_log_band(survival: float, greenwood: float) -> tuple[float | None, float | None]:
    """The 95 % interval of `survival` on the log(-log) scale, given Greenwood's sum.

    The standard error of log(-log S) is sqrt(sum) / |log S| (delta method), and the
    interval maps back as S ** exp(±z se): it cannot leave [0, 1], which the plain
    S ± z se of a small practice's curve would. Undefined at S = 1 and at S = 0.
    """
    if not 0 < survival < 1:
        return None, None
    spread = Z_95 * math.sqrt(greenwood) / abs(math.log(survival))
    return survival ** math.exp(spread), survival ** math.exp(-spread)


def too_few(curve: KaplanMeier) -> bool:
    """Whether the curve rests on too few patients, or too few who held, to be drawn."""
    return curve.n < MIN_PATIENTS or curve.events < MIN_EVENTS


def _lower_or_curve(step: Step) -> float:
    # Where the band is undefined it is the curve itself: 1 before anyone held, 0 after all.
    return step.survival if step.lower is None else step.lower


def _upper_or_curve(step: Step) -> float:
    return step.survival if step.upper is None else step.upper


def _first_at_or_below(steps: Iterable[Step], value_of: Callable[[Step], float]) -> float | None:
    return next((step.time for step in steps if value_of(step) <= HALF), None)
