"""The audit trail as a person reads it: visits by date, fields by label, before → after,
the saves of one editing session folded into one entry while the database keeps each."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from charting.readings import Reading
from models.audit import event_values
from models.audit_chain import append_event
from models.database import Database
from models.orm import AuditEvent
from models.records import Complaint, PatientDraft, SoapNote, VisitDraft
from models.services.audit_trail import SESSION_GAP, audit_trail
from models.services.patients import create_patient, update_patient
from models.services.visits import copy_forward, delete_draft, save_draft
from ui.background import SyncRunner
from ui.context import AppContext

pytestmark = pytest.mark.both_engines  # the services on SQLite and on a clinic server

MAYA = PatientDraft("A-1", "Maya", "Okafor")
FIRST = VisitDraft(visit_date=date(2026, 3, 2), kind="initial")


def events(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def patient_with_edited_draft(db: Database) -> tuple[int, int]:
    """A patient, a draft, and four saves of it as the autosaver makes them while typing."""
    patient_id = create_patient(db, MAYA, "Jo Reyes")
    visit_id = save_draft(db, patient_id, FIRST, "Jo Reyes")
    draft = FIRST
    for words in ("Sore", "Sore after", "Sore after hills"):
        draft = VisitDraft(draft.visit_date, draft.kind, SoapNote(subjective=words))
        save_draft(db, patient_id, draft, "Jo Reyes", visit_id)
    reading = Reading("pre", "palm", "Jo Reyes", 12.0, 4.0, 6.0)
    save_draft(db, patient_id, VisitDraft(draft.visit_date, draft.kind, draft.note,
               complaints=(Complaint("low_back", "left", 6),), readings=(reading,),
               next_visit_date=date(2026, 3, 16)), "Jo Reyes", visit_id)  # fmt: skip
    return patient_id, visit_id


def signed_in(actor: str, db: Database) -> str:
    """Who the trail names: on a clinic server, with the account signed in."""
    if db.url is None:
        return actor
    return f"{actor} (signed in as {make_url(db.url).username})"


def test_saves_of_one_session_are_one_entry_and_every_write_is_kept(db: Database) -> None:
    patient_id, _visit = patient_with_edited_draft(db)
    assert events(db) == 6  # patient, draft created, four saves: each one in the database
    trail = audit_trail(db, patient_id)
    assert [e.what for e in trail.entries] == [
        "Draft edited (4 saves)", "Draft created", "Patient created",
    ]  # fmt: skip
    edited = trail.entries[0]
    assert edited.record == "Visit of 2026-03-02" and edited.actor == signed_in("Jo Reyes", db)
    changes = {c.label: (c.before, c.after) for c in edited.changes}
    assert changes == {  # before the first save of the session, after the last
        "Complaints": ("—", "Left low back: pain 6/10"),
        "Subjective notes": ("—", "Sore after hills"),
        "Pelvic readings": (
            "—", "Before correction (PALM, Jo Reyes): left tilt 12.0°, right tilt 4.0°, "
            "rotation +6.0°"),
        "Next visit": ("—", "2026-03-16"),
    }  # fmt: skip
    created = {c.label: c.after for c in trail.entries[2].changes}
    assert created["Chart number"] == "A-1" and created["First name"] == "Maya"


def test_another_change_between_saves_starts_a_new_session(db: Database) -> None:
    patient_id = create_patient(db, MAYA, "Jo Reyes")
    visit_id = save_draft(db, patient_id, FIRST, "Jo Reyes")
    save_draft(db, patient_id, VisitDraft(FIRST.visit_date, correction="MET"), "Jo Reyes", visit_id)
    update_patient(db, patient_id, PatientDraft("A-1", "Maya", "Okafor-Reid"), "Jo Reyes")
    save_draft(db, patient_id, VisitDraft(FIRST.visit_date, correction="MET, left"), "Jo Reyes",
               visit_id)  # fmt: skip
    save_draft(db, patient_id, VisitDraft(FIRST.visit_date, correction="MET, right"), "Sam Lee",
               visit_id)  # fmt: skip
    trail = audit_trail(db, patient_id)
    jo, sam = signed_in("Jo Reyes", db), signed_in("Sam Lee", db)
    assert [(e.what, e.actor) for e in trail.entries] == [
        ("Draft edited", sam), ("Draft edited", jo), ("Patient edited", jo),
        ("Draft edited", jo), ("Draft created", jo), ("Patient created", jo),
    ]  # fmt: skip
    renamed = trail.entries[2].changes
    assert [(c.label, c.before, c.after) for c in renamed] == [
        ("Last name", "Okafor", "Okafor-Reid")
    ]
    assert trail.entries[0].changes[0].label == "Correction performed"


def test_saves_further_apart_than_the_gap_are_separate(db: Database) -> None:
    patient_id = create_patient(db, MAYA, "Jo Reyes")
    visit_id = save_draft(db, patient_id, FIRST, "Jo Reyes")
    start = datetime(2026, 3, 2, 10, 0)
    with db.session() as session:  # saves as an autosaver makes them, at chosen times
        for minutes in (0, 5, 5 + SESSION_GAP.seconds // 60 + 1):
            event = event_values("Jo Reyes", "update", "visit", visit_id, patient_id=patient_id)
            event["at"] = start + timedelta(minutes=minutes)
            append_event(session.connection(), event)  # linked into the chain
    edits = [e for e in audit_trail(db, patient_id).entries if e.action == "update"]
    assert [(e.writes, e.first_at.minute, e.at.minute) for e in edits] == [(1, 36, 36), (2, 0, 5)]


def test_a_discarded_draft_stays_readable_under_all_patients(db: Database) -> None:
    patient_id = create_patient(db, MAYA, "Jo Reyes")
    visit_id = save_draft(db, patient_id, FIRST, "Jo Reyes")
    delete_draft(db, visit_id, "Jo Reyes")
    everyone = audit_trail(db, None).entries
    discarded = next(e for e in everyone if e.action == "delete")
    assert discarded.record == "Visit of 2026-03-02" and discarded.what == "Draft discarded"
    assert ("Visit kind", "Initial visit", "—") in [(c.label, c.before, c.after)
                                              for c in discarded.changes]  # fmt: skip


def test_a_discarded_draft_stays_in_its_patients_trail(db: Database) -> None:
    patient_id = create_patient(db, MAYA, "Jo Reyes")
    visit_id = save_draft(db, patient_id, FIRST, "Jo Reyes")
    save_draft(db, patient_id, VisitDraft(FIRST.visit_date, correction="MET"), "Jo Reyes", visit_id)
    delete_draft(db, visit_id, "Jo Reyes")
    trail = audit_trail(db, patient_id)
    assert [e.what for e in trail.entries] == [
        "Draft discarded", "Draft edited", "Draft created", "Patient created",
    ]  # fmt: skip
    assert {e.patient for e in trail.entries} == {"Okafor, Maya (A-1)"}
    assert {e.record for e in trail.entries[:3]} == {"Visit of 2026-03-02"}


def test_days_filter_keeps_entries_whose_last_save_falls_within(db: Database) -> None:
    patient_id, _visit = patient_with_edited_draft(db)
    today = date.today()
    assert len(audit_trail(db, patient_id, since=today, until=today).entries) == 3
    assert audit_trail(db, patient_id, until=today - timedelta(days=1)).entries == []


@pytest.fixture
def dialog(qtbot: QtBot, db: Database):  # type: ignore[no-untyped-def]
    from ui.audit_dialog import AuditDialog

    patient_id, _visit = patient_with_edited_draft(db)
    other = create_patient(db, PatientDraft("B-2", "Tom", "Whitfield"), "Sam Lee")
    save_draft(db, other, VisitDraft(date(2026, 4, 1)), "Sam Lee")
    widget = AuditDialog(AppContext(db, SyncRunner()), patient_id)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(dialog, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    model = dialog.model
    return str(model.data(model.index(row, column)))


def test_the_dialog_reads_in_words_and_filters(qtbot: QtBot, dialog) -> None:  # type: ignore[no-untyped-def]
    assert "less than 30 minutes after the one before" in dialog.note.text()
    assert dialog.model.rowCount() == 3
    assert cell(dialog, 0, 3) == "Visit of 2026-03-02"
    assert cell(dialog, 0, 4) == "Draft edited (4 saves)"
    assert "Pelvic readings" in cell(dialog, 0, 5)
    rect = dialog.table.visualRect(dialog.model.index(1, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    details = dialog.details
    rows = {details.item(r, 0).text(): (details.item(r, 1).text(), details.item(r, 2).text())
            for r in range(details.rowCount())}  # fmt: skip
    assert rows == {"Visit date": ("—", "2026-03-02"), "Visit kind": ("—", "Initial visit")}
    dialog.record.setFocus()
    qtbot.keyClicks(dialog.record, "Patient record")
    assert [cell(dialog, r, 4) for r in range(dialog.model.rowCount())] == ["Patient created"]
    dialog.patient.setFocus()
    qtbot.keyClicks(dialog.patient, "All patients")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 5)
    assert not dialog.table.isColumnHidden(2) and not dialog.record.isEnabled()
    assert cell(dialog, 0, 2) == "Whitfield, Tom (B-2)"
    assert cell(dialog, 0, 3) == "Visit of 2026-04-01"
    dialog.by_date.setFocus()
    qtbot.keyClick(dialog.by_date, Qt.Key.Key_Space)  # the last 30 days: all of today's
    assert dialog.model.rowCount() == 5
    until = dialog.until.lineEdit()
    until.setFocus()
    qtbot.keyClick(until, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(until, (date.today() - timedelta(days=1)).isoformat())
    qtbot.keyClick(until, Qt.Key.Key_Return)
    assert dialog.model.rowCount() == 0 and dialog.status.text().startswith("0 change(s)")


def test_a_value_cleared_to_nothing_or_set_to_zero_is_listed(db: Database) -> None:
    patient_id = create_patient(db, MAYA, "Jo Reyes")
    visit_id = save_draft(db, patient_id, VisitDraft(FIRST.visit_date, "initial", adherence_pct=0),
                          "Jo Reyes")  # fmt: skip
    save_draft(db, patient_id, FIRST, "Jo Reyes", visit_id)
    created, edited = reversed(audit_trail(db, patient_id).entries[:2])
    assert ("Adherence (%)", "—", "0") in [(c.label, c.before, c.after) for c in created.changes]
    assert [(c.label, c.before, c.after) for c in edited.changes] == [("Adherence (%)", "0", "—")]


def test_a_running_goal_set_changed_and_cleared_reads_by_its_label(db: Database) -> None:
    patient_id = create_patient(db, MAYA, "Jo Reyes")
    for goal in (40.0, 42.5, None):
        update_patient(db, patient_id, replace(MAYA, running_goal_km=goal), "Jo Reyes")
    edits = [entry.changes for entry in audit_trail(db, patient_id).entries[:3]]
    assert [[(c.label, c.before, c.after) for c in changes] for changes in edits] == [
        [("Running goal (km/week)", "42.5", "—")],
        [("Running goal (km/week)", "40", "42.5")],
        [("Running goal (km/week)", "—", "40")],
    ]


def test_a_complaint_kept_as_carried_over_reads_as_a_change(db: Database) -> None:
    patient_id = create_patient(db, MAYA, "Jo Reyes")
    knee = Complaint("knee", "right", 3)
    save_draft(db, patient_id, VisitDraft(FIRST.visit_date, complaints=(knee,)), "Jo Reyes")
    carried = copy_forward(db, patient_id, date(2026, 3, 9))
    visit_id = save_draft(db, patient_id, carried, "Jo Reyes")
    kept = VisitDraft(carried.visit_date, complaints=(knee,))  # the mark cleared, pain as it was
    save_draft(db, patient_id, kept, "Jo Reyes", visit_id)
    edited = audit_trail(db, patient_id).entries[0]
    assert [(c.label, c.before, c.after) for c in edited.changes] == [
        ("Complaints", "Right knee: pain 3/10 (carried over, not re-rated yet)",
         "Right knee: pain 3/10"),
        ("Carried over from the last visit", "yes", "no"),
    ]  # fmt: skip


def test_stored_scores_and_doses_read_as_the_documents_word_them() -> None:
    from models.services.audit_words import field_changes

    before = '{"outcomes": [], "plan": []}'
    after = (
        '{"outcomes": [{"measure": "psfs", "score": 4.333333, "label": "", "items": []}],'
        ' "plan": [{"exercise": "glute_bridge", "sets": 3, "reps": 12, "hold_s": null,'
        ' "per_week": 4, "side": "left", "notes": ""}]}'
    )
    changes = {c.label: c.after for c in field_changes("visit", "update", before, after)}
    assert changes["Outcome measures"] == "PSFS 4.3/10"
    assert (
        changes["Exercise plan"] == "Glute bridge: 3 sets of 12 repetitions · 4 times a week · left"
    )
