"""A 100-visit course: every reading still drawn, with a bounded number of artists.

Drawing time grows with the number of artists (an artist per marker or segment made a long
chart take seconds), so counting them guards against a regression without timing anything.
"""

from datetime import date, timedelta

import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from charting.figures import style
from charting.figures.alignment import alignment_figure
from charting.figures.alignment_marks import WORDS_NOTES
from charting.figures.retention import (
    LABELLED_BARS,
    MAX_TICK_LABELS,
    retention_bars,
    retention_figure,
)
from charting.figures.symptoms import PainRating, RunningVolume, SymptomHistory, symptoms_figure
from charting.holds import VisitReadings, analyse_course
from charting.readings import Device, Phase, Reading

VISITS = 100
ARTISTS_PER_PANEL = 40


def long_course(visits: int = VISITS, words_every: int = 0) -> list[VisitReadings]:
    """Weekly visits. Asymmetry is corrected to 0.5 deg each time and drifts back 5.5 deg
    (lost: tolerance 3) into every 4th visit (i % 4 == 1), 0.5 deg otherwise; visits with
    i % 4 == 3 use another device. With `words_every`, rotation is recorded in words at
    every such visit."""
    course = []
    for i in range(visits):
        device = Device.INCLINOMETER if i % 4 == 3 else Device.PALM
        drift = 5.5 if i % 4 == 1 else 0.5
        words = words_every and i % words_every == 0
        rotation = {"rotation": "right" if i % 2 else "neutral"} if words else {}
        pre_rotation, post_rotation = (None, None) if words else (1.0 + drift / 2, 0.5)
        pre = Reading(Phase.PRE, device, "AB", 10.5 + drift, 10, pre_rotation, 0.5, **rotation)
        post = Reading(Phase.POST, device, "AB", 10.5, 10, post_rotation, 0.0, **rotation)
        course.append(VisitReadings(date(2024, 1, 1) + timedelta(days=7 * i), pre, post))
    return course


def artists(axes: Axes) -> int:
    """What the panel draws itself (lines, collections, patches, texts) plus its fixed parts
    (spines, axis objects, titles, background)."""
    return len(axes.get_children())


def marker_points(figure: Figure, gid: str) -> list[int]:
    """Marker count per panel for marker lines tagged `gid`."""
    return [
        sum(len(line.get_xdata()) for line in axes.get_lines() if line.get_gid() == gid)
        for axes in figure.axes
    ]


@pytest.mark.parametrize("words_every", [0, 3])
def test_long_alignment_draws_everything_with_few_artists(words_every: int) -> None:
    visits = long_course(words_every=words_every)
    drawn = alignment_figure(visits, analyse_course(visits))
    figure = drawn.figure
    for axes in figure.axes:
        assert artists(axes) < ARTISTS_PER_PANEL, [a.get_gid() for a in axes.get_children()]
        assert len(axes.texts) <= 3  # no note per marker
    counted = [
        sum(pair)
        for pair in zip(
            *(marker_points(figure, gid) for gid in ("pre", "post", "pre-words", "post-words")),
            strict=True,
        )
    ]
    assert counted == [2 * VISITS] * 3  # every reading is still a marker
    assert sum(counted) == len(drawn.hover_points)
    asymmetry = figure.axes[0]
    segments = sum(len(c.get_segments()) for c in asymmetry.collections if c.get_gid() == "lost")
    assert segments == 25  # every 4th interval drifted 5.5 degrees
    dashed = sum(
        len(c.get_segments())
        for c in asymmetry.collections
        if c.get_gid() == "held" and c.get_linestyle()[0][1] is not None
    )
    assert dashed == 49  # into the 25 visits with the other device and out of 24 (not the last)
    (bands,) = [c for c in asymmetry.collections if c.get_gid() == "band"]
    assert len(bands.get_paths()) == VISITS - 1
    (post,) = [line for line in asymmetry.get_lines() if line.get_gid() == "post"]
    assert 4 <= post.get_markersize() < 8  # smaller markers for a long course
    figure.draw_without_rendering()


