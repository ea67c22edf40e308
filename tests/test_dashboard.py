"""The practice dashboard's lists never call a lost correction 'holding'."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListView
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from charting.course_summary import CourseCounts
from charting.figures.dashboard import (
    NOT_HOLDING_BELOW,
    NOT_HOLDING_MIN_INTERVALS,
    PatientCourse,
    holding_summary,
    lost_last,
    not_holding,
)
from charting.holds import CourseHold, IntervalHold, Verdict
from charting.readings import Device, Phase, Reading
from charting.tolerances import DEFAULT_TOLERANCES
from models.database import Database, read_only_database
from models.records import PatientDraft, VisitDraft
from models.services import hold_summary
from models.services.dashboard import practice_dashboard
from models.services.patients import create_patient
from models.services.visits import save_draft
from tests.runners import HeldRunner
from ui.background import SyncRunner
from ui.context import AppContext
from ui.dashboard import DashboardWindow


def review_texts(view: QListView) -> list[str]:
    """What the dashboard's list of patients to review shows, top to bottom."""
    model = view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def reading(phase: Phase, left: float, right: float) -> Reading:
    return Reading(phase, Device.INCLINOMETER, "me", left, right, 0.0)


def visit(day: int, pre: tuple[float, float], post: tuple[float, float]) -> VisitDraft:
    readings = (reading(Phase.PRE, *pre), reading(Phase.POST, *post))
    return VisitDraft(date(2026, 3, day), readings=readings)


def course(*verdicts: Verdict) -> CourseCounts:
    day = date(2026, 1, 1)
    return CourseCounts.of(
        CourseHold(tuple(IntervalHold(day, day, verdict, True) for verdict in verdicts))
    )


def test_a_lost_only_interval_is_listed_not_called_holding(qtbot: QtBot, db: Database) -> None:
    patient = create_patient(db, PatientDraft("D-1", "Ada", "Lost"), "me")
    save_draft(db, patient, visit(2, pre=(14, 4), post=(10, 9)), "me")  # corrected to level
    save_draft(db, patient, visit(9, pre=(15, 4), post=(10, 9)), "me")  # drifted back: lost
    window = DashboardWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(review_texts(window.not_holding)))
    items = review_texts(window.not_holding)
    assert not any("holding." in text and "Every" in text for text in items)
    assert not window.summary.isVisible()  # nor said beside the list
    assert "Lost their latest interval" in items
    assert any("Lost, Ada (D-1)" in text and "lost 1 of 1" in text for text in items)
    assert "latest assessable interval was lost" in window.rule.text()


def test_a_practice_whose_corrections_held_is_told_so_in_words_not_a_list(
    qtbot: QtBot, db: Database
) -> None:
    patient = create_patient(db, PatientDraft("H-1", "Hal", "Held"), "me")
    save_draft(db, patient, visit(2, pre=(14, 4), post=(10, 9)), "me")  # corrected to level
    save_draft(db, patient, visit(9, pre=(10, 9), post=(10, 9)), "me")  # still level: held
    window = DashboardWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.summary.isVisible)
    assert window.summary.text() == "Every assessable interval held (1 interval, 1 patient)."
    assert not window.not_holding.isVisible() and review_texts(window.not_holding) == []


def test_a_name_too_long_for_the_panel_is_cut_and_shown_whole_on_hover(
    qtbot: QtBot, db: Database
) -> None:
    long_name = "Featherstonehaugh-Cholmondeley-Marjoribanks"
    patient = create_patient(db, PatientDraft("L-1", "Maximiliana", long_name), "me")
    save_draft(db, patient, visit(2, pre=(14, 4), post=(10, 9)), "me")
    save_draft(db, patient, visit(9, pre=(15, 4), post=(10, 9)), "me")  # lost
    window = DashboardWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(review_texts(window.not_holding)) == 2)
    index = window.not_holding.model().index(1, 0)
    assert long_name in index.data(Qt.ItemDataRole.ToolTipRole)
    two_lines = 2 * window.not_holding.fontMetrics().lineSpacing()
    assert window.not_holding.visualRect(index).height() >= two_lines  # both lines shown


