"""A new visit brings the last visit's complaints forward to be re-rated: each reads in
italics until its pain is scored again through the table, like the carried-over plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from models.database import Database
from models.records import Complaint, PatientDraft, PlanEntry, VisitDraft
from models.services.patients import create_patient
from models.services.visits import copy_forward, list_visits, load_visit, save_draft
from tests.test_table_editing import select_row, shown_editor, type_number
from ui.actions import visits as visit_actions
from ui.editor.editor import VisitEditor

LAST = (Complaint("low_back", "left", 6), Complaint("knee", "right", 3))
CARRIED = tuple(replace(c, carried_over=True) for c in LAST)  # as a new visit brings them


@pytest.fixture
def patient_id(db: Database) -> int:
    patient_id = create_patient(db, PatientDraft("C-1", "Rhea", "Lind"), "test")
    plan = (PlanEntry("glute_bridge", sets=3, per_week=5, reps=12),)
    last = VisitDraft(visit_date=date(2026, 4, 20), complaints=LAST, plan=plan)
    save_draft(db, patient_id, last, "test")
    return patient_id


@pytest.fixture
def editor(qtbot: QtBot, db: Database, patient_id: int) -> VisitEditor:
    widget = shown_editor(qtbot, db)
    visit_actions.new_visit(widget.context, widget, patient_id, date(2026, 5, 4))
    return widget


def italic(table: QTableView, row: int) -> bool:
    font = table.model().index(row, 0).data(Qt.ItemDataRole.FontRole)
    return font is not None and font.italic()


def test_copy_forward_brings_the_complaints(db: Database, patient_id: int) -> None:
    draft = copy_forward(db, patient_id, date(2026, 5, 4))
    assert draft.complaints == CARRIED and draft.carried_over and draft.readings == ()


def test_each_complaint_keeps_its_carried_mark_when_stored(db: Database, patient_id: int) -> None:
    draft = copy_forward(db, patient_id, date(2026, 5, 4))
    rated = replace(draft, complaints=(replace(draft.complaints[0], pain=2), draft.complaints[1]))
    visit_id = save_draft(db, patient_id, draft, "test")
    assert load_visit(db, visit_id).draft.complaints == CARRIED
    save_draft(db, patient_id, rated, "test", visit_id)  # only the mark of one changes
    stored = load_visit(db, visit_id).draft.complaints
    assert [(c.pain, c.carried_over) for c in stored] == [(2, True), (3, True)]
    re_rated = replace(rated, complaints=(replace(rated.complaints[0], carried_over=False),
                                          rated.complaints[1]))  # fmt: skip
    save_draft(db, patient_id, re_rated, "test", visit_id)
    assert [c.carried_over for c in load_visit(db, visit_id).draft.complaints] == [False, True]


def test_carried_complaints_stay_in_italics_until_re_rated(
    qtbot: QtBot, editor: VisitEditor, db: Database
) -> None:
    table, complaints = editor.subjective.table, editor.subjective.complaints
    assert complaints.records() == CARRIED
    assert italic(table, 0) and italic(table, 1)
    banner = editor.ui.carried_text.text()
    assert editor.ui.carried.isVisibleTo(editor) and "re-rate each complaint's pain" in banner

    type_number(qtbot, table, 0, 2, "2", "double-click")  # low back re-rated for today
    assert not italic(table, 0) and italic(table, 1)
    select_row(qtbot, editor.plan.table, 0)
    qtbot.mouseClick(editor.plan.remove_button, Qt.MouseButton.LeftButton)  # the plan is ours
    assert editor.plan.plan.rowCount() == 0
    assert editor.ui.carried.isVisibleTo(editor)  # the knee still waits for its score
    assert "Complaints carried over" in editor.ui.carried_text.text()
    editor.session.save_now()
    stored = load_visit(db, editor.visit_id or 0).draft
    assert [(c.region, c.pain) for c in stored.complaints] == [("low_back", 2), ("knee", 3)]
    assert [c.carried_over for c in stored.complaints] == [False, True]  # each keeps its mark

    qtbot.mouseClick(editor.ui.keep_button, Qt.MouseButton.LeftButton)  # the knee: as it was
    assert not italic(table, 1) and not editor.ui.carried.isVisibleTo(editor)


def test_re_rating_from_the_add_row_counts_too(qtbot: QtBot, editor: VisitEditor) -> None:
    subjective = editor.subjective
    subjective.pick_region("knee", "right")  # a click on the body diagram
    qtbot.keyClicks(subjective.pain, "5")
    qtbot.keyClick(subjective.pain, Qt.Key.Key_Return)
    assert subjective.complaints.rows[1] == Complaint("knee", "right", 5)
    assert italic(subjective.table, 0) and not italic(subjective.table, 1)


def test_a_re_rated_complaint_stays_re_rated_when_the_draft_is_opened_again(
    qtbot: QtBot, editor: VisitEditor, db: Database
) -> None:
    """The hypothesis and plan still wait for a look, so the visit is still carried over;
    the complaint scored today must not go back to italics, nor be stored as carried again."""
    context = editor.context
    table = editor.subjective.table
    type_number(qtbot, table, 0, 2, "2", "double-click")  # low back re-rated for today
    editor.session.save_now()
    visit_id = editor.visit_id
    assert visit_id is not None and load_visit(db, visit_id).draft.carried_over
    (last,) = [v.id for v in list_visits(db, editor.patient_id or 0) if v.id != visit_id]
    visit_actions.open_visit(context, editor, last)
    visit_actions.open_visit(context, editor, visit_id)

    assert not italic(table, 0) and italic(table, 1)
    qtbot.keyClicks(editor.subjective.text, "Better")  # any change saves the draft again
    editor.session.save_now()
    stored = load_visit(db, visit_id).draft.complaints
    assert [c.carried_over for c in stored] == [False, True]


def test_keep_as_is_for_the_complaints_alone_is_saved(
    qtbot: QtBot, editor: VisitEditor, db: Database
) -> None:
    """The plan was edited (the visit is no longer carried over), the complaints still are:
    Keep as is takes them as today's, and that is stored like any other change."""
    select_row(qtbot, editor.plan.table, 0)
    qtbot.mouseClick(editor.plan.remove_button, Qt.MouseButton.LeftButton)
    editor.session.save_now()
    visit_id = editor.visit_id
    assert visit_id is not None and not load_visit(db, visit_id).draft.carried_over
    assert editor.ui.carried.isVisibleTo(editor)  # the complaints still wait for a look

    qtbot.mouseClick(editor.ui.keep_button, Qt.MouseButton.LeftButton)
    assert editor.session.dirty
    editor.session.save_now()
    stored = load_visit(db, visit_id).draft.complaints
    assert [c.carried_over for c in stored] == [False, False]
