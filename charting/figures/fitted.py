"""Constrained layout that also sizes and wraps text for the size the figure is drawn at.

A figure is built once and drawn at whatever size its canvas has: a narrow pane in the visit
editor or a 9-inch-wide handout. Just before each layout, every text registered under a role
gets that role's point size for the current size (a small figure gets smaller type, never
below 8 pt) and, if asked, is re-wrapped to a share of the figure's width (so after a draw
its `get_text()` has the line breaks of that size).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.textpath import text_to_path

Sizes = Mapping[str, float]  # role -> points
POINTS_PER_INCH = 72.0
MAX_PASSES = 4
LEGEND_SHARE = 0.96  # of the figure's width a legend may take
MIN_LABEL_PT = 40.0  # legend labels are never wrapped narrower than this


@dataclass(frozen=True)
class Fitted:
    """A registered text: its role, its words as written, the share of the figure's width
    its lines may take (None: no wrapping)."""

    text: Text
    role: str
    words: str
    width_share: float | None


def _line_width(words: str, points: float, text: Text) -> float:
    """The width in points of the longest line of `words` in `text`'s font at `points`."""
    font = text.get_fontproperties().copy()
    font.set_size(points)
    return max(
        float(text_to_path.get_text_width_height_descent(line, font, ismath=False)[0])
        for line in words.split("\n")
    )


def label_cap(widths: Sequence[float], columns: int, room: float) -> float:
    """The widest a legend label may be (longer ones wrap) for the labels' columns to fit
    `room` points: the largest such width, so as few labels wrap as possible. The legend
    fills its columns top to bottom, as matplotlib's does."""
    groups = [list(g) for g in np.array_split(range(len(widths)), columns) if len(g)]

    def total(cap: float) -> float:
        return sum(max(min(widths[i], cap) for i in group) for group in groups)

    low, high = MIN_LABEL_PT, max(widths, default=0.0)
    if total(high) <= room:
        return high
    while high - low > 1:
        middle = (low + high) / 2
        low, high = (middle, high) if total(middle) <= room else (low, middle)
    return low


def wrap_words(words: str, points: float, width_pt: float, text: Text) -> str:
    """`words` with line breaks so no line is wider than `width_pt` at `points` size; the
    breaks already in `words` are kept, a single word too long stays whole."""
    font = text.get_fontproperties().copy()
    font.set_size(points)

    def width(line: str) -> float:
        return float(text_to_path.get_text_width_height_descent(line, font, ismath=False)[0])

    lines = []
    for paragraph in words.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and width(candidate) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class InAxes:
    """A text wrapped to its axes' width, or height when it runs up the side."""

    text: Text
    axes: Axes
    words: str
    along_height: bool


@dataclass(frozen=True)
class FittedLegend:
    """A figure legend, its columns and its labels as written."""

    legend: Legend
    columns: int
    words: list[str]


class FittedLayout(ConstrainedLayoutEngine):
    """`tiers` are (narrower than this many inches, sizes), narrowest first; the last one
    applies to anything wider. A figure flatter than `aspect` counts as narrower. Without
    tiers no text is resized, but the figure's legends and the texts given to
    `wrap_in_axes` still fit the width (every figure of `style.new_figure` has this layout).
    """

    def __init__(
        self, tiers: Sequence[tuple[float, Sizes]] = (), aspect: float = 1.0, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.tiers = tiers
        self.aspect = aspect
        self._texts: list[Fitted] = []
        self._in_axes: list[InAxes] = []
        self._legends: list[FittedLegend] = []

    def add(self, text: Text, role: str, width_share: float | None = None) -> Text:
        """Size `text` as `role` from now on, wrapped to `width_share` of the figure's width."""
        self._texts.append(Fitted(text, role, text.get_text(), width_share))
        return text

    def wrap_in_axes(self, text: Text, axes: Axes, along_height: bool = False) -> Text:
        """Re-wrap `text` to the width (or, for a rotated y label, the height) `axes` gets at
        each size, so it never runs past the panel into the next text."""
        self._in_axes.append(InAxes(text, axes, text.get_text(), along_height))
        return text

    def fit_legend(self, legend: Legend, columns: int) -> Legend:
        """Wrap the labels of `legend` (of `columns` columns) so it is never wider than the
        figure: a legend is arranged once, when made, so its labels wrap instead."""
        self._legends.append(FittedLegend(legend, columns, [t.get_text() for t in legend.texts]))
        return legend

    def sizes_for(self, width_in: float, height_in: float) -> Sizes:
        if not self.tiers:
            return {}
        width = min(width_in, height_in * self.aspect)
        for limit, sizes in self.tiers:
            if width < limit:
                return sizes
        return self.tiers[-1][1]

    def execute(self, fig: Figure) -> None:
        width_in, height_in = fig.get_size_inches()
        sizes = self.sizes_for(width_in, height_in)
        for fitted in self._texts:
            points = sizes.get(fitted.role, float(fitted.text.get_fontsize()))
            if fitted.text.get_fontsize() != points:
                fitted.text.set_fontsize(points)
            if fitted.width_share is not None:
                width_pt = width_in * POINTS_PER_INCH * fitted.width_share
                wrapped = wrap_words(fitted.words, points, width_pt, fitted.text)
                if fitted.text.get_text() != wrapped:
                    fitted.text.set_text(wrapped)
        self._fit_legends(fig)
        # Constrained layout measures equal-aspect axes in the box they had, not the one
        # they get, so the first pass at a new size can leave text overlapping: repeat
        # until the axes stop moving (and the texts wrapped to an axes' width stop changing).
        for _ in range(MAX_PASSES):
            before = _positions(fig)
            super().execute(fig)
            rewrapped = self._wrap_to_axes(fig)
            if not rewrapped and np.allclose(before, _positions(fig), atol=1e-4):
                break

    def _fit_legends(self, fig: Figure) -> None:
        """Wrap the widest labels of each legend, as little as makes it fit the width."""
        for fitted in self._legends:
            legend, columns = fitted.legend, fitted.columns
            size = float(legend.texts[0].get_fontsize()) if legend.texts else 10.0
            room = fig.get_figwidth() * POINTS_PER_INCH * LEGEND_SHARE
            room -= 2 * (legend.borderpad + legend.borderaxespad) * size
            room -= (columns - 1) * legend.columnspacing * size
            room -= columns * (legend.handlelength + legend.handletextpad) * size
            texts = legend.texts
            widths = [_line_width(w, size, t) for w, t in zip(fitted.words, texts, strict=True)]
            cap = label_cap(widths, columns, room)
            for text, words, width in zip(legend.texts, fitted.words, widths, strict=True):
                wrapped = wrap_words(words, size, cap, text) if width > cap else words
                if text.get_text() != wrapped:
                    text.set_text(wrapped)

    def _wrap_to_axes(self, fig: Figure) -> bool:
        """Wrap each registered text to its axes; True if any line breaks changed."""
        changed = False
        for item in self._in_axes:
            box = item.axes.get_position()
            length = (
                box.height * fig.get_figheight()
                if item.along_height
                else box.width * (fig.get_figwidth())
            )
            points = float(item.text.get_fontsize())
            wrapped = wrap_words(item.words, points, length * POINTS_PER_INCH, item.text)
            if item.text.get_text() != wrapped:
                item.text.set_text(wrapped)
                changed = True
        return changed


def _positions(fig: Figure) -> list[tuple[float, float, float, float]]:
    return [axes.get_position().bounds for axes in fig.axes]
