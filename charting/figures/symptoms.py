"""Symptoms and function over time: pain by region, running volume and outcome scores.

Each outcome panel marks the first score and the band of change too small to matter
(charting.outcomes, with its sources); the dashed line is where an important improvement
begins. The panel title says in words how the latest score compares with the first, or that
the measure was scored once so far (charting.outcomes.describe_scores, as the progress report).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import cycle
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from charting.errors import check_range
from charting.figures import style
from charting.outcomes import MEASURES, Measure, Score, describe_scores, important_threshold
from charting.vocabulary import complaint_place, sentence_start

TITLE = "Symptoms and function over time"
SECOND_VISIT = "Record a second visit to see how symptoms change."
NOTHING_YET = "No pain ratings, running volume or outcome scores recorded yet."
Y_LABELS = {
    Measure.NPRS: "Pain (NPRS, 0-10)",
    Measure.PSFS: "PSFS mean (0-10)\nhigher = better",
    Measure.LEFS: "LEFS (0-80)\nhigher = better",
    Measure.ROLAND_MORRIS: "Roland-Morris (0-24)\nlower = better",
    Measure.GRC: "Global rating of\nchange (-7 to +7)",
}


@dataclass(frozen=True)
class PainRating:
    """NPRS for one body region and side at one visit."""

    visit_date: date
    region: str
    side: str
    nprs: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "nprs", check_range("nprs", self.nprs, 0, 10))

    @property
    def label(self) -> str:
        """'Left low back': the complaint named as every document names it."""
        return sentence_start(complaint_place(self.region, self.side))


@dataclass(frozen=True)
class RunningVolume:
    visit_date: date
    km_per_week: float

    def __post_init__(self) -> None:
        value = check_range("km_per_week", self.km_per_week, 0, 500, " km")
        object.__setattr__(self, "km_per_week", value)


@dataclass(frozen=True)
class DatedScore:
    visit_date: date
    score: Score


@dataclass(frozen=True)
class SymptomHistory:
    """What the symptoms figure shows; any part may be empty."""

    pain: tuple[PainRating, ...] = ()
    running: tuple[RunningVolume, ...] = ()
    outcomes: tuple[DatedScore, ...] = ()

    def dates(self) -> list[date]:
        parts: Sequence[PainRating | RunningVolume | DatedScore]
        parts = [*self.pain, *self.running, *self.outcomes]
        return sorted({p.visit_date for p in parts})


def _line_style(count: int) -> dict[str, Any]:
    """Marker size and line width for a figure of `count` visit dates (same in every panel)."""
    return {"ms": style.shrink(7.0, count, 3.5), "lw": style.shrink(2.0, count, 1.4)}


def _draw_pain(axes: Axes, pain: Sequence[PainRating], look: dict[str, Any]) -> None:
    series: dict[str, list[PainRating]] = {}
    for rating in sorted(pain, key=lambda r: r.visit_date):
        series.setdefault(rating.label, []).append(rating)
    looks = cycle(zip(style.SERIES, style.MARKERS, strict=True))
    for label, ratings in series.items():
        colour, marker = next(looks)
        days, values = style.day_numbers([r.visit_date for r in ratings]), [r.nprs for r in ratings]
        axes.plot(days, values, color=colour, marker=marker, label=label, gid="pain", **look)
    axes.set_ylim(-0.3, 10.3)
    axes.set_yticks(range(0, 11, 2))
    style.side_label(axes, Y_LABELS[Measure.NPRS])
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=style.NOTE_SIZE,
                frameon=False, title="Region", title_fontsize=style.NOTE_SIZE)  # fmt: skip


def _draw_running(axes: Axes, running: Sequence[RunningVolume], look: dict[str, Any]) -> None:
    ordered = sorted(running, key=lambda r: r.visit_date)
    days, km = style.day_numbers([r.visit_date for r in ordered]), [r.km_per_week for r in ordered]
    axes.plot(days, km, color=style.SERIES[2], marker="o", gid="running", **look)
    axes.set_ylim(0, max(km) * 1.15 + 1)
    style.side_label(axes, "Running\n(km/week)")


def _side_note(axes: Axes, y: float, text: str, colour: str, side: int = 0) -> None:
    """A label in the right margin by a reference line: above it (side 1), below (-1) or
    level (0), so two close lines keep their labels apart."""
    va = {1: "bottom", -1: "top", 0: "center"}[side]
    axes.annotate(text, (1, y), xycoords=("axes fraction", "data"), xytext=(6, 2 * side),
                  textcoords="offset points", va=va, fontsize=style.NOTE_SIZE,
                  color=colour)  # fmt: skip


def _draw_outcome(
    axes: Axes, measure: Measure, scores: Sequence[DatedScore], look: dict[str, Any]
) -> Text:
    """The panel of one outcome measure; returns its title, the comparison in words."""
    info = MEASURES[measure]
    ordered = sorted(scores, key=lambda s: s.visit_date)
    days = style.day_numbers([s.visit_date for s in ordered])
    values = [s.score.value for s in ordered]
    first = values[0]
    if info.lower_is_better is None:  # GRC: a rating of change already, 0 = about the same
        axes.axhline(0, color=style.MUTED, lw=1, gid="baseline")
        _side_note(axes, 0, "about the same", style.MUTED)
    else:
        better = -1 if info.lower_is_better else 1
        axes.axhline(first, color=style.MUTED, lw=1, gid="baseline")
        _side_note(axes, first, "first score", style.MUTED, -better)
        gain = important_threshold(measure, first, improving=True) or 0
        loss = important_threshold(measure, first, improving=False) or 0
        edge = min(max(first + better * gain, info.low), info.high)
        low, high = sorted((first - better * loss, edge))
        axes.axhspan(max(low, info.low), min(high, info.high), color=style.BAND, alpha=0.3,
                     lw=0, gid="no-important-change")  # fmt: skip
        axes.axhline(edge, color=style.HELD, lw=1.4, ls="--", gid="important-improvement")
        _side_note(axes, edge, "important\nimprovement", style.HELD, better)
    axes.plot(days, values, color=style.INK, marker="o", gid=measure.value, **look)
    span = info.high - info.low
    axes.set_ylim(info.low - span * 0.04, info.high + span * 0.04)
    style.side_label(axes, Y_LABELS[measure])
    return axes.set_title(describe_scores(measure, values), fontsize=style.NOTE_SIZE,
                          color=style.INK, loc="left")  # fmt: skip


def symptom_panels(history: SymptomHistory) -> list[str]:
    """The panels drawn, top to bottom: pain, running, then each outcome measure scored."""
    measures = [m for m in Measure if any(s.score.measure is m for s in history.outcomes)]
    panels = (["pain"] if history.pain else []) + (["running"] if history.running else [])
    return panels + measures


def symptoms_figure(history: SymptomHistory) -> Figure:
    """Pain by region and side, running km/week, then one panel per outcome measure."""
    dates = history.dates()
    if len(dates) < 2:
        return style.message_figure(SECOND_VISIT if dates else NOTHING_YET, TITLE)
    panels = symptom_panels(history)
    figure = style.new_figure(9.0, 1.2 + 2.3 * len(panels))
    layout = style.layout_of(figure)
    axes_list = figure.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    look = _line_style(len(dates))
    for axes, panel in zip(axes_list, panels, strict=True):
        style.style_axes(axes)
        if panel == "pain":
            _draw_pain(axes, history.pain, look)
        elif panel == "running":
            _draw_running(axes, history.running, look)
        else:
            scores = [s for s in history.outcomes if s.score.measure is panel]
            title = _draw_outcome(axes, Measure(panel), scores, look)
            # Wrapped to the panel's width at each size it is drawn at: wider, it ran past
            # the figure's edge and over the notes in the right margin.
            layout.wrap_in_axes(title, axes)
    style.date_axis(axes_list[-1], dates)
    figure.suptitle(TITLE, fontsize=style.TITLE_SIZE, color=style.INK)
    return figure
