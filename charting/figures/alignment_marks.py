"""Drawing one alignment panel: markers, corrections, drift segments and tolerance bands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from matplotlib import dates as mdates
from matplotlib.axes import Axes

from charting.explain import explain_interval
from charting.figures import style
from charting.figures.words import SHORT_CATEGORY, reading_text, short_day
from charting.holds import DimensionHold, IntervalHold, Verdict, VisitReadings
from charting.readings import CATEGORIES, Dimension, Reading
from charting.tolerances import Tolerances

WORDS_OFFSET = 2.0  # qualitative readings sit at +/- 2 x tolerance: clearly outside "level"
MARKER: dict[str, Any] = {"ls": "none", "markersize": 8, "markeredgewidth": 1.5, "zorder": 4}
NOTE: dict[str, Any] = {"textcoords": "offset points", "fontsize": style.NOTE_SIZE}


@dataclass(frozen=True)
class HoverPoint:
    """A marker the GUI can show a tooltip for: data coordinates, panel index and text."""

    x: float  # a matplotlib date number
    y: float
    axes_index: int
    text: str


def plotted_value(
    reading: Reading | None, dimension: Dimension, tolerances: Tolerances
) -> tuple[float, bool] | None:
    """(y, recorded_in_words) for a reading, or None when the dimension was not recorded."""
    if reading is None:
        return None
    value = reading.numeric(dimension)
    if value is not None:
        return value, False
    category = reading.stated_category(dimension)
    if category is None:
        return None
    level, positive, _ = CATEGORIES[dimension]
    offset = WORDS_OFFSET * tolerances.for_dimension(dimension, True)
    return (0.0 if category == level else offset if category == positive else -offset), True


def _verdict_text(interval: IntervalHold | None, since: bool) -> str:
    if interval is None:
        return ""
    other = interval.from_date if since else interval.to_date
    lost = "The correction was lost. " if interval.verdict is Verdict.LOST else ""
    when = f"{'Since' if since else 'Until'} {short_day(other)}"
    return f"\n{when}: {lost}{explain_interval(interval)}"


def draw_markers(
    axes: Axes,
    index: int,
    dimension: Dimension,
    visits: Sequence[VisitReadings],
    intervals: Sequence[IntervalHold],
    tolerances: Tolerances,
) -> list[HoverPoint]:
    """Hollow pre and filled post markers joined by the correction; returns hover targets."""
    hover: list[HoverPoint] = []
    points: dict[tuple[str, bool], list[tuple[float, float]]] = {}
    for number, visit in enumerate(visits):
        x = float(mdates.date2num(visit.visit_date))
        before = intervals[number - 1] if number > 0 else None
        after = intervals[number] if number < len(intervals) else None
        ys = {}
        for phase, reading, interval in (("pre", visit.pre, before), ("post", visit.post, after)):
            plotted = plotted_value(reading, dimension, tolerances)
            if plotted is None or reading is None:
                continue
            (y, words), ys[phase] = plotted, plotted[0]
            points.setdefault((phase, words), []).append((x, y))
            text = reading_text(visit.visit_date, reading, dimension)
            hover.append(HoverPoint(x, y, index, text + _verdict_text(interval, phase == "pre")))
            if words:
                category = SHORT_CATEGORY[str(reading.stated_category(dimension))]
                axes.annotate(category, (x, y), (7, -5), va="top", color=style.QUALITATIVE, **NOTE)
        if len(ys) == 2:
            axes.plot([x, x], [ys["pre"], ys["post"]], color=style.INK, lw=1.5, gid="correction")
    for (phase, words), xy in points.items():
        colour = style.QUALITATIVE if words else style.INK
        face = "white" if phase == "pre" else colour
        xs, ys_ = zip(*xy, strict=True)
        gid = f"{phase}-words" if words else phase
        axes.plot(xs, ys_, marker="D" if words else "o", mec=colour, mfc=face, gid=gid, **MARKER)
    return hover


def _hold_for(interval: IntervalHold, dimension: Dimension) -> DimensionHold | None:
    return next((d for d in interval.dimensions if d.dimension is dimension), None)


def draw_intervals(
    axes: Axes,
    dimension: Dimension,
    visits: Sequence[VisitReadings],
    intervals: Sequence[IntervalHold],
    tolerances: Tolerances,
) -> None:
    """Post to next pre: held blue and solid, lost vermillion with an X; dashed when device
    or examiner differed; a grey band of +/- tolerance around the corrected value."""
    for (earlier, later), interval in zip(pairwise(visits), intervals, strict=True):
        hold = _hold_for(interval, dimension)
        start = plotted_value(earlier.post, dimension, tolerances)
        end = plotted_value(later.pre, dimension, tolerances)
        if hold is None or start is None or end is None:
            continue
        xs = [float(mdates.date2num(earlier.visit_date)), float(mdates.date2num(later.visit_date))]
        ys = [start[0], end[0]]
        colour, gid = (style.HELD, "held") if hold.held else (style.LOST, "lost")
        line = "-" if interval.comparable else "--"
        axes.plot(xs, ys, color=colour, lw=2.2, ls=line, gid=gid, zorder=3)
        if not hold.held:
            middle = ([sum(xs) / 2], [sum(ys) / 2])
            axes.plot(*middle, marker="X", ms=9, color=colour, ls="none", gid="lost-mark")
        if not hold.qualitative:
            low, high = start[0] - hold.tolerance, start[0] + hold.tolerance
            axes.fill_between(xs, low, high, color=style.BAND, alpha=0.3, lw=0, gid="band")
