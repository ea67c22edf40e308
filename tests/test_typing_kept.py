"""Typing in the real visit editor is never lost (issue 9, finding 1): steady typing reaches
the recovery file and the database within their maximum waits, and a normal close or a
switch to another visit leaves no recovery file behind, except text that cannot be stored,
which is kept deliberately and the practitioner is told (asked, when closing).

Keys are typed into the real widgets of the real main window (pytest-qt, offscreen,
synchronous runner); where time matters, a fake clock stands in for it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from models.database import Database
from models.records import PatientDraft, VisitDraft
from models.services.patients import create_patient
from models.services.visits import list_visits, save_draft
from tests.dialogs import click, open_box
from tests.faults import impatient, write_locked
from tests.test_visit_editor import activate, type_into
from tests.test_visit_workflow import signing_window
from ui.actions import visits as visit_actions
from ui.editor.session import RECOVERY_MAX_WAIT, SAVE_MAX_WAIT
from ui.main_window import MainWindow

STEP = 0.25  # seconds between keys: never the 0.3 s pause the recovery file waits for


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def charting(qtbot: QtBot, db: Database) -> tuple[MainWindow, int]:
    """The main window, shown, with a new visit open for a new patient."""
    window = signing_window(qtbot, db)
    activate(qtbot, window)
    patient_id = create_patient(db, PatientDraft("K-1", "Ada", "Lund"), "test")
    window.patient_list.refresh()
    window.patient_list.select_patient(patient_id)
    window.visit_actions["new"].trigger()
    assert window.editor.patient_id == patient_id
    return window, patient_id


def drafts(db: Database) -> list[Path]:
    folder = db.path.parent / "drafts"
    return sorted(folder.glob("*.json")) if folder.exists() else []


def kept_note(db: Database, patient_id: int) -> str:
    """What a restart would give back: the recovery file's note, else the stored one."""
    for path in drafts(db):
        return str(json.loads(path.read_text())["raw"]["draft"]["note"]["subjective"])
    stored = [v.draft.note.subjective for v in list_visits(db, patient_id)]
    return stored[0] if stored else ""


def test_steady_typing_is_kept_within_the_maximum_waits(qtbot: QtBot, db: Database) -> None:
    """A key every 0.25 s for 8 s: at every moment, everything typed more than
    RECOVERY_MAX_WAIT ago is in the recovery file or the database, and the first save lands
    within SAVE_MAX_WAIT of the first key."""
    window, patient_id = charting(qtbot, db)
    editor, clock, wakes = window.editor, Clock(), list[float | None]()
    editor.session.clock, editor.session.wake = clock, wakes.append  # the timer, by hand
    editor.alarm.stop()
    typed: list[tuple[float, str]] = []  # (when, the text by then)
    first_stored: float | None = None
    start = clock.now
    for _ in range(32):
        qtbot.keyClicks(editor.subjective.text, "x")
        typed.append((clock.now, editor.subjective.text.toPlainText()))
        clock.now += STEP
        if wakes[-1] is not None and clock.now >= wakes[-1]:
            editor.session.tick()
        due = [text for when, text in typed if when <= clock.now - RECOVERY_MAX_WAIT]
        kept = kept_note(db, patient_id)
        assert not due or kept.startswith(due[-1]), (clock.now - start, kept)
        if first_stored is None and list_visits(db, patient_id):
            first_stored = clock.now - start
    assert first_stored is not None and first_stored <= SAVE_MAX_WAIT
    clock.now += SAVE_MAX_WAIT  # typing stops: the pause stores the rest
    editor.session.tick()
    (visit,) = list_visits(db, patient_id)
    assert visit.draft.note.subjective == "x" * 32 and drafts(db) == []


def test_closing_stores_the_typing_and_leaves_no_recovery_file(qtbot: QtBot, db: Database) -> None:
    window, patient_id = charting(qtbot, db)
    qtbot.keyClicks(window.editor.subjective.text, "Typed just before closing")
    window.editor.session.write_recovery()  # the file's deadline came before the close
    assert drafts(db) != []
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    (visit,) = list_visits(db, patient_id)
    assert visit.draft.note.subjective == "Typed just before closing"
    assert drafts(db) == []


