"""The visit editor's sections on their own: validation as you type, readings, tables,
outcome dialogs and tab order (pytest-qt, offscreen, synchronous runner)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QListWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from charting.outcomes import Measure
from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient
from models.services.visits import load_visit
from tests.test_date_fields import focus, tick
from tests.test_table_editing import pick_by_keys, select_row, type_number
from ui.actions import visits as visit_actions
from ui.background import SyncRunner
from ui.context import AppContext
from ui.editor.editor import VisitEditor
from ui.editor.measure_dialog import MeasureDialog
from ui.editor.reading_form import asymmetry_words

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def editor(qtbot: QtBot, db: Database) -> VisitEditor:
    context = AppContext(db, SyncRunner())
    widget = VisitEditor(context)
    qtbot.addWidget(widget)
    patient_id = create_patient(db, PatientDraft("E-1", "Ines", "Okoro"), "test")
    visit_actions.new_visit(context, widget, patient_id, date(2026, 5, 4))
    return widget


def show(qtbot: QtBot, window: QWidget, width: int = 1200, height: int = 900) -> None:
    window.resize(width, height)
    activate(qtbot, window)


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Shown and active, so the keys typed reach the widget that has the focus."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def type_into(qtbot: QtBot, field: object, text: str) -> None:
    """Into a shown box: select what it holds, delete it, type `text` (may be empty)."""
    keys = focus(qtbot, getattr(field, "edit", field))
    qtbot.keyClick(keys, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(keys, Qt.Key.Key_Backspace)
    qtbot.keyClicks(keys, text)


def choose_entry(qtbot: QtBot, combo: QComboBox, words: str) -> None:
    """Tab to a combo box and pick an entry by its first letters."""
    pick_by_keys(qtbot, focus(qtbot, combo), words)


def click_item(qtbot: QtBot, results: QListWidget, row: int) -> None:
    """Click a list entry, as a person picks the one a button acts on."""
    item = results.item(row)
    results.scrollToItem(item)
    qtbot.mouseClick(results.viewport(), LEFT, pos=results.visualItemRect(item).center())
    assert results.currentRow() == row


def open_measure(qtbot: QtBot, editor: VisitEditor, measure: Measure) -> MeasureDialog:
    """Click the questionnaire's button (expanding the section first if it is folded)."""
    outcomes = editor.outcomes
    if not outcomes.toggle.isChecked():
        qtbot.mouseClick(outcomes.toggle, LEFT)
    qtbot.mouseClick(outcomes.buttons[measure], LEFT)
    dialog = outcomes.dialog
    assert dialog is not None
    activate(qtbot, dialog)
    return dialog


def test_invalid_fields_name_their_range_and_keep_the_rest(
    qtbot: QtBot, editor: VisitEditor, db: Database
) -> None:
    show(qtbot, editor)
    pre = editor.objective.pre
    qtbot.keyClicks(editor.subjective.text, "Sore after the 10 km race.")
    type_into(qtbot, pre.numbers["left_tilt_deg"], "50")
    assert pre.numbers["left_tilt_deg"].error.text() == (
        "Left tilt (°): must be between -30 and +45 degrees (got 50)"
    )
    assert "-30 … +45" in pre.numbers["left_tilt_deg"].hint.text()
    assert "+ anterior" in pre.numbers["left_tilt_deg"].hint.text()
    type_into(qtbot, pre.numbers["right_tilt_deg"], "4")
    type_into(qtbot, pre.numbers["rotation_deg"], "5")
    type_into(qtbot, editor.subjective.running, "500")
    running_error = editor.subjective.running.error.text()
    assert running_error == "Running km per week: must be between 0 and 400 km/week (got 500)"
    type_into(qtbot, editor.subjective.adherence, "75.5")
    assert "whole number" in editor.subjective.adherence.error.text()
    type_into(qtbot, editor.subjective.adherence, "75")
    assert editor.subjective.adherence.error.text() == ""
    qtbot.keyClicks(editor.assessment.reasoning, "Short left hip flexors.")

    editor.session.save_now()
    stored = load_visit(db, editor.visit_id or 0).draft
    assert stored.note.subjective == "Sore after the 10 km race."
    assert stored.reasoning == "Short left hip flexors."
    assert stored.adherence_pct == 75 and stored.running_km_per_week is None
    assert stored.readings == ()  # the pre reading waits for a valid left tilt
    assert pre.numbers["left_tilt_deg"].text() == "50"  # the text stays on screen
    assert "2 field(s) marked in red" in editor.ui.status.text()

    type_into(qtbot, pre.numbers["left_tilt_deg"], "11")
    assert asymmetry_words(11, 4) == "left − right = +7.0°, left more anterior"
    assert pre.asymmetry.text() == "left − right = +7.0°, left more anterior"
    editor.session.save_now()
    (reading,) = load_visit(db, editor.visit_id or 0).draft.readings
    assert (reading.left_tilt_deg, reading.right_tilt_deg, reading.rotation_deg) == (11, 4, 5)


