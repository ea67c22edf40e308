"""The Reports menu: handout, visit summary and progress summary for the chart on screen."""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from ui.chart_view import ChartView
from ui.context import AppContext
from ui.editor.editor import VisitEditor
from ui.messages import NO_PATIENT

REPORTS = (
    ("handout", "Exercise &handout…", "Ctrl+P"),
    ("visit", "&Visit summary…", "Ctrl+Shift+P"),
    ("progress", "&Progress report…", "Ctrl+Alt+P"),
)


def preview(
    context: AppContext, parent: QWidget, kind: str, patient_id: int, visit_id: int | None
) -> None:
    """Build the report and show its preview. ui/report_preview.py is imported here, at the
    first report: reportlab and the illustrations cost the start a second otherwise."""
    from ui.report_preview import open_report as open_preview

    open_preview(context, parent, kind, patient_id, visit_id)


def report_visit(chart: ChartView, editor: VisitEditor) -> int | None:
    """The visit a report is about: the one in the editor, else the timeline's selection.

    None lets the report pick the patient's latest visit.
    """
    if editor.patient_id == chart.patient_id and editor.visit_id is not None:
        return editor.visit_id
    return chart.selected_visit_id()


def open_report(
    context: AppContext, parent: QWidget, kind: str, chart: ChartView, editor: VisitEditor
) -> None:
    if chart.patient_id is None:  # said where every action says it, not in a box to close
        if isinstance(parent, QMainWindow):
            parent.statusBar().showMessage(NO_PATIENT, 8000)
        return
    patient_id = chart.patient_id

    def show(_saved: int | None) -> None:
        visit_id = None if kind == "progress" else report_visit(chart, editor)
        preview(context, parent, kind, patient_id, visit_id)

    editor.session.save_now(show)  # the report reads the database: store the typing first


def install_reports_menu(
    window: QWidget, menu: QMenu, chart: ChartView, editor: VisitEditor
) -> dict[str, QAction]:
    actions = {}
    for kind, text, shortcut in REPORTS:
        action = QAction(text, window)
        action.setShortcut(QKeySequence(shortcut))
        slot = partial(open_report, editor.context, window, kind, chart, editor)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        menu.addAction(action)
        actions[kind] = action
    return actions
