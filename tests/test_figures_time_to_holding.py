"""The time-to-holding figure: what each curve, tick, band and table number says."""

from __future__ import annotations

from io import BytesIO

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from charting.figures import style
from charting.figures.time_to_holding import (
    MAX_CURVES,
    NOTHING_TO_DRAW,
    VISITS,
    CurveGroup,
    legend_text,
    time_to_holding_figure,
    too_few_text,
)
from charting.survival import KaplanMeier, Observation, kaplan_meier

from .fits import figure_problems

SIX_MP = "6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+"
QUICK = "1 2 2 3 3+ 4 4 5 6+ 7 8 9+"  # twelve patients, most holding within two months


def curve_of(listing: str) -> KaplanMeier:
    return kaplan_meier(
        Observation(float(t.rstrip("+")), not t.endswith("+")) for t in listing.split()
    )


BRIDGE = CurveGroup("Glute bridge", curve_of(QUICK))
PATTERN = CurveGroup("Right innominate anterior with right rotation", curve_of(SIX_MP))
FEW = CurveGroup("Piriformis stretch", curve_of("2 3 5+"))


def drawn(figure: Figure) -> Figure:
    """The figure drawn by Agg to PNG (so layout and text wrapping have run)."""
    FigureCanvasAgg(figure)
    figure.savefig(BytesIO(), format="png")
    return figure


def plot_axes(figure: Figure) -> Axes:
    return figure.axes[0]


def curves(figure: Figure) -> list[Line2D]:
    return [line for line in plot_axes(figure).get_lines() if line.get_gid() == "curve"]


def at_risk_rows(figure: Figure) -> list[list[tuple[float, str]]]:
    """The table's numbers, (x, text) per row, top row first."""
    table = figure.axes[1]
    found = [t for t in table.texts if t.get_gid() == "at-risk"]
    rows: dict[float, list[tuple[float, str]]] = {}
    for text in found:
        x, row = text.get_position()
        rows.setdefault(row, []).append((x, text.get_text()))
    return [sorted(rows[row]) for row in sorted(rows)]


def xs(line: Line2D) -> list[float]:
    return [float(x) for x in np.asarray(line.get_xdata(), dtype=float)]


def ys(line: Line2D) -> list[float]:
    return [float(y) for y in np.asarray(line.get_ydata(), dtype=float)]


def label(line: Line2D) -> str:
    return str(line.get_label())


def note_text(figure: Figure) -> str:
    return " ".join(t.get_text() for t in figure.findobj(Text) if t.get_gid() == "note")


def test_two_groups_draw_two_step_curves_of_the_estimate() -> None:
    figure = drawn(time_to_holding_figure([BRIDGE, PATTERN], "Time to holding"))
    lines = curves(figure)
    assert len(lines) == 2
    # The larger group first; each curve starts at 100 % at week 0, then one value a step.
    for line, group in zip(lines, [PATTERN, BRIDGE], strict=True):
        assert line.get_drawstyle() == "steps-post"
        assert xs(line) == [0.0] + [s.time for s in group.curve.steps]
        assert ys(line) == [1.0] + [s.survival for s in group.curve.steps]
    assert ys(lines[0])[-1] == pytest.approx(0.448, abs=5e-4)
    assert lines[0].get_color() == style.SERIES[0]
    assert lines[1].get_color() == style.SERIES[1]
    assert label(lines[0]) == legend_text(PATTERN)
    assert "(n=21, median 23 wk [13–not reached])" in label(lines[0])
    # Two curves: both get their band; censoring ticks where patients were still correcting.
    assert len([c for c in plot_axes(figure).collections if c.get_gid() == "band"]) == 2
    ticks = [line for line in plot_axes(figure).get_lines() if line.get_gid() == "censored"]
    assert xs(ticks[0]) == [6, 9, 10, 11, 17, 19, 20, 25, 32, 34, 35]
    assert figure_problems(figure) == []


