"""The dashboard's Time to holding tab (ui/holding_tab.py), clicked as a practitioner would:
the curves' medians in the table, the groups switched with the combo box, the relapses
against the published figure, and a group too small said so instead of drawn."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from charting.survival import Observation, kaplan_meier
from models.database import Database
from tests.courses import add_course
from ui.background import SyncRunner
from ui.context import AppContext
from ui.dashboard import DashboardWindow
from ui.holding_tab import TOO_FEW, median_text


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def rows(table: QTableWidget) -> dict[str, list[str]]:
    return {
        cell(table, row, 0).text(): [
            cell(table, row, c).text() for c in range(1, table.columnCount())
        ]
        for row in range(table.rowCount())
    }


def test_the_tab_shows_medians_per_group_and_relapses(qtbot: QtBot, db: Database) -> None:
    # Twelve glute-bridge courses reaching holding at weeks 2 to 5 (three each), two
    # couch-stretch courses still correcting, one of them after a relapse.
    for n in range(12):
        add_course(db, f"B-{n}", "L" * (n % 4) + "HH", plan=["glute_bridge"])
    add_course(db, "C-1", "LHL", plan=["couch_stretch"])
    add_course(db, "C-2", "HHHL", plan=["couch_stretch"])
    window = DashboardWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.holding)
    tab = window.holding
    qtbot.waitUntil(lambda: tab.table.rowCount() > 1)
    shown = rows(tab.table)
    # Pattern groups first: every course has the same presenting pattern here.
    assert shown["Every course"][:2] == ["14", "13"]
    assert (
        "1 of 1 courses (100%)" in tab.relapses.text() and "15% in Timgren" in tab.relapses.text()
    )
    qtbot.keyClicks(tab.grouping, "Exercise")  # the combo box chosen by typing, as with keys
    qtbot.waitUntil(lambda: "Glute bridge" in rows(tab.table))
    shown = rows(tab.table)
    # Holding at weeks 2, 3, 4, 5 (the 3rd to 6th visit), three each: half have held by
    # week 3, 6 of 12; the interval is the estimator's (tests/test_survival.py).
    curve = kaplan_meier(Observation(2 + n % 4, True) for n in range(12))
    assert curve.median == 3
    assert shown["Glute bridge"] == ["12", "12", median_text(curve), median_text(curve)]
    assert shown["Couch stretch"][2] == TOO_FEW
    assert tab.canvas.figure.axes  # the curves were drawn
    texts = [t.get_text() for ax in tab.canvas.figure.axes for t in ax.texts]
    texts += [ax.get_xlabel() for ax in tab.canvas.figure.axes]
    assert any("Couch stretch (n=2)" in text for text in texts)
    assert tab.grouping.currentText() == "Exercise of the first plan"
    assert cell(tab.table, 0, 0).flags() & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags
