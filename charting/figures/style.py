"""Palette, font sizes and the empty-figure message shared by every Holdfast figure.

Colours are the Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal
Design"); held and lost also differ by line style or hatch so they survive greyscale print.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.ticker import AutoLocator, FixedFormatter, FixedLocator, ScalarFormatter

from charting.figures.fitted import FittedLayout

HELD = "#0072B2"  # blue
LOST = "#D55E00"  # vermillion
NOT_ASSESSABLE = "#999999"
INK = "#222222"
MUTED = "#666666"
BAND = "#BBBBBB"
QUALITATIVE = "#009E73"  # bluish green
SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
LOST_HATCH = "//"

# Point sizes; nothing below 9 so figures stay readable at 100% and 200%.
TITLE_SIZE = 13
LABEL_SIZE = 10
TICK_SIZE = 9
NOTE_SIZE = 9
MESSAGE_SIZE = 12

SECOND_VISIT_MESSAGE = "Record a second visit to see whether the correction held."
FULL_SIZE_POINTS = 20  # series up to this long keep full-size markers


def new_figure(
    width_in: float = 8.0, height_in: float = 5.0, layout: FittedLayout | None = None
) -> Figure:
    """A figure with constrained layout, so labels never overlap at any size, whose legend
    labels wrap when the figure is too narrow for them (FittedLayout, or `layout`)."""
    figure = Figure(figsize=(width_in, height_in))
    figure.set_layout_engine(layout or FittedLayout())  # constrained, legends kept inside
    figure.patch.set_facecolor("white")
    return figure


def layout_of(figure: Figure) -> FittedLayout:
    """The layout of a figure made by `new_figure`."""
    layout = figure.get_layout_engine()
    assert isinstance(layout, FittedLayout)
    return layout


def figure_legend(figure: Figure, handles: Sequence[Artist], columns: int) -> Legend:
    """The legend under the plots, in `columns` columns; its labels wrap when the figure is
    too narrow for them."""
    legend = figure.legend(handles=handles, ncols=columns, loc="outside lower center",
                           fontsize=NOTE_SIZE, frameon=False)  # fmt: skip
    return layout_of(figure).fit_legend(legend, columns)


def drop_legend(figure: Figure, legend: Legend) -> None:
    """Take a legend made by `figure_legend` off its figure, and out of its layout."""
    legend.remove()
    layout_of(figure).forget_legend(legend)


def side_label(axes: Axes, text: str) -> Text:
    """The y label, wrapped to the panel's height so it never runs into the next panel's."""
    label = axes.set_ylabel(text, fontsize=LABEL_SIZE, color=INK)
    figure = axes.get_figure(root=True)
    assert isinstance(figure, Figure)
    return layout_of(figure).wrap_in_axes(label, axes, along_height=True)


class RememberedLocator(AutoLocator):
    """matplotlib's default ticks, worked out once for each view and axis length: the
    layout and the draw ask for an axis's ticks dozens of times, and each time they were
    worked out and formatted anew (a sixth of drawing a three-panel figure)."""

    def __init__(self) -> None:
        super().__init__()
        self._last: tuple[tuple[float, float, int], Any] | None = None

    def __call__(self) -> Any:
        assert self.axis is not None  # set when it becomes an axis's locator
        low, high = self.axis.get_view_interval()
        key = (float(low), float(high), self.axis.get_tick_space())
        if self._last is None or self._last[0] != key:
            self._last = (key, np.array(self.tick_values(low, high)))
        return self._last[1].copy()


class RememberedFormatter(ScalarFormatter):
    """matplotlib's default tick labels, formatted again only when the ticks change (the
    offset and scale it keeps are those of the last ticks, so only the last is kept)."""

    def __init__(self) -> None:
        super().__init__()
        self._last: tuple[tuple[float, ...], list[str]] | None = None

    def format_ticks(self, values: Any) -> list[str]:
        key = tuple(float(value) for value in values)
        if self._last is None or self._last[0] != key:
            self._last = (key, super().format_ticks(values))
        return list(self._last[1])


def style_axes(axes: Axes) -> None:
    """Tick sizes, a light grid, no top or right frame line (a twin axis adds its own); the
    y axis's default ticks and labels, remembered between the many times they are asked."""
    axes.yaxis.set_major_locator(RememberedLocator())
    axes.yaxis.set_major_formatter(RememberedFormatter())
    axes.tick_params(labelsize=TICK_SIZE, colors=INK)
    axes.grid(True, color="#E5E5E5", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)


