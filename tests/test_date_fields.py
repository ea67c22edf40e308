"""Dates typed into the real date boxes keep exactly the date typed, or say why not
(birth date in the patient form, visit date and next visit in the visit editor)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from models.database import Database
from models.records import PatientDraft
from models.services.patients import create_patient
from ui.actions import visits as visit_actions
from ui.background import SyncRunner
from ui.context import AppContext
from ui.editor.editor import VisitEditor
from ui.patient_dialog import PatientDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture
def patient_form(qtbot: QtBot) -> PatientDialog:
    dialog = PatientDialog()
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    tick(qtbot, dialog.dob_known)
    assert dialog.date_of_birth.isEnabled()
    return dialog


@pytest.fixture
def editor(qtbot: QtBot, db: Database) -> VisitEditor:
    context = AppContext(db, SyncRunner())
    widget = VisitEditor(context)
    qtbot.addWidget(widget)
    patient_id = create_patient(db, PatientDraft("D-1", "Ada", "Mensah"), "test")
    visit_actions.new_visit(context, widget, patient_id, date(2026, 3, 10))
    show(qtbot, widget)
    return widget


def show(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()


def tick(qtbot: QtBot, box: QWidget) -> None:
    """Tick a check box from the keyboard (Space), as after tabbing to it."""
    qtbot.keyClick(focus(qtbot, box), Qt.Key.Key_Space)


def focus(qtbot: QtBot, box: QWidget) -> QWidget:
    """Click-free focus as Tab would give it; the widget that now takes the keys."""
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    focused = QApplication.focusWidget()
    assert focused is not None
    return focused


def retype(qtbot: QtBot, box: QWidget, text: str, finish: Qt.Key = Qt.Key.Key_Tab) -> None:
    """Select all, type over it, leave with Tab (or Enter), as a person does."""
    keys = focus(qtbot, box)
    qtbot.keyClick(keys, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(keys, text)
    qtbot.keyClick(keys, finish)


def test_birth_date_typed_over_a_selection_is_kept_exactly(
    qtbot: QtBot, patient_form: PatientDialog
) -> None:
    for box, text in ((patient_form.chart_number, "D-2"), (patient_form.first_name, "Ada"),
                      (patient_form.last_name, "Mensah")):  # fmt: skip
        qtbot.keyClicks(box, text)
    retype(qtbot, patient_form.date_of_birth, "1985-07-20")
    assert patient_form.date_of_birth.date() == QDate(1985, 7, 20)
    assert patient_form.draft().date_of_birth == date(1985, 7, 20)


def test_visit_date_typed_and_entered_is_kept(qtbot: QtBot, editor: VisitEditor) -> None:
    retype(qtbot, editor.visit_date, "2024-11-05", Qt.Key.Key_Return)
    assert editor.collect().draft.visit_date == date(2024, 11, 5)


def test_next_visit_month_then_day_typed_section_by_section(
    qtbot: QtBot, editor: VisitEditor
) -> None:
    next_visit = editor.plan.next_visit
    tick(qtbot, next_visit.enabled)
    next_visit.set_value(date(2026, 3, 24))
    keys = focus(qtbot, next_visit.date)
    qtbot.keyClick(keys, Qt.Key.Key_Home)
    for _ in range(5):
        qtbot.keyClick(keys, Qt.Key.Key_Right)
    for _ in range(2):
        qtbot.keyClick(keys, Qt.Key.Key_Right, SHIFT)
    qtbot.keyClicks(keys, "12")  # the month, typed over its two digits
    qtbot.keyClick(keys, Qt.Key.Key_Right)
    qtbot.keyClick(keys, Qt.Key.Key_End, SHIFT)
    qtbot.keyClicks(keys, "03")  # then the day
    qtbot.keyClick(keys, Qt.Key.Key_Return)
    assert next_visit.value() == date(2026, 12, 3)
    assert editor.collect().draft.next_visit_date == date(2026, 12, 3)


def test_each_part_typed_with_its_separator(qtbot: QtBot, patient_form: PatientDialog) -> None:
    keys = focus(qtbot, patient_form.date_of_birth)
    qtbot.keyClick(keys, Qt.Key.Key_A, CTRL)
    for part in ("1979", "-", "2", "-", "9"):  # a person may leave out the leading zeros
        qtbot.keyClicks(keys, part)
    qtbot.keyClick(keys, Qt.Key.Key_Tab)
    assert patient_form.date_of_birth.date() == QDate(1979, 2, 9)


def test_up_and_down_step_the_part_under_the_cursor(
    qtbot: QtBot, patient_form: PatientDialog
) -> None:
    retype(qtbot, patient_form.date_of_birth, "1985-07-20")
    keys = focus(qtbot, patient_form.date_of_birth)
    qtbot.keyClick(keys, Qt.Key.Key_Home)
    qtbot.keyClick(keys, Qt.Key.Key_Up)  # cursor in the year
    qtbot.keyClick(keys, Qt.Key.Key_End)
    qtbot.keyClick(keys, Qt.Key.Key_Down)  # cursor in the day
    assert patient_form.date_of_birth.date() == QDate(1986, 7, 19)


@pytest.mark.parametrize("name", ["en_US", "en_GB", "de_DE", "ja_JP", "nl_NL", "ko_KR"])
def test_the_locales_short_date_gives_that_date(
    qtbot: QtBot, locale: None, name: str, db: Database
) -> None:
    QLocale.setDefault(QLocale(name))
    dialog = PatientDialog()
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    tick(qtbot, dialog.dob_known)
    typed = QLocale().toString(QDate(1985, 7, 20), QLocale.FormatType.ShortFormat)
    retype(qtbot, dialog.date_of_birth, typed)
    assert dialog.date_of_birth.date() == QDate(1985, 7, 20), typed
    visit = VisitEditor(AppContext(db, SyncRunner()))
    qtbot.addWidget(visit)
    patient_id = create_patient(db, PatientDraft(f"L-{name}", "Ada", "Mensah"), "test")
    visit_actions.new_visit(visit.context, visit, patient_id, date(2026, 3, 10))
    show(qtbot, visit)
    typed = QLocale().toString(QDate(2026, 11, 5), QLocale.FormatType.ShortFormat)
    retype(qtbot, visit.visit_date, typed, Qt.Key.Key_Return)
    assert visit.collect().draft.visit_date == date(2026, 11, 5), typed


@pytest.mark.parametrize(
    ("typed", "why"),
    [("2026-02-30", "February 2026 has 28 days"), ("31/31/2026", "there is no month 31"),
     ("1985-7", "is not a date"), ("2999-01-01", "later than")],
)  # fmt: skip
def test_a_date_that_cannot_be_is_named_and_nothing_changes(
    qtbot: QtBot, patient_form: PatientDialog, locale: None, typed: str, why: str
) -> None:
    QLocale.setDefault(QLocale("en_GB"))
    box = patient_form.date_of_birth
    retype(qtbot, box, "1985-07-20")
    retype(qtbot, box, typed, Qt.Key.Key_Return)
    assert patient_form.isVisible()  # Enter on a refused date does not save the form
    assert box.date() == QDate(1985, 7, 20)
    assert box.lineEdit().text() == typed  # the typing is kept, to be corrected
    message = box.error_text()
    assert message.startswith("Date of birth: ") and why in message
    assert "year-month-day, e.g. 1985-07-20, or 20/07/1985" in message
    assert box.message.isVisibleTo(patient_form)
    retype(qtbot, box, "1985-07-21")
    assert box.date() == QDate(1985, 7, 21) and box.error_text() == ""


def test_the_next_visit_message_names_its_field(qtbot: QtBot, editor: VisitEditor) -> None:
    next_visit = editor.plan.next_visit
    tick(qtbot, next_visit.enabled)
    next_visit.set_value(date(2026, 3, 24))
    retype(qtbot, next_visit.date, "2026-13-01")
    assert next_visit.date.error_text().startswith("Next visit: ")
    assert next_visit.value() == date(2026, 3, 24)
    retype(qtbot, editor.visit_date, "2026-3-45")
    assert editor.visit_date.error_text().startswith("Visit date: ")


def test_f4_opens_a_calendar_and_enter_there_picks_the_day(
    qtbot: QtBot, editor: VisitEditor
) -> None:
    keys = focus(qtbot, editor.visit_date)
    qtbot.keyClick(keys, Qt.Key.Key_F4)
    calendar = editor.visit_date.calendar
    qtbot.waitUntil(calendar.isVisible)
    picked = QApplication.focusWidget()
    assert picked is not None and calendar.isAncestorOf(picked)
    qtbot.keyClick(picked, Qt.Key.Key_Down)  # a week later
    qtbot.keyClick(picked, Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert editor.collect().draft.visit_date == date(2026, 3, 17)
