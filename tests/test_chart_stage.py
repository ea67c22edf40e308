"""The chart header says where the course stands, why, and the figures it rests on; a
changed stage threshold in Preferences changes it at once (pytest-qt, real widgets)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from models.database import Database
from tests.courses import add_course
from tests.test_patient_form import window_for
from ui.preferences import PreferencesDialog


def header_text(window: object) -> str:
    return window.chart.header.text()  # type: ignore[attr-defined]


def test_the_header_shows_the_stage_its_reason_and_its_figures(qtbot: QtBot, db: Database) -> None:
    patient = add_course(db, "S-1", "LHHH", pain=[6, 5, 4, 3, 3], km=[10, 15, 20, 25, 25])
    window = window_for(qtbot, db)
    window.chart.show_patient(patient)
    qtbot.waitUntil(lambda: "Ready to space out" in header_text(window))
    text = header_text(window)
    assert "Held 3 times in a row at a 1-week spacing: try a 2-week gap." in text
    assert "held 3 in a row" in text and "pain 3/10 (was 6)" in text
    assert "running 25 km/wk (was 10)" in text


def test_a_threshold_typed_in_preferences_changes_the_stage_shown(
    qtbot: QtBot, db: Database
) -> None:
    patient = add_course(db, "S-2", "LHHH", pain=[6, 5, 4, 3, 3])
    window = window_for(qtbot, db)
    window.chart.show_patient(patient)
    qtbot.waitUntil(lambda: "Ready to space out" in header_text(window))
    dialog = PreferencesDialog(window.context, window)
    qtbot.addWidget(dialog)
    spin = dialog.stages.spins["space_out_after"]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "4")
    dialog.accept()
    qtbot.waitUntil(lambda: "Holding" in header_text(window))
    assert window.context.settings.stages.space_out_after == 4
    assert "Held 3 times in a row, the latest at a 1-week spacing." in header_text(window)