def no_axis(axes: Axes) -> None:
    """Draw no frame, ticks or axis labels; the axes only place what is drawn in them.

    The axes themselves are hidden as well: a title's position and the layout measure every
    axis's ticks, hidden or not, and that measuring was most of the time a panel without
    axes took to lay out (the drawing is the same).
    """
    axes.set_axis_off()
    axes.xaxis.set_visible(False)
    axes.yaxis.set_visible(False)


def message_figure(
    message: str, title: str = "", width_in: float = 8.0, height_in: float = 4.0
) -> Figure:
    """A figure that says, centred, why there is nothing to plot yet."""
    figure = new_figure(width_in, height_in)
    if title:
        figure.suptitle(title, fontsize=TITLE_SIZE, color=INK)
    axes = figure.add_subplot()
    no_axis(axes)
    axes.text(
        0.5, 0.5, message, ha="center", va="center", wrap=True,
        fontsize=MESSAGE_SIZE, color=MUTED, transform=axes.transAxes, gid="message",
    )  # fmt: skip
    return figure


def shrink(size: float, count: int, smallest: float) -> float:
    """`size` for a series of up to FULL_SIZE_POINTS, smaller for longer ones (down to
    `smallest`) so the markers of a long course do not run into each other."""
    return max(smallest, size * min(1.0, (FULL_SIZE_POINTS / max(count, 1)) ** 0.5))


def day_numbers(days: Sequence[date]) -> list[float]:
    """Dates as matplotlib date numbers (what `Axes.plot` is typed to accept)."""
    if not days:
        return []
    return [float(x) for x in mdates.date2num(list(days))]  # one call: per day it is slow


def date_axis(axes: Axes, days: Sequence[date], label: str = "Visit date") -> None:
    """Ticks on the visit dates themselves (up to 10 of them), padded so markers and their
    notes are not cut at the edges; the year goes in the axis label when there is one."""
    unique = sorted(set(days))
    first, last = unique[0], unique[-1]
    span = max((last - first).days, 1)
    axes.set_xlim(
        mdates.date2num(first - timedelta(days=max(2.0, span / 20))),
        mdates.date2num(last + timedelta(days=max(3.0, span / 8))),
    )
    years = sorted({d.year for d in unique})
    # Ticks and their labels are worked out once here, not by a locator and formatter on
    # every layout pass of every shared axes (AutoDateLocator alone took ~0.3 s a figure).
    if len(unique) <= 10:
        ticks = [float(mdates.date2num(d)) for d in unique]
        pattern = "%d %b" if len(years) == 1 else "%d %b %y"
        labels = [d.strftime(pattern).lstrip("0") for d in unique]
        offset = ""
    else:
        low, high = axes.get_xlim()
        found = mdates.AutoDateLocator(maxticks=8).tick_values(
            mdates.num2date(low), mdates.num2date(high)
        )
        ticks = [float(t) for t in found if low <= t <= high]
        concise = mdates.ConciseDateFormatter(FixedLocator(ticks))
        labels = concise.format_ticks(ticks)
        offset = concise.get_offset()
    axes.xaxis.set_major_locator(FixedLocator(ticks))
    formatter = FixedFormatter(labels)
    formatter.set_offset_string(offset)
    axes.xaxis.set_major_formatter(formatter)
    year = f" ({years[0]})" if len(years) == 1 else ""
    axes.set_xlabel(f"{label}{year}", fontsize=LABEL_SIZE, color=INK)