def test_lost_last_and_the_summary_sentence() -> None:
    held, lost = Verdict.HELD, Verdict.LOST
    patients = [
        PatientCourse("1", "Ana", course(held, held, lost)),  # last lost, 67% overall
        PatientCourse("2", "Cai", course(lost)),  # one interval, lost
        PatientCourse("3", "Eve", course(lost, held)),  # recovered
        PatientCourse("4", "Dee", course(lost, lost)),  # 0%: already not holding
    ]
    assert [p.name for p in lost_last(patients, exclude=("4",))] == ["Ana", "Cai"]
    assert holding_summary(lost=1, assessable=2, with_any=1) == (
        "No patient is below the hold-rate threshold or lost their latest interval; "
        "1 earlier interval was lost."
    )
    assert holding_summary(lost=0, assessable=2, with_any=1) == (
        "Every assessable interval held (2 intervals, 1 patient)."
    )
    assert holding_summary(lost=0, assessable=0, with_any=0) == "No interval is assessable yet."


def test_the_rule_shown_is_the_rule_the_list_applies(qtbot: QtBot, db: Database) -> None:
    window = DashboardWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    shown = window.rule.text()
    assert f"below {NOT_HOLDING_BELOW:.0%} over at least {NOT_HOLDING_MIN_INTERVALS} " in shown
    lost = Verdict.LOST
    few = PatientCourse("1", "few", course(*[lost] * (NOT_HOLDING_MIN_INTERVALS - 1)))
    enough = PatientCourse("2", "enough", course(*[lost] * NOT_HOLDING_MIN_INTERVALS))
    assert not_holding([few, enough]) == (enough,)  # the defaults are the rule shown


def test_a_resize_draws_the_same_numbers_again_without_reading_the_practice(
    qtbot: QtBot, demo_db: Database
) -> None:
    runner = HeldRunner()
    window = DashboardWindow(AppContext(demo_db, runner))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    while runner.undelivered():  # the practice read once, drawn at the size shown
        runner.deliver()
    listed = review_texts(window.not_holding)
    window.resize(window.width() - 200, window.height() - 100)
    qtbot.waitUntil(lambda: bool(runner.undelivered()))  # the canvas settled at its new size
    statements: list[str] = []

    def record(_connection, _cursor, statement: str, *_rest: object) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(demo_db.engine, "before_cursor_execute", record)
    try:
        runner.deliver()
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", record)
    assert statements == []  # a practice of 20,000 patients takes minutes to read again
    canvas = window.canvas
    assert canvas._lastKey == canvas._physical_key()  # drawn at the new size
    assert review_texts(window.not_holding) == listed


def test_courses_are_judged_again_a_chunk_per_job_with_progress_shown(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hold_summary, "CHUNK", 2)  # the demo's 5 patients: 3 jobs
    runner = HeldRunner()
    context = AppContext(demo_db, runner)
    window = DashboardWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    runner.deliver()
    assert window.progress.isVisible()
    assert (window.progress.value(), window.progress.maximum()) == (2, 5)
    assert "Judging courses" in window.progress.text()
    assert len(runner.undelivered()) == 1  # one job at a time: a save queued now goes next
    while runner.undelivered():
        runner.deliver()
    assert not window.progress.isVisible()
    listed = review_texts(window.not_holding)
    assert any("Tom" in text for text in listed)  # the demo's patient who is not holding
    # New tolerances in Preferences: every course is judged again, shown as it goes.
    tolerances = replace(context.settings.tolerances, rotation_deg=1.0)
    context.save_settings(replace(context.settings, tolerances=tolerances))
    runner.deliver()
    assert (window.progress.value(), window.progress.maximum()) == (2, 5)
    while runner.undelivered():
        runner.deliver()
    assert window.data == practice_dashboard(demo_db, tolerances)
    window.close()  # a closed window judges nothing when the tolerances change again
    context.save_settings(replace(context.settings, tolerances=DEFAULT_TOLERANCES))
    assert runner.undelivered() == []


def test_a_read_only_database_shows_the_dashboard_without_writing(
    qtbot: QtBot, demo_db: Database, db_path: Path
) -> None:
    demo_db.close()
    read_only = read_only_database(db_path, "a test")
    try:
        window = DashboardWindow(AppContext(read_only, SyncRunner()))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.data is not None)
        assert window.data == practice_dashboard(read_only)
        assert window.data.not_holding  # the demo's practice, judged in memory
    finally:
        read_only.close()