def test_number_at_risk_table() -> None:
    figure = drawn(time_to_holding_figure([BRIDGE, PATTERN], "Time to holding"))
    ticks = list(plot_axes(figure).get_xticks())
    pattern_row, bridge_row = at_risk_rows(figure)
    assert [x for x, _ in pattern_row] == ticks
    assert pattern_row[0] == (0, "21")
    assert bridge_row[0] == (0, "12")
    # At 10 weeks: 15 of the 6-MP patients still followed (times 10 and later); none of the
    # quick group (all seen for the last time by week 9).
    assert 10 in ticks
    assert dict(pattern_row)[10] == "15"
    assert dict(bridge_row)[10] == "0"
    assert [name.get_text() for name in figure.axes[1].get_yticklabels()] == [
        "Right innominate anterior…",
        "Glute bridge",
    ]


def test_too_few_is_named_in_the_note_not_drawn() -> None:
    figure = drawn(time_to_holding_figure([FEW, BRIDGE, PATTERN], "Time to holding"))
    assert len(curves(figure)) == 2
    labels = [label(line) for line in curves(figure)]
    assert not any("Piriformis" in label for label in labels)
    assert "Too few patients to draw: Piriformis stretch (n=3)." in note_text(figure)
    assert figure_problems(figure) == []


def test_too_few_text_says_when_holding_was_rare() -> None:
    rare = CurveGroup("Dead bug", curve_of("4 6 " + "9+ " * 12))
    assert too_few_text(FEW) == "Piriformis stretch (n=3)"
    assert too_few_text(rare) == "Dead bug (n=14, 2 reached holding)"


def test_nothing_to_draw_says_so() -> None:
    figure = drawn(time_to_holding_figure([FEW], "Time to holding"))
    messages = [t.get_text() for t in figure.findobj(Text) if t.get_gid() == "message"]
    assert messages == [NOTHING_TO_DRAW.format(n=3)]
    assert messages[0] == "Too few patients reached holding yet to draw a curve (n=3)."
    assert not any(isinstance(a, Line2D) and a.get_gid() == "curve" for a in figure.findobj())
    drawn(time_to_holding_figure([], "Time to holding"))  # no group at all: the message too


def test_at_most_six_curves_largest_first_no_bands() -> None:
    groups = [CurveGroup(f"Exercise {i}", curve_of(QUICK + " 9+" * i)) for i in range(8)]
    figure = drawn(time_to_holding_figure(groups, "Time to holding"))
    assert len(curves(figure)) == MAX_CURVES
    assert label(curves(figure)[0]).startswith("Exercise 7 (n=19")
    note = note_text(figure)
    assert "Exercise 0 (n=12)" in note and "Exercise 1 (n=13)" in note
    assert "Exercise 2 (n=14)" not in note
    assert not [c for c in plot_axes(figure).collections if c.get_gid() == "band"]
    assert figure_problems(figure) == []


def test_median_not_reached_and_visits() -> None:
    slow = CurveGroup("Clamshell", curve_of("2 3 4 " + "8+ " * 9))
    assert legend_text(slow) == "Clamshell (n=12, median not reached)"
    assert legend_text(BRIDGE, VISITS).startswith("Glute bridge (n=12, median 4 visits [")
    figure = drawn(time_to_holding_figure([slow], "Time to holding", axis=VISITS))
    assert plot_axes(figure).get_xlabel() == VISITS.label


@pytest.mark.parametrize(("width_in", "height_in"), [(5.5, 4.5), (8.0, 5.5), (11.0, 7.0)])
def test_no_text_overlaps_at_any_size(width_in: float, height_in: float) -> None:
    groups = [FEW, BRIDGE, PATTERN] + [
        CurveGroup(f"Exercise {i}", curve_of(QUICK + " 9+" * i)) for i in range(6)
    ]
    for shown in (groups[:3], groups):
        figure = time_to_holding_figure(shown, "Time to holding", width_in=width_in,
                                        height_in=height_in)  # fmt: skip
        assert figure_problems(drawn(figure)) == []
