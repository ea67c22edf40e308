"""Time to holding: one Kaplan–Meier curve per group (a hypothesis pattern, an exercise) of
the share of patients still correcting, against the time since their first visit.

A curve falls each time a patient's corrections start holding; a patient still correcting
when last seen is a small upright tick, and stays in the curve until then (charting/
survival.py). The numbers at risk under the plot say how many patients each stretch of a
curve still rests on: its right end is often a handful, and reads surer than it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator, PercentFormatter
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from charting.figures import style
from charting.survival import MIN_EVENTS, MIN_PATIENTS, KaplanMeier, too_few

MAX_CURVES = 6  # more curves cross each other too often to be told apart
# Bands only while at most this many curves are drawn: a third pale band overlaps the other
# two, the tints mix into colours that belong to no group, and the curves are lost in them.
MAX_BANDS = 2
BAND_ALPHA = 0.15
ROW_LABEL_CHARS = 26  # a number-at-risk row is named in short; the legend has the whole label
TABLE_ROW_IN = 0.2  # inches per row of the number-at-risk table
AROUND_IN = 2.2  # about what the title, x axis, note and legend take of the figure's height
EXTRA_CURVE_IN = 0.45  # a table row and a legend line, added for each curve past two
ROW_NAME_PAD, ROW_MARKER_AT = 24, 15  # points left of the table's edge
MARKER_SPACING = 0.15  # of the axes' diagonal, between two markers of a curve
NOTHING_TO_DRAW = "Too few patients reached holding yet to draw a curve (n={n})."


@dataclass(frozen=True)
class TimeAxis:
    """What the time of a curve counts: the x axis label and its short unit."""

    label: str
    unit: str


WEEKS = TimeAxis("Weeks since the first visit", "wk")
VISITS = TimeAxis("Visits after the first", "visits")


@dataclass(frozen=True)
class CurveGroup:
    """One curve: the pattern or exercise it is for, and its estimate."""

    label: str
    curve: KaplanMeier


def too_few_text(group: CurveGroup) -> str:
    """'Piriformis stretch (n=3)'; when the patients are enough but holding was rare,
    'Bridge (n=14, 2 reached holding)', so the count does not look like enough."""
    curve = group.curve
    rare = curve.n >= MIN_PATIENTS and curve.events < MIN_EVENTS
    return f"{group.label} (n={curve.n}{f', {curve.events} reached holding' if rare else ''})"


def legend_text(group: CurveGroup, axis: TimeAxis = WEEKS) -> str:
    """'Bridge (n=24, median 6 wk [4–9])'; 'median not reached' while fewer than half held."""
    curve = group.curve
    if curve.median is None:
        return f"{group.label} (n={curve.n}, median not reached)"
    low, high = (_number(t) if t is not None else "not reached" for t in curve.median_ci)
    return f"{group.label} (n={curve.n}, median {_number(curve.median)} {axis.unit} [{low}–{high}])"


def time_to_holding_figure(
    groups: Sequence[CurveGroup],
    title: str,
    *,
    width_in: float = 8.0,
    height_in: float = 5.5,
    axis: TimeAxis = WEEKS,
) -> Figure:
    """The curves of the groups with enough patients (the MAX_CURVES largest), a number-at-
    risk table under them, and a note naming every group left out and why."""
    drawable = [group for group in groups if not too_few(group.curve)]
    if not drawable:
        total = sum(group.curve.n for group in groups)
        return style.message_figure(NOTHING_TO_DRAW.format(n=total), title, width_in, height_in)
    drawn = sorted(drawable, key=lambda group: -group.curve.n)[:MAX_CURVES]  # stable: ties
    # Each curve past two adds a table row and a legend line: the figure grows by them, so
    # the plot keeps the height it has with two curves.
    height_in += EXTRA_CURVE_IN * max(len(drawn) - 2, 0)
    figure = style.new_figure(width_in, height_in)
    figure.suptitle(title, fontsize=style.TITLE_SIZE, color=style.INK)
    table_in = TABLE_ROW_IN * (len(drawn) + 1.5)  # the rows and the table's title
    plot_in = max(height_in - AROUND_IN - table_in, 1.0)
    grid = figure.add_gridspec(2, 1, height_ratios=[plot_in, table_in])
    axes = figure.add_subplot(grid[0])
    table = figure.add_subplot(grid[1], sharex=axes)
    ticks = _time_ticks(axes, drawn, axis)
    bands = len(drawn) <= MAX_BANDS
    handles: list[Artist] = []
    for index, group in enumerate(drawn):
        handles.append(_draw_curve(axes, group, index, bands, axis))
    handles.append(Line2D([], [], color=style.MUTED, marker="|", linestyle="none",
                          markersize=8, label="Still correcting when last seen"))  # fmt: skip
    if bands:
        handles.append(Patch(color=style.MUTED, alpha=BAND_ALPHA * 2, label="95% confidence band"))
    _number_at_risk(table, drawn, ticks)
    style.figure_legend(figure, handles, 1 if len(drawn) > 2 else 2)
    note = _note(groups, drawable, drawn, bands)
    if note:
        # The table's x label: the layout makes room for it above the legend, which a figure
        # text (supxlabel) would overlap. It is wrapped to the table's width as measured, and
        # Agg draws a line a few % wider than that: anchored right (lines still flush left),
        # the excess runs under the row names, not off the figure's right edge.
        text = table.set_xlabel(note, loc="right", fontsize=style.NOTE_SIZE, color=style.MUTED)
        text.set_multialignment("left")
        text.set_gid("note")
        style.layout_of(figure).wrap_in_axes(text, table)
    return figure


def _draw_curve(axes: Axes, group: CurveGroup, index: int, band: bool, axis: TimeAxis) -> Line2D:
    """The step curve, its censoring ticks and (if `band`) its 95 % band; the legend handle."""
    steps, colour = group.curve.steps, style.SERIES[index]
    times = [0.0] + [step.time for step in steps]
    shares = [1.0] + [step.survival for step in steps]
    # Markers a fixed distance apart along the line, each curve's shifted, so curves differ
    # in greyscale too; one on every fall would crowd a large group's curve.
    spacing = (MARKER_SPACING * index / MAX_CURVES, MARKER_SPACING)
    (line,) = axes.plot(
        times, shares, drawstyle="steps-post", color=colour, linewidth=2, zorder=3,
        marker=style.MARKERS[index], markersize=6, markevery=spacing,
        label=legend_text(group, axis), gid="curve",
    )  # fmt: skip
    cut = [(step.time, step.survival) for step in steps if step.censored]
    axes.plot(
        [t for t, _ in cut], [s for _, s in cut], linestyle="none", marker="|", markersize=8,
        markeredgewidth=1.5, color=colour, zorder=4, gid="censored",
    )  # fmt: skip
    if band:
        # Where the band is undefined (nobody held yet, or everybody has) it is the curve.
        low = [1.0] + [s.survival if s.lower is None else s.lower for s in steps]
        high = [1.0] + [s.survival if s.upper is None else s.upper for s in steps]
        axes.fill_between(times, low, high, step="post", color=colour, alpha=BAND_ALPHA,
                          linewidth=0, zorder=2, gid="band")  # fmt: skip
    return line


def _time_ticks(axes: Axes, drawn: Sequence[CurveGroup], axis: TimeAxis) -> list[float]:
    """Whole-number ticks from 0 past the last time seen, which are the table's columns too;
    the plot's axes are set up around them."""
    last = max(step.time for group in drawn for step in group.curve.steps)
    right = max(last * 1.04, 1.0)
    found = MaxNLocator(nbins=8, integer=True, steps=[1, 2, 4, 5, 10]).tick_values(0, right)
    ticks = [float(t) for t in found if 0 <= t <= right]
    style.style_axes(axes)
    axes.set_xlim(0, right)
    axes.xaxis.set_major_locator(FixedLocator(ticks))
    axes.set_xlabel(axis.label, fontsize=style.LABEL_SIZE, color=style.INK)
    axes.set_ylim(0, 1.03)  # a curve at 100 % is not cut in half by the top edge
    axes.yaxis.set_major_locator(FixedLocator([0, 0.25, 0.5, 0.75, 1]))
    axes.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    style.side_label(axes, "Still correcting")
    axes.axhline(0.5, color=style.BAND, linewidth=1, linestyle=":", zorder=1)  # the median
    return ticks


