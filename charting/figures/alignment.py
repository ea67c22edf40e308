"""Alignment over time: one panel per dimension, each correction and whether it held.

Per visit the pre reading is a hollow marker and the post reading a filled one, joined by a
short vertical line (the correction). From each post to the next pre a segment shows the
drift, coloured by whether that dimension held (blue, solid) or was lost (vermillion, with an
X), dashed when device or examiner differed; the grey band is +/- the tolerance around the
corrected position. Segments follow the dimension's own result, so a segment that ends
inside its band is never drawn as lost; the whole interval's verdict is in the hover text.
Each kind of mark is one artist per panel (see alignment_marks), and markers shrink for long
courses so a 100-visit chart stays readable and opens quickly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from charting.figures import style
from charting.figures.alignment_marks import HoverPoint, MarkSizes, draw_panel, plotted_value
from charting.figures.remembered_layout import RememberedLayout
from charting.holds import CourseHold, Verdict, VisitReadings
from charting.readings import Dimension, Phase
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances
from charting.vocabulary import DIMENSION_TERMS, PHASE_TERMS, SIGNS, VERDICT_TERMS

__all__ = ["AlignmentFigure", "AlignmentPlot", "HoverPoint", "alignment_figure"]

TITLE = "Pelvic alignment over time"
PANELS = (Dimension.ASYMMETRY, Dimension.ROTATION, Dimension.OBLIQUITY)
HELD, LOST = VERDICT_TERMS[Verdict.HELD].label, VERDICT_TERMS[Verdict.LOST].label


@dataclass(frozen=True)
class AlignmentFigure:
    """The figure and the markers the GUI shows tooltips for."""

    figure: Figure
    hover_points: tuple[HoverPoint, ...]


def _handle(label: str, **kwargs: object) -> Line2D:
    return Line2D([], [], label=label, **kwargs)  # type: ignore[arg-type]


LEGEND: tuple[tuple[str, Line2D | Patch], ...] = (
    ("pre", _handle(PHASE_TERMS[Phase.PRE].label, ls="none", marker="o", mfc="white",
                    mec=style.INK)),
    ("post", _handle(PHASE_TERMS[Phase.POST].label, ls="none", marker="o", color=style.INK)),
    ("held", _handle(f"{HELD} until next visit", color=style.HELD, lw=2.2)),
    ("lost", _handle(f"{LOST} by next visit", color=style.LOST, lw=2.2, marker="X", ms=9)),
    ("band", Patch(color=style.BAND, alpha=0.3,
                   label=f"± tolerance {PHASE_TERMS[Phase.POST].plain}")),
    ("words", _handle("Recorded in words (placed, not measured)", ls="none", marker="D",
                      color=style.QUALITATIVE)),
    ("dashed", _handle("Different device or examiner (wider tolerance)", color=style.MUTED,
                       lw=2.2, ls="--")),
)  # fmt: skip


def _legend_handles(figure: Figure) -> list[Line2D | Patch]:
    """Only what is drawn: a course where nothing was lost has no 'lost' entry."""
    lines = [line for axes in figure.axes for line in axes.get_lines()]
    collections = [c for axes in figure.axes for c in axes.collections]
    drawn = {str(artist.get_gid()) for artist in [*lines, *collections]}
    if any(gid.endswith("-words") for gid in drawn):
        drawn.add("words")
    drift = [c for c in collections if c.get_gid() in ("held", "lost")]
    styles = [cast(list[tuple[float, Any]], c.get_linestyle()) for c in drift]
    if any(dashes is not None for found in styles for _, dashes in found):
        drawn.add("dashed")
    return [handle for key, handle in LEGEND if key in drawn]


def _summary(course: CourseHold) -> str:
    if not course.assessable:
        return "No interval could be assessed yet."
    return f"Correction held in {course.held} of {course.assessable} assessable intervals."


class AlignmentPlot:
    """The alignment figure, made once and drawn again for each course shown.

    The figure, its three panels and what never changes (grid, zero line, side labels,
    title) are made here; `show` replaces only what belongs to one course. Making the
    figure and its axes is the larger part of building it, so the chart reuses one for
    every patient it opens instead of building a new one each time.
    """

    def __init__(self) -> None:
        # Drawn again and again at the size of its canvas: laid out once per size and room.
        self.figure = style.new_figure(9.0, 8.0, RememberedLayout())
        self.axes = list(self.figure.subplots(len(PANELS), 1, sharex=True))
        for axes, dimension in zip(self.axes, PANELS, strict=True):
            style.style_axes(axes)
            axes.axhline(0, color=style.MUTED, lw=0.8, zorder=1)
            style.side_label(axes, f"{DIMENSION_TERMS[dimension].label} (°)\n{SIGNS[dimension]}")
        self.figure.suptitle(TITLE, fontsize=style.TITLE_SIZE, color=style.INK)
        self._fixed = {id(artist) for axes in self.axes for artist in _marks_of(axes)}

    def show(
        self,
        visits: Sequence[VisitReadings],
        course: CourseHold,
        tolerances: Tolerances = DEFAULT_TOLERANCES,
    ) -> tuple[HoverPoint, ...]:
        """Draw `course` (`analyse_course(visits, tolerances)`, two visits or more) in place
        of the course shown before; returns the markers to show tooltips for."""
        ordered = sorted(visits, key=lambda v: v.visit_date)  # the order analyse_course uses
        if len(ordered) < 2 or len(course.intervals) != len(ordered) - 1:
            raise ValueError("course does not belong to these visits: use analyse_course(visits)")
        self._clear()
        hover: list[HoverPoint] = []
        readings = [r for v in ordered for r in (v.pre, v.post)]
        sizes = MarkSizes.for_visits(len(ordered))
        for index, (axes, dimension) in enumerate(zip(self.axes, PANELS, strict=True)):
            hover += draw_panel(
                axes, index, dimension, ordered, course.intervals, tolerances, sizes
            )
            if not any(plotted_value(r, dimension, tolerances) for r in readings):
                axes.text(
                    0.5, 0.5, "Not recorded at any visit", ha="center", va="center",
                    transform=axes.transAxes, fontsize=style.NOTE_SIZE, color=style.MUTED,
                )  # fmt: skip
        style.date_axis(self.axes[-1], [v.visit_date for v in ordered])
        self.axes[0].set_title(_summary(course), fontsize=style.LABEL_SIZE, loc="left")
        handles = _legend_handles(self.figure)
        style.figure_legend(self.figure, handles, min(3, len(handles)))
        return tuple(hover)

    def _clear(self) -> None:
        """Take away the marks and the legend of the course shown before."""
        for axes in self.axes:
            for artist in _marks_of(axes):
                if id(artist) not in self._fixed:
                    artist.remove()
        for legend in list(self.figure.legends):
            style.drop_legend(self.figure, legend)


def _marks_of(axes: Axes) -> list[Artist]:
    return [*axes.lines, *axes.collections, *axes.texts]


def alignment_figure(
    visits: Sequence[VisitReadings],
    course: CourseHold,
    tolerances: Tolerances = DEFAULT_TOLERANCES,
) -> AlignmentFigure:
    """Three panels sharing the date axis: tilt asymmetry, rotation and obliquity.

    `course` is `analyse_course(visits, tolerances)`; fewer than two visits gives a figure
    that says a second visit is needed.
    """
    if len(visits) < 2:
        return AlignmentFigure(style.message_figure(style.SECOND_VISIT_MESSAGE, TITLE), ())
    plot = AlignmentPlot()
    hover = plot.show(visits, course, tolerances)
    return AlignmentFigure(plot.figure, hover)
