"""The visit session without widgets: when the recovery file and the save happen, one save at
a time, stale results after a visit switch, waiting callbacks and failures. A fake clock
stands in for time; drafts are stored in a real SQLite file and read back.

Recovery-file writes go through the runner like the saves; with `HeldRunner`, `saves()` and
`deliver_save()` look at the saves and run the file jobs queued around them in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from charting.errors import FieldError
from charting.readings import Reading
from models.database import Database
from models.records import PatientDraft, SoapNote, VisitDraft
from models.services.patients import create_patient
from models.services.visits import list_visits, load_visit, save_draft, sign_visit
from tests.runners import HeldRunner, Job
from ui.background import SyncRunner
from ui.editor.recovery import RecoveryJob, read_recovery, recovery_path
from ui.editor.session import Collected, VisitSession
from ui.runner import Runner

pytestmark = pytest.mark.both_engines

DAY = date(2026, 5, 4)


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Form:
    """What the editor hands the session: a draft, the raw text, and what it was told."""

    def __init__(self) -> None:
        self.draft = VisitDraft(visit_date=DAY)
        self.errors: tuple[FieldError, ...] = ()
        self.typed = ""
        self.saved_with: list[tuple[FieldError, ...]] = []
        self.failures: list[str] = []
        self.stored_ids: list[tuple[int, int]] = []

    def collect(self) -> Collected:
        return Collected(self.draft, self.errors)

    def raw_state(self) -> dict[str, Any]:
        return {"typed": self.typed}

    def show_saved(self, errors: tuple[FieldError, ...]) -> None:
        self.saved_with.append(errors)

    def show_failure(self, text: str) -> None:
        self.failures.append(text)

    def stored(self, patient_id: int, visit_id: int) -> None:
        self.stored_ids.append((patient_id, visit_id))


class Setup:
    def __init__(self, db: Database, runner: Runner) -> None:
        self.db, self.runner, self.clock, self.form = db, runner, Clock(), Form()
        self.wakes: list[float | None] = []
        self.patient_id = create_patient(db, PatientDraft("S-1", "Noa", "Falk"), "test")
        self.session = VisitSession(
            db, runner, self.form, lambda: "Jo", clock=self.clock, wake=self.wakes.append
        )
        self.session.open(self.patient_id, None, read_only=False)

    def type(self, text: str) -> None:
        """A keystroke: the note grows by `text`."""
        self.form.typed += text
        self.form.draft = replace(self.form.draft, note=SoapNote(subjective=self.form.typed))
        self.session.changed()

    def at(self, seconds: float) -> None:
        """Move the clock to `seconds` after the start and let the timer fire."""
        self.clock.now = 100.0 + seconds
        self.session.tick()

    def save_for_a_missing_patient(self) -> list[int | None]:
        """Start a save that fails (no such patient); returns what its waiter is handed."""
        calls: list[int | None] = []
        self.session.open(999_999, None, read_only=False)
        self.type("b")
        self.session.save_now(calls.append)
        return calls

    def new_visit_file(self) -> Path:
        return recovery_path(self.db.path, self.patient_id, None)

    def stored_notes(self) -> list[str]:
        return [v.draft.note.subjective for v in list_visits(self.db, self.patient_id)]

    def held(self) -> HeldRunner:
        assert isinstance(self.runner, HeldRunner)
        return self.runner

    def saves(self) -> list[Job]:
        """The saves queued and not run yet."""
        return [job for job in self.held().undelivered() if not is_file_job(job)]

    def deliver_save(self) -> None:
        """Run the queued jobs in order up to the next save, it, and the file jobs after it."""
        runner = self.held()
        while True:
            job = runner.undelivered()[0]
            runner.deliver()
            if not is_file_job(job):
                break
        while runner.undelivered() and is_file_job(runner.undelivered()[0]):
            runner.deliver()


def is_file_job(job: Job) -> bool:
    return isinstance(job.op, RecoveryJob)


@pytest.fixture
def sync(db: Database) -> Setup:
    return Setup(db, SyncRunner())


@pytest.fixture
def held(db: Database) -> Setup:
    """Jobs wait until the test delivers them (`held.held()`, `saves`, `deliver_save`)."""
    return Setup(db, HeldRunner())


def test_a_pause_writes_the_recovery_file_then_saves(sync: Setup) -> None:
    sync.type("Sore")
    assert sync.wakes[-1] == pytest.approx(100.3)  # the Qt timer wakes at the first deadline
    sync.at(0.29)  # the timer woke early: nothing yet, and it is set again for the deadline
    assert not sync.new_visit_file().exists() and sync.wakes[-1] == pytest.approx(100.3)
    sync.at(0.3)
    recovered = read_recovery(sync.new_visit_file())
    assert recovered is not None and recovered["raw"] == {"typed": "Sore"}
    assert sync.wakes[-1] == pytest.approx(101.5) and sync.stored_notes() == []
    sync.at(1.49)
    assert sync.stored_notes() == []
    sync.at(1.5)
    assert sync.stored_notes() == ["Sore"] and not sync.session.dirty
    assert not sync.new_visit_file().exists()  # everything is in the database now
    assert sync.form.saved_with == [()] and sync.wakes[-1] is None


def test_steady_typing_cannot_postpone_the_file_or_the_save(sync: Setup) -> None:
    """A key every 0.25 s never leaves the 0.3 s pause, yet the file is written within 1 s
    of the first unsaved key and the save starts within 5 s."""
    written_at, saved_at = None, None
    for step in range(0, 30):
        seconds = step * 0.25
        sync.at(seconds)
        if written_at is None and sync.new_visit_file().exists():
            written_at = seconds
        if saved_at is None and sync.stored_notes():
            saved_at = seconds
        sync.type("x")
    assert written_at == 1.0
    assert saved_at == 5.0
    (stored,) = sync.stored_notes()
    assert stored == "x" * 20  # what was typed by then


def test_one_save_at_a_time_and_the_newest_text_wins(held: Setup) -> None:
    held.type("first")
    held.session.save_now()
    held.type(" second")
    held.session.save_now()
    held.at(10)
    assert len(held.saves()) == 1  # no second save while one runs
    held.deliver_save()
    assert held.stored_notes() == ["first"]
    assert len(held.saves()) == 1  # changed meanwhile: saved again at once
    held.deliver_save()
    assert held.stored_notes() == ["first second"] and not held.session.dirty
    assert len(held.form.stored_ids) == 2 and held.session.visit_id is not None


def test_a_late_result_after_a_switch_is_dropped(held: Setup, db: Database) -> None:
    other = save_draft(db, held.patient_id, VisitDraft(visit_date=date(2026, 4, 1)), "test")
    held.type("new visit")
    held.session.save_now()
    held.session.open(held.patient_id, other, read_only=False)  # another visit is shown
    held.type("x")
    held.form.draft = replace(load_visit(db, other).draft, note=SoapNote(subjective="edited"))
    held.at(5)  # due, but the first save still runs
    assert len(held.saves()) == 1
    held.deliver_save()
    assert held.session.visit_id == other  # not the id of the late result
    assert held.form.saved_with == []  # the status line belongs to the visit on screen
    assert len(held.form.stored_ids) == 1  # the lists still refresh
    held.deliver_save()  # the visit on screen, saved as soon as the way was free
    assert load_visit(db, other).draft.note.subjective == "edited"
    assert sorted(held.stored_notes()) == ["edited", "new visit"]


def test_callbacks_wait_for_the_save_and_get_the_id(held: Setup) -> None:
    runner = held.held()
    calls: list[int | None] = []
    held.type("a")
    held.session.save_now(calls.append)
    held.session.save_now(calls.append)
    assert calls == []
    held.deliver_save()
    visit_id = held.session.visit_id
    assert visit_id is not None and calls == [visit_id, visit_id]
    held.session.save_now(calls.append)  # nothing unsaved: runs at once
    assert len(calls) == 3 and runner.undelivered() == []


def test_invalid_text_keeps_the_recovery_file_under_the_new_id(sync: Setup) -> None:
    sync.form.errors = (FieldError("running_km_per_week", "must be a number"),)
    sync.type("typed")
    sync.session.save_now()
    visit_id = sync.session.visit_id
    assert visit_id is not None and not sync.new_visit_file().exists()
    kept = read_recovery(recovery_path(sync.db.path, sync.patient_id, visit_id))
    assert kept is not None and kept["raw"] == {"typed": "typed"}
    sync.form.errors = ()
    sync.type("!")
    sync.session.save_now()
    assert not recovery_path(sync.db.path, sync.patient_id, visit_id).exists()


def test_a_failed_save_is_reported_and_waiters_hear_none(held: Setup) -> None:
    calls = held.save_for_a_missing_patient()
    held.deliver_save()
    assert calls == [None]
    assert held.form.failures and held.form.failures[0].startswith("Not saved: ")
    assert "SELECT" not in held.form.failures[0]  # plain words, no SQL
    assert held.session.dirty  # still unsaved: the next change tries again


def test_signed_visits_take_no_changes_and_lose_their_file(sync: Setup) -> None:
    pre = Reading("pre", "palm", "Jo", left_tilt_deg=10, right_tilt_deg=4)
    sync.form.draft = replace(
        sync.form.draft, readings=(pre,), no_plan_reason="acute flare", reasoning="x"
    )
    sync.type("ready to sign")
    sync.session.save_now()
    visit_id = sync.session.visit_id
    assert visit_id is not None
    path = recovery_path(sync.db.path, sync.patient_id, visit_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"raw": {}}')  # left by a kill, then the visit was signed elsewhere
    record = sign_visit(sync.db, visit_id, "Jo")
    sync.session.open(sync.patient_id, record.id, read_only=True)
    sync.session.changed()
    assert not sync.session.dirty and sync.session.next_deadline() is None
    assert sync.session.take_recovery(read_recovery(path)) is None and not path.exists()


def test_every_waiter_gets_the_stored_id_though_one_closes_the_visit(
    held: Setup, db: Database
) -> None:
    """Close then sign, both waiting on one save: sign still hears which visit was stored."""
    calls: list[int | None] = []
    held.type("a")
    held.session.save_now(lambda _id: held.session.close())
    held.session.save_now(calls.append)
    held.deliver_save()
    (stored,) = list_visits(db, held.patient_id)
    assert calls == [stored.id]


def test_a_late_save_hands_its_own_id_not_the_visit_opened_since(held: Setup, db: Database) -> None:
    other = save_draft(db, held.patient_id, VisitDraft(visit_date=date(2026, 4, 1)), "test")
    calls: list[int | None] = []
    held.type("new visit")
    held.session.save_now(calls.append)
    held.session.open(held.patient_id, other, read_only=False)
    held.deliver_save()
    (new_id,) = [v.id for v in list_visits(db, held.patient_id) if v.id != other]
    assert calls == [new_id]


def test_a_waiter_of_the_visit_opened_since_gets_that_visit(held: Setup, db: Database) -> None:
    """Asked for on the visit on screen while the previous visit's save still runs."""
    other = save_draft(db, held.patient_id, VisitDraft(visit_date=date(2026, 4, 1)), "test")
    calls: list[int | None] = []
    held.type("new visit")
    held.session.save_now()
    held.session.open(held.patient_id, other, read_only=False)
    held.session.save_now(calls.append)  # nothing unsaved here, but a save still runs
    held.deliver_save()
    assert calls == [other]


def test_a_late_failure_is_not_shown_on_the_visit_opened_since(held: Setup) -> None:
    calls = held.save_for_a_missing_patient()
    held.session.open(held.patient_id, None, read_only=False)
    held.deliver_save()
    assert held.form.failures == [] and calls == [None]


def test_recovery_files_are_written_by_the_runner_in_order_with_saves(
    held: Setup, db: Database
) -> None:
    """The file is written by the runner's worker, not the GUI thread; the new visit's file,
    deleted once the visit has its own, is not brought back by a write queued before."""
    runner = held.held()
    held.type("a")
    held.at(0.3)
    assert not held.new_visit_file().exists() and len(runner.undelivered()) == 1
    runner.deliver()
    written = read_recovery(held.new_visit_file())
    assert written is not None and written["raw"] == {"typed": "a"}
    held.session.save_now()
    held.type("b")  # while the save runs
    held.at(0.6)
    while runner.undelivered():
        runner.deliver()
    (visit,) = list_visits(db, held.patient_id)
    assert visit.draft.note.subjective == "ab" and not held.session.dirty
    assert not held.new_visit_file().exists()
    assert not recovery_path(db.path, held.patient_id, visit.id).exists()
