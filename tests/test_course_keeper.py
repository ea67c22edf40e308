"""The stored course facts are kept current while Holdfast runs (ui/course_keeper.py): a save
is judged in the background right after it, and courses an upgrade marked stale are judged
a chunk per job; a read-only database is left to the readers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from charting.readings import Phase
from models.database import Database, open_database, read_only_database
from models.records import VisitDraft
from models.services import hold_summary
from models.services.visits import save_draft
from tests.courses import add_course, reading
from tests.test_patient_form import window_for
from ui.course_keeper import CourseKeeper


def stale(db: Database) -> set[int]:
    with db.session() as session:
        return set(session.execute(text("SELECT patient_id FROM hold_stale")).scalars())


def test_a_save_is_judged_in_the_background_right_after(qtbot: QtBot, db: Database) -> None:
    window = window_for(qtbot, db)
    keeper = CourseKeeper(window.context, window)
    patient = add_course(db, "K-1", "HH")
    keeper.catch_up()
    assert stale(db) == set()
    draft = VisitDraft(date(2026, 2, 1), readings=(reading(Phase.PRE, 10.0),))
    save_draft(db, patient, draft, "me")
    assert stale(db) == {patient}
    with qtbot.waitSignal(keeper.caught_up):
        window.context.events.visits_changed.emit(patient)
    assert stale(db) == set()


def test_a_whole_practice_is_judged_a_chunk_per_job(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    patients = [add_course(db, f"K-{n}", "LH") for n in range(7)]
    window = window_for(qtbot, db)
    monkeypatch.setattr(hold_summary, "CHUNK", 3)
    jobs: list[Callable[[], Any]] = []
    real_run = window.context.runner.run

    def counted(op: Callable[[], Any], done: Any, failed: Any = None) -> None:
        jobs.append(op)
        real_run(op, done, failed)

    monkeypatch.setattr(window.context.runner, "run", counted)
    keeper = CourseKeeper(window.context, window)
    with qtbot.waitSignal(keeper.caught_up):
        keeper.catch_up()
    assert stale(db) == set() and len(jobs) == 3  # 7 courses, 3 a job
    assert len(patients) == 7


def test_a_read_only_database_is_left_to_the_readers(qtbot: QtBot, db: Database) -> None:
    patient = add_course(db, "K-9", "HH")
    path = db.path
    db.close()
    reader = read_only_database(path, "a test")
    window = window_for(qtbot, reader)
    keeper = CourseKeeper(window.context, window)
    keeper.catch_up()  # nothing is tried: no failure box, nothing judged
    assert patient in stale(reader)
    reader.close()
    open_database(path).close()
