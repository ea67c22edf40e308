"""The Graphs tab's figures at every size the tab gives them, from a 1024×700 window to
2560×1440, at device pixel ratio 1 and 2: each text inside the figure, none over another.

The content is the longest the figures get: every legend entry of the alignment figure
(words, another device), four outcome measures with their sentences, long region names, and
retention intervals without a bar.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from charting.figures.alignment import alignment_figure
from charting.figures.retention import retention_figure
from charting.figures.symptoms import (
    DatedScore,
    PainRating,
    RunningVolume,
    SymptomHistory,
    symptom_panels,
    symptoms_figure,
)
from charting.holds import VisitReadings, analyse_course
from charting.outcomes import Measure, Score, score_lefs, score_psfs, score_roland_morris
from charting.readings import Device, Phase, Reading
from ui.graphs_tab import min_height

from .fits import figure_problems

# (width, height) in logical pixels of the Graphs tab's canvas: a 1024×700 window with the
# patient list at its widest default, the same window with a narrow list, 1440×900 and
# 2560×1440 (measured on the running app). Below `min_height` the canvas scrolls instead.
SIZES = [(540, 480), (700, 480), (960, 700), (2090, 1240)]
DAYS = [date(2026, 3, 2) + timedelta(days=7 * i) for i in range(8)]


def reading(phase: Phase, left: float, rotation: float, device: Device = Device.PALM) -> Reading:
    return Reading(phase, device, "AB", left, 10, rotation, 0.5)


def every_kind_of_visit() -> list[VisitReadings]:
    """Held, lost, another device, and rotation recorded in words: every legend entry."""
    visits = []
    for i, day in enumerate(DAYS):
        device = Device.INCLINOMETER if i == 3 else Device.PALM
        drift = 6.0 if i % 3 == 1 else 0.5
        pre, post = reading(Phase.PRE, 10 + drift, 4, device), reading(Phase.POST, 10, 0.5, device)
        if i == 5:
            pre = Reading(Phase.PRE, device, "AB", 12, 10, rotation="right", obliquity_deg=1)
            post = Reading(Phase.POST, device, "AB", 10, 10, rotation="neutral", obliquity_deg=0)
        visits.append(VisitReadings(day, pre, post))
    return visits


def long_history() -> SymptomHistory:
    regions = [("buttock / sciatic", "right"), ("low back", "left"), ("hip", "both")]
    pain = tuple(
        PainRating(day, region, side, max(0, 8 - i - j))
        for i, day in enumerate(DAYS)
        for j, (region, side) in enumerate(regions)
    )
    running = tuple(RunningVolume(day, 10 + 5 * i) for i, day in enumerate(DAYS))
    outcomes = []
    for i, day in enumerate(DAYS[::3]):
        outcomes += [
            DatedScore(day, score_lefs([2 + i] * 20)),
            DatedScore(day, score_psfs([("running uphill", 3 + i), ("stairs", 4), ("sit", 5)])),
            DatedScore(day, score_roland_morris([True] * (12 - 3 * i) + [False] * (12 + 3 * i))),
            DatedScore(day, Score(Measure.GRC, 2 + i, "")),
        ]
    return SymptomHistory(pain, running, tuple(outcomes))


def drawn(figure: Figure, width: int, height: int, ratio: int) -> Figure:
    """As the canvas draws it: the figure's dpi times the pixel ratio, at the logical size."""
    base = figure.dpi
    figure.set_dpi(base * ratio)
    figure.set_size_inches(width / base, height / base)
    FigureCanvasAgg(figure).draw()
    return figure


def figures() -> dict[str, Figure]:
    visits = every_kind_of_visit()
    course = analyse_course(visits)
    return {
        "alignment": alignment_figure(visits, course).figure,
        "retention": retention_figure(course),
        "symptoms": symptoms_figure(long_history()),
    }


def test_the_alignment_figure_shows_every_legend_entry() -> None:
    legend = figures()["alignment"].legends[0]
    assert len(legend.get_texts()) == 7


@pytest.mark.parametrize("ratio", [1, 2])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("kind", ["alignment", "retention", "symptoms"])
def test_no_text_is_cut_or_overlaps(kind: str, size: tuple[int, int], ratio: int) -> None:
    width, height = size
    height = max(height, min_height(kind, symptom_panels(long_history())))
    figure = drawn(figures()[kind], width, height, ratio)
    assert figure_problems(figure) == []


@pytest.mark.parametrize("kind", ["alignment", "retention", "symptoms"])
def test_a_resize_redoes_the_layout_only_when_a_wrapped_text_needs_more_room(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One constrained-layout pass per draw while a window is dragged wider; another only
    when a text wrapped to its panel takes another number of lines (every line-break change
    once cost a second full pass, and a size change a third)."""
    passes = []
    one_pass = ConstrainedLayoutEngine.execute

    def counted(engine: ConstrainedLayoutEngine, figure: Figure) -> None:
        passes.append(figure)
        one_pass(engine, figure)

    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", counted)
    figure = figures()[kind]
    canvas = FigureCanvasAgg(figure)
    height = max(480, min_height(kind, symptom_panels(long_history())))
    widths = range(540, 1000, 20)
    for width in widths:
        figure.set_size_inches(width / figure.dpi, height / figure.dpi)
        canvas.draw()
    assert len(passes) < 1.5 * len(widths)