def test_many_words_readings_label_each_category_once() -> None:
    visits = long_course(words_every=3)
    rotation = alignment_figure(visits, analyse_course(visits)).figure.axes[1]
    assert 2 * len(visits[::3]) > WORDS_NOTES
    assert not [t for t in rotation.texts if t.get_gid() == "words-note"]
    levels = {t.get_text(): t.xy[1] for t in rotation.texts if t.get_gid() == "words-level"}
    assert levels == {"neutral": 0.0, "turned right": 10.0}  # at 2 x the 5 degree tolerance
    for text in rotation.texts:
        assert to_hex(text.get_color()).upper() == style.QUALITATIVE


def test_long_retention_thins_labels() -> None:
    course = analyse_course(long_course())
    figure = retention_figure(course)
    axes, rate = figure.axes
    assert artists(axes) < ARTISTS_PER_PANEL and artists(rate) < ARTISTS_PER_PANEL
    assert VISITS - 1 > LABELLED_BARS
    assert not axes.texts  # no value label per bar
    measured = sum(b.retention_pct is not None for b in retention_bars(course))
    assert 20 < measured < VISITS - 1
    bars = [len(c.get_paths()) for c in axes.collections if c.get_gid() in ("held", "lost")]
    assert sum(bars) == measured
    marks = [line for line in axes.get_lines() if line.get_gid() == "no-bar"]
    assert sum(len(line.get_xdata()) for line in marks) == VISITS - 1 - measured
    figure.draw_without_rendering()
    labels = [t.get_text() for t in axes.get_xticklabels() if t.get_text()]
    assert 6 <= len(labels) <= MAX_TICK_LABELS
    assert labels[0] == "1–8 Jan 2024" and labels[-1].endswith("2025")  # thinned: with year
    (line,) = [line for line in axes.get_lines() if line.get_gid() == "hold-rate"]
    assert len(line.get_xdata()) == VISITS - 1


def test_long_retention_marks_intervals_without_a_bar() -> None:
    level = Reading(Phase.POST, Device.PALM, "AB", 10, 10, 0, 0)
    same = Reading(Phase.PRE, Device.PALM, "AB", 10, 10, 0, 0)
    visits = [
        VisitReadings(date(2024, 1, 1) + timedelta(days=7 * i), same, level) for i in range(40)
    ]
    figure = retention_figure(analyse_course(visits))
    axes = figure.axes[0]
    (marks,) = [line for line in axes.get_lines() if line.get_gid() == "no-bar"]
    assert len(marks.get_xdata()) == 39 and marks.get_markerfacecolor() == "white"
    assert to_hex(marks.get_markeredgecolor()).upper() == style.HELD
    assert not axes.texts
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert "n/a, held" in legend and "n/a, lost" not in legend


def test_long_symptoms_few_artists_small_markers() -> None:
    days = [date(2024, 1, 1) + timedelta(days=7 * i) for i in range(VISITS)]
    history = SymptomHistory(
        tuple(PainRating(d, "low back", "left", i % 10) for i, d in enumerate(days)),
        tuple(RunningVolume(d, 10 + i % 30) for i, d in enumerate(days)),
    )
    figure = symptoms_figure(history)
    for axes in figure.axes:
        assert artists(axes) < ARTISTS_PER_PANEL
        (line,) = [a for a in axes.get_lines() if isinstance(a, Line2D)]
        assert len(line.get_xdata()) == VISITS and line.get_markersize() < 7
    figure.draw_without_rendering()
    shown = [t.get_text() for t in figure.axes[-1].get_xticklabels() if t.get_text()]
    assert 3 <= len(shown) <= 10
    assert all(isinstance(t, Text) for t in figure.axes[-1].get_xticklabels())
