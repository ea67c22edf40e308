"""Visit actions: new (copy forward), open, save, sign, addendum, step, discard.

Each is a small function of the context and the editor; database work goes through
`context.runner`, and the editor's session is flushed before the editor switches visits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from charting.readings import Phase
from models.records import PatientRecord, VisitDraft, VisitRecord
from models.services import visits as service
from ui.actions import patients
from ui.actions.confirm import Confirm
from ui.actions.confirm import confirm as ask
from ui.context import AppContext
from ui.editor.addendum_dialog import AddendumDialog
from ui.editor.editor import VisitEditor
from ui.editor.recovery import read_recovery, recovery_path
from ui.editor.session import Leftover
from ui.messages import error_text

Recovered = dict[str, Any] | None  # a visit's recovery file, read with the visit
# The new visit's draft, the device and rater to start from, whether the day has a visit.
NewVisit = tuple[VisitDraft, tuple[str, str] | None, bool, Recovered]
NO_NAME = "Set your name and credentials in File ▸ Preferences (Ctrl+,) before signing."
LEFT_KEPT = (
    "Not everything typed in the visit you left could be stored; it is kept on this computer "
    "and comes back when you open that visit again."
)
STAYS_OPEN = "Stays open until it is stored"
NOT_DISCARDED = "Not discarded: try again once it is stored"


def leave_then(editor: VisitEditor, go: Callable[[Leftover], object]) -> None:
    """Store the visit on screen, then `go(left)` on to another, where `left` says whether
    text was left in the recovery file (`tell_left` says so). A visit whose typing is on
    screen only (neither stored nor in the file) stays open: the session keeps trying."""
    token = editor.session.load_token

    def then(_visit_id: int | None) -> None:
        same = editor.session.load_token == token  # else another action moved on already
        left = editor.session.left_behind() if same else Leftover.NOTHING
        if left is Leftover.AT_RISK:
            editor.ui.set_status(STAYS_OPEN, error=True)  # the message says why
            return
        go(left)

    editor.session.save_now(then)


def tell_left(editor: VisitEditor, left: Leftover) -> None:
    """After another visit was shown: say that text of the one left waits in its file."""
    if left is Leftover.KEPT:
        shown = editor.ui.message.text()
        editor.show_message(f"{LEFT_KEPT} {shown}" if shown else LEFT_KEPT)


def last_setup(visits: Sequence[VisitRecord]) -> tuple[str, str] | None:
    """Device and rater of the latest pre reading, so a new visit measures the same way."""
    for visit in reversed(visits):
        for reading in visit.draft.readings:
            if reading.phase is Phase.PRE:
                return str(reading.device), reading.rater
    return None


def new_visit(
    context: AppContext,
    editor: VisitEditor,
    patient_id: int,
    today: date | None = None,
    confirm: Confirm | None = None,
) -> None:
    """A new visit from the last one's hypothesis, plan and complaints; device and rater
    remembered. A second visit on the same day is asked about first (No by default)."""
    db = context.db

    def load() -> NewVisit:
        previous = service.list_visits(db, patient_id)
        draft = service.copy_forward(db, patient_id, today)
        same_day = any(v.draft.visit_date == draft.visit_date for v in previous)
        recovered = read_recovery(recovery_path(db.path, patient_id, None), db.passphrase)
        return draft, last_setup(previous), same_day, recovered

    def show(patient: PatientRecord, result: NewVisit) -> None:
        draft, setup, same_day, recovered = result
        settings = context.settings

        def begin() -> None:
            editor.start(
                patient_id,
                draft,
                setup=setup or (settings.default_device, settings.practitioner_name),
            )
            restore_recovery(editor, recovered)
            tell_left(editor, left)
            editor.visit_date.setFocus()

        if not same_day:
            begin()
            return
        question = f"{patient.label} already has a visit on {draft.visit_date.isoformat()}. "
        (confirm or ask)(
            editor, "New visit", question + "Start another one?", "Start another visit", begin
        )

    left = Leftover.NOTHING

    def start(patient: PatientRecord) -> None:
        def go(leftover: Leftover) -> None:
            nonlocal left
            left = leftover
            context.runner.run(load, lambda new: show(patient, new), _fail(editor))

        leave_then(editor, go)

    patients.unless_archived(context, editor, patient_id, start)  # an archived chart: ask first


def open_visit(context: AppContext, editor: VisitEditor, visit_id: int) -> None:
    """Show a stored visit (after saving the one on screen)."""
    if editor.visit_id == visit_id:
        return

    def load() -> tuple[VisitRecord, Recovered]:
        record = service.load_visit(context.db, visit_id)
        path = recovery_path(context.db.path, record.patient_id, visit_id)
        return record, read_recovery(path, context.db.passphrase)

    def show(loaded: tuple[VisitRecord, Recovered], left: Leftover) -> None:
        record, recovered = loaded
        editor.show_record(record)
        restore_recovery(editor, recovered)
        tell_left(editor, left)

    leave_then(
        editor,
        lambda left: context.runner.run(load, lambda loaded: show(loaded, left), _fail(editor)),
    )


def restore_recovery(editor: VisitEditor, recovered: Recovered) -> None:
    """Typing that never reached the database (the app was killed): put it back.

    `recovered` is the visit's recovery file, read off the GUI thread with the visit itself.
    """
    data = editor.session.take_recovery(recovered)
    if data is None:
        return
    editor.restore_raw(data["raw"])
    when = data["written_at"]
    editor.show_message(f"Restored input not stored when this visit was last open ({when})")


def save_visit(context: AppContext, editor: VisitEditor) -> None:
    if editor.patient_id is not None and not editor.read_only:
        editor.session.save_now(force=editor.visit_id is None)


def sign_visit(context: AppContext, editor: VisitEditor, confirm: Confirm | None = None) -> None:
    """Check what signing needs, ask, save, then lock the visit."""
    if editor.patient_id is None or editor.read_only:
        return
    signer = context.settings.signer
    if not signer:
        editor.show_message(NO_NAME, error=True)
        return
    collected = editor.collect()
    if collected.errors:
        editor.show_message("Fix the fields marked in red before signing.", error=True)
        return
    if missing := collected.draft.missing_for_signing():
        editor.show_message("Cannot sign yet; still needed: " + "; ".join(missing), error=True)
        return
    patient_id, token = editor.patient_id, editor.session.load_token

    def signed(record: VisitRecord) -> None:
        if editor.visit_id == record.id:
            editor.session.drop_recovery()
        editor.show_record(record)
        context.events.visits_changed.emit(patient_id)

    def sign(visit_id: int | None) -> None:
        if visit_id is not None:
            context.runner.run(
                lambda: service.sign_visit(context.db, visit_id, signer), signed, _fail(editor)
            )

    def signing() -> None:
        if editor.session.load_token == token:  # still the visit the question was about
            editor.session.save_now(sign, force=editor.visit_id is None)

    question = f"Sign this visit as {signer}? A signed visit cannot be changed; corrections "
    (confirm or ask)(editor, "Sign visit", question + "go into dated addenda.", "Sign", signing)


def add_addendum(context: AppContext, editor: VisitEditor) -> AddendumDialog | None:
    """Open the addendum dialog for the signed visit on screen."""
    record = editor.record
    if record is None or not record.signed:
        editor.show_message("Addenda are for signed visits; edit the draft instead.", error=True)
        return None
    author = context.settings.signer
    if not author:
        editor.show_message(NO_NAME.replace("signing", "adding an addendum"), error=True)
        return None
    dialog = AddendumDialog(author, editor)

    def save(text: str, reason: str) -> None:
        def op() -> VisitRecord:
            service.add_addendum(context.db, record.id, text, reason, author)
            return service.load_visit(context.db, record.id)

        def done(updated: VisitRecord) -> None:
            dialog.saved()
            editor.show_record(updated)
            context.events.visits_changed.emit(updated.patient_id)

        context.runner.run(op, done, dialog.show_error)

    dialog.on_save = save
    dialog.open()
    return dialog


def step_visit(
    context: AppContext, editor: VisitEditor, visits: Sequence[VisitRecord], step: int
) -> None:
    """Open the next (+1) or previous (-1) visit of the patient in timeline order."""
    ids = [v.id for v in visits]
    if not ids:
        return
    if editor.visit_id in ids:
        position = ids.index(editor.visit_id) + step
    else:
        position = len(ids) - 1 if step < 0 else len(ids)
    if 0 <= position < len(ids):
        open_visit(context, editor, ids[position])


def discard_draft(context: AppContext, editor: VisitEditor, confirm: Confirm | None = None) -> None:
    """Delete the unsigned draft on screen after confirmation."""
    if editor.patient_id is None or editor.read_only:
        return
    patient_id, token = editor.patient_id, editor.session.load_token

    def delete(visit_id: int | None) -> None:
        if editor.session.load_token != token:
            return  # another visit is on screen now
        if editor.session.dirty and editor.visit_id is not None:  # its save failed
            editor.ui.set_status(NOT_DISCARDED, error=True)  # the message says why
            return
        editor.session.drop_recovery()
        editor.clear()
        if visit_id is not None:
            context.runner.run(
                lambda: service.delete_draft(context.db, visit_id, context.actor),
                lambda _: context.events.visits_changed.emit(patient_id),
                _fail(editor),
            )

    def discarding() -> None:
        if editor.session.load_token == token:  # still the visit the question was about
            editor.session.save_now(delete)

    text = "Delete this unsigned draft visit?"
    (confirm or ask)(editor, "Discard draft", text, "Discard draft", discarding)


def _fail(editor: VisitEditor) -> Callable[[BaseException], None]:
    return lambda error: editor.show_message(error_text(error), error=True)
