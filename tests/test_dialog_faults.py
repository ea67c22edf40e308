"""The GUI's other writes under a locked or full database (issue 9, findings 2, 4 and 6): the
patient form, the addendum, signing and archiving say what happened in words, never SQL nor
what was typed, and keep the dialog open with its text, so Save works once the fault is gone.
Real faults (tests/faults.py), real widgets typed into and clicked."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from charting.readings import Device, Phase, Reading
from models.database import Database
from models.records import PatientDraft, SoapNote, VisitDraft
from models.services.patients import create_patient, load_patient, search_patients
from models.services.visits import load_visit, save_draft, sign_visit
from tests.dialogs import click, click_save, open_box, say_yes
from tests.faults import (
    checkpoint,
    fill_up,
    impatient,
    limit_pages,
    tiny_filesystem,
    unlimit_pages,
    write_locked,
)
from tests.test_visit_editor import activate, type_into
from tests.test_visit_workflow import signing_window
from ui.actions import patients
from ui.actions import visits as visit_actions
from ui.background import dismiss_failures
from ui.main_window import MainWindow

SECRET = "Quillon"
NOTE = "told me about the divorce " * 400  # more than the free room in the file's pages
# SQL, the driver's own words, and what was typed.
FORBIDDEN = ("INSERT", "UPDATE", "SELECT", "SQL", "sqlite", "sqlalche", SECRET, "divorce")
Fault = Callable[[Database], AbstractContextManager[object]]


@contextmanager
def locked(db: Database) -> Iterator[None]:
    with impatient(db.engine), write_locked(db.path):
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    """The data folder on a small filesystem of its own where that can be mounted (root),
    so `disk_full` can fill it; elsewhere a plain folder."""
    if os.geteuid() != 0:
        yield tmp_path / "data" / "holdfast.sqlite3"
        return
    with tiny_filesystem(tmp_path / "data", 32 * 1024) as folder:
        yield folder / "holdfast.sqlite3"


@contextmanager
def disk_full(db: Database) -> Iterator[None]:
    """A real ENOSPC: not a byte free, and no room left in the WAL to reuse."""
    if not os.path.ismount(db.path.parent):
        pytest.skip("filling a disk needs a small filesystem of its own (root; CI runs as root)")
    checkpoint(db.path)
    filler = fill_up(db.path.parent)
    try:
        yield
    finally:
        filler.unlink()


@contextmanager
def pages_full(db: Database) -> Iterator[None]:
    """SQLite's own disk full: the file may not grow by a single page (no root needed; only
    a write that needs a new page fails, so the text saved must be long)."""
    with db.engine.connect() as connection:
        pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar_one())
    cap = limit_pages(pages)
    db.engine.dispose()
    try:
        yield
    finally:
        unlimit_pages(cap)
        db.engine.dispose()


LOCKED, DISK_FULL = (locked, "locked by another program"), (disk_full, "disk is full")
FAULTS = pytest.mark.parametrize(("fault", "words"), [LOCKED, DISK_FULL])
LONG_TEXT_FAULTS = pytest.mark.parametrize(
    ("fault", "words"), [LOCKED, DISK_FULL, (pages_full, "disk is full")]
)


def in_words(text: str, words: str) -> None:
    assert words in text
    for forbidden in FORBIDDEN:
        assert forbidden not in text


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> MainWindow:
    main = signing_window(qtbot, db)
    activate(qtbot, main)
    return main


@LONG_TEXT_FAULTS
def test_the_patient_form_keeps_its_text_and_says_why(
    qtbot: QtBot, window: MainWindow, db: Database, fault: Fault, words: str
) -> None:
    dialog = patients.new_patient(window.context, window)
    for box, text in ((dialog.chart_number, "Q-1"), (dialog.first_name, "Zelda"),
                      (dialog.last_name, SECRET)):  # fmt: skip
        qtbot.keyClicks(box, text)
    dialog.notes.setPlainText(NOTE)  # too long to type key by key
    with fault(db):
        click_save(qtbot, dialog)
        assert dialog.isVisible() and dialog.last_name.text() == SECRET
        in_words(dialog.error.text(), words)
    click_save(qtbot, dialog)  # the fault is gone: the same Save works
    assert not dialog.isVisible()
    (row,) = search_patients(db, "Q-1")
    assert load_patient(db, row.id).draft.last_name == SECRET


def signable(db: Database) -> tuple[int, int]:
    patient_id = create_patient(db, PatientDraft("S-1", "Zelda", SECRET), "test")
    pre = Reading(Phase.PRE, Device.PALM, "Jo", left_tilt_deg=10, right_tilt_deg=4)
    draft = VisitDraft(visit_date=date(2026, 5, 4), note=SoapNote(subjective="ok"),
                       readings=(pre,), reasoning="x", no_plan_reason="acute flare")  # fmt: skip
    return patient_id, save_draft(db, patient_id, draft, "test")


@FAULTS
def test_signing_says_why_it_did_not_sign(
    qtbot: QtBot, window: MainWindow, db: Database, fault: Fault, words: str
) -> None:
    _patient_id, visit_id = signable(db)
    editor = window.editor
    visit_actions.open_visit(window.context, editor, visit_id)
    with fault(db):
        visit_actions.sign_visit(window.context, editor, confirm=say_yes)
        in_words(editor.ui.message.text(), words)
        assert not load_visit(db, visit_id).signed and not editor.read_only
    visit_actions.sign_visit(window.context, editor, confirm=say_yes)
    assert load_visit(db, visit_id).signed


@LONG_TEXT_FAULTS
def test_the_addendum_keeps_its_text_and_says_why(
    qtbot: QtBot, window: MainWindow, db: Database, fault: Fault, words: str
) -> None:
    _patient_id, visit_id = signable(db)
    sign_visit(db, visit_id, "Jo Reyes, DO")
    visit_actions.open_visit(window.context, window.editor, visit_id)
    dialog = visit_actions.add_addendum(window.context, window.editor)
    assert dialog is not None
    activate(qtbot, dialog)
    type_into(qtbot, dialog.text, f"{SECRET} also reported night pain")
    type_into(qtbot, dialog.reason, "Late entry")
    dialog.text.setPlainText(dialog.text.toPlainText() + NOTE)
    with fault(db):
        click_save(qtbot, dialog)
        assert dialog.isVisible() and dialog.text.toPlainText().startswith(SECRET)
        in_words(dialog.error.text(), words)
    click_save(qtbot, dialog)
    assert not dialog.isVisible() and len(load_visit(db, visit_id).addenda) == 1


@FAULTS
def test_archiving_says_why_it_did_not_archive(
    qtbot: QtBot, window: MainWindow, db: Database, fault: Fault, words: str
) -> None:
    patient_id, _visit_id = signable(db)
    window.chart.show_patient(patient_id)
    assert window.chart.patient is not None
    with fault(db):
        patients.archive_patient(window.context, window, window.chart.patient)
        click(qtbot, open_box(window), "Archive")
        (shown,) = dismiss_failures()
        in_words(shown, words)
    assert not load_patient(db, patient_id).archived


def test_a_failure_nobody_foresaw_shows_no_values_on_screen_nor_in_the_trace(
    qtbot: QtBot, window: MainWindow, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug whose error quotes a stored name: the box names only its kind, and the trace
    written for a developer holds where it happened but not the name."""

    def broken() -> None:
        raise KeyError(f"{SECRET}, {NOTE[:30]}")

    window.context.runner.run(broken, lambda _result: None)
    (shown,) = dismiss_failures()
    assert "KeyError" in shown and SECRET not in shown and "divorce" not in shown
    trace = capsys.readouterr().err
    assert "Traceback" in trace and "broken" in trace and "KeyError" in trace
    assert SECRET not in trace and "divorce" not in trace
