"""The visit workflow through the real main window: chart, sign, refuse edits, addendum,
copy forward, and the hold verdict of the new interval (pytest-qt, offscreen)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient
from models.services.visits import VisitLocked, list_visits, load_visit, save_draft
from models.settings import Settings
from tests.dialogs import click, open_box
from tests.test_date_fields import retype, tick
from tests.test_table_editing import select_row
from tests.test_visit_editor import activate, type_into
from ui.actions import visits as visit_actions
from ui.background import SyncRunner
from ui.context import AppContext
from ui.editor.editor import VisitEditor
from ui.main_window import MainWindow


def signing_window(qtbot: QtBot, db: Database) -> MainWindow:
    """The main window of a practitioner whose name and credentials are set, as signing needs."""
    context = AppContext(db, SyncRunner())
    context.save_settings(Settings(practitioner_name="Jo Reyes", credentials="DO"))
    main = MainWindow(context)
    qtbot.addWidget(main)
    return main


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> MainWindow:
    return signing_window(qtbot, db)


def enter_reading(qtbot: QtBot, form: object, left: str, right: str, rotation: str) -> None:
    numbers = form.numbers  # type: ignore[attr-defined]
    type_into(qtbot, numbers["left_tilt_deg"], left)
    type_into(qtbot, numbers["right_tilt_deg"], right)
    type_into(qtbot, numbers["rotation_deg"], rotation)


def chart_first_visit(qtbot: QtBot, editor: VisitEditor) -> None:
    """Complaint, volume, pre reading, suggested hypothesis, correction, post, plan."""
    editor.subjective.pick_region("low_back", "left")
    qtbot.keyClicks(editor.subjective.pain, "6")  # the score is selected: typing replaces it
    qtbot.mouseClick(editor.subjective.add_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, editor.subjective.running, "20")
    type_into(qtbot, editor.subjective.adherence, "80")
    qtbot.keyClicks(editor.subjective.text, "Left low back ache after long runs.")
    enter_reading(qtbot, editor.objective.pre, "12", "4", "6")
    editor.suggest()
    qtbot.keyClicks(editor.plan.correction, "Muscle energy technique, left")
    enter_reading(qtbot, editor.plan.post, "8", "7", "1")
    qtbot.keyClicks(editor.plan.picker.search, "hip flexor")
    qtbot.keyClick(editor.plan.picker.search, Qt.Key.Key_Return)


def test_chart_sign_addendum_copy_forward_and_hold(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    activate(qtbot, window)
    context, editor, chart = window.context, window.editor, window.chart
    patient_id = create_patient(db, PatientDraft("T-1", "Lena", "Berg"), "test")
    window.patient_list.refresh()
    window.patient_list.select_patient(patient_id)
    assert chart.patient_id == patient_id

    window.visit_actions["new"].trigger()
    assert chart.tabs.currentWidget() is editor
    assert editor.kind.currentData() == "initial"
    assert editor.objective.pre.rater.text() == "Jo Reyes"  # no last visit: the practitioner
    chart_first_visit(qtbot, editor)
    assert editor.assessment.findings.rowCount() >= 3
    assert "left innominate anterior with right rotation" in editor.assessment.pattern.text()
    assert [e.exercise for e in editor.plan.plan.rows] == ["half_kneeling_hip_flexor_stretch"]
    window.visit_actions["save"].trigger()
    assert editor.visit_id is not None
    first_id = editor.visit_id
    assert chart.timeline_model.rowCount() == 1
    assert chart.timeline_model.data(chart.timeline_model.index(0, 2)) == "Draft"

    window.visit_actions["sign"].trigger()
    click(qtbot, open_box(window), "Sign")
    record = load_visit(db, first_id)
    assert record.signed and record.signed_by == "Jo Reyes, DO"
    assert editor.read_only and not window.visit_actions["sign"].isEnabled()
    assert chart.timeline_model.data(chart.timeline_model.index(0, 2)) == "Signed"

    # Editing is refused in the GUI and in the database.
    left = editor.objective.pre.numbers["left_tilt_deg"]
    qtbot.keyClicks(left.edit, "9")
    assert left.text() == "12" and left.edit.isReadOnly()
    assert not editor.subjective.add_button.isEnabled()
    diagram = editor.ui.body_diagram  # read-only, not disabled: its tooltips still work
    assert diagram.is_read_only() and diagram.isEnabled()
    with pytest.raises(VisitLocked):
        save_draft(db, patient_id, record.draft, "test", first_id)

    dialog = visit_actions.add_addendum(context, editor)
    assert dialog is not None
    activate(qtbot, dialog)
    (buttons,) = dialog.findChildren(QDialogButtonBox)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    type_into(qtbot, dialog.text, "Patient also reported night pain.")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "Reason" in dialog.error.text() and dialog.isVisible()
    type_into(qtbot, dialog.reason, "Late entry")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    signed = load_visit(db, first_id)
    assert signed.draft == record.draft  # the original, unchanged
    assert [(a.text, a.reason, a.author) for a in signed.addenda] == [
        ("Patient also reported night pain.", "Late entry", "Jo Reyes, DO")
    ]
    assert "night pain" in editor.ui.addenda.text() and "Late entry" in editor.ui.addenda.text()

    # Copy forward: complaints, hypothesis and plan, not the readings, marked as carried over.
    window.visit_actions["new"].trigger()
    click(qtbot, open_box(window), "Start another visit")  # the first one was today too
    activate(qtbot, window)  # the window manager's part once the question closes
    assert editor.visit_id is None and not editor.read_only
    assert editor.assessment.findings.records() == signed.draft.findings
    assert editor.plan.plan.records() == signed.draft.plan
    assert editor.objective.pre.is_empty() and editor.plan.post.is_empty()
    assert editor.ui.carried.isVisibleTo(editor) and editor.carried_over
    assert editor.objective.pre.rater.text() == "Jo Reyes"  # remembered from the last visit
    enter_reading(qtbot, editor.objective.pre, "8.5", "7", "2")
    window.visit_actions["save"].trigger()
    second = load_visit(db, editor.visit_id or 0)
    carried = tuple(replace(c, carried_over=True) for c in signed.draft.complaints)
    assert second.draft.carried_over and second.draft.complaints == carried
    timeline = chart.timeline_model
    assert timeline.rowCount() == 2
    assert timeline.data(timeline.index(1, 5)) == "✔ held"

    # Editing the carried-over plan clears its mark; re-rating the complaint clears the last.
    select_row(qtbot, editor.plan.table, 0)
    qtbot.mouseClick(editor.plan.remove_button, Qt.MouseButton.LeftButton)
    assert editor.plan.plan.rowCount() == 0
    window.visit_actions["save"].trigger()
    assert not load_visit(db, second.id).draft.carried_over
    assert editor.ui.carried.isVisibleTo(editor)  # the complaint still waits for a score
    editor.subjective.pick_region("low_back", "left")
    qtbot.keyClicks(editor.subjective.pain, "4")
    qtbot.mouseClick(editor.subjective.add_button, Qt.MouseButton.LeftButton)
    assert editor.subjective.complaints.rows[0].pain == 4
    assert not editor.ui.carried.isVisibleTo(editor)


def test_next_and_previous_visit(qtbot: QtBot, demo_db: Database) -> None:
    main = MainWindow(AppContext(demo_db, SyncRunner()))
    qtbot.addWidget(main)
    seed = next(row.summary.id for row in main.patient_list.model.rows)
    main.patient_list.select_patient(seed)
    visits = list_visits(demo_db, seed)
    main.visit_actions["previous"].trigger()  # from nothing open: the latest visit
    assert main.editor.visit_id == visits[-1].id
    main.visit_actions["previous"].trigger()
    assert main.editor.visit_id == visits[-2].id
    main.visit_actions["next"].trigger()
    assert main.editor.visit_id == visits[-1].id
    main.visit_actions["next"].trigger()  # no further: stays
    assert main.editor.visit_id == visits[-1].id
    main.chart.visit_activated.emit(visits[0].id)  # double-click in the timeline
    assert main.editor.visit_id == visits[0].id and main.chart.tabs.currentWidget() is main.editor


def test_signing_needs_a_name_and_the_required_fields(qtbot: QtBot, db: Database) -> None:
    main = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(main)
    activate(qtbot, main)
    patient_id = create_patient(db, PatientDraft("T-2", "Ana", "Lima"), "test")
    main.chart.show_patient(patient_id)
    main.visit_actions["new"].trigger()
    main.visit_actions["sign"].trigger()
    assert "Preferences" in main.editor.ui.message.text()
    main.context.save_settings(Settings(practitioner_name="Jo Reyes"))
    main.visit_actions["sign"].trigger()
    status = main.editor.ui.message.text()
    assert "a pre-correction reading" in status and "an exercise plan or the reason" in status
    enter_reading(qtbot, main.editor.objective.pre, "10", "4", "")
    qtbot.keyClicks(main.editor.assessment.reasoning, "Short left hip flexors.")
    qtbot.keyClicks(main.editor.plan.no_plan_reason, "Acute flare: rest first")
    main.visit_actions["sign"].trigger()
    click(qtbot, open_box(main), "Sign")
    assert main.editor.read_only and main.editor.record is not None and main.editor.record.signed


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 120) -> None:
    """Press Tab until `target` has the focus (proves it is reachable from the keyboard)."""
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    pytest.fail(f"Tab never reached {target!r}")


def press(qtbot: QtBot, keys: str) -> None:
    """A shortcut typed on whatever has the focus."""
    sequence = QKeySequence(keys)[0]
    qtbot.keyClick(QApplication.focusWidget(), sequence.key(), sequence.keyboardModifiers())


def test_follow_up_without_the_mouse(qtbot: QtBot, demo_db: Database) -> None:
    context = AppContext(demo_db, SyncRunner())
    context.save_settings(Settings(practitioner_name="Jo Reyes"))
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    editor = main.editor

    press(qtbot, "Ctrl+F")
    qtbot.keyClicks(main.patient_list.search, "Lindqvist")
    qtbot.waitUntil(lambda: main.patient_list.model.rowCount() == 1)
    tab_to(qtbot, main.patient_list.table)
    qtbot.keyClick(main.patient_list.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: main.chart.patient_id is not None)
    before = main.chart.timeline_model.rowCount()

    press(qtbot, "Ctrl+Shift+N")
    assert editor.patient_id == main.chart.patient_id and editor.visit_date.hasFocus()
    tab_to(qtbot, editor.subjective.region)
    qtbot.keyClicks(editor.subjective.region, "Knee")
    tab_to(qtbot, editor.subjective.pain)
    qtbot.keyClicks(editor.subjective.pain, "3")
    qtbot.keyClick(editor.subjective.pain, Qt.Key.Key_Return)
    assert (
        editor.subjective.complaints.rows[-1].region,
        editor.subjective.complaints.rows[-1].pain,
    ) == ("knee", 3)
    tab_to(qtbot, editor.subjective.running.edit)
    qtbot.keyClicks(editor.subjective.running.edit, "30")
    for name, value in (("left_tilt_deg", "9"), ("right_tilt_deg", "6"), ("rotation_deg", "2")):
        tab_to(qtbot, editor.objective.pre.numbers[name].edit)
        qtbot.keyClicks(editor.objective.pre.numbers[name].edit, value)
    press(qtbot, "Ctrl+S")
    assert editor.visit_id is not None
    press(qtbot, "Ctrl+Shift+S")
    box = open_box(main)
    qtbot.waitUntil(box.isActiveWindow)
    (sign,) = [b for b in box.buttons() if b.text() == "Sign"]
    tab_to(qtbot, sign)
    qtbot.keyClick(sign, Qt.Key.Key_Space)
    assert editor.read_only, editor.ui.message.text()
    assert main.chart.timeline_model.rowCount() == before + 1
    main.activateWindow()  # the window manager's part once the question closes
    qtbot.waitUntil(lambda: main.isAncestorOf(QApplication.focusWidget()))
    press(qtbot, "Alt+Up")
    assert editor.visit_id == main.chart.course.visits[-2].id  # type: ignore[union-attr]


def test_reports_open_for_the_visit_on_screen(
    qtbot: QtBot, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.actions import reports

    opened: list[tuple[str, int, int | None]] = []
    monkeypatch.setattr(
        reports,
        "preview",
        lambda _c, _p, kind, patient, visit: opened.append((kind, patient, visit)),
    )
    patient_id = create_patient(db, PatientDraft("T-3", "Rui", "Sousa"), "test")
    window.chart.show_patient(patient_id)
    window.visit_actions["new"].trigger()
    qtbot.keyClicks(window.editor.assessment.reasoning, "Weak right gluteus medius")
    for kind in ("handout", "visit", "progress"):
        reports.open_report(window.context, window, kind, window.chart, window.editor)
    visit_id = window.editor.visit_id
    assert visit_id is not None  # typing was saved before the report read the database
    assert opened == [
        ("handout", patient_id, visit_id), ("visit", patient_id, visit_id),
        ("progress", patient_id, None),
    ]  # fmt: skip
    titles = [a.text() for a in window.reports_menu.actions()]
    assert titles == ["Exercise &handout…", "&Visit summary…", "&Progress report…"]


def test_switching_patient_or_closing_saves_the_draft(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    activate(qtbot, window)
    first = create_patient(db, PatientDraft("T-4", "Ada", "Moss"), "test")
    second = create_patient(db, PatientDraft("T-5", "Bo", "Lind"), "test")
    window.chart.show_patient(first)
    window.visit_actions["new"].trigger()
    editor = window.editor
    qtbot.keyClicks(editor.subjective.text, "Typed, then another chart opened")
    tick(qtbot, editor.plan.next_visit.enabled)
    # A date before the visit: refused, kept apart.
    retype(qtbot, editor.plan.next_visit.date, "2020-01-01")
    assert "must be on or after the visit date" in editor.plan.next_visit.error.text()
    window.chart.show_patient(second)
    assert editor.patient_id is None  # closed, after saving
    (saved,) = list_visits(db, first)
    assert saved.draft.note.subjective == "Typed, then another chart opened"
    assert saved.draft.next_visit_date is None

    window.visit_actions["new"].trigger()
    qtbot.keyClicks(editor.assessment.reasoning, "Typed just before closing")
    window.close()
    (closing,) = list_visits(db, second)
    assert closing.draft.reasoning == "Typed just before closing"


def test_discard_draft(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    patient_id = create_patient(db, PatientDraft("T-6", "Cy", "Dahl"), "test")
    window.chart.show_patient(patient_id)
    window.visit_actions["new"].trigger()
    qtbot.keyClicks(window.editor.subjective.text, "Opened by mistake")
    window.visit_actions["save"].trigger()
    assert len(list_visits(db, patient_id)) == 1
    window.visit_actions["discard"].trigger()
    click(qtbot, open_box(window), "Discard draft")
    assert list_visits(db, patient_id) == [] and window.editor.patient_id is None
    assert window.chart.timeline_model.rowCount() == 0
