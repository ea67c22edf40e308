"""Photos side by side, before and after, with their landmarks and angles in words.

Each panel is already decoded pixels (an RGB array; charting reads no image files) with the
marks in the same pixels, x right and y down as photo_geometry keeps them. The angle is
written on the photo as the chart records it (docs/clinical-model.md#sign-conventions):
tilt + anterior, obliquity + left higher.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from charting.errors import FieldError
from charting.figures import style
from charting.figures.words import signed_degrees
from charting.photo_geometry import Marks, PhotoAngle, landmarks_of, measure

LEVEL_ASSUMED = "camera assumed level"
NOT_MARKED = "landmarks not marked"
PART_MARKED = "landmarks not all marked"
LANDMARK = "#E69F00"  # orange: seen on skin and on a pale wall alike
REFERENCE = "#56B4E9"  # sky blue, dashed
WIDTH_IN, HEIGHT_IN = 9.0, 5.6
# The side each side view's tilt belongs to, spelled as the angle text says it.
FIELD_WORDS = {"left_tilt_deg": "Left tilt", "right_tilt_deg": "Right tilt",
               "obliquity_deg": "Obliquity"}  # fmt: skip
DIRECTION = {"left_tilt_deg": ("anterior", "posterior"),
             "right_tilt_deg": ("anterior", "posterior"),
             "obliquity_deg": ("left higher", "right higher")}  # fmt: skip


@dataclass(frozen=True, eq=False)
class PhotoPanel:
    """One photo of a pair: RGB pixels (H, W, 3), a caption, and its marks in the pixels of
    the photo as stored, `size` (width, height): the pixels may be a smaller copy of it, drawn
    over the stored photo's extent so the marks and their angles are the stored ones."""

    pixels: np.ndarray
    caption: str
    marks: Marks | None = None
    size: tuple[int, int] | None = None  # None: the marks are in `pixels` themselves

    @property
    def extent(self) -> tuple[int, int]:
        """(width, height) of the photo the marks are in."""
        if self.size is not None:
            return self.size
        height, width = self.pixels.shape[:2]
        return width, height


def angle_words(angle: PhotoAngle) -> str:
    """'Left tilt +12.0° anterior', 'Obliquity -3.0° right higher', 'Obliquity 0.0° level'."""
    value = signed_degrees(angle.degrees)
    if value == "0.0°":
        return f"{FIELD_WORDS[angle.field]} {value} level"
    positive, negative = DIRECTION[angle.field]
    return f"{FIELD_WORDS[angle.field]} {value} {positive if angle.degrees > 0 else negative}"


def panel_words(marks: Marks | None) -> str:
    """What the photo measures, in words, with 'camera assumed level' when it was."""
    if marks is None or not marks.points:
        return NOT_MARKED
    try:
        angle = measure(marks)
    except FieldError:
        return PART_MARKED
    return angle_words(angle) + (f"\n{LEVEL_ASSUMED}" if angle.level_assumed else "")


def _draw_marks(axes: Axes, marks: Marks) -> None:
    reference = marks.reference
    if reference is not None:
        (ax, ay), (bx, by) = reference.a, reference.b
        axes.plot([ax, bx], [ay, by], ls="--", lw=1.6, color=REFERENCE, gid="reference")
    points = [p for name in landmarks_of(marks.view) if (p := marks.point(name)) is not None]
    if len(points) == 2:
        (x0, y0), (x1, y1) = points
        axes.plot([x0, x1], [y0, y1], lw=2.0, color=LANDMARK, gid="landmark-line")
    if points:
        xs, ys = zip(*points, strict=True)
        axes.plot(xs, ys, ls="none", marker="o", ms=8, mfc="none", mec=LANDMARK, mew=2.0,
                  gid="landmark")  # fmt: skip


def _panel(axes: Axes, panel: PhotoPanel) -> None:
    width, height = panel.extent
    box = (-0.5, width - 0.5, height - 0.5, -0.5)
    axes.imshow(panel.pixels, extent=box, interpolation="antialiased", gid="photo")
    axes.set_xlim(-0.5, width - 0.5)
    axes.set_ylim(height - 0.5, -0.5)  # y down, as the marks are
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_title(panel.caption, fontsize=style.LABEL_SIZE, color=style.INK)
    if panel.marks is not None:
        _draw_marks(axes, panel.marks)
    axes.text(
        0.02, 0.02, panel_words(panel.marks), transform=axes.transAxes, ha="left", va="bottom",
        fontsize=style.LABEL_SIZE, color=style.INK, gid="angle",
        bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none", "alpha": 0.85},
    )  # fmt: skip


def photo_pair_figure(
    panels: Sequence[PhotoPanel],
    title: str = "",
    width_in: float = WIDTH_IN,
    height_in: float = HEIGHT_IN,
) -> Figure:
    """The photos side by side in the order given, aspect kept, no ticks; each with its
    landmarks (circles joined by a line), its reference line dashed, and its angle in words."""
    if not panels:
        return style.message_figure("No photos to show.", title, width_in, height_in)
    figure = style.new_figure(width_in, height_in)
    if title:
        figure.suptitle(title, fontsize=style.TITLE_SIZE, color=style.INK)
    for axes, panel in zip(figure.subplots(1, len(panels), squeeze=False)[0], panels, strict=True):
        _panel(axes, panel)
    note = "Circles: landmarks marked; dashed: the plumb or level line marked on the photo."
    figure.supxlabel(note, fontsize=style.NOTE_SIZE, color=style.MUTED)
    return figure
