"""The patient list's Stage column (ui/list_order.py): each row's course stage and its
reason, a click on the Stage header orders the whole search by who needs a decision first,
a click on Name orders it by name again; a saved visit moves its row (pytest-qt, offscreen,
courses built through the services with readings that hold or are lost)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from charting.course_stage import DEFAULT_STAGE_SETTINGS, STAGE_ORDER, Stage
from charting.readings import Device, Phase, Reading
from charting.tolerances import DEFAULT_TOLERANCES
from charting.vocabulary import STAGE_TERMS
from models.database import Database
from models.records import Complaint, PatientDraft, VisitDraft
from models.services.hold_summary import bring_up_to_date
from models.services.patients import create_patient
from models.services.stage_list import stage_page
from models.services.visits import save_draft, sign_visit
from tests.courses import patient_status
from tests.test_patient_list_paging import charts
from ui.background import SyncRunner
from ui.context import AppContext
from ui.list_order import NAME_COLUMN, NO_VISITS, STAGE_COLUMN, ListOrder
from ui.main_window import MainWindow

pytestmark = pytest.mark.both_engines

CORRECTED, DRIFTED = (10.0, 9.0), (15.0, 4.0)  # left and right tilt, degrees


class Course(NamedTuple):
    chart: str
    first: str
    last: str
    intervals: str | None  # one letter per interval, H held or L lost; None: no visit
    gap_days: int
    pain: int  # worst, at every visit
    discharged: bool  # the last visit is a discharge visit
    stage: Stage  # what that makes of the course (default stage settings, no running goal)


COURSES = [
    Course("C-1", "Ola", "Abbott", "H", 7, 3, True, Stage.DISCHARGED),
    Course("C-2", "Ida", "Baker", "", 7, 3, False, Stage.NOT_JUDGED),  # one visit
    Course("C-3", "Ida", "Chen", None, 7, 3, False, Stage.NOT_JUDGED),  # no visit at all
    Course("C-4", "Ola", "Diaz", "HH", 7, 3, False, Stage.HOLDING),
    Course("C-5", "Ida", "Evans", "L", 7, 5, False, Stage.CORRECTING),
    Course("C-6", "Ida", "Fox", "HHH", 7, 4, False, Stage.SPACE_OUT),
    Course("C-7", "Ola", "Gray", "HH", 21, 1, False, Stage.DISCHARGE),
    Course("C-8", "Ida", "Hill", "HH", 21, 1, False, Stage.DISCHARGE),
]
STAGE_OF = {course.chart: course.stage for course in COURSES}
NAME_ORDER = [course.chart for course in COURSES]


def in_stage_order(charts: list[str]) -> list[str]:
    return sorted(charts, key=lambda chart: (STAGE_ORDER.index(STAGE_OF[chart]), chart))


def reading(phase: Phase, tilt: tuple[float, float]) -> Reading:
    return Reading(phase, Device.INCLINOMETER, "me", *tilt, 0.0)


def add_course(db: Database, course: Course) -> int:
    """A patient whose course corrects to CORRECTED at every visit and, at the next visit,
    is found there still (held) or DRIFTED back (lost); every visit signed."""
    patient = create_patient(db, PatientDraft(course.chart, course.first, course.last), "me")
    if course.intervals is None:
        return patient
    day = date(2025, 3, 3)
    for number, interval in enumerate(" " + course.intervals):
        last_visit = number == len(course.intervals)
        visit = VisitDraft(
            day,
            kind="discharge" if course.discharged and last_visit else "follow_up",
            complaints=(Complaint("low_back", "left", course.pain),),
            readings=(
                reading(Phase.PRE, DRIFTED if interval in " L" else CORRECTED),
                reading(Phase.POST, CORRECTED),
            ),
            reasoning="tight hip flexors",
            no_plan_reason="rest first",
        )
        sign_visit(db, save_draft(db, patient, visit, "me"), "Dr Me")
        day += timedelta(days=course.gap_days)
    return patient


@pytest.fixture
def practice(db: Database) -> Database:
    for course in COURSES:
        add_course(db, course)
    return db


def open_window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.patient_list.refresh()
    window.resize(1200, 600)
    window.show()
    qtbot.waitExposed(window)
    return window


def click_header(qtbot: QtBot, window: MainWindow, column: int) -> None:
    """A click on the header section, where a person clicks it."""
    header = window.patient_list.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    assert 0 < x < header.viewport().width(), "the section is out of sight"
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def held(window: MainWindow) -> dict[str, str]:
    """The Held? column by chart number."""
    model = window.patient_list.model
    return {
        model.data(model.index(r, 0)): model.data(model.index(r, 4)) for r in range(len(model.rows))
    }


def indicator(window: MainWindow) -> int:
    return window.patient_list.table.horizontalHeader().sortIndicatorSection()


def test_each_row_shows_its_stage_and_the_reason_on_hover(qtbot: QtBot, practice: Database) -> None:
    window = open_window(qtbot, practice)
    model = window.patient_list.model
    assert model.headerData(STAGE_COLUMN, Qt.Orientation.Horizontal) == "Stage"
    shown = {
        model.data(model.index(row, 0)): model.data(model.index(row, STAGE_COLUMN))
        for row in range(model.rowCount())
    }
    assert shown == {chart: STAGE_TERMS[stage].short for chart, stage in STAGE_OF.items()}
    space_out = next(r for r in model.rows if r.summary.chart_number == "C-6")
    status = patient_status(practice, space_out.summary.id, DEFAULT_TOLERANCES,
                            DEFAULT_STAGE_SETTINGS)  # fmt: skip
    assert status is not None
    tip = model.data(model.index(charts(window).index("C-6"), STAGE_COLUMN),
                     Qt.ItemDataRole.ToolTipRole)  # fmt: skip
    assert tip == f"Ready to space out: {status.status.reason}"
    assert "try a 2-week gap" in tip
    no_visit = model.index(charts(window).index("C-3"), STAGE_COLUMN)
    assert model.data(no_visit, Qt.ItemDataRole.ToolTipRole) == NO_VISITS


def test_the_stage_header_orders_the_list_by_who_needs_a_decision_first_and_name_goes_back(
    qtbot: QtBot, practice: Database
) -> None:
    window = open_window(qtbot, practice)
    view = window.patient_list
    assert charts(window) == NAME_ORDER and indicator(window) == NAME_COLUMN
    table, model = view.table, view.model
    where = table.visualRect(model.index(NAME_ORDER.index("C-4"), 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    chosen, verdicts = view.current_patient_id(), held(window)
    click_header(qtbot, window, STAGE_COLUMN)
    assert charts(window) == in_stage_order(NAME_ORDER)
    assert held(window) == verdicts  # from the stored facts here, the same verdicts
    assert charts(window) == ["C-7", "C-8", "C-6", "C-5", "C-4", "C-2", "C-3", "C-1"]
    assert indicator(window) == STAGE_COLUMN and view.order.order is ListOrder.STAGE
    assert view.current_patient_id() == chosen  # still on the same patient, moved
    assert not view.more.isVisible()
    window.context.events.patients_changed.emit()  # a refresh keeps the order
    assert charts(window) == in_stage_order(NAME_ORDER)
    click_header(qtbot, window, 3)  # Last visit: not a sort button
    assert charts(window) == in_stage_order(NAME_ORDER) and indicator(window) == STAGE_COLUMN
    click_header(qtbot, window, NAME_COLUMN)
    assert charts(window) == NAME_ORDER and indicator(window) == NAME_COLUMN
    assert view.current_patient_id() == chosen
    click_header(qtbot, window, STAGE_COLUMN)
    click_header(qtbot, window, STAGE_COLUMN)  # the Stage header again: by name
    assert charts(window) == NAME_ORDER and indicator(window) == NAME_COLUMN


def test_a_search_then_the_stage_order_sorts_only_the_patients_found(
    qtbot: QtBot, practice: Database
) -> None:
    window = open_window(qtbot, practice)
    view = window.patient_list
    view.limit = 2  # pages of two (the view asks for more until it is full)
    qtbot.keyClicks(view.search, "ola")
    qtbot.waitUntil(lambda: charts(window) == ["C-1", "C-4", "C-7"])
    click_header(qtbot, window, STAGE_COLUMN)
    assert charts(window) == ["C-7", "C-4", "C-1"] and not view.more.isVisible()
    view.search.clear()  # a new search in stage order stays in stage order
    qtbot.waitUntil(lambda: len(charts(window)) == len(COURSES))
    assert charts(window) == in_stage_order(NAME_ORDER)


def test_a_saved_visit_moves_its_row_to_its_new_stage(qtbot: QtBot, practice: Database) -> None:
    window = open_window(qtbot, practice)
    view, model, table = window.patient_list, window.patient_list.model, window.patient_list.table
    click_header(qtbot, window, STAGE_COLUMN)
    holding = charts(window).index("C-4")
    where = table.visualRect(model.index(holding, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    chosen = view.current_patient_id()
    with qtbot.assertNotEmitted(model.modelReset):  # one row read again, not the list
        window.visit_actions["new"].trigger()
        kind = window.editor.kind
        kind.setCurrentIndex(kind.findData("discharge"))
        qtbot.keyClicks(window.editor.subjective.text, "Back to full training")
        window.visit_actions["save"].trigger()
    after = charts(window)
    assert after[-2:] == ["C-1", "C-4"]  # discharged now: last, Abbott then Diaz
    assert model.data(model.index(after.index("C-4"), STAGE_COLUMN)) == "Discharged"
    assert view.current_patient_id() == chosen


def test_a_page_with_its_stages_costs_the_same_queries_whatever_its_size(
    practice: Database,
) -> None:
    while bring_up_to_date(practice, DEFAULT_TOLERANCES)[1]:
        pass
    # Judged since, and first on every page: its stage is judged in memory with the page's.
    add_course(practice, Course("C-9", "Ida", "Aalto", "HL", 7, 2, False, Stage.CORRECTING))
    ran: list[str] = []

    def count(*args: object) -> None:
        ran.append(str(args[2]))

    costs = []
    for limit in (2, 7):
        ran.clear()
        event.listen(practice.engine, "before_cursor_execute", count)
        rows, _total = stage_page(practice, "", False, DEFAULT_TOLERANCES,
                                  DEFAULT_STAGE_SETTINGS, limit)  # fmt: skip
        event.remove(practice.engine, "before_cursor_execute", count)
        assert len(rows) == limit
        costs.append(len(ran))
    assert costs[0] == costs[1], ran


@pytest.mark.sqlite_only  # SQLite's own query plans
def test_a_page_with_a_stale_course_reads_through_indexes(practice: Database) -> None:
    """Every course here is stale (none judged since it was written): the page judges
    them in memory, each table read by its patient's visits, never walked whole (a walk
    along a whole table's index cost 0.4 s a page at 20,000 patients)."""
    ran: list[tuple[str, object]] = []

    def keep(*args: object) -> None:
        ran.append((str(args[2]), args[3]))

    event.listen(practice.engine, "before_cursor_execute", keep)
    stage_page(practice, "", False, DEFAULT_TOLERANCES, DEFAULT_STAGE_SETTINGS, 3)
    event.remove(practice.engine, "before_cursor_execute", keep)
    with practice.engine.connect() as connection:
        lines = [
            row[-1]
            for sql, values in ran
            if sql.lstrip().upper().startswith("SELECT")
            for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", values)  # type: ignore[arg-type]
        ]
    whole = re.compile(r"\bSCAN (visit|reading|plan_item|complaint)\b")
    assert any("ix_visit_patient_date" in line for line in lines), lines
    assert not [line for line in lines if whole.search(line)], lines
