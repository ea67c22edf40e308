"""Which automatic backups to keep: every one of the last day, one a day for a week, one a
week for a month, one a month for a year. A pure function of the times the copies were made.

Each period keeps its newest copy. The periods nest (a day lies in one week, a week in one
month: weeks are days 1-7, 8-14, 15-21, 22-28 and 29 to the end of a month), and a period is
over before its copies are thinned, so thinning now or later, once or many times, keeps the
same copies (tests/test_retention.py checks this with hypothesis). The newest copy is always
kept, and so is a copy dated in the future (the clock was moved back).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

ALL_OF_THE_LAST = timedelta(days=1)
Period = Callable[[datetime], tuple[int, ...]]


def day(made: datetime) -> tuple[int, ...]:
    return made.year, made.month, made.day


def week(made: datetime) -> tuple[int, ...]:
    return made.year, made.month, (made.day - 1) // 7


def month(made: datetime) -> tuple[int, ...]:
    return made.year, made.month


# (for how long, one copy per which period)
TIERS: tuple[tuple[timedelta, Period], ...] = (
    (timedelta(days=7), day),
    (timedelta(days=31), week),
    (timedelta(days=365), month),
)


def copies_to_keep(made: Iterable[datetime], now: datetime) -> set[datetime]:
    """The times, among `made`, of the automatic copies to keep at `now`."""
    times = sorted(set(made))
    keep = {t for t in times if now - t < ALL_OF_THE_LAST} | set(times[-1:])
    for span, period in TIERS:
        newest: dict[tuple[int, ...], datetime] = {}
        for t in times:  # oldest first: the last one written in each period is its newest
            if now - t < span:
                newest[period(t)] = t
        keep.update(newest.values())
    return keep
