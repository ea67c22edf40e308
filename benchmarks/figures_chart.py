"""One patient's chart and its printouts: opening a 100-visit chart with the alignment graph
drawn, its progress report, and a handout with eight exercises.

Each figure runs the path the app takes: `read_chart` and the Graphs tab's `GraphRenderer`
(which the chart keeps between patients, so every run first draws another patient, as a
practitioner moving through the list would), `make_report` as the report preview calls it.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from functools import cache
from io import BytesIO
from typing import Any

from benchmarks.suite import Figure, Practice
from models.database import Database, open_database
from models.settings import load_settings

SIZE = (1000, 700)  # the graph's canvas in pixels: a Graphs tab on a laptop screen
CHART_OPEN_S = 0.25
PROGRESS_S = 1.0
HANDOUT_S = 0.25

READINGS = """
    SELECT v.visit_date, r.phase, r.left_tilt_deg, r.right_tilt_deg, r.rotation_deg,
           r.obliquity_deg
    FROM visit v JOIN reading r ON r.visit_id = v.id
    WHERE v.patient_id = ? ORDER BY v.visit_date, v.id, r.id
"""
VISITS = "SELECT * FROM visit WHERE patient_id = ? ORDER BY visit_date, id"


class _Chart:
    """The open database and the chart's renderer, kept between runs as the app keeps them."""

    def __init__(self, practice: Practice) -> None:
        from ui.graphs_tab import GraphRenderer

        self.practice = practice
        self.db: Database = open_database(practice.path)
        self.tolerances = load_settings(practice.path).tolerances
        self.renderer = GraphRenderer()
        self.shown: Any = None  # the rendered graph on screen: released when replaced
        self.other = another_patient(self.db, practice.busy_patient_id)

    def open(self, patient_id: int) -> object:
        """Read the chart and draw its alignment graph, as the chart and its Graphs tab do."""
        from ui.chart_view import read_chart
        from ui.figure_canvas import PixelSize

        _patient, course, history, _changes, _stage = read_chart(
            self.db, patient_id, self.tolerances
        )
        rendered = self.renderer.render(
            "alignment", course, history, self.tolerances, PixelSize(*SIZE)
        )
        if self.shown is not None:
            self.shown.release()  # the canvas moved on to the new graph
        self.shown = rendered
        return rendered


def another_patient(db: Database, busy: int) -> int:
    with db.engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT patient_id FROM visit WHERE patient_id != ? GROUP BY patient_id "
            "HAVING count(*) > 1 LIMIT 1",
            (busy,),
        ).scalar()
    return int(found) if found is not None else busy


def _raw_readings(practice: Practice) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(practice.path)
    try:
        return connection.execute(READINGS, (practice.busy_patient_id,)).fetchall()
    finally:
        connection.close()


def _bare_plot(rows: list[tuple[Any, ...]]) -> None:
    """The same points as one plain line on one axes, drawn to pixels."""
    from matplotlib import dates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    days = dates.date2num([date.fromisoformat(str(row[0])) for row in rows])
    figure = MplFigure(figsize=(SIZE[0] / 100, SIZE[1] / 100), dpi=100)
    axes = figure.add_subplot()
    axes.plot(days, [row[4] or 0.0 for row in rows], marker="o")
    FigureCanvasAgg(figure).draw()


def _bare_pdf(practice: Practice) -> bytes:
    """The course's visits read raw and listed on one plain reportlab page."""
    from reportlab.pdfgen.canvas import Canvas

    connection = sqlite3.connect(practice.path)
    try:
        visits = connection.execute(VISITS, (practice.busy_patient_id,)).fetchall()
        readings = connection.execute(READINGS, (practice.busy_patient_id,)).fetchall()
    finally:
        connection.close()
    buffer = BytesIO()
    canvas = Canvas(buffer)
    for line, row in enumerate(visits[:60]):
        canvas.drawString(40, 800 - 12 * line, f"{row[2]} {len(readings)}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def figures(practice: Practice) -> list[Figure]:
    """chart_open, progress_report and handout for `practice`'s 100-visit patient."""

    @cache
    def chart() -> _Chart:
        return _Chart(practice)

    def progress() -> bytes:
        from reports.generate import make_report

        return make_report(chart().db, "progress", practice.busy_patient_id).pdf

    def handout() -> bytes:
        from benchmarks.bench_reports import eight_exercise_handout
        from reports.handout import build_handout

        return build_handout(eight_exercise_handout(), "A4")

    return [
        Figure(
            key="chart_open",
            label="open a 100-visit chart, alignment drawn",
            target=f"<= {CHART_OPEN_S * 1000:.0f} ms",
            work=lambda: chart().open(practice.busy_patient_id),
            floor=lambda: _bare_plot(_raw_readings(practice)),
            meets=lambda value, _floor: value <= CHART_OPEN_S,
            setup=lambda: chart().open(chart().other),  # coming from another patient
        ),
        Figure(
            key="progress_report",
            label="progress report of a 100-visit course",
            target=f"<= {PROGRESS_S:.0f} s",
            work=progress,
            floor=lambda: _bare_pdf(practice),
            meets=lambda value, _floor: value <= PROGRESS_S,
            setup=chart,
        ),
        Figure(
            key="handout",
            label="handout with 8 exercises",
            target=f"<= {HANDOUT_S * 1000:.0f} ms",
            work=handout,
            floor=None,
            meets=lambda value, _floor: value <= HANDOUT_S,
        ),
    ]
