"""The Visit menu: actions with shortcuts bound to the editor, and the editor's chart wiring.

Kept out of MainWindow (docs/ARCHITECTURE.md#actions): the window calls `install_visit_menu` once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from ui.actions import visits
from ui.chart_view import ChartView
from ui.editor.close_guard import CloseGuard
from ui.editor.editor import VisitEditor
from ui.editor.session import Leftover
from ui.messages import NO_PATIENT

SHORTCUTS = {
    "new": "Ctrl+Shift+N",
    "save": "Ctrl+S",
    "sign": "Ctrl+Shift+S",
    "addendum": "Ctrl+Shift+A",
    "next": "Alt+Down",
    "previous": "Alt+Up",
    "suggest": "Ctrl+G",
    "discard": "Ctrl+Shift+Del",
    "editor": "Ctrl+3",
}


def install_visit_menu(
    window: QWidget, menu: QMenu, chart: ChartView, editor: VisitEditor
) -> dict[str, QAction]:
    """Fill `menu`, put the editor in the chart's tabs and wire the timeline to it."""
    context = editor.context
    chart.tabs.addTab(editor, "Visit")

    def show_editor() -> None:
        chart.tabs.setCurrentWidget(editor)

    def new() -> None:
        if chart.patient_id is None:  # the chart pane may be hidden: say it in the status bar
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(NO_PATIENT, 8000)
            return
        show_editor()
        visits.new_visit(context, editor, chart.patient_id)

    def open_id(visit_id: int) -> None:
        show_editor()
        visits.open_visit(context, editor, visit_id)

    def step(by: int) -> None:
        show_editor()
        visits.step_visit(context, editor, chart.course.visits if chart.course else (), by)

    entries: list[tuple[str, str, Callable[[], object]] | None] = [
        ("new", "&New visit", new),
        ("save", "&Save draft", lambda: visits.save_visit(context, editor)),
        ("sign", "S&ign visit…", lambda: visits.sign_visit(context, editor)),
        ("addendum", "Add &addendum…", lambda: visits.add_addendum(context, editor)),
        None,
        ("suggest", "Su&ggest hypothesis from pattern", editor.suggest),
        ("next", "Ne&xt visit", lambda: step(1)),
        ("previous", "&Previous visit", lambda: step(-1)),
        ("editor", "Show visit &editor", show_editor),
        None,
        ("discard", "&Discard draft…", lambda: visits.discard_draft(context, editor)),
    ]
    actions: dict[str, QAction] = {}
    for entry in entries:
        if entry is None:
            menu.addSeparator()
            continue
        key, text, slot = entry
        action = QAction(text, window)
        action.setShortcut(QKeySequence(SHORTCUTS[key]))
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        menu.addAction(action)
        actions[key] = action
    editor.ui.save_button.setDefaultAction(actions["save"])
    editor.ui.sign_button.setDefaultAction(actions["sign"])
    editor.ui.addendum_button.setDefaultAction(actions["addendum"])
    for key in ("save", "sign", "addendum"):
        actions[key].setToolTip(f"{actions[key].text().replace('&', '')} ({SHORTCUTS[key]})")
    chart.visit_activated.connect(open_id)
    chart.loaded.connect(lambda patient_id: _leave_other_patient(window, editor, patient_id))
    editor.changed.connect(lambda: _update_enabled(editor, actions))
    editor.saved.connect(lambda _id: _update_enabled(editor, actions))
    editor.loaded.connect(lambda: _update_enabled(editor, actions))
    window.installEventFilter(CloseGuard(editor, window))
    _update_enabled(editor, actions)
    return actions


def _leave_other_patient(window: QWidget, editor: VisitEditor, patient_id: int) -> None:
    """Another patient's chart is shown: save and close the visit of the previous one (it
    stays open if its typing is not stored and could not be kept in the recovery file)."""
    if editor.patient_id is None or editor.patient_id == patient_id:
        return

    def leave(left: Leftover) -> None:
        editor.clear()
        if left is Leftover.KEPT and isinstance(window, QMainWindow):
            window.statusBar().showMessage(visits.LEFT_KEPT)  # the editor is empty now

    visits.leave_then(editor, leave)


def _update_enabled(editor: VisitEditor, actions: dict[str, QAction]) -> None:
    open_ = editor.patient_id is not None
    for key in ("save", "sign", "suggest", "discard"):
        actions[key].setEnabled(open_ and not editor.read_only)
    actions["addendum"].setEnabled(open_ and editor.read_only)
