"""Switching patients redraws the alignment figure the chart already has, instead of
building one: only the marks change, the picture is the one a new figure would give, and a
figure still on screen is never drawn into."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import AutoLocator, ScalarFormatter

from charting.figures.alignment import AlignmentPlot, alignment_figure
from charting.figures.pelvis import pelvis_figure
from charting.figures.symptoms import SymptomHistory
from charting.holds import analyse_course
from charting.readings import Reading
from charting.tolerances import DEFAULT_TOLERANCES
from models.services.holds import PatientCourse
from tests.test_figures_long import long_course
from ui.figure_canvas import PixelSize, RenderedFigure
from ui.graphs_tab import GraphRenderer, render_figure

SIZE = PixelSize(900, 640)
PRE = Reading("pre", "palm", "BM", 16.0, 9.0, 6.0, 1.0)
POST = Reading("post", "palm", "BM", 11.0, 10.0, 1.0, 0.0)


def course_of(visits: int, words_every: int = 0) -> PatientCourse:
    readings = tuple(long_course(visits, words_every))
    return PatientCourse((), readings, analyse_course(readings, DEFAULT_TOLERANCES))


def pixels(figure: Figure) -> np.ndarray:
    figure.set_size_inches(9, 6.4)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def shown_pixels(rendered: RenderedFigure) -> np.ndarray:
    return np.asarray(rendered.renderer.buffer_rgba()).copy()


def render(renderer: GraphRenderer, course: PatientCourse) -> RenderedFigure:
    return renderer.render("alignment", course, SymptomHistory(), DEFAULT_TOLERANCES, SIZE)


def test_a_plot_drawn_again_is_the_picture_a_new_figure_gives() -> None:
    long, short = course_of(100), course_of(6, words_every=2)
    plot = AlignmentPlot()
    plot.show(long.readings, long.course)
    plot.show(short.readings, short.course)  # the long course's marks and legend go
    fresh = alignment_figure(short.readings, short.course).figure
    assert np.array_equal(pixels(plot.figure), pixels(fresh))
    hover = plot.show(long.readings, long.course)
    assert hover == alignment_figure(long.readings, long.course).hover_points
    assert np.array_equal(pixels(plot.figure), pixels(alignment_figure(*_of(long)).figure))


def _of(course: PatientCourse) -> tuple[object, ...]:
    return course.readings, course.course


def test_the_chart_reuses_its_alignment_figure_from_patient_to_patient() -> None:
    renderer = GraphRenderer()
    first = render(renderer, course_of(20))
    first.release()  # the canvas moved on to another figure
    second = render(renderer, course_of(100))
    assert second.figure is first.figure  # drawn again, not built again
    fresh = render_figure("alignment", course_of(100), SymptomHistory(), DEFAULT_TOLERANCES, SIZE)
    assert np.array_equal(shown_pixels(second), shown_pixels(fresh))


def test_a_figure_on_screen_is_never_drawn_into() -> None:
    renderer = GraphRenderer()
    shown = render(renderer, course_of(20))
    before = shown_pixels(shown)
    other = render(renderer, course_of(100))  # while the first is still shown
    assert other.figure is not shown.figure
    assert np.array_equal(shown_pixels(shown), before)
    shown.release()
    shown.release()  # released twice (a stale result, then replaced): lent out once only
    assert render(renderer, course_of(8)).figure is shown.figure
    assert render(renderer, course_of(8)).figure not in (shown.figure, other.figure)


def test_a_failed_draw_gives_its_figure_back(monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.graphs_tab

    made: list[AlignmentPlot] = []

    def counted() -> AlignmentPlot:
        made.append(AlignmentPlot())
        return made[-1]

    monkeypatch.setattr(ui.graphs_tab, "AlignmentPlot", counted)
    renderer = GraphRenderer()
    broken = PatientCourse((), course_of(20).readings, course_of(30).course)  # not its own
    with pytest.raises(ValueError, match="does not belong"):
        render(renderer, broken)
    assert render(renderer, course_of(20)).figure is made[0].figure  # given back, lent again
    assert len(made) == 1


def test_y_ticks_are_worked_out_once_per_view_not_once_per_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    figure = alignment_figure(*_of(course_of(100))).figure
    pixels(figure)
    labels = [[t.get_text() for t in axes.get_yticklabels()] for axes in figure.axes]
    asked: list[object] = []
    original = AutoLocator.tick_values
    monkeypatch.setattr(
        AutoLocator, "tick_values", lambda self, *a: asked.append(a) or original(self, *a)
    )
    FigureCanvasAgg(figure).draw()  # the same view at the same size: nothing worked out anew
    assert asked == []
    for axes in figure.axes:  # what matplotlib's own ticks would have said
        axes.yaxis.set_major_locator(AutoLocator())
        axes.yaxis.set_major_formatter(ScalarFormatter())
    FigureCanvasAgg(figure).draw()
    assert [[t.get_text() for t in axes.get_yticklabels()] for axes in figure.axes] == labels
    assert asked  # the plain locator is asked again at every draw


def test_panels_without_axes_have_no_axis_to_measure() -> None:
    figure = pelvis_figure(PRE, POST)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    for axes in figure.axes:
        assert axes.yaxis.get_tightbbox(canvas.get_renderer()) is None
        assert axes.xaxis.get_tightbbox(canvas.get_renderer()) is None
