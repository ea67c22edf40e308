"""Thinning of automatic backups, a pure function of times: property-tested."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from models.retention import TIERS, copies_to_keep

NOW = datetime(2027, 6, 15, 12, 0)
times = st.datetimes(min_value=NOW - timedelta(days=800), max_value=NOW)
many = st.lists(times, max_size=60)


@given(many)
def test_everything_of_the_last_day_and_the_newest_are_kept(made: list[datetime]) -> None:
    keep = copies_to_keep(made, NOW)
    assert {t for t in made if NOW - t < timedelta(days=1)} <= keep
    assert not made or max(made) in keep
    assert keep <= set(made)


@given(many)
def test_each_day_week_and_month_within_reach_keeps_one(made: list[datetime]) -> None:
    keep = copies_to_keep(made, NOW)
    for span, period in TIERS:
        wanted = {period(t) for t in made if NOW - t < span}
        assert wanted <= {period(t) for t in keep}


@given(many)
def test_at_most_about_forty_copies_beyond_the_last_day(made: list[datetime]) -> None:
    older = [t for t in copies_to_keep(made, NOW) if NOW - t >= timedelta(days=1)]
    assert len(older) <= 8 + 6 + 13  # days, weeks and months within reach


@given(many, st.lists(st.timedeltas(timedelta(0), timedelta(days=90)), max_size=5),
       st.lists(times, max_size=20))  # fmt: skip
def test_thinning_often_or_once_keeps_the_same(
    made: list[datetime], steps: list[timedelta], later: list[datetime]
) -> None:
    """Thinning after every backup keeps what a single thinning at the end would: nothing
    deleted early is ever wanted later."""
    now = max(made, default=NOW - timedelta(days=800))
    kept, every = copies_to_keep(made, now), set(made)
    for step in steps:
        arriving = {t + step for t in later if now < t + step}  # copies made meanwhile
        now += step
        arriving = {t for t in arriving if t <= now}
        kept = copies_to_keep(kept | arriving, now)
        every |= arriving
    assert kept == copies_to_keep(every, now)