def test_one_tilt_alone_is_named_and_category_boxes_follow_numbers(
    qtbot: QtBot, editor: VisitEditor
) -> None:
    show(qtbot, editor)
    pre = editor.objective.pre
    type_into(qtbot, pre.numbers["left_tilt_deg"], "9")
    assert "recorded together" in pre.numbers["right_tilt_deg"].error.text()
    assert not pre.by_eye["asymmetry"].isEnabled()
    type_into(qtbot, pre.numbers["left_tilt_deg"], "")
    assert pre.by_eye["asymmetry"].isEnabled()
    choose_entry(qtbot, pre.by_eye["asymmetry"], "Left anterior")
    choose_entry(qtbot, pre.by_eye["rotation"], "Turned right")
    reading = pre.collect([])
    assert reading is not None and (reading.asymmetry, reading.rotation) == (
        "left_anterior",
        "right",
    )
    assert "left innominate anterior with right rotation" in editor.assessment.pattern.text()


def test_complaints_from_the_diagram_and_refused_table_edits(
    qtbot: QtBot, editor: VisitEditor
) -> None:
    show(qtbot, editor)  # cell editors open on a visible table
    subjective = editor.subjective
    subjective.pick_region("buttock_sciatic", "right")
    assert subjective.pain.hasFocus() or not editor.isVisible()
    qtbot.keyClicks(subjective.pain, "7")  # the score is selected: typing replaces it
    qtbot.mouseClick(subjective.add_button, Qt.MouseButton.LeftButton)
    subjective.pick_region("buttock_sciatic", "right")
    qtbot.keyClicks(subjective.pain, "4")
    qtbot.mouseClick(subjective.add_button, Qt.MouseButton.LeftButton)  # updated, not doubled
    model = subjective.complaints
    assert model.rowCount() == 1 and model.data(model.index(0, 2)) == "4"
    assert model.data(model.index(0, 0)) == "Buttock / sciatic"
    type_number(qtbot, subjective.table, 0, 2, "11", "F2")  # the cell takes no second 1
    assert model.data(model.index(0, 2)) == "1" and subjective.table_error.text() == ""

    subjective.pick_region("knee", "left")
    qtbot.keyClicks(subjective.pain, "3")
    qtbot.mouseClick(subjective.add_button, Qt.MouseButton.LeftButton)
    select_row(qtbot, subjective.table, 0)
    qtbot.mouseClick(subjective.remove_button, Qt.MouseButton.LeftButton)
    assert [(c.region, c.side, c.pain) for c in model.rows] == [("knee", "left", 3)]

    qtbot.keyClicks(editor.plan.picker.search, "glute bridge")
    qtbot.keyClick(editor.plan.picker.search, Qt.Key.Key_Return)
    plan, table = editor.plan.plan, editor.plan.table
    assert plan.data(plan.index(0, 3)) == "12" and plan.data(plan.index(0, 4)) == "—"
    type_number(qtbot, table, 0, 3, "0", "F2")  # reps "—" with no hold time
    assert "give repetitions or a hold time" in editor.plan.table_error.text()
    assert plan.rows[0].reps == 12
    type_number(qtbot, table, 0, 4, "5", "double-click")
    type_number(qtbot, table, 0, 3, "0", "F2")
    assert plan.rows[0].reps is None and plan.rows[0].hold_s == 5


