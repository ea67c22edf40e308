"""The timeline works out each visit's texts once per course: fitting the columns and sizing
the rows asks every cell many times, and explaining each verdict again on every ask held the
GUI thread for half a second when a 100-visit chart opened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
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


def test_a_column_dragged_narrower_by_hand_makes_its_rows_tall_enough_for_the_text(
    qtbot: QtBot, demo_db: Database
) -> None:
    """Rows are sized by the fitter once the columns settle (not by the header at every
    layout pass): a column the practitioner drags narrower still gets rows that hold its
    wrapped text."""
    model = TimelineModel()
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    ColumnFitter(table, grow=6)
    table.resize(1100, 900)  # tall enough that the wrapped rows need no scroll bar
    table.show()
    qtbot.waitExposed(table)
    model.set_course(patient_course(demo_db, patient_id_for_chart(demo_db, "R-001")))
    fitted = table.findChild(ColumnFitter)
    assert fitted is not None

    def settled() -> bool:  # fitted to the width the table keeps, rows sized
        return table.columnWidth(6) > 300 and not fitted._pending.isActive()

    qtbot.waitUntil(settled)
    qtbot.wait(100)  # late layout passes (the scroll bars) refit first, not after the drag
    qtbot.waitUntil(settled)
    before = [table.rowHeight(row) for row in range(model.rowCount())]
    header = table.horizontalHeader()
    edge = header.sectionViewportPosition(6) + header.sectionSize(6) - 1
    middle = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, middle))
    target = header.sectionViewportPosition(6) + 220
    qtbot.mouseMove(header.viewport(), QPoint(target, middle))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(target, middle))
    assert table.columnWidth(6) < 300  # the drag took

    def wrapped_heights() -> list[tuple[int, int]]:
        metrics = QFontMetrics(table.font())
        room = table.columnWidth(6) - 8
        texts = [str(model.index(row, 6).data() or "") for row in range(model.rowCount())]
        box = QRect(0, 0, room, 100_000)
        flag = Qt.TextFlag.TextWordWrap
        return [(metrics.boundingRect(box, flag, t).height(), table.rowHeight(row))
                for row, t in enumerate(texts) if t]  # fmt: skip

    qtbot.waitUntil(lambda: all(needed <= height for needed, height in wrapped_heights()))
    after = [table.rowHeight(row) for row in range(model.rowCount())]
    assert table.columnWidth(6) < 300  # still as dragged
    assert max(after) > max(before)  # the longest reason wraps onto more lines now
