"""No typing is lost when Holdfast is killed: the draft autosaves to the database, and
input that could not be saved yet (invalid, or typed in the last moment) survives in the
crash-recovery file and comes back when the visit is opened again."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from models.database import Database, open_database
from models.records import PatientDraft
from models.services.patients import create_patient
from models.services.visits import list_visits
from tests.test_visit_editor import activate, type_into
from ui.actions import visits as visit_actions
from ui.background import SyncRunner
from ui.context import AppContext
from ui.editor.editor import VisitEditor
from ui.editor.recovery import read_recovery, recovery_path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from models.database import open_database
from ui.actions import visits
from ui.background import BackgroundRunner
from ui.context import AppContext
from ui.main_window import MainWindow

app = QApplication([])
db = open_database(Path(sys.argv[1]))
patient_id = int(sys.argv[2])
context = AppContext(db, BackgroundRunner())
window = MainWindow(context)
window.show()
editor = window.editor
first_save = []

def saved(visit_id):
    if first_save:
        return
    first_save.append(visit_id)
    print(f"SAVED {visit_id}", flush=True)
    QTest.keyClicks(editor.objective.pre.numbers["left_tilt_deg"].edit, "50")
    QTimer.singleShot(1000, lambda: print("TYPED", flush=True))

def type_notes():
    if editor.patient_id is None:
        QTimer.singleShot(100, type_notes)
        return
    QTest.keyClicks(editor.subjective.text, "Typed before the kill")

editor.saved.connect(saved)
window.chart.show_patient(patient_id)
visits.new_visit(context, editor, patient_id)
QTimer.singleShot(100, type_notes)
app.exec()
"""


def wait_for_line(process: subprocess.Popen[str], prefix: str, seconds: float = 120) -> str:
    """The child's next stdout line starting with `prefix`, or fail after `seconds`."""
    assert process.stdout is not None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            if line.startswith(prefix):
                return line.strip()
            if not line and process.poll() is not None:
                break
    process.kill()
    _out, err = process.communicate()
    pytest.fail(f"child never printed {prefix!r}; stderr:\n{err[-3000:]}")


def open_editor(qtbot: QtBot, db: Database) -> tuple[AppContext, VisitEditor]:
    context = AppContext(db, SyncRunner())
    editor = VisitEditor(context)
    qtbot.addWidget(editor)
    return context, editor


def test_killed_app_reopens_with_the_draft(qtbot: QtBot, db_path: Path, tmp_path: Path) -> None:
    db = open_database(db_path)
    patient_id = create_patient(db, PatientDraft("K-1", "Kai", "Nordin"), "test")
    db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(patient_id)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    visit_id = int(wait_for_line(child, "SAVED").split()[1])
    wait_for_line(child, "TYPED")
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL

    db = open_database(db_path)
    try:
        (visit,) = list_visits(db, patient_id)
        assert visit.id == visit_id and visit.status == "draft"
        assert visit.draft.note.subjective == "Typed before the kill"
        recovery = read_recovery(recovery_path(db_path, patient_id, visit_id))
        assert recovery is not None and recovery["raw"]["pre"]["numbers"]["left_tilt_deg"] == "50"

        context, editor = open_editor(qtbot, db)
        visit_actions.open_visit(context, editor, visit_id)
        assert editor.subjective.text.toPlainText() == "Typed before the kill"
        assert editor.objective.pre.numbers["left_tilt_deg"].text() == "50"
        assert (
            "must be between -30 and +45"
            in editor.objective.pre.numbers["left_tilt_deg"].error.text()
        )
        assert "Restored input" in editor.ui.message.text()
    finally:
        db.close()


def test_unsaved_new_visit_comes_back_from_the_recovery_file(qtbot: QtBot, db: Database) -> None:
    patient_id = create_patient(db, PatientDraft("K-2", "Ola", "Berg"), "test")
    context, editor = open_editor(qtbot, db)
    visit_actions.new_visit(context, editor, patient_id, date(2026, 5, 4))
    qtbot.keyClicks(editor.assessment.reasoning, "Weak left glutes")
    qtbot.keyClicks(editor.subjective.running.edit, "25x")
    path = recovery_path(db.path, patient_id, None)
    qtbot.waitUntil(path.exists, timeout=3000)
    editor.clear()  # the app dies before the database save: nothing more is stored
    assert list_visits(db, patient_id) == []

    context, again = open_editor(qtbot, db)
    visit_actions.new_visit(context, again, patient_id, date(2026, 5, 4))
    assert again.assessment.reasoning.toPlainText() == "Weak left glutes"
    assert again.subjective.running.text() == "25x"
    assert "must be a number" in again.subjective.running.error.text()
    again.session.save_now()
    (visit,) = list_visits(db, patient_id)
    assert visit.draft.reasoning == "Weak left glutes"
    assert not path.exists()  # the new-visit file gives way to the visit's own
    assert recovery_path(db.path, patient_id, visit.id).exists()  # "25x" is still unsaved
    activate(qtbot, again)
    type_into(qtbot, again.subjective.running, "25")
    again.session.save_now()
    assert not recovery_path(db.path, patient_id, visit.id).exists()
