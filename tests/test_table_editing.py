"""Every editable cell of the visit form's tables, edited as a person does: double-click or
F2 opens the real cell editor, typing changes it, Enter commits. Then the saved visit and the
printed handout carry exactly what was typed."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QSpinBox,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient
from models.services.visits import load_visit
from reports.generate import report_pdf
from ui.actions import visits as visit_actions
from ui.background import SyncRunner
from ui.context import AppContext
from ui.editor.editor import VisitEditor


def shown_editor(qtbot: QtBot, db: Database) -> VisitEditor:
    """A visit editor on the test runner, shown large enough for every table."""
    widget = VisitEditor(AppContext(db, SyncRunner()))
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def editor(qtbot: QtBot, db: Database) -> VisitEditor:
    widget = shown_editor(qtbot, db)
    patient_id = create_patient(db, PatientDraft("T-1", "Tomas", "Berg"), "test")
    visit_actions.new_visit(widget.context, widget, patient_id, date(2026, 5, 4))
    return widget


def open_cell(qtbot: QtBot, table: QTableView, row: int, column: int, how: str) -> QWidget:
    """Open the cell's editor by double-click or F2; return the editor that got focus."""
    index = table.model().index(row, column)
    table.scrollTo(index)
    if how == "double-click":
        where = table.visualRect(index).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    else:
        table.setFocus()
        table.setCurrentIndex(index)
        qtbot.keyClick(table, Qt.Key.Key_F2)
    cell_editor = QApplication.focusWidget()
    assert cell_editor is not None and cell_editor is not table, f"no editor for {column}"
    return cell_editor


def select_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    """Click the row's first cell, as a person picks the row a Remove button acts on."""
    index = table.model().index(row, 0)
    table.scrollTo(index)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    assert table.currentIndex().row() == row


def commit(qtbot: QtBot, cell_editor: QWidget) -> None:
    """Enter; the view commits and closes the editor on its next event loop turn."""
    table = cell_editor.parent().parent()
    assert isinstance(table, QTableView)
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def pick_by_keys(qtbot: QtBot, combo: QWidget, words: str) -> None:
    """Pick a combo box entry as the keyboard does: type its first letters, then arrow down."""
    assert isinstance(combo, QComboBox)
    qtbot.keyClicks(combo, words.split()[0][:3])  # a space would open the popup
    for _ in range(combo.count()):
        if combo.currentText() == words:
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == words


def choose(qtbot: QtBot, table: QTableView, row: int, column: int, words: str, how: str) -> None:
    """Pick an entry in a table cell's combo box editor and commit it."""
    combo = open_cell(qtbot, table, row, column, how)
    pick_by_keys(qtbot, combo, words)
    commit(qtbot, combo)


def type_number(
    qtbot: QtBot, table: QTableView, row: int, column: int, text: str, how: str
) -> None:
    spin = open_cell(qtbot, table, row, column, how)
    assert isinstance(spin, QSpinBox)
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, text)
    commit(qtbot, spin)


def type_text(qtbot: QtBot, table: QTableView, row: int, column: int, text: str, how: str) -> None:
    line = open_cell(qtbot, table, row, column, how)
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, text)
    commit(qtbot, line)


def test_complaint_cells_edit_through_their_editors(
    qtbot: QtBot, editor: VisitEditor, db: Database
) -> None:
    subjective = editor.subjective
    qtbot.mouseClick(subjective.add_button, Qt.MouseButton.LeftButton)
    table = subjective.table
    choose(qtbot, table, 0, 0, "Knee", "double-click")
    choose(qtbot, table, 0, 1, "Right", "F2")
    type_number(qtbot, table, 0, 2, "6", "double-click")
    model = subjective.complaints
    assert [model.data(model.index(0, c)) for c in range(3)] == ["Knee", "Right", "6"]

    editor.session.save_now()
    (complaint,) = load_visit(db, editor.visit_id or 0).draft.complaints
    assert (complaint.region, complaint.side, complaint.pain) == ("knee", "right", 6)


def test_finding_cells_edit_through_their_editors(
    qtbot: QtBot, editor: VisitEditor, db: Database
) -> None:
    assessment = editor.assessment
    qtbot.mouseClick(assessment.add_button, Qt.MouseButton.LeftButton)
    table = assessment.table
    choose(qtbot, table, 0, 0, "Gluteus medius", "F2")
    choose(qtbot, table, 0, 1, "Right", "double-click")
    choose(qtbot, table, 0, 2, "long / weak / inhibited", "F2")
    type_text(qtbot, table, 0, 3, "Trendelenburg positive, MMT 3/5", "double-click")

    editor.session.save_now()
    (finding,) = load_visit(db, editor.visit_id or 0).draft.findings
    assert (finding.muscle, finding.side, finding.state, finding.evidence) == (
        "gluteus_medius",
        "right",
        "long_weak_inhibited",
        "Trendelenburg positive, MMT 3/5",
    )


def test_plan_dosage_typed_in_the_table_is_saved_and_printed(
    qtbot: QtBot, editor: VisitEditor, db: Database
) -> None:
    plan = editor.plan
    qtbot.keyClicks(plan.picker.search, "glute bridge")
    qtbot.keyClick(plan.picker.search, Qt.Key.Key_Return)
    table = plan.table
    assert plan.plan.rows[0].exercise == "glute_bridge"
    choose(qtbot, table, 0, 1, "Right", "double-click")
    type_number(qtbot, table, 0, 2, "4", "F2")
    type_number(qtbot, table, 0, 3, "8", "double-click")
    type_number(qtbot, table, 0, 4, "5", "F2")
    type_number(qtbot, table, 0, 5, "6", "double-click")
    type_text(qtbot, table, 0, 6, "slow on the way down", "F2")

    editor.session.save_now()
    visit = load_visit(db, editor.visit_id or 0)
    (entry,) = visit.draft.plan
    assert (entry.side, entry.sets, entry.reps, entry.hold_s, entry.per_week, entry.notes) == (
        "right",
        4,
        8,
        5,
        6,
        "slow on the way down",
    )
    pdf = report_pdf(db, "handout", visit.patient_id, visit.id)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)
    assert "right side only" in text
    assert "4 sets of 8, hold each 5 seconds" in text and "6 times a week" in text
    assert "3 sets of 12" not in text  # the library default the practitioner changed
    assert "slow on the way down" in text


def test_a_refused_cell_edit_names_the_rule_and_keeps_the_value(
    qtbot: QtBot, editor: VisitEditor
) -> None:
    plan = editor.plan
    qtbot.keyClicks(plan.picker.search, "glute bridge")
    qtbot.keyClick(plan.picker.search, Qt.Key.Key_Return)
    type_number(qtbot, plan.table, 0, 3, "0", "F2")  # "—": no reps and no hold time
    assert "give repetitions or a hold time" in plan.table_error.text()
    assert plan.plan.rows[0].reps == 12