def test_closing_with_invalid_text_asks_and_keeps_it_for_later(qtbot: QtBot, db: Database) -> None:
    window, patient_id = charting(qtbot, db)
    editor = window.editor
    qtbot.keyClicks(editor.subjective.text, "Sore after intervals")
    type_into(qtbot, editor.subjective.running, "25x")
    window.close()
    box = open_box(window)  # asked: Keep editing is the default
    assert "could not be stored" in box.text() and "comes back" in box.text()
    assert "25x" not in box.text() and "Sore" not in box.text()
    click(qtbot, box, "Cancel")
    assert window.isVisible() and editor.subjective.running.text() == "25x"
    window.close()
    click(qtbot, open_box(window), "Close, keep it for later")
    qtbot.waitUntil(lambda: not window.isVisible())
    (visit,) = list_visits(db, patient_id)
    assert visit.draft.note.subjective == "Sore after intervals"  # the valid part is stored
    (kept,) = drafts(db)  # left deliberately, and the practitioner was told
    assert json.loads(kept.read_text())["raw"]["running"] == "25x"


def test_closing_while_the_database_is_locked_asks_and_keeps_the_typing(
    qtbot: QtBot, db: Database
) -> None:
    window, patient_id = charting(qtbot, db)
    qtbot.keyClicks(window.editor.subjective.text, "Typed while locked")
    with impatient(db.engine), write_locked(db.path):
        window.close()
        box = open_box(window)
        assert "locked by another program" in box.text() and "comes back" in box.text()
        assert "Typed while locked" not in box.text() and "INSERT" not in box.text()
        click(qtbot, box, "Close, keep it for later")
        qtbot.waitUntil(lambda: not window.isVisible())
    assert list_visits(db, patient_id) == []
    (kept,) = drafts(db)
    assert json.loads(kept.read_text())["raw"]["draft"]["note"]["subjective"] == (
        "Typed while locked"
    )


def test_switching_visits_stores_the_typing_and_keeps_only_invalid_text(
    qtbot: QtBot, db: Database
) -> None:
    window, patient_id = charting(qtbot, db)
    editor = window.editor
    other = save_draft(db, patient_id, VisitDraft(visit_date=date(2026, 4, 1)), "test")
    qtbot.keyClicks(editor.subjective.text, "First visit's note")
    visit_actions.open_visit(window.context, editor, other)
    assert editor.visit_id == other and drafts(db) == []
    assert editor.ui.message.text() == ""  # nothing was left behind: nothing to say
    type_into(qtbot, editor.subjective.running, "25x")
    first = next(v.id for v in list_visits(db, patient_id) if v.id != other)
    visit_actions.open_visit(window.context, editor, first)
    assert editor.visit_id == first
    assert "comes back when you open that visit again" in editor.ui.message.text()
    assert [p.name for p in drafts(db)] == [f"visit-{other}.json"]
    visit_actions.open_visit(window.context, editor, other)  # and it does come back
    assert editor.subjective.running.text() == "25x"


def test_a_visit_whose_typing_cannot_be_kept_stays_open(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    """Locked database and a recovery file that cannot be written: leaving would lose the
    typing, so the visit stays on screen and the save is tried again."""
    window, patient_id = charting(qtbot, db)
    editor = window.editor
    other = save_draft(db, patient_id, VisitDraft(visit_date=date(2026, 4, 1)), "test")
    folder = db.path.parent / "drafts"
    folder.mkdir(exist_ok=True)
    (folder / f"new-visit-patient-{patient_id}.tmp").symlink_to("/dev/full")
    qtbot.keyClicks(editor.subjective.text, "Nowhere to go")
    with impatient(db.engine), write_locked(db.path):
        visit_actions.open_visit(window.context, editor, other)
        assert editor.visit_id is None and editor.patient_id == patient_id
        assert editor.subjective.text.toPlainText() == "Nowhere to go"
        assert "Stays open" in editor.ui.status.text()
        assert "locked" in editor.ui.message.text() and "disk is full" in editor.ui.message.text()
    (folder / f"new-visit-patient-{patient_id}.tmp").unlink()
    qtbot.waitUntil(lambda: bool(list_visits(db, patient_id)[1:]), timeout=5000)
    assert editor.ui.message.text() == ""