def _number_at_risk(table: Axes, drawn: Sequence[CurveGroup], ticks: Sequence[float]) -> None:
    """One row per drawn curve: how many of its patients are still followed at each tick."""
    for spine in table.spines.values():
        spine.set_visible(False)
    # The numbers at 0 are centred on the left edge; each row's marker sits left of them and
    # its name left of the marker (in ink: a yellow or sky-blue name is hard to read).
    table.tick_params(bottom=False, labelbottom=False, left=False, labelsize=style.TICK_SIZE,
                      labelcolor=style.INK, pad=ROW_NAME_PAD)  # fmt: skip
    table.grid(False)
    table.set_ylim(len(drawn) - 0.5, -0.5)
    table.set_yticks(range(len(drawn)), [_short(group.label) for group in drawn])
    figure = table.get_figure(root=True)
    assert isinstance(figure, Figure)
    shift = ScaledTranslation(-ROW_MARKER_AT / 72, 0, figure.dpi_scale_trans)  # 72 pt an inch
    left_of_edge = blended_transform_factory(table.transAxes, table.transData) + shift
    for row, group in enumerate(drawn):
        table.plot([0], [row], transform=left_of_edge, clip_on=False, linestyle="none",
                   marker=style.MARKERS[row], markersize=6, color=style.SERIES[row],
                   gid="row-marker")  # fmt: skip
        for tick in ticks:
            table.text(tick, row, str(group.curve.at_risk_at(tick)), ha="center", va="center",
                       fontsize=style.TICK_SIZE, color=style.INK, gid="at-risk")  # fmt: skip
    table.set_title("Number at risk", loc="left", fontsize=style.NOTE_SIZE, color=style.MUTED)


def _note(
    groups: Sequence[CurveGroup],
    drawable: Sequence[CurveGroup],
    drawn: Sequence[CurveGroup],
    bands: bool,
) -> str:
    """The sentences under the plot naming each group that has no curve, and why."""
    few = [too_few_text(group) for group in groups if too_few(group.curve)]
    shown = {id(group) for group in drawn}
    crowded = [too_few_text(group) for group in drawable if id(group) not in shown]
    parts = []
    if few:
        parts.append(f"Too few patients to draw: {', '.join(few)}.")
    if crowded:
        parts.append(f"Not drawn (only the {MAX_CURVES} largest groups are): "
                     f"{', '.join(crowded)}.")  # fmt: skip
    if not bands:
        parts.append(
            f"95% bands are left out above {MAX_BANDS} curves: they would hide each other."
        )
    return "\n".join(parts)


def _short(label: str) -> str:
    return label if len(label) <= ROW_LABEL_CHARS else label[: ROW_LABEL_CHARS - 1] + "…"


def _number(value: float) -> str:
    """23, 6.5: a time as the legend gives it, to a tenth at most."""
    return f"{round(value, 1):g}"
