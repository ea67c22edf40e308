"""The GUI thread's share of opening a chart: the 100-visit chart, already read by the
background runner, put on screen (header, changes, the timeline with its columns fitted and
its rows sized, painted). The reading and the graph are `chart_open`'s (figures_chart.py);
this is the part that holds the window still, so its budget is the GUI thread's 50 ms.

The floor is a plain QTableWidget given the same texts and painted at the same size.
"""

from __future__ import annotations

import os

from benchmarks.figures_chart import another_patient
from benchmarks.read_first import GUI_THREAD_S, ReadFirst
from benchmarks.suite import Figure, Practice
from models.database import open_database

SIZE = (950, 800)  # the chart's share of the main window


def figures(practice: Practice) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    from ui.chart_view import ChartView, read_chart
    from ui.context import AppContext
    from ui.timeline import TimelineModel

    app = QApplication.instance() or QApplication([])
    runner = ReadFirst()
    db = open_database(practice.path)
    context = AppContext(db, runner)
    view = ChartView(context)
    view.resize(*SIZE)
    view.show()
    other = another_patient(db, practice.busy_patient_id)
    busy = TimelineModel()  # the texts the floor shows: the same chart's timeline
    busy.set_course(read_chart(db, practice.busy_patient_id, context.settings.tolerances)[1])
    texts = [
        [str(busy.index(row, column).data() or "") for column in range(busy.columnCount())]
        for row in range(busy.rowCount())
    ]
    floor_table = QTableWidget()
    floor_table.resize(*SIZE)
    floor_table.show()

    def settle() -> None:
        app.processEvents()
        app.processEvents()  # the fitter's zero-time timer, then the paint it asks for

    def open_chart(patient_id: int) -> None:
        view.show_patient(patient_id)
        runner.read()

    def coming_from_another() -> None:
        open_chart(other)
        runner.show()
        settle()
        open_chart(practice.busy_patient_id)

    def on_screen() -> None:
        runner.show()
        settle()
        view.repaint()

    def floor() -> None:
        floor_table.clear()
        floor_table.setRowCount(len(texts))
        floor_table.setColumnCount(len(texts[0]))
        for row, cells in enumerate(texts):
            for column, text in enumerate(cells):
                floor_table.setItem(row, column, QTableWidgetItem(text))
        settle()
        floor_table.repaint()

    return [
        Figure(
            key="chart_screen",
            label="100-visit chart put on screen (GUI thread)",
            target=f"<= {GUI_THREAD_S * 1000:.0f} ms",
            work=on_screen,
            floor=floor,
            meets=lambda value, _floor: value <= GUI_THREAD_S,
            setup=coming_from_another,
        )
    ]
