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
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.text import Text
from matplotlib.textpath import text_to_path

Sizes = Mapping[str, float]  # role -> points
POINTS_PER_INCH = 72.0
MAX_PASSES = 4


@dataclass(frozen=True)
class Fitted:
    """A registered text: its role, its words as written, the share of the figure's width
    its lines may take (None: no wrapping)."""

    text: Text
    role: str
    words: str
    width_share: float | None


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


class FittedLayout(ConstrainedLayoutEngine):
    """`tiers` are (narrower than this many inches, sizes), narrowest first; the last one
    applies to anything wider. A figure flatter than `aspect` counts as narrower."""

    def __init__(self, tiers: Sequence[tuple[float, Sizes]], aspect: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tiers = tiers
        self.aspect = aspect
        self._texts: list[Fitted] = []

    def add(self, text: Text, role: str, width_share: float | None = None) -> Text:
        """Size `text` as `role` from now on, wrapped to `width_share` of the figure's width."""
        self._texts.append(Fitted(text, role, text.get_text(), width_share))
        return text

    def sizes_for(self, width_in: float, height_in: float) -> Sizes:
        width = min(width_in, height_in * self.aspect)
        for limit, sizes in self.tiers:
            if width < limit:
                return sizes
        return self.tiers[-1][1]

    def execute(self, fig: Figure) -> None:
        width_in, height_in = fig.get_size_inches()
        sizes = self.sizes_for(width_in, height_in)
        for fitted in self._texts:
            points = sizes[fitted.role]
            if fitted.text.get_fontsize() != points:
                fitted.text.set_fontsize(points)
            if fitted.width_share is not None:
                width_pt = width_in * POINTS_PER_INCH * fitted.width_share
                wrapped = wrap_words(fitted.words, points, width_pt, fitted.text)
                if fitted.text.get_text() != wrapped:
                    fitted.text.set_text(wrapped)
        # Constrained layout measures equal-aspect axes in the box they had, not the one
        # they get, so the first pass at a new size can leave text overlapping: repeat
        # until the axes stop moving.
        for _ in range(MAX_PASSES):
            before = _positions(fig)
            super().execute(fig)
            if np.allclose(before, _positions(fig), atol=1e-4):
                break


def _positions(fig: Figure) -> list[tuple[float, float, float, float]]:
    return [axes.get_position().bounds for axes in fig.axes]
