"""The timeline works out each visit's texts once per course: fitting the columns and sizing
the rows asks every cell many times, and explaining each verdict again on every ask held the
GUI thread for half a second when a 100-visit chart opened."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

import ui.timeline
from charting.explain import explain_interval
from models.database import Database
from models.services.holds import patient_course
from models.services.patients import patient_id_for_chart
from ui.table_fit import ColumnFitter
from ui.timeline import TimelineModel


def test_each_verdict_is_explained_once_per_course(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = patient_course(demo_db, patient_id_for_chart(demo_db, "R-001"))
    explained: list[object] = []
    monkeypatch.setattr(
        ui.timeline,
        "explain_interval",
        lambda hold: explained.append(hold) or explain_interval(hold),
    )
    model = TimelineModel()
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    ColumnFitter(table, grow=6)
    table.resize(900, 500)
    table.show()
    model.set_course(course)
    qtbot.wait(50)  # the fitter measures every cell, the header sizes every row
    table.resize(700, 500)
    qtbot.wait(50)
    intervals = course.course.intervals
    assert len(intervals) >= 3
    assert len(explained) == len(intervals)
    last = model.index(len(intervals), 6)
    assert model.data(last) == explain_interval(intervals[-1])  # the row it ends at
    assert model.data(model.index(0, 5)) == "first visit"
