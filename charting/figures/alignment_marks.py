"""Drawing one alignment panel: markers, corrections, drift segments and tolerance bands.

Each kind of mark is gathered first and drawn as one artist (a `LineCollection` per drift
style, one `PolyCollection` of band rectangles, one marker line per marker type), and the
y limits are set once: a 100-visit course then builds and draws about as fast as a 5-visit
one, where an artist per segment took seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection

from charting.explain import explain_interval
from charting.figures import style
from charting.figures.words import reading_text, short_day
from charting.holds import DimensionHold, IntervalHold, Verdict, VisitReadings
from charting.readings import CATEGORIES, Dimension, Reading
from charting.tolerances import Tolerances
from charting.vocabulary import CATEGORY_TERMS

WORDS_OFFSET = 2.0  # qualitative readings sit at +/- 2 x tolerance: clearly outside "level"
WORDS_NOTES = 12  # up to this many qualitative markers in a panel are labelled one by one
NOTE: dict[str, Any] = {"textcoords": "offset points", "fontsize": style.NOTE_SIZE}

Point = tuple[float, float]
Segment = tuple[Point, Point]


@dataclass(frozen=True)
class HoverPoint:
    """A marker the GUI can show a tooltip for: data coordinates, panel index and text."""

    x: float  # a matplotlib date number
    y: float
    axes_index: int
    text: str


@dataclass(frozen=True)
class MarkSizes:
    """Marker, line and cross sizes in points, smaller for long courses (style.shrink)."""

    marker: float
    line: float
    cross: float

    @classmethod
    def for_visits(cls, visits: int) -> MarkSizes:
        return cls(
            style.shrink(8.0, visits, 4.0),
            style.shrink(2.2, visits, 1.4),
            style.shrink(9.0, visits, 5.5),
        )


@dataclass
class _Marks:
    """Everything one panel draws, gathered so each kind becomes a single artist."""

    markers: dict[tuple[str, bool], list[Point]] = field(default_factory=dict)
    words: list[tuple[float, float, str]] = field(default_factory=list)
    corrections: list[Segment] = field(default_factory=list)
    drift: dict[tuple[bool, bool], list[Segment]] = field(default_factory=dict)
    crosses: list[Point] = field(default_factory=list)
    bands: list[tuple[float, float, float, float]] = field(default_factory=list)
    hover: list[HoverPoint] = field(default_factory=list)

    def y_values(self) -> list[float]:
        ys = [y for points in self.markers.values() for _, y in points]
        return ys + [y for _, _, low, high in self.bands for y in (low, high)]


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


def _hold_for(interval: IntervalHold, dimension: Dimension) -> DimensionHold | None:
    return next((d for d in interval.dimensions if d.dimension is dimension), None)


def _gather_markers(
    marks: _Marks,
    index: int,
    dimension: Dimension,
    visits: Sequence[VisitReadings],
    days: Sequence[float],
    intervals: Sequence[IntervalHold],
    tolerances: Tolerances,
) -> None:
    """Pre and post markers, the correction joining them, and the hover text of each."""
    for number, (visit, x) in enumerate(zip(visits, days, strict=True)):
        before = intervals[number - 1] if number > 0 else None
        after = intervals[number] if number < len(intervals) else None
        ys = {}
        for phase, reading, interval in (("pre", visit.pre, before), ("post", visit.post, after)):
            plotted = plotted_value(reading, dimension, tolerances)
            if plotted is None or reading is None:
                continue
            (y, words), ys[phase] = plotted, plotted[0]
            marks.markers.setdefault((phase, words), []).append((x, y))
            text = reading_text(visit.visit_date, reading, dimension)
            marks.hover.append(
                HoverPoint(x, y, index, text + _verdict_text(interval, phase == "pre"))
            )
            if words:
                category = CATEGORY_TERMS[str(reading.stated_category(dimension))].short
                marks.words.append((x, y, category))
        if len(ys) == 2:
            marks.corrections.append(((x, ys["pre"]), (x, ys["post"])))


def _gather_intervals(
    marks: _Marks,
    dimension: Dimension,
    visits: Sequence[VisitReadings],
    days: Sequence[float],
    intervals: Sequence[IntervalHold],
    tolerances: Tolerances,
) -> None:
    """Post to next pre, by (held, comparable); a cross on lost ones; +/- tolerance bands."""
    pairs = zip(pairwise(visits), pairwise(days), intervals, strict=True)
    for (earlier, later), (x0, x1), interval in pairs:
        hold = _hold_for(interval, dimension)
        start = plotted_value(earlier.post, dimension, tolerances)
        end = plotted_value(later.pre, dimension, tolerances)
        if hold is None or start is None or end is None:
            continue
        key = (hold.held, interval.comparable)
        marks.drift.setdefault(key, []).append(((x0, start[0]), (x1, end[0])))
        if not hold.held:
            marks.crosses.append(((x0 + x1) / 2, (start[0] + end[0]) / 2))
        if not hold.qualitative:
            marks.bands.append((x0, x1, start[0] - hold.tolerance, start[0] + hold.tolerance))


def _draw(axes: Axes, marks: _Marks, sizes: MarkSizes) -> None:
    if marks.bands:
        boxes = [[(x0, lo), (x1, lo), (x1, hi), (x0, hi)] for x0, x1, lo, hi in marks.bands]
        bands = PolyCollection(boxes, facecolors=style.BAND, alpha=0.3, linewidths=0, zorder=1)
        bands.set_gid("band")
        axes.add_collection(bands, autolim=False)
    for (held, comparable), segments in sorted(marks.drift.items()):
        colour = style.HELD if held else style.LOST
        drift = LineCollection(
            segments, colors=colour, linewidths=sizes.line, linestyles="-" if comparable else "--",
            zorder=3, capstyle="round",
        )  # fmt: skip
        drift.set_gid("held" if held else "lost")
        axes.add_collection(drift, autolim=False)
    if marks.crosses:
        xs, ys = zip(*marks.crosses, strict=True)
        axes.plot(xs, ys, marker="X", ms=sizes.cross, color=style.LOST, ls="none",
                  gid="lost-mark", zorder=3.5)  # fmt: skip
    if marks.corrections:
        corrections = LineCollection(
            marks.corrections, colors=style.INK, linewidths=min(1.5, sizes.line), zorder=2
        )
        corrections.set_gid("correction")
        axes.add_collection(corrections, autolim=False)
    width = 1.5 if sizes.marker >= 6 else 1.0
    # Pre before post, so a filled post marker shows over a hollow pre at the same height.
    for (phase, words), points in sorted(marks.markers.items(), key=lambda kv: kv[0][0] != "pre"):
        colour = style.QUALITATIVE if words else style.INK
        xs, ys = zip(*points, strict=True)
        axes.plot(
            xs, ys, ls="none", marker="D" if words else "o", ms=sizes.marker, mew=width,
            mec=colour, mfc="white" if phase == "pre" else colour, zorder=4,
            gid=f"{phase}-words" if words else phase,
        )  # fmt: skip
    _draw_word_notes(axes, marks.words)


def _draw_word_notes(axes: Axes, words: Sequence[tuple[float, float, str]]) -> None:
    """Few qualitative markers get their category beside them; many get one label per
    category at the right edge (every marker of a category sits at the same height)."""
    if len(words) <= WORDS_NOTES:
        for x, y, category in words:
            axes.annotate(category, (x, y), (7, -5), va="top", color=style.QUALITATIVE,
                          gid="words-note", **NOTE)  # fmt: skip
        return
    for y, category in sorted({(y, category) for _, y, category in words}):
        axes.annotate(category, (1, y), (-4, 3), xycoords=("axes fraction", "data"),
                      ha="right", va="bottom", color=style.QUALITATIVE, gid="words-level",
                      **NOTE)  # fmt: skip


def _set_y_limits(axes: Axes, ys: Sequence[float], tolerance: float) -> None:
    """Limits from the drawn values and bands, always including 0, with a 6% margin."""
    low, high = min([0.0, *ys]), max([0.0, *ys])
    if high - low < 1e-9:
        low, high = -WORDS_OFFSET * tolerance, WORDS_OFFSET * tolerance
    pad = 0.06 * (high - low)
    axes.set_ylim(low - pad, high + pad)


def draw_panel(
    axes: Axes,
    index: int,
    dimension: Dimension,
    visits: Sequence[VisitReadings],
    intervals: Sequence[IntervalHold],
    tolerances: Tolerances,
    sizes: MarkSizes,
) -> list[HoverPoint]:
    """One panel: bands, drift segments (held blue and solid, lost vermillion with an X,
    dashed when device or examiner differed), corrections, hollow pre and filled post
    markers; sets the y limits and returns the hover targets."""
    marks = _Marks()
    days = style.day_numbers([v.visit_date for v in visits])
    _gather_intervals(marks, dimension, visits, days, intervals, tolerances)
    _gather_markers(marks, index, dimension, visits, days, intervals, tolerances)
    _draw(axes, marks, sizes)
    _set_y_limits(axes, marks.y_values(), tolerances.for_dimension(dimension, True))
    return marks.hover
