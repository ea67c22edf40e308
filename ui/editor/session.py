"""The visit being edited, without Qt: which visit, what is unsaved, when it is stored.

Every change bumps a generation; a save stores the draft of one generation, and nothing is
unsaved once the stored generation catches up. One save runs at a time: a change made while
it runs is saved again as soon as it lands, and a result that lands after another visit was
opened (the load token moved on) only refreshes the lists. Everything typed, invalid text
included, reaches the crash-recovery file well before the database; the file is deleted once
a save leaves nothing unsaved (docs/ARCHITECTURE.md, how a save flows).

The session decides its deadlines from a clock (tests pass their own); the Qt side only runs
a timer that calls `tick()` at `next_deadline()` (it is told through `wake`). Each deadline
is a pause after the last change, capped by a maximum wait after the first change not yet
covered, so steady typing never postpones the recovery file or the save indefinitely.

A save or a file write that fails for a reason that can pass (a lock, a full disk) is tried
again on a backoff (`ui.editor.retry`) while the form keeps what was typed; the two are
independent, so a file that cannot be written never holds up the save, nor the reverse.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from charting.errors import FieldError
from models.database import Database
from models.records import VisitDraft
from models.services.visits import SavedDraft, save_draft_version
from ui.editor.recovery import RecoveryJob, recovery_path
from ui.editor.retry import Backoff
from ui.editor.trouble import Trouble
from ui.messages import error_text, is_transient
from ui.runner import Runner

Then = Callable[[int | None], object]  # gets the stored visit id, or None when not stored
# Seconds: a pause after the last change, and the longest wait after the first change.
RECOVERY_PAUSE, RECOVERY_MAX_WAIT = 0.3, 1.0
SAVE_PAUSE, SAVE_MAX_WAIT = 1.5, 5.0


class Leftover(Enum):
    """What leaving a visit (another visit, another patient, closing) leaves behind."""

    NOTHING = "nothing"  # all stored, no field left out
    KEPT = "kept"  # unsaved or invalid text, all of it in the recovery file
    AT_RISK = "at risk"  # typing that is on screen only: neither stored nor in the file


@dataclass(frozen=True)
class Collected:
    """The valid part of the form as a draft, and the errors of the parts left out."""

    draft: VisitDraft
    errors: tuple[FieldError, ...]


class VisitForm(Protocol):
    """What the session needs from the widgets (the visit editor)."""

    def collect(self) -> Collected: ...
    def raw_state(self) -> dict[str, Any]: ...
    def show_saved(self, errors: tuple[FieldError, ...]) -> None: ...
    def show_failure(self, text: str) -> None: ...  # kept until replaced; "" takes it away
    def stored(self, patient_id: int, visit_id: int) -> None: ...


class VisitSession:
    """Owns the visit id, the unsaved state, save ordering and the recovery file's timing."""

    def __init__(
        self,
        db: Database,
        runner: Runner,
        form: VisitForm,
        actor: Callable[[], str],
        wake: Callable[[float | None], object],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db, self.runner, self.form, self.actor = db, runner, form, actor
        self.clock, self.wake = clock, wake
        self.patient_id: int | None = None
        self.visit_id: int | None = None
        self.version = 1  # of the draft on screen, as stored
        self.read_only = False
        self.load_token = 0  # bumps when another visit is shown: older results are stale
        self.generation = 0  # bumps on every change
        self.saved_generation = 0
        self.in_flight = False
        self.waiting: list[tuple[int, Then]] = []  # (load token when asked, callback)
        self._last_change = 0.0
        self._unsaved_since: float | None = None  # first change no save has taken yet
        self._unwritten_since: float | None = None  # first change not in the recovery file
        self.save_retry, self.file_retry = Backoff(), Backoff()
        self._invalid = False  # the last save left fields out: their text is in the file only
        self._file_generation: int | None = None  # what the recovery file is known to hold
        self.trouble, self._shown = Trouble(), ""

    @property
    def dirty(self) -> bool:
        return self.generation != self.saved_generation

    # -- which visit ----------------------------------------------------------------------

    def open(
        self, patient_id: int | None, visit_id: int | None, read_only: bool, version: int = 1
    ) -> None:
        """A visit is on screen as stored, at `version` (None, None: no visit): nothing is
        unsaved. A save names that version, so one over someone else's is refused."""
        self.load_token += 1
        self.patient_id, self.visit_id, self.read_only = patient_id, visit_id, read_only
        self.version = version
        self.saved_generation = self.generation
        self._unsaved_since = self._unwritten_since = None
        self.save_retry, self.file_retry = Backoff(), Backoff()
        self._invalid, self._file_generation = False, None
        self.trouble = Trouble()
        self._report()
        self._rearm()

    def close(self) -> None:
        """No visit open; whatever was unsaved is left to the recovery file."""
        self.open(None, None, False)

    # -- changes and deadlines ------------------------------------------------------------

    def changed(self) -> None:
        """The practitioner changed something in the form."""
        if self.patient_id is None or self.read_only:
            return
        now = self.clock()
        self.generation += 1
        self._last_change = now
        if self._unsaved_since is None:
            self._unsaved_since = now
        if self._unwritten_since is None:
            self._unwritten_since = now
        self._rearm()

    def save_due(self) -> float | None:
        return self._due(self._unsaved_since, SAVE_PAUSE, SAVE_MAX_WAIT)

    def recovery_due(self) -> float | None:
        return self._due(self._unwritten_since, RECOVERY_PAUSE, RECOVERY_MAX_WAIT)

    def next_deadline(self) -> float | None:
        """When `tick` has something to do next (clock time), or None."""
        retries = (self.file_retry.due, self.save_retry.due)
        due = [d for d in (self.recovery_due(), self.save_due(), *retries) if d is not None]
        return min(due, default=None)

    def tick(self) -> None:
        """Write the recovery file and start the save when their deadlines have come, and try
        again what failed when its retry is due.

        Woken early (a timer rounds), it does nothing and asks to be woken again.
        """
        now = self.clock()
        recovery, save = self.recovery_due(), self.save_due()
        if recovery is not None and now >= recovery:
            self.write_recovery()
        if save is not None and now >= save:
            self.save_now()
        if self.file_retry.take(now):
            self._retry_file()
        if self.save_retry.take(now):
            self.save_now()
        self._rearm()

    # -- leaving the visit and what went wrong --------------------------------------------

    def left_behind(self) -> Leftover:
        """What leaving the visit now would leave behind (asked once a save has landed)."""
        if self.patient_id is None or self.read_only or not (self.dirty or self._invalid):
            return Leftover.NOTHING
        kept = self._file_generation == self.generation
        return Leftover.KEPT if kept else Leftover.AT_RISK

    @property
    def problem(self) -> str:
        """Why the visit is not stored or not safe in the recovery file ("" when it is)."""
        return self.trouble.text()

    def _report(self) -> None:
        if self.save_retry.due is None and self.file_retry.due is None:
            self.trouble.retry_in = None  # e.g. a refusal of the content: no try is coming
        if self.problem != self._shown:
            self._shown = self.problem
            self.form.show_failure(self._shown)

    def _due(self, since: float | None, pause: float, max_wait: float) -> float | None:
        if since is None:
            return None
        return min(self._last_change + pause, since + max_wait)

    def _rearm(self) -> None:
        self.wake(self.next_deadline())

    # -- the recovery file ----------------------------------------------------------------

    def recovery_path(self) -> Path | None:
        if self.patient_id is None:
            return None
        return recovery_path(self.db.path, self.patient_id, self.visit_id)

    def write_recovery(self, force: bool = False, then: Callable[[], object] | None = None) -> None:
        """Write the raw input; `force` even when the valid part is already saved. `then`
        runs once the write has landed (or at once when there is nothing to write)."""
        self._unwritten_since = None
        path = self.recovery_path()
        if path is None or self.read_only or not (self.dirty or force):
            if then is not None:
                then()
            return
        data = {"patient_id": self.patient_id, "visit_id": self.visit_id,
                "written_at": datetime.now().isoformat(timespec="seconds"),
                "raw": self.form.raw_state()}  # fmt: skip
        self._file_job(path, data, then)

    def take_recovery(self, data: dict[str, Any] | None) -> dict[str, Any] | None:
        """`data`, the recovery file of the visit just opened, if it is to be put back.

        The file is read off the GUI thread together with the visit. A signed visit's file is
        deleted instead: the signed record is what counts.
        """
        if data is not None and self.read_only:
            self.drop_recovery()
            return None
        return data

    def drop_recovery(self) -> None:
        """The visit was signed or discarded: its recovery file has nothing left to give."""
        path = self.recovery_path()
        if path is not None:
            self._file_job(path, None)

    def _retry_file(self) -> None:
        """The last file job failed: write the file if it is still needed, else delete it."""
        if self.dirty or self._invalid:
            self.write_recovery(force=True)
        elif (path := self.recovery_path()) is not None:
            self._file_job(path, None)

    def _file_job(
        self, path: Path, data: dict[str, Any] | None, then: Callable[[], object] | None = None
    ) -> None:
        """Write (or with None delete) a recovery file on the runner, in order with saves."""
        token, generation = self.load_token, self.generation

        def done(_none: None) -> None:
            if token == self.load_token:
                self._file_generation = generation if data is not None else None
                self.file_retry.succeeded()
                self.trouble.copy = ""
                self._report()
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            if token == self.load_token:
                self.trouble.retry_in = self.file_retry.failed(self.clock())
                old = "" if data is not None else "(an old copy could not be removed) "
                self.trouble.copy = old + error_text(error)
                self._report()
                self._rearm()
            if then is not None:
                then()

        self.runner.run(RecoveryJob(path, data, self.db.passphrase), done, failed)

    # -- saving ---------------------------------------------------------------------------

    def save_now(self, then: Then | None = None, force: bool = False) -> None:
        """Save if anything changed (or `force`); `then(visit_id)` runs once it is stored."""
        self._unsaved_since = None
        editable = self.patient_id is not None and not self.read_only
        if force and editable:
            self.generation += 1
        if then is not None:
            self.waiting.append((self.load_token, then))
        if self.in_flight:
            self._rearm()
            return  # the running save checks `dirty` again when it lands
        if not (self.dirty and editable):
            self._rearm()
            ready, self.waiting, visit_id = self.waiting, [], self.visit_id
            for _token, waiter in ready:
                waiter(visit_id)
            return
        if self._unwritten_since is not None:
            self.write_recovery()  # a kill during the save must not lose the typing
        self._rearm()
        self._start_save()

    def _start_save(self) -> None:
        assert self.patient_id is not None
        collected = self.form.collect()
        generation, token = self.generation, self.load_token
        db, actor = self.db, self.actor()
        patient_id, visit_id, version = self.patient_id, self.visit_id, self.version
        old_path = recovery_path(db.path, patient_id, visit_id)
        self.in_flight = True

        def op() -> SavedDraft:
            return save_draft_version(db, patient_id, collected.draft, actor, visit_id, version)

        def done(saved: SavedDraft) -> None:
            self.in_flight = False
            keep_file = False
            new_id = saved.visit_id
            if token == self.load_token:
                self.visit_id, self.version = new_id, saved.version
                self.saved_generation = generation
                self._invalid = bool(collected.errors)
                self.save_retry.succeeded()
                self.trouble.save = ""
                fresh = not self.dirty and not collected.errors
                if fresh or visit_id is None:
                    self._file_job(old_path, None)
                keep_file = not fresh
                self.form.show_saved(collected.errors)
                self._report()
            self.form.stored(patient_id, new_id)
            if keep_file:  # invalid text lives only there: waiters hear once it is written
                self.write_recovery(force=True, then=lambda: self._landed(token, new_id))
            else:
                self._landed(token, new_id)

        def failed(error: BaseException) -> None:
            self.in_flight = False
            if token == self.load_token:  # else the message would sit on another visit
                self.trouble.save = error_text(error)
                if is_transient(error):  # a lock or a full disk passes: try again
                    self.trouble.retry_in = self.save_retry.failed(self.clock())
                self._report()
                self._rearm()
            self._landed(token, None)

        self.runner.run(op, done, failed)

    def _landed(self, token: int, stored_id: int | None) -> None:
        """A save begun under `token` ended as `stored_id` (None: it failed).

        Each waiter gets the id of the visit it was asked for, decided before any of them
        runs (one may close the visit): the saved visit's id; the visit on screen's own id,
        after its next save if it changed meanwhile; None for a visit left since.
        """
        current, on_screen = self.load_token, self.visit_id
        resave = self.dirty and (token != current or stored_id is not None)
        held = [(t, then) for t, then in self.waiting if resave and t == current]
        ready = [(then, stored_id if t == token else on_screen if t == current else None)
                 for t, then in self.waiting if not (resave and t == current)]  # fmt: skip
        self.waiting = held
        if resave:  # changed while saving (this visit, or the one opened since)
            self.save_now()
        for then, visit_id in ready:
            then(visit_id)
