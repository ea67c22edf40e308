"""A fitted layout worked out once per figure size and kept: a figure drawn again at the same
size, whose texts take the same room, gets the axes positions it had, without the layout
engine.

Constrained layout measures every tick label, title and legend of every panel twice per draw
(about 90 ms of CPU for the three-panel alignment figure, most of a draw). What it needs
to know is only how much room the texts around the panels take, so the positions it found
are kept under a key made of the figure's size and those rooms (`room_key`, rounded up to
whole points): another patient's figure with labels of the same widths, or the same figure
redrawn, is placed from the memory. The key is measured with the remembered text widths of
`fitted`, not by laying the figure out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from charting.figures.fitted import FittedLayout, text_width

KEPT_SIZES = 8  # sizes remembered per figure: a window resized back and forth, a printout
PER_SIZE = 4  # layouts remembered per size (courses whose labels take other room)
Key = tuple[Any, ...]


@dataclass(frozen=True)
class Placement:
    """What the layout decided: each axes' box and the figure titles' positions."""

    boxes: tuple[Bbox, ...]
    titles: tuple[tuple[tuple[float, float], str] | None, ...]


def _width_pt(text: Text) -> int:
    """The widest line of `text` in points, rounded up (0 for a hidden or empty text)."""
    if not text.get_visible() or not text.get_text():
        return 0
    font = text.get_fontproperties()
    return math.ceil(max(text_width(line, font) for line in text.get_text().split("\n")))


def _labels(axes: Axes, axis: Axis, shown: str) -> tuple[list[float], list[str], FontProperties]:
    """The positions (axes fraction) and texts of an axis's major tick labels, and their font
    (none when the labels are hidden, as on the upper panels sharing a date axis)."""
    params = axis.get_tick_params()
    if not axes.axison or not axis.get_visible() or not params.get(shown, True):
        return [], [], FontProperties()
    low, high = axis.get_view_interval()
    ticks = [float(t) for t in axis.get_major_locator()() if min(low, high) <= t <= max(low, high)]
    texts = axis.get_major_formatter().format_ticks(ticks)
    fractions = [(t - low) / (high - low) if high != low else 0.5 for t in ticks]
    return fractions, list(texts), FontProperties(size=params.get("labelsize", 10))


def _tick_room(axes: Axes, figure_width_in: float) -> tuple[int, int, int, int, str]:
    """The widest y tick label, the widest x tick label, how far the first and last x tick
    labels reach past the panel's sides, the x offset text: the texts beside and under a
    panel that the layout makes room for, in points rounded up."""
    _, y_texts, y_font = _labels(axes, axes.yaxis, "labelleft")
    y_width = max((text_width(s, y_font) for s in y_texts), default=0.0)
    fractions, x_texts, x_font = _labels(axes, axes.xaxis, "labelbottom")
    x_widths = [text_width(s, x_font) for s in x_texts]
    width_pt = axes.get_position().width * figure_width_in * 72
    ends = list(zip(x_widths, fractions, strict=True))
    left = max((w / 2 - f * width_pt for w, f in ends), default=0.0)
    right = max((w / 2 - (1 - f) * width_pt for w, f in ends), default=0.0)
    rounded = [math.ceil(max(0.0, v)) for v in (y_width, max(x_widths, default=0.0), left, right)]
    offset = axes.xaxis.get_major_formatter().get_offset() if x_texts else ""
    return rounded[0], rounded[1], rounded[2], rounded[3], offset


def room_key(fig: Figure) -> Key:
    """The figure's size, and the room its texts take: tick labels, axis labels and titles
    of every panel, figure titles and legends (their lines as wrapped)."""
    panels = []
    for axes in fig.axes:
        sides = (axes.title, axes._left_title, axes._right_title)  # type: ignore[attr-defined]
        texts = [axes.xaxis.label, axes.yaxis.label, *sides]
        lines = tuple(t.get_text().count("\n") for t in texts)
        panels.append(
            (axes.axison, _tick_room(axes, fig.get_figwidth()), tuple(map(_width_pt, texts)), lines)
        )
    titles = [t for t in _figure_titles(fig) if t is not None]
    legends = tuple(tuple(t.get_text() for t in legend.texts) for legend in fig.legends)
    fixed = tuple((t.get_text(), t.get_fontsize()) for t in titles)
    return (_size_key(fig), tuple(panels), fixed, legends)


def _figure_titles(fig: Figure) -> list[Text | None]:
    return [getattr(fig, name, None) for name in ("_suptitle", "_supxlabel", "_supylabel")]


def _placement(fig: Figure) -> Placement:
    titles = tuple(
        None if t is None else (t.get_position(), t.get_verticalalignment())
        for t in _figure_titles(fig)
    )
    return Placement(tuple(a.get_position(original=True).frozen() for a in fig.axes), titles)


def _place(fig: Figure, placement: Placement) -> None:
    for axes, box in zip(fig.axes, placement.boxes, strict=True):
        # As the layout itself does: set_position would take the axes out of the layout.
        axes._set_position(box)  # type: ignore[attr-defined]
    for text, kept in zip(_figure_titles(fig), placement.titles, strict=True):
        if text is not None and kept is not None:
            text.set_position(kept[0])
            text.set_verticalalignment(kept[1])  # type: ignore[arg-type]  # one it had


def _size_key(fig: Figure) -> Key:
    return (tuple(round(float(v), 4) for v in fig.get_size_inches()), round(fig.dpi, 3))


class RememberedLayout(FittedLayout):
    """FittedLayout that runs constrained layout only for a size and text room it has not
    placed yet (`room_key`); otherwise it puts the axes where that layout put them.

    The room is checked with the axes in the remembered boxes (texts wrapped to a panel, and
    tick labels reaching past its sides, depend on the box), so a figure coming from
    another size finds the layout it had at this one.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._placements: dict[Key, list[tuple[Key, Placement]]] = {}

    def execute(self, fig: Figure) -> None:
        self.fit_texts(fig)
        kept = self._placements.setdefault(_size_key(fig), [])
        for key, placement in kept:
            if len(placement.boxes) != len(fig.axes):
                continue
            _place(fig, placement)
            self.wrap(fig, self.in_axes())
            if room_key(fig) == key:
                return
        self.solve(fig)
        kept.insert(0, (room_key(fig), _placement(fig)))
        del kept[PER_SIZE:]
        while len(self._placements) > KEPT_SIZES:
            self._placements.pop(next(iter(self._placements)))
