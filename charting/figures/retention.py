"""Retention per interval: how much of each correction was still there at the next visit.

Bars: retention % per interval (mean over the numeric dimensions where it is defined, see
DOMAIN.md), blue for held and hatched vermillion for lost. Line (right axis): the running
hold rate, held / assessable intervals so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from charting.figures import style
from charting.holds import CourseHold, IntervalHold, Verdict

TITLE = "How much of each correction remained"
NOTE = (
    "Bars: share of the correction still present at the next visit (mean of the measured "
    "dimensions). n/a: correction too small to measure, or recorded in words only."
)

VERDICT_WORDS = {
    Verdict.HELD: ("n/a\n(held)", style.HELD),
    Verdict.LOST: ("n/a\n(lost)", style.LOST),
    Verdict.NOT_ASSESSABLE: ("not\nassessable", style.MUTED),
}

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


def retention_figure(course: CourseHold) -> Figure:
    """Retention bars per interval and the running hold rate on a right-hand axis."""
    bars = retention_bars(course)
    if not bars:
        return style.message_figure(style.SECOND_VISIT_MESSAGE, TITLE)
    figure = style.new_figure(min(11.0, max(6.5, 1.0 + 0.8 * len(bars))), 5.0)
    axes = figure.add_subplot()
    style.style_axes(axes)
    positions = list(range(len(bars)))
    for x, bar in zip(positions, bars, strict=True):
        if bar.retention_pct is None:
            words, colour = VERDICT_WORDS[bar.verdict]
            axes.text(x, 2, words, ha="center", va="bottom", color=colour, gid="no-bar", **LABEL)
            continue
        lost = bar.verdict is Verdict.LOST
        colour = style.LOST if lost else style.HELD
        axes.bar(
            x, bar.retention_pct, width=0.6, color=colour, alpha=0.85, edgecolor=colour,
            hatch=style.LOST_HATCH if lost else None, hatchcolor="white",
            gid="lost" if lost else "held",
        )  # fmt: skip
        percent = f"{bar.retention_pct:.0f}%"
        axes.text(x, bar.retention_pct + 1.5, percent, ha="center", va="bottom", **LABEL)
    axes.set_xticks(positions, [interval_label(b.from_date, b.to_date) for b in bars])
    if len(bars) > 8:
        for label in axes.get_xticklabels():
            label.set(rotation=40, ha="right", rotation_mode="anchor")
    axes.set_ylim(0, 112)
    axes.set_xlim(-0.6, len(bars) - 0.4)
    axes.set_ylabel("Correction remaining (%)", fontsize=style.LABEL_SIZE, color=style.INK)
    axes.set_xlabel("Interval between visits", fontsize=style.LABEL_SIZE, color=style.INK)
    # Both axes run 0-100%, so the line is drawn on the bar axes (under the value labels);
    # the right-hand axis only carries its scale and name.
    rates = [(x, b.hold_rate_pct) for x, b in zip(positions, bars, strict=True)]
    shown = [(x, r) for x, r in rates if r is not None]
    if shown:
        axes.plot(*zip(*shown, strict=True), color=style.INK, marker="s", ms=6, lw=1.8,
                  ls=":", gid="hold-rate", clip_on=False, zorder=3)  # fmt: skip
    rate = axes.twinx()
    rate.tick_params(labelsize=style.TICK_SIZE, colors=style.INK)
    rate.spines["top"].set_visible(False)
    rate.set_ylim(axes.get_ylim())
    rate.set_ylabel("Hold rate so far (%)", fontsize=style.LABEL_SIZE, color=style.INK)
    figure.suptitle(TITLE, fontsize=style.TITLE_SIZE, color=style.INK)
    axes.set_title(NOTE, fontsize=style.NOTE_SIZE, color=style.MUTED, loc="left", wrap=True)
    handles = [
        Patch(color=style.HELD, alpha=0.85, label="Held"),
        Patch(
            color=style.LOST, alpha=0.85, hatch=style.LOST_HATCH, hatchcolor="white", label="Lost"
        ),
        Line2D([], [], color=style.INK, marker="s", ls=":", label="Hold rate so far"),
    ]
    figure.legend(handles=handles, loc="outside lower center", ncols=3,
                  fontsize=style.NOTE_SIZE, frameon=False)  # fmt: skip
    return figure
