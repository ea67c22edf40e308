"""The pelvis view: the shared before/after figure plus the positions in words."""

from __future__ import annotations

import pytest
import shiboken6
from matplotlib.figure import Figure
from pytestqt.qtbot import QtBot

from charting.readings import Reading
from tests.runners import HeldRunner
from ui.background import BackgroundRunner, SyncRunner
from ui.editor.pelvis_view import PelvisView, position_words

PRE = Reading("pre", "palm", "AB", left_tilt_deg=14, right_tilt_deg=7, rotation_deg=6)
POST = Reading("post", "palm", "AB", left_tilt_deg=11, right_tilt_deg=10.6, rotation_deg=-1)


def shown(qtbot: QtBot, view: PelvisView) -> PelvisView:
    qtbot.addWidget(view)
    view.resize(view.sizeHint())
    view.show()
    qtbot.waitExposed(view)
    return view


def panel_titles(figure: Figure) -> list[str]:
    return [axes.get_title() for axes in figure.axes]


def test_words_and_two_panels(qtbot: QtBot) -> None:
    view = shown(qtbot, PelvisView())
    view.set_readings(PRE, POST)
    text = view.words.text()
    assert "Before: left side tipped forward 7° more than right; pelvis turned right 6°" in text
    assert "After: both sides tipped equally; pelvis turned left 1°" in text
    assert panel_titles(view.figure) == ["Before correction", "After correction"]
    assert view.figure.canvas is view.canvas
    qtbot.waitUntil(lambda: not view.figure.stale)  # the new figure was actually drawn


def test_missing_readings_say_not_recorded(qtbot: QtBot) -> None:
    view = shown(qtbot, PelvisView(SyncRunner()))
    assert view.words.text() == "Before: not recorded\nAfter: not recorded"
    view.set_readings(PRE, None)
    assert view.words.text().endswith("After: not recorded")
    assert len(view.figure.axes) == 2
    assert position_words(None, POST).startswith("Before: not recorded\nAfter: both sides")


def test_only_the_newest_request_is_shown(qtbot: QtBot) -> None:
    runner = HeldRunner()
    view = shown(qtbot, PelvisView(runner))
    first = view.figure
    view.set_readings(PRE, None)
    view.set_readings(PRE, POST)
    assert view.words.text().startswith("Before: left side")  # words do not wait
    assert view.figure is first  # nothing built yet
    runner.deliver(1)
    newest = view.figure
    assert newest is not first
    runner.deliver(0)  # the stale answer arrives late and is dropped
    assert view.figure is newest
    description = [t.get_text() for t in newest.findobj() if hasattr(t, "get_text")]
    assert any("turned left 1°" in text for text in description)


def test_built_off_the_gui_thread(qtbot: QtBot) -> None:
    runner = BackgroundRunner()
    view = shown(qtbot, PelvisView(runner))
    first = view.figure
    view.set_readings(PRE, POST)
    qtbot.waitUntil(lambda: view.figure is not first, timeout=10000)
    assert runner.wait()
    assert panel_titles(view.figure) == ["Before correction", "After correction"]
    qtbot.waitUntil(lambda: not view.figure.stale)


def test_a_failed_build_says_so(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.editor.pelvis_view as module

    def broken(pre: Reading | None, post: Reading | None) -> Figure:
        raise RuntimeError("no pelvis today")

    view = shown(qtbot, PelvisView(SyncRunner()))
    monkeypatch.setattr(module, "pelvis_figure", broken)
    view.set_readings(PRE, POST)
    texts = [t.get_text() for t in view.figure.findobj() if hasattr(t, "get_text")]
    assert module.FAILED_MESSAGE in texts
    assert "Before: left side" in view.words.text()


def test_a_drawing_that_arrives_after_the_view_is_gone_is_dropped(qtbot: QtBot) -> None:
    """A window closed while its pelvis was still being drawn: the late result must not
    reach the deleted canvas (it raised "Internal C++ object already deleted")."""
    runner = HeldRunner()
    view = PelvisView(runner)  # not given to qtbot: the test deletes it
    view.resize(view.sizeHint())
    view.show()
    qtbot.waitExposed(view)
    view.set_readings(PRE, POST)
    assert runner.undelivered()
    canvas = view.canvas
    view.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(canvas))
    while runner.undelivered():
        runner.deliver()
    assert not shiboken6.isValid(canvas)