def test_suggestions_follow_the_hypothesis(qtbot: QtBot, editor: VisitEditor) -> None:
    show(qtbot, editor)
    type_into(qtbot, editor.objective.pre.numbers["left_tilt_deg"], "14")
    type_into(qtbot, editor.objective.pre.numbers["right_tilt_deg"], "6")
    type_into(qtbot, editor.objective.pre.numbers["rotation_deg"], "7")
    qtbot.mouseClick(editor.assessment.suggest_button, Qt.MouseButton.LeftButton)
    muscles = {(f.muscle, f.side) for f in editor.assessment.findings.rows}
    assert ("iliopsoas", "left") in muscles and ("gluteus_maximus", "left") in muscles
    findings = editor.assessment.findings
    assert "to test:" in findings.data(findings.index(0, 3))
    suggested = [
        editor.plan.picker.results.item(i).text() for i in range(editor.plan.picker.results.count())
    ]
    assert any(text.startswith("Half-kneeling hip flexor stretch — left") for text in suggested)
    click_item(qtbot, editor.plan.picker.results, 0)
    qtbot.mouseClick(editor.plan.picker.add_button, LEFT)
    assert editor.plan.plan.rowCount() == 1


def test_outcome_dialogs_score_and_keep_input(qtbot: QtBot, editor: VisitEditor) -> None:
    show(qtbot, editor)
    outcomes = editor.outcomes
    psfs = open_measure(qtbot, editor, Measure.PSFS)
    for row, (name, rating) in enumerate((("running", "4"), ("stairs", "6"))):
        type_into(qtbot, psfs.names[row], name)
        type_into(qtbot, psfs.ratings[row], rating)
    qtbot.mouseClick(psfs.ok_button, LEFT)
    assert psfs.error.text() == "PSFS: name 3 to 5 activities (got 2)" and psfs.isVisible()
    type_into(qtbot, psfs.names[2], "hopping")
    type_into(qtbot, psfs.ratings[2], "12")
    assert "PSFS activity 3: must be between 0 and 10" in psfs.ratings[2].error.text()
    type_into(qtbot, psfs.ratings[2], "5")
    qtbot.mouseClick(psfs.ok_button, LEFT)
    assert not psfs.isVisible()
    assert outcomes.outcomes["psfs"].score == 5 and "running 4" in outcomes.outcomes["psfs"].label

    lefs = open_measure(qtbot, editor, Measure.LEFS)
    for spin in lefs.items[:15]:
        type_into(qtbot, spin, "3")
    qtbot.mouseClick(lefs.ok_button, LEFT)
    assert lefs.error.text().startswith("LEFS: 5 items unanswered") and lefs.isVisible()
    type_into(qtbot, lefs.items[15], "2")
    qtbot.mouseClick(lefs.ok_button, LEFT)
    assert "pro-rated" in lefs.notice.text() and lefs.isVisible()  # named before it is saved
    qtbot.mouseClick(lefs.ok_button, LEFT)
    assert outcomes.outcomes["lefs"].label == "LEFS 59/80 (4 missing items pro-rated)"

    roland = open_measure(qtbot, editor, Measure.ROLAND_MORRIS)
    for box in roland.items[:6]:
        tick(qtbot, box)
    qtbot.mouseClick(roland.ok_button, LEFT)
    grc = open_measure(qtbot, editor, Measure.GRC)
    type_into(qtbot, grc.rating, "3")
    assert grc.words.text() == "somewhat better"
    qtbot.mouseClick(grc.ok_button, LEFT)
    draft = editor.collect().draft
    assert {o.measure: o.score for o in draft.outcomes} == {
        "psfs": 5, "lefs": 59, "roland_morris": 6, "grc": 3,
    }  # fmt: skip
    again = open_measure(qtbot, editor, Measure.PSFS)  # reopened with this visit's answers
    assert [n.text() for n in again.names[:3]] == ["running", "stairs", "hopping"]
    qtbot.mouseClick(again.buttons.button(QDialogButtonBox.StandardButton.Cancel), LEFT)


