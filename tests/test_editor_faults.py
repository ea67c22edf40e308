"""The visit editor under a locked database and a full disk, with its real timers (issue 9,
findings 2 and 4): typing goes on, the message says what happened in words (no SQL, nothing
typed), and once the fault is gone the save lands by itself, nobody typing again."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from models.database import Database
from models.services.visits import list_visits
from tests.test_dialog_faults import FAULTS, Fault, in_words
from tests.test_dialog_faults import db_path as db_path  # the data folder on a small disk
from tests.test_typing_kept import charting

TYPED = "Quillon ran the divorce marathon"  # words the message must never repeat


@FAULTS
def test_the_editor_keeps_the_typing_says_why_and_saves_once_the_fault_is_gone(
    qtbot: QtBot, db: Database, fault: Fault, words: str
) -> None:
    window, patient_id = charting(qtbot, db)
    editor = window.editor
    with fault(db):
        qtbot.keyClicks(editor.subjective.text, TYPED)
        qtbot.waitUntil(lambda: editor.ui.message.text().startswith("Not saved"), timeout=20000)
        shown = editor.ui.message.text()
        assert editor.ui.message.isVisible() and "tries again by itself" in shown
        in_words(shown, words)
        assert TYPED not in shown and editor.subjective.text.toPlainText() == TYPED
        assert list_visits(db, patient_id) == []
    qtbot.waitUntil(lambda: bool(list_visits(db, patient_id)), timeout=20000)
    (visit,) = list_visits(db, patient_id)
    assert visit.draft.note.subjective == TYPED
    qtbot.waitUntil(lambda: editor.ui.message.isHidden())  # the message goes once stored
