"""The alignment figure is laid out once per size and text room: drawn again (a repaint,
another patient whose labels take the same room) it is placed from memory, without the
layout engine, and looks as a freshly laid out figure does."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from matplotlib import layout_engine
from matplotlib.backends.backend_agg import FigureCanvasAgg

from charting.figures.alignment import AlignmentPlot
from tests.test_figure_reuse import course_of


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the runs of matplotlib's constrained layout (the real one runs)."""
    runs: list[int] = []
    real = layout_engine.do_constrained_layout

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(layout_engine, "do_constrained_layout", counted)
    return runs


def drawn(plot: AlignmentPlot, size: tuple[float, float]) -> np.ndarray:
    plot.figure.set_size_inches(*size)
    canvas = FigureCanvasAgg(plot.figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def test_a_redraw_at_the_same_size_does_not_run_the_layout_engine(layouts: list[int]) -> None:
    course = course_of(100)
    plot = AlignmentPlot()
    plot.show(course.readings, course.course)
    first = drawn(plot, (10, 7))
    assert len(layouts) >= 1
    before = len(layouts)
    plot.show(course.readings, course.course)  # the same patient opened again
    again = drawn(plot, (10, 7))
    drawn(plot, (10, 7))  # a repaint
    assert len(layouts) == before
    assert np.array_equal(first, again)


def test_another_size_is_laid_out_and_remembered_too(layouts: list[int]) -> None:
    """A window resized back and forth: each size is laid out, then remembered."""
    course = course_of(30)
    plot = AlignmentPlot()
    plot.show(course.readings, course.course)
    drawn(plot, (10, 7))
    runs = len(layouts)
    drawn(plot, (6, 4.2))
    assert len(layouts) > runs  # a new size needs the layout
    wide, narrow = drawn(plot, (10, 7)), drawn(plot, (6, 4.2))
    runs = len(layouts)
    assert np.array_equal(drawn(plot, (10, 7)), wide)
    assert np.array_equal(drawn(plot, (6, 4.2)), narrow)
    assert len(layouts) == runs


def test_labels_that_need_more_room_are_laid_out_again(layouts: list[int]) -> None:
    """A course whose tick labels or legend take other room is never put in the boxes laid
    out for another: its labels would be cut or run into the panel."""
    long, short = course_of(100), course_of(6, words_every=2)
    plot = AlignmentPlot()
    plot.show(long.readings, long.course)
    drawn(plot, (10, 7))
    runs = len(layouts)
    plot.show(short.readings, short.course)  # other dates, a legend with other entries
    drawn(plot, (10, 7))
    assert len(layouts) > runs
    fresh = AlignmentPlot()
    fresh.show(short.readings, short.course)
    boxes = [a.get_position().bounds for a in plot.axes]
    drawn(fresh, (10, 7))
    assert np.allclose(boxes, [a.get_position().bounds for a in fresh.axes], atol=2e-3)
