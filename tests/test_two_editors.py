"""Two practitioners in one draft (a clinic server shares records): a save names the version
of the draft it started from, so one made over someone else's newer save is refused and
said in words, never silently written over theirs; signing while another edits locks the
other out the same way. On SQLite and on a real PostgreSQL server, with two connections at
once where the engine allows it."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest

from models.database import Database
from models.records import PatientDraft, SoapNote, VisitDraft
from models.services.patients import create_patient
from models.services.tamper import tamper_report
from models.services.visits import (
    DraftConflict,
    VisitLocked,
    load_visit,
    save_draft_version,
    sign_visit,
)
from tests.test_clinic_server import SIGNABLE
from tests.test_visit_session import Setup
from ui.background import SyncRunner

pytestmark = pytest.mark.both_engines

DAY = date(2026, 5, 4)


def _note(text: str) -> VisitDraft:
    return VisitDraft(DAY, note=SoapNote(subjective=text))


def test_a_save_over_a_newer_version_is_refused_and_keeps_theirs(db: Database) -> None:
    patient = create_patient(db, PatientDraft("T-1", "Ines", "Roth"), "Dr A")
    opened = save_draft_version(db, patient, _note("first words"), "Dr A")
    assert opened.version == 1
    theirs = save_draft_version(db, patient, _note("Dr B's words"), "Dr B", opened.visit_id, 1)
    assert theirs.version == 2
    with pytest.raises(DraftConflict, match="Someone else saved this visit"):
        save_draft_version(db, patient, _note("Dr A's words"), "Dr A", opened.visit_id, 1)
    assert load_visit(db, opened.visit_id).draft.note.subjective == "Dr B's words"
    reopened = load_visit(db, opened.visit_id).version
    retyped = _note("Dr A, after reopening")
    again = save_draft_version(db, patient, retyped, "Dr A", opened.visit_id, reopened)
    assert again.version == 3
    unchanged = save_draft_version(db, patient, retyped, "Dr A", opened.visit_id, 3)
    assert unchanged.version == 3  # nothing changed: nothing written, no version used up


def test_signing_while_another_edits_stops_the_other_save(db: Database) -> None:
    patient = create_patient(db, PatientDraft("T-1", "Ines", "Roth"), "Dr A")
    opened = save_draft_version(db, patient, SIGNABLE, "Dr A")
    sign_visit(db, opened.visit_id, "Dr B, DC")
    edited = replace(SIGNABLE, note=SoapNote(subjective="typed after the signature"))
    with pytest.raises(VisitLocked):
        save_draft_version(db, patient, edited, "Dr A", opened.visit_id, opened.version)
    assert load_visit(db, opened.visit_id).draft.note.subjective == ""


def test_two_saves_at_the_same_moment_write_one_and_refuse_the_other(db: Database) -> None:
    if not db.on_server:
        pytest.skip("SQLite lets one writer in at a time: the sequential test covers it")
    patient = create_patient(db, PatientDraft("T-1", "Ines", "Roth"), "Dr A")
    opened = save_draft_version(db, patient, _note("first words"), "Dr A")
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(actor: str) -> None:
        start.wait()
        try:
            save_draft_version(db, patient, _note(f"{actor} typed"), actor, opened.visit_id, 1)
            outcomes[actor] = "saved"
        except DraftConflict:
            outcomes[actor] = "refused"

    workers = [threading.Thread(target=save, args=(actor,)) for actor in ("Dr A", "Dr B")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(actor for actor, outcome in outcomes.items() if outcome == "saved")
    stored = load_visit(db, opened.visit_id)
    assert stored.draft.note.subjective == f"{winner} typed" and stored.version == 2


def test_the_editor_says_so_and_keeps_the_typing_when_another_saved_first(db: Database) -> None:
    """The visit editor's autosave (ui/editor/session.py), as the practitioner meets it."""
    setup = Setup(db, SyncRunner())
    setup.type("Dr A starts typing")
    setup.at(1.5)  # the pause: the first save creates the draft
    visit = load_visit(db, setup.session.visit_id or 0)
    save_draft_version(db, setup.patient_id, _note("Dr B's words"), "Dr B", visit.id, visit.version)
    setup.type(", and goes on")
    setup.at(3.5)
    message = setup.form.failures[-1]
    assert "Someone else saved this visit" in message and "Your typing is kept" in message
    assert setup.session.recovery_path() is not None
    assert setup.session.recovery_path().exists()  # type: ignore[union-attr]
    assert load_visit(db, visit.id).draft.note.subjective == "Dr B's words"
    assert setup.session.save_retry.due is None  # not tried again: it would only fail again


def test_signing_and_saving_at_the_same_moment_sign_what_is_stored(db: Database) -> None:
    """Dr B signs while Dr A's autosave lands: whichever goes first, the signature covers
    exactly the content stored, and the late save is told the visit is signed."""
    if not db.on_server:
        pytest.skip("SQLite lets one writer in at a time: the sequential test covers it")
    patient = create_patient(db, PatientDraft("T-1", "Ines", "Roth"), "Dr A")
    outcomes = {_sign_while_saving(db, patient, date(2026, 3, 2 + day)) for day in range(8)}
    assert outcomes <= {"saved", "refused"}
    with db.engine.connect() as connection:
        report = tamper_report(connection)
    assert report.signed_visits == 8 and report.hash_mismatches == () and report.ok


def _sign_while_saving(db: Database, patient: int, day: date) -> str:
    """One race of a signature and a save on a new draft: "saved" or "refused"."""
    opened = save_draft_version(db, patient, replace(SIGNABLE, visit_date=day), "Dr A")
    typed = replace(SIGNABLE, visit_date=day, note=SoapNote(subjective=f"typed {day}"))
    start = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def sign() -> None:
        start.wait()
        sign_visit(db, opened.visit_id, "Dr B, DC")
        outcome["sign"] = "signed"

    def save() -> None:
        start.wait()
        try:
            save_draft_version(db, patient, typed, "Dr A", opened.visit_id, opened.version)
            outcome["save"] = "saved"
        except VisitLocked as locked:
            assert "signed while you were editing" in str(locked) or "signed" in str(locked)
            outcome["save"] = "refused"

    workers = [threading.Thread(target=sign), threading.Thread(target=save)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert outcome.get("sign") == "signed"
    stored = load_visit(db, opened.visit_id)
    saved = outcome["save"] == "saved"
    assert stored.draft.note.subjective == (f"typed {day}" if saved else "")
    return outcome["save"]
