"""The patient list in stage order (ui/list_order.py): a click on the Stage header reads
every patient the search finds with their stage and shows them all at once.

`stage_sort`: the whole path of the click with a synchronous runner, on the real widget:
the background read (every active patient's row, latest verdict and stage, sorted in
Python) and the model taking the rows, with the selected patient selected again. The floor
is plain sqlite3 reading the same columns, the stored stage facts (the latest verdict
among them) and the running goals, unsorted. As after a day's work, the stored facts are
up to date but for CHANGED_SINCE courses (judged in memory, as the list does for stale
ones).

`stage_sort_screen`: the GUI thread's share of it, the background read done first: the
model reset with every row, the selection restored and the events that follow, against the
GUI thread's 50 ms.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from benchmarks.figures_dashboard import CHANGED_SINCE, change_some, plain_rows
from benchmarks.suite import Figure, Practice
from models.database import open_database

SETTLE_TURNS = 50
RAW_ROWS = """SELECT p.id, p.chart_number, p.first_name, p.last_name, p.date_of_birth,
 (SELECT max(visit_date) FROM visit WHERE patient_id = p.id),
 (SELECT count(*) FROM visit WHERE patient_id = p.id),
 (SELECT count(*) FROM visit WHERE patient_id = p.id AND status = 'draft')
FROM patient p WHERE p.archived = 0 ORDER BY p.last_name, p.first_name, p.chart_number"""
RAW_FACTS = "SELECT * FROM course_status"
RAW_GOALS = "SELECT id, running_goal_km FROM patient"


def raw_floor(path: Path) -> object:
    return plain_rows(path, RAW_ROWS, RAW_FACTS, RAW_GOALS)


def figures(practice: Practice) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from benchmarks.read_first import GUI_THREAD_S, ReadFirst, longest_turn
    from ui.background import SyncRunner
    from ui.context import AppContext
    from ui.list_order import NAME_COLUMN, STAGE_COLUMN
    from ui.patient_list import PatientListView

    app = QApplication.instance() or QApplication([])
    db = open_database(practice.path)
    with sqlite3.connect(practice.path) as connection:
        active = connection.execute("SELECT count(*) FROM patient WHERE archived = 0").fetchone()[0]
    connection.close()
    view = PatientListView(AppContext(db, SyncRunner()))
    view.resize(430, 700)
    view.show()
    runner = ReadFirst()
    screen = PatientListView(AppContext(db, runner))
    screen.resize(430, 700)
    screen.show()

    def click(list_view: PatientListView, column: int) -> None:
        list_view.table.horizontalHeader().sectionClicked.emit(column)

    def by_name() -> None:  # the list as it opens, a patient chosen
        change_some(db)
        click(view, NAME_COLUMN)
        view.refresh()
        view.select_patient(view.model.rows[5].summary.id)

    def by_stage() -> None:
        chosen = view.current_patient_id()
        click(view, STAGE_COLUMN)
        assert view.model.rowCount() == active, view.model.rowCount()
        assert view.current_patient_id() == chosen

    def read_by_stage() -> None:  # the background part done, untimed
        change_some(db)
        click(screen, NAME_COLUMN)
        screen.refresh()  # the op kept is the latest (the list's first page by name)
        runner.read()
        runner.show()
        screen.select_patient(screen.model.rows[5].summary.id)
        click(screen, STAGE_COLUMN)
        runner.read()

    def turn() -> float:
        longest = longest_turn(runner, app.processEvents, SETTLE_TURNS)
        assert screen.model.rowCount() == active
        return longest

    return [
        Figure(
            "stage_sort",
            f"stage order: every patient found, by stage ({CHANGED_SINCE} courses changed)",
            "<= 2 s", work=by_stage, floor=lambda: raw_floor(practice.path), setup=by_name,
            meets=lambda value, _floor: value <= 2.0, repeat=3,
        ),
        Figure(
            "stage_sort_screen", "stage order put on screen: longest GUI-thread turn",
            f"<= {GUI_THREAD_S * 1000:.0f} ms", work=turn, floor=None,
            setup=read_by_stage, meets=lambda value, _floor: value <= GUI_THREAD_S,
            measured=True, repeat=3,
        ),
    ]  # fmt: skip