def test_tab_order_follows_soap(editor: VisitEditor) -> None:
    order: list[QWidget] = []
    widget: QWidget = editor.visit_date
    for _ in range(200):
        order.append(widget)
        widget = widget.nextInFocusChain()
        if widget is editor.visit_date:
            break

    def place(w: QWidget) -> int:
        return order.index(w)

    assert (
        place(editor.visit_date)
        < place(editor.subjective.region)
        < place(editor.subjective.text)
        < place(editor.objective.pre.device)
        < place(editor.objective.pre.numbers["left_tilt_deg"].edit)
        < place(editor.assessment.suggest_button)
        < place(editor.assessment.reasoning)
        < place(editor.plan.correction)
        < place(editor.plan.post.numbers["left_tilt_deg"].edit)
        < place(editor.plan.picker.search)
        < place(editor.plan.next_visit.enabled)
    )


def test_body_diagram_click_and_pelvis_view(qtbot: QtBot, editor: VisitEditor) -> None:
    show(qtbot, editor, 1000, 800)
    diagram = editor.ui.body_diagram
    point = diagram.region_centre("knee", "right")
    assert point is not None
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert (editor.subjective.region.currentData(), editor.subjective.side.currentData()) == (
        "knee", "right",
    )  # fmt: skip
    assert editor.subjective.pain.hasFocus()
    qtbot.keyClicks(editor.subjective.pain, "5")
    qtbot.keyClick(editor.subjective.pain, Qt.Key.Key_Return)
    assert [(c.region, c.side, c.pain) for c in editor.subjective.complaints.rows] == [
        ("knee", "right", 5)
    ]
    assert diagram.fill_colour("knee", "right") is not None

    type_into(qtbot, editor.objective.pre.numbers["left_tilt_deg"], "12")
    type_into(qtbot, editor.objective.pre.numbers["right_tilt_deg"], "5")
    words = editor.ui.pelvis.words
    qtbot.waitUntil(lambda: "Before: left side tipped forward 7°" in words.text())
    assert "After: not recorded" in words.text()


def test_scores_without_a_label_read_as_words() -> None:
    from models.records import Outcome
    from ui.editor.outcomes import outcome_words

    assert outcome_words(Outcome("lefs", 74)) == "LEFS 74/80"
    assert outcome_words(Outcome("grc", 6)) == "Global rating of change +6 (a great deal better)"
    assert outcome_words(Outcome("psfs", 5, "PSFS 5/10: run 5")) == "PSFS 5/10: run 5"


class WindowsShown(QObject):
    """Every widget shown as a window of its own while installed on the application."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        shown = event.type() == QEvent.Type.Show
        if shown and isinstance(watched, QWidget) and watched.isWindow():
            self.names.append(type(watched).__name__)
        return False


def test_building_the_editor_shows_no_window_of_its_own(qtbot: QtBot, db: Database) -> None:
    """The editor is built after the main window shows (issue 11): a label of it once showed
    as a window for an instant, which on a desktop flashes, and which cancelled the app's
    quit when the main window had just been closed, so Holdfast ran on with no window."""
    app = QApplication.instance()
    assert app is not None
    shown = WindowsShown()
    app.installEventFilter(shown)
    try:
        widget = VisitEditor(AppContext(db, SyncRunner()))
        qtbot.addWidget(widget)
        built = list(shown.names)
        widget.show()  # the one window there is: the editor itself
    finally:
        app.removeEventFilter(shown)
    assert built == [] and shown.names == ["VisitEditor"]
