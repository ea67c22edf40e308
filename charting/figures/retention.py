"""Retention per interval: how much of each correction was still there at the next visit.

Bars: retention % per interval (mean over the numeric dimensions where it is defined, see
docs/clinical-model.md#retention), blue for held and hatched vermillion for lost. Line
(right axis): the running hold rate, held / assessable intervals so far. A long course (more
than LABELLED_BARS intervals) drops the value labels and labels every k-th interval only; an
interval with no bar is then a small hollow marker in its verdict's colour instead of words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from charting.figures import style
from charting.holds import CourseHold, IntervalHold, Verdict
from charting.vocabulary import VERDICT_TERMS

TITLE = "How much of each correction remained"
# An axes title, which the layout cannot shrink: wrapped to the axes' width at each size.
NOTE = (
    "Bars: share of the correction still present at the next visit, averaged over the "
    "dimensions measured.\nn/a: correction too small to measure, or recorded in words only."
)

HELD, LOST, NOT_ASSESSABLE = (
    VERDICT_TERMS[v].plain for v in (Verdict.HELD, Verdict.LOST, Verdict.NOT_ASSESSABLE)
)
# Under an interval with no bar (no retention to show): 'n/a' and its verdict; in the legend
# of a long course, where the words give way to a small marker, the same on one line.
VERDICT_WORDS = {
    Verdict.HELD: (f"n/a\n({HELD})", style.HELD),
    Verdict.LOST: (f"n/a\n({LOST})", style.LOST),
    Verdict.NOT_ASSESSABLE: (NOT_ASSESSABLE.replace(" ", "\n"), style.MUTED),
}
NO_BAR_LEGEND = {
    Verdict.HELD: f"n/a, {HELD}",
    Verdict.LOST: f"n/a, {LOST}",
    Verdict.NOT_ASSESSABLE: NOT_ASSESSABLE,
}
LABELLED_BARS = 24  # more bars than this: no value labels, they would only collide
MAX_TICK_LABELS = 12
MIN_VISIBLE_PCT = 0.8  # a 0% bar is drawn as a sliver at the baseline, not as nothing

# Value labels sit above the hold-rate line, on a white ground so the line never hides them.
LABEL: dict[str, Any] = {
    "fontsize": style.NOTE_SIZE,
    "zorder": 5,
    "bbox": {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},
}


@dataclass(frozen=True)
class RetentionBar:
    """One interval: its verdict, retention % (None when undefined) and the hold rate so far."""

    from_date: date
    to_date: date
    verdict: Verdict
    retention_pct: float | None
    hold_rate_pct: float | None


def interval_retention(interval: IntervalHold) -> float | None:
    """Mean retention over dimensions where it is defined, as a fraction; None if none is."""
    values = [d.retention for d in interval.dimensions if d.retention is not None]
    return sum(values) / len(values) if values else None


def retention_bars(course: CourseHold) -> tuple[RetentionBar, ...]:
    """Plain values for the retention figure, one per interval in date order."""
    bars, held, assessable = [], 0, 0
    for interval in course.intervals:
        if interval.verdict is not Verdict.NOT_ASSESSABLE:
            assessable += 1
            held += interval.verdict is Verdict.HELD
        retention = interval_retention(interval)
        bars.append(
            RetentionBar(
                interval.from_date,
                interval.to_date,
                interval.verdict,
                None if retention is None else 100 * retention,
                100 * held / assessable if assessable else None,
            )
        )
    return tuple(bars)


def interval_label(start: date, end: date) -> str:
    """'2–9 Mar', '23 Mar–6 Apr', '28 Dec 2025–4 Jan 2026'."""
    if start.year != end.year:
        return f"{start.day} {start:%b %Y}–{end.day} {end:%b %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%b}–{end.day} {end:%b}"
    return f"{start.day}–{end.day} {end:%b}"


def _bar_boxes(positions: list[int], values: list[float]) -> list[list[tuple[float, float]]]:
    return [
        [(x - 0.3, 0), (x + 0.3, 0), (x + 0.3, v), (x - 0.3, v)]
        for x, v in zip(positions, values, strict=True)
    ]


def _draw_bars(axes: Axes, bars: Sequence[RetentionBar], labelled: bool) -> list[str]:
    """One collection per verdict (held, hatched lost); value labels only when `labelled`.
    Returns the verdicts of intervals without a bar that were drawn as small markers."""
    heights: dict[bool, tuple[list[int], list[float]]] = {False: ([], []), True: ([], [])}
    undefined: dict[Verdict, list[int]] = {}
    for x, bar in enumerate(bars):
        if bar.retention_pct is None:
            if labelled:
                words, colour = VERDICT_WORDS[bar.verdict]
                axes.text(
                    x, 2, words, ha="center", va="bottom", color=colour, gid="no-bar", **LABEL
                )
            else:
                undefined.setdefault(bar.verdict, []).append(x)
            continue
        xs, values = heights[bar.verdict is Verdict.LOST]
        xs.append(x)
        values.append(max(bar.retention_pct, MIN_VISIBLE_PCT))
        if labelled:
            percent = f"{bar.retention_pct:.0f}%"
            axes.text(x, bar.retention_pct + 1.5, percent, ha="center", va="bottom", **LABEL)
    for lost, (xs, values) in heights.items():
        if not xs:
            continue
        colour = style.LOST if lost else style.HELD
        collection = PolyCollection(
            _bar_boxes(xs, values), facecolors=colour, edgecolors=colour, alpha=0.85,
            linewidths=1, hatch=style.LOST_HATCH if lost else None, zorder=2,
        )  # fmt: skip
        if lost:
            collection.set_hatchcolor("white")
        collection.set_gid("lost" if lost else "held")
        axes.add_collection(collection, autolim=False)
    for verdict, xs in undefined.items():
        colour = VERDICT_WORDS[verdict][1]
        axes.plot(xs, [3] * len(xs), ls="none", marker="o", ms=5, mfc="white", mec=colour,
                  mew=1.3, gid="no-bar", zorder=3)  # fmt: skip
    return [v.value for v in undefined]


def _interval_ticks(axes: Axes, bars: Sequence[RetentionBar]) -> None:
    """Every interval labelled when there are few; otherwise every k-th, at most
    MAX_TICK_LABELS, so dates stay legible."""
    step = -(-len(bars) // MAX_TICK_LABELS)
    shown = list(range(0, len(bars), step))
    labels = [interval_label(bars[x].from_date, bars[x].to_date) for x in shown]
    if step > 1 and bars[0].from_date.year != bars[-1].to_date.year:  # thinned: say the year
        labels = [
            label if label[-4:].isdigit() else f"{label} {bars[x].to_date.year}"
            for x, label in zip(shown, labels, strict=True)
        ]
    axes.set_xticks(shown, labels)
    # "23 Mar-2 Apr" is wide: from seven labels on they collide at print width unless slanted.
    if len(shown) > 6:
        for label in axes.get_xticklabels():
            label.set(rotation=40, ha="right", rotation_mode="anchor")


def retention_figure(course: CourseHold) -> Figure:
    """Retention bars per interval and the running hold rate on a right-hand axis."""
    bars = retention_bars(course)
    if not bars:
        return style.message_figure(style.SECOND_VISIT_MESSAGE, TITLE)
    figure = style.new_figure(min(11.0, max(6.5, 1.0 + 0.8 * len(bars))), 5.0)
    axes = figure.add_subplot()
    style.style_axes(axes)
    labelled = len(bars) <= LABELLED_BARS
    undefined = _draw_bars(axes, bars, labelled)
    _interval_ticks(axes, bars)
    axes.set_ylim(0, 112)
    axes.set_xlim(-0.6, len(bars) - 0.4)
    axes.set_ylabel("Correction remaining (%)", fontsize=style.LABEL_SIZE, color=style.INK)
    axes.set_xlabel("Interval between visits", fontsize=style.LABEL_SIZE, color=style.INK)
    # Both axes run 0-100%, so the line is drawn on the bar axes (under the value labels);
    # the right-hand axis only carries its scale and name.
    rates = [(x, b.hold_rate_pct) for x, b in enumerate(bars)]
    shown = [(x, r) for x, r in rates if r is not None]
    if shown:
        axes.plot(*zip(*shown, strict=True), color=style.INK, marker="s", ls=":",
                  ms=style.shrink(6.0, len(shown), 3.0), lw=style.shrink(1.8, len(shown), 1.2),
                  gid="hold-rate", clip_on=False, zorder=3)  # fmt: skip
    rate = axes.twinx()
    rate.tick_params(labelsize=style.TICK_SIZE, colors=style.INK)
    rate.spines["top"].set_visible(False)
    rate.set_ylim(axes.get_ylim())
    rate.set_ylabel("Hold rate so far (%)", fontsize=style.LABEL_SIZE, color=style.INK)
    figure.suptitle(TITLE, fontsize=style.TITLE_SIZE, color=style.INK)
    note = axes.set_title(NOTE, fontsize=style.NOTE_SIZE, color=style.MUTED, loc="left")
    style.layout_of(figure).wrap_in_axes(note, axes)
    handles: list[Patch | Line2D] = [
        Patch(color=style.HELD, alpha=0.85, label=VERDICT_TERMS[Verdict.HELD].label),
        Patch(
            color=style.LOST,
            alpha=0.85,
            hatch=style.LOST_HATCH,
            hatchcolor="white",
            label=VERDICT_TERMS[Verdict.LOST].label,
        ),
        Line2D([], [], color=style.INK, marker="s", ls=":", label="Hold rate so far"),
    ]
    for verdict in Verdict:
        if verdict.value in undefined:
            handles.append(
                Line2D([], [], ls="none", marker="o", mfc="white", mec=VERDICT_WORDS[verdict][1],
                       mew=1.3, label=NO_BAR_LEGEND[verdict])
            )  # fmt: skip
    style.figure_legend(figure, handles, min(3, len(handles)))
    return figure
