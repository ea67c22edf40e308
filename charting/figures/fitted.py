"""Constrained layout that also sizes and wraps text for the size the figure is drawn at.

A figure is built once and drawn at whatever size its canvas has: a narrow pane in the visit
editor or a 9-inch-wide handout. Just before each layout, every text registered under a role
gets that role's point size for the current size (a small figure gets smaller type, never
below 8 pt) and, if asked, is re-wrapped to a share of the figure's width (so after a draw
its `get_text()` has the line breaks of that size).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
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
class Sized:
    """A registered text and the role that gives its point size at each size."""

    text: Text
    role: str


@dataclass(frozen=True)
class Wrapped:
    """A text re-wrapped at each size: its words as written and the room its lines get, in
    points (a share of the figure's width, or its axes' width or height)."""

    text: Text
    words: str
    room: Callable[[Figure], float]
    after_layout: bool  # the room is an axes' box: known exactly once the layout placed it


@dataclass(frozen=True)
class FittedLegend:
    """A figure legend, its columns and its labels as written."""

    legend: Legend
    columns: int
    words: list[str]


def _font(text: Text, points: float) -> FontProperties:
    font = text.get_fontproperties().copy()
    font.set_size(points)
    return font


@lru_cache(maxsize=4096)
def text_width(line: str, font: FontProperties) -> float:
    """The width in points of one line in `font`. Remembered: every layout of every figure
    measures the same labels again, and each measurement lays the text out in FreeType
    (fonts are never changed after `_font` copies them, so they are safe keys)."""
    return float(text_to_path.get_text_width_height_descent(line, font, ismath=False)[0])


def _line_width(words: str, points: float, text: Text) -> float:
    """The width in points of the longest line of `words` in `text`'s font at `points`."""
    font = _font(text, points)
    return max(text_width(line, font) for line in words.split("\n"))


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
    font = _font(text, points)
    lines = []
    for paragraph in words.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, font) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


def _set_wrapped(text: Text, words: str, width_pt: float) -> bool:
    """Wrap `words` into `text` at its size; True if its number of lines changed (which
    changes the room the layout must give it; new breaks on as many lines do not)."""
    before = text.get_text()
    wrapped = wrap_words(words, float(text.get_fontsize()), width_pt, text)
    if wrapped == before:
        return False
    text.set_text(wrapped)
    return wrapped.count("\n") != before.count("\n")


def _axes_room(axes: Axes, along_height: bool, fig: Figure) -> float:
    box = axes.get_position()
    inches = box.height * fig.get_figheight() if along_height else box.width * fig.get_figwidth()
    return inches * POINTS_PER_INCH


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
        self._sized: list[Sized] = []
        self._wrapped: list[Wrapped] = []
        self._legends: list[FittedLegend] = []

    def add(self, text: Text, role: str, width_share: float | None = None) -> Text:
        """Size `text` as `role` from now on, wrapped to `width_share` of the figure's width."""
        self._sized.append(Sized(text, role))
        if width_share is not None:
            room = partial(_figure_room, width_share)
            self._wrapped.append(Wrapped(text, text.get_text(), room, after_layout=False))
        return text

    def wrap_in_axes(self, text: Text, axes: Axes, along_height: bool = False) -> Text:
        """Re-wrap `text` to the width (or, for a rotated y label, the height) `axes` gets at
        each size, so it never runs past the panel into the next text."""
        room = partial(_axes_room, axes, along_height)
        self._wrapped.append(Wrapped(text, text.get_text(), room, after_layout=True))
        return text

    def fit_legend(self, legend: Legend, columns: int) -> Legend:
        """Wrap the labels of `legend` (of `columns` columns) so it is never wider than the
        figure: a legend is arranged once, when made, so its labels wrap instead."""
        self._legends.append(FittedLegend(legend, columns, [t.get_text() for t in legend.texts]))
        return legend

    def forget_legend(self, legend: Legend) -> None:
        """Stop fitting a legend taken off the figure (a figure drawn again gets a new one)."""
        self._legends = [fitted for fitted in self._legends if fitted.legend is not legend]

    def sizes_for(self, width_in: float, height_in: float) -> Sizes:
        if not self.tiers:
            return {}
        width = min(width_in, height_in * self.aspect)
        for limit, sizes in self.tiers:
            if width < limit:
                return sizes
        return self.tiers[-1][1]

    def execute(self, fig: Figure) -> None:
        self.fit_texts(fig)
        self.solve(fig)

    def fit_texts(self, fig: Figure) -> None:
        """Size and wrap the registered texts and the legends for the figure's size (what
        comes before the layout: cheap, every text width is remembered)."""
        sizes = self.sizes_for(*fig.get_size_inches())
        for sized in self._sized:
            points = sizes.get(sized.role, float(sized.text.get_fontsize()))
            if sized.text.get_fontsize() != points:
                sized.text.set_fontsize(points)
        # Everything is wrapped once before the layout, texts in an axes to the box the axes
        # had (at the new size it is nearly the same share of the figure).
        self.wrap(fig, self._wrapped)
        self._fit_legends(fig)

    def solve(self, fig: Figure) -> None:
        """Constrained layout, repeated while a text wrapped to its axes changes lines."""
        in_axes = self.in_axes()
        # Constrained layout measures equal-aspect axes in the box they had, not the one they
        # get, so the first pass at a new size can leave text overlapping: such figures repeat
        # until the axes stop moving. Any figure repeats when a text wrapped to its axes'
        # final box took another number of lines, the only change the layout must make room
        # for; otherwise one pass is all a draw costs.
        settles = any(axes.get_aspect() != "auto" for axes in fig.axes)
        for _ in range(MAX_PASSES):
            before = _positions(fig)
            super().execute(fig)
            more_lines = self.wrap(fig, in_axes)
            moved = settles and not np.allclose(before, _positions(fig), atol=1e-4)
            if not (more_lines or moved):
                break

    def in_axes(self) -> list[Wrapped]:
        """The texts wrapped to the box their axes got from the layout."""
        return [item for item in self._wrapped if item.after_layout]

    @staticmethod
    def wrap(fig: Figure, items: Sequence[Wrapped]) -> bool:
        """Wrap each text to its room; True if any took another number of lines."""
        changed = [_set_wrapped(item.text, item.words, item.room(fig)) for item in items]
        return any(changed)

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
            for text, words in zip(texts, fitted.words, strict=True):
                _set_wrapped(text, words, cap)


def _figure_room(share: float, fig: Figure) -> float:
    return fig.get_figwidth() * POINTS_PER_INCH * share


def _positions(fig: Figure) -> list[tuple[float, float, float, float]]:
    return [axes.get_position().bounds for axes in fig.axes]
