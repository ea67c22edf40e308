"""Questionnaire dialogs typed from the keyboard as a person copies a paper form: the
first box has the focus, Enter moves on, and missing LEFS items are named before pro-rating."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from charting.outcomes import Measure
from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient
from ui.actions import visits as visit_actions
from ui.background import SyncRunner
from ui.context import AppContext
from ui.editor.editor import VisitEditor
from ui.editor.measure_dialog import MeasureDialog

ENTER = Qt.Key.Key_Return


@pytest.fixture
def editor(qtbot: QtBot, db: Database) -> VisitEditor:
    context = AppContext(db, SyncRunner())
    widget = VisitEditor(context)
    qtbot.addWidget(widget)
    patient_id = create_patient(db, PatientDraft("Q-1", "Ines", "Okoro"), "test")
    visit_actions.new_visit(context, widget, patient_id, date(2026, 5, 4))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_by_click(qtbot: QtBot, editor: VisitEditor, measure: Measure) -> MeasureDialog:
    outcomes = editor.outcomes
    qtbot.mouseClick(outcomes.toggle, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(outcomes.buttons[measure], Qt.MouseButton.LeftButton)
    dialog = outcomes.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_and_enter(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the focus, then press Enter there."""
    if text:
        qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), ENTER)


def owner(widget: QWidget, candidates: list[QWidget]) -> int:
    """Which candidate the focused widget is (or sits inside)."""
    for number, candidate in enumerate(candidates):
        if widget is candidate or candidate.isAncestorOf(widget):
            return number
    raise AssertionError(f"focus is on {widget!r}, none of the fields")


def test_lefs_starts_on_item_1_and_enter_walks_the_items(qtbot: QtBot, editor: VisitEditor) -> None:
    lefs = open_by_click(qtbot, editor, Measure.LEFS)
    items: list[QWidget] = list(lefs.items)  # type: ignore[attr-defined]
    assert owner(focused(), items) == 0
    scores = "3443 2344 3432 4334".replace(" ", "")  # items 1-16; 17-20 left unanswered
    for number, score in enumerate(scores):
        assert owner(focused(), items) == number
        type_and_enter(qtbot, score)
    for _ in range(4):
        type_and_enter(qtbot, "")
    assert lefs.isVisible()  # Enter moved through the items, it did not save
    type_and_enter(qtbot, "")  # Enter on OK
    assert lefs.isVisible()
    notice = lefs.notice.text()  # type: ignore[attr-defined]
    assert "Items 17, 18, 19 and 20 are unanswered" in notice
    assert "pro-rated" in notice and "OK again" in notice
    assert "lefs" not in editor.outcomes.outcomes
    type_and_enter(qtbot, "")  # OK again: saved, pro-rated
    assert not lefs.isVisible()
    outcome = editor.outcomes.outcomes["lefs"]
    assert outcome.items[:16] == tuple(float(s) for s in scores)
    assert outcome.items[16:] == (None,) * 4
    assert outcome.label == "LEFS 66/80 (4 missing items pro-rated)"  # 53 of 64 x 20 = 66.25


def test_lefs_says_the_items_come_from_the_paper_form(qtbot: QtBot, editor: VisitEditor) -> None:
    lefs = open_by_click(qtbot, editor, Measure.LEFS)
    assert "paper form" in lefs.intro.text()  # type: ignore[attr-defined]
    lefs.reject()


def test_lefs_with_too_many_missing_names_them(qtbot: QtBot, editor: VisitEditor) -> None:
    lefs = open_by_click(qtbot, editor, Measure.LEFS)
    for score in "3" * 15:
        type_and_enter(qtbot, score)
    qtbot.mouseClick(lefs.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert lefs.isVisible()
    error = lefs.error.text()
    assert error.startswith("LEFS: 5 items unanswered")
    assert "Unanswered: items 16, 17, 18, 19 and 20" in error


def test_a_missing_item_answered_after_the_notice_saves_without_pro_rating(
    qtbot: QtBot, editor: VisitEditor
) -> None:
    lefs = open_by_click(qtbot, editor, Measure.LEFS)
    for score in "4" * 19:
        type_and_enter(qtbot, score)
    qtbot.mouseClick(lefs.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert "Item 20 is unanswered" in lefs.notice.text()  # type: ignore[attr-defined]
    items = lefs.items  # type: ignore[attr-defined]
    items[19].setFocus()
    qtbot.waitUntil(items[19].hasFocus)
    type_and_enter(qtbot, "4")
    qtbot.mouseClick(lefs.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert not lefs.isVisible()
    assert editor.outcomes.outcomes["lefs"].label == "LEFS 80/80"


def test_roland_morris_starts_on_statement_1_and_enter_moves_on(
    qtbot: QtBot, editor: VisitEditor
) -> None:
    roland = open_by_click(qtbot, editor, Measure.ROLAND_MORRIS)
    boxes: list[QWidget] = list(roland.items)  # type: ignore[attr-defined]
    assert owner(focused(), boxes) == 0
    for number in range(24):
        assert owner(focused(), boxes) == number
        if number in (0, 3, 4):
            qtbot.keyClick(focused(), Qt.Key.Key_Space)
        type_and_enter(qtbot, "")
    assert roland.isVisible()
    type_and_enter(qtbot, "")  # Enter on OK
    assert not roland.isVisible()
    assert editor.outcomes.outcomes["roland_morris"].score == 3


def test_psfs_starts_on_the_first_activity_and_enter_moves_on(
    qtbot: QtBot, editor: VisitEditor
) -> None:
    psfs = open_by_click(qtbot, editor, Measure.PSFS)
    names, ratings = psfs.names, psfs.ratings  # type: ignore[attr-defined]
    assert focused() is names[0]
    for name, rating in (("running", "4"), ("stairs", "6"), ("hopping", "5")):
        type_and_enter(qtbot, name)
        type_and_enter(qtbot, rating)
    assert owner(focused(), [names[3]]) == 0 and psfs.isVisible()
    qtbot.mouseClick(psfs.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert not psfs.isVisible()
    assert editor.outcomes.outcomes["psfs"].score == 5
    assert ratings[0].text() == "4"
