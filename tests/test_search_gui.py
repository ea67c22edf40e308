"""Searching visit text from the patient list, as a person does: type, read the visit line,
double-click or press Enter to open that visit (pytest-qt, offscreen)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient, patient_id_for_chart
from models.services.search import SEARCH_TEXT_LENGTH
from models.services.visits import list_visits
from tests.runners import HeldRunner
from ui.background import SyncRunner, dismiss_failures
from ui.chart_view import ChartView
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database) -> MainWindow:
    main = MainWindow(AppContext(demo_db, SyncRunner()))
    qtbot.addWidget(main)
    main.resize(1024, 700)
    main.show()
    return main


def visit_on(db: Database, chart: str, day: date) -> int:
    (visit,) = [
        v for v in list_visits(db, patient_id_for_chart(db, chart)) if v.draft.visit_date == day
    ]
    return visit.id


def test_double_click_opens_the_visit_the_search_found(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    model, table = window.patient_list.model, window.patient_list.table
    qtbot.keyClicks(window.patient_list.search, "hilly")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    name = model.data(model.index(0, 1))
    assert name.splitlines() == [
        "Okafor, Maya",
        "visit 2026-03-09: …hilly 21 km on the weekend. Information received after…",
    ]
    cell = table.visualRect(model.index(0, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert window.chart.tabs.currentWidget() is window.editor
    assert window.editor.visit_id == visit_on(demo_db, "R-001", date(2026, 3, 9))
    assert "Maya Okafor" in window.chart.header.text()


def test_enter_opens_the_found_visit_of_the_row_chosen_with_the_keyboard(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    model, table = window.patient_list.model, window.patient_list.table
    qtbot.keyClicks(window.patient_list.search, "thomas test")
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    charts = [model.data(model.index(row, 0)) for row in range(3)]
    assert charts == ["R-002", "R-001", "R-004"]  # by name: Brandt, Okafor, Whitfield
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert window.patient_list.current_patient_id() == patient_id_for_chart(demo_db, "R-001")
    qtbot.keyClick(table, Qt.Key.Key_Return)
    latest = visit_on(demo_db, "R-001", date(2026, 4, 20))  # the latest visit with the words
    assert window.editor.visit_id == latest
    assert "visit 2026-04-20:" in model.data(model.index(1, 1))


def test_a_row_found_by_name_opens_no_visit(qtbot: QtBot, window: MainWindow) -> None:
    model, table = window.patient_list.model, window.patient_list.table
    qtbot.keyClicks(window.patient_list.search, "okafor")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.data(model.index(0, 1)) == "Okafor, Maya"
    cell = table.visualRect(model.index(0, 1)).center()
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert window.editor.visit_id is None


def test_a_long_answer_is_read_a_page_at_a_time_while_the_view_has_room(
    qtbot: QtBot, window: MainWindow
) -> None:
    view, model = window.patient_list, window.patient_list.model
    view.limit = 2  # as PAGE_ROWS (100) does for a big practice
    qtbot.keyClicks(view.search, "thomas")
    qtbot.waitUntil(lambda: model.rowCount() == 3)  # two pages: the view shows them all
    assert [model.data(model.index(row, 0)) for row in range(model.rowCount())] == [
        "R-002", "R-001", "R-004"
    ]  # fmt: skip
    assert not view.more.isVisible() and view.total == 3
    qtbot.keyClicks(view.search, " modified")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert not view.more.isVisible()


def test_the_chart_on_screen_is_not_read_again_when_the_list_selects_it_again(
    qtbot: QtBot, demo_db: Database
) -> None:
    """After every refresh (each search, each save of a visit) the list selects the patient
    it had selected; the chart of that patient is on screen already."""
    runner = HeldRunner()
    window = MainWindow(AppContext(demo_db, runner))
    qtbot.addWidget(window)
    window.show()
    deliver_all(runner)
    model, table = window.patient_list.model, window.patient_list.table
    (row,) = [r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "R-001"]
    where = table.visualRect(model.index(row, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    deliver_all(runner)
    assert "Maya Okafor" in window.chart.header.text()
    qtbot.keyClicks(window.patient_list.search, "okafor")
    qtbot.waitUntil(lambda: bool(runner.undelivered()))
    runner.deliver()  # the list, with Maya Okafor selected again
    assert window.patient_list.current_patient_id() == window.chart.patient_id
    assert runner.undelivered() == []  # her chart is not read a second time
    assert "Maya Okafor" in window.chart.header.text() and window.chart.tabs.isVisible()


def deliver_all(runner: HeldRunner) -> None:
    """Run every job, and those they queue, as the worker would."""
    while runner.undelivered():
        runner.deliver()


def test_a_chart_that_failed_to_load_is_read_again_when_chosen_again(
    qtbot: QtBot, db: Database
) -> None:
    """Only a chart on screen (or loading) is spared a second read: after a failed load,
    choosing the patient again tries again."""
    chart = ChartView(AppContext(db, SyncRunner()))
    qtbot.addWidget(chart)
    chart.show_patient(9999)  # no such patient yet: the load fails and says so
    assert dismiss_failures() and chart.patient is None
    created = create_patient(db, PatientDraft("R-9", "Ida", "Lund"), "test")
    with db.session() as session, session.begin():
        session.execute(text("UPDATE patient SET id = 9999 WHERE id = :id"), {"id": created})
    chart.show_patient(9999)
    assert chart.patient is not None and "Ida Lund" in chart.header.text()


def test_a_page_pasted_into_the_search_box_is_cut_to_what_a_search_reads(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The box holds what a search can read (models.services.search), not Qt's 32,767
    characters, so a pasted page is neither kept nor searched for."""
    search, model = window.patient_list.search, window.patient_list.model
    QApplication.clipboard().setText("okafor " * 20_000)  # 140,000 characters
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(search.text()) == SEARCH_TEXT_LENGTH
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.data(model.index(0, 1)) == "Okafor, Maya"
