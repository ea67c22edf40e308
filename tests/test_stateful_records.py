"""Records survive any mix of charting, backups, restores and reopening (hypothesis
RuleBasedStateMachine): after every step the database passes its integrity check, every
committed change is there and every signed visit reads exactly as it was signed.

The test keeps its own model of what was committed; a backup snapshots the model and a
restore goes back to that snapshot. `make test` runs a few examples; for a long run:
`HOLDFAST_STATEFUL_EXAMPLES=300 .venv/bin/python -m pytest tests/test_stateful_records.py`.
"""

from __future__ import annotations

import copy
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from charting.readings import Device, Phase, Reading
from models.backup import backup_database
from models.database import Database, open_database
from models.records import Finding, PatientDraft, PlanEntry, SoapNote, VisitDraft
from models.restore import restore_backup
from models.services.patients import create_patient, search_patients
from models.services.visits import (
    VisitLocked,
    add_addendum,
    list_visits,
    save_draft,
    sign_visit,
)

EXAMPLES = int(os.environ.get("HOLDFAST_STATEFUL_EXAMPLES", "6"))
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@dataclass
class Visit:
    """What the test knows was committed for one visit."""

    patient_id: int
    draft: VisitDraft
    signed_hash: str | None = None
    addenda: list[str] = field(default_factory=list)


@dataclass
class Committed:
    patients: dict[int, str] = field(default_factory=dict)  # id -> chart number
    visits: dict[int, Visit] = field(default_factory=dict)


def signable(text: str, day: int) -> VisitDraft:
    """A draft with what signing needs, and `text` in its notes."""
    return VisitDraft(
        date(2026, 3, 1 + day % 28),
        note=SoapNote(subjective=text),
        readings=(Reading(Phase.PRE, Device.PALM, "AB", 15, 8, 6, 0),),
        findings=(Finding("iliopsoas", "left", "short_overactive", "Thomas +"),),
        plan=(PlanEntry("glute_bridge", 3, 5, reps=12),),
    )


class RecordsMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="holdfast-stateful-"))
        self.path = self.folder / "data" / "holdfast.sqlite3"
        self.db: Database = open_database(self.path)
        self.committed = Committed()
        self.backups: list[tuple[Path, Committed]] = []

    def teardown(self) -> None:
        self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- charting --------------------------------------------------------------------------

    @rule(last_name=words.filter(str.strip))
    def create_patient(self, last_name: str) -> None:
        chart = f"S-{len(self.committed.patients) + 1}"
        patient_id = create_patient(self.db, PatientDraft(chart, "Sam", last_name), "tester")
        self.committed.patients[patient_id] = chart

    @precondition(lambda self: self.committed.patients)
    @rule(data=st.data(), text=words)
    def save_new_draft(self, data: st.DataObject, text: str) -> None:
        patient_id = data.draw(st.sampled_from(sorted(self.committed.patients)))
        draft = signable(text, len(self.committed.visits))
        visit_id = save_draft(self.db, patient_id, draft, "tester")
        self.committed.visits[visit_id] = Visit(patient_id, draft)

    def _visits(self, signed: bool) -> list[int]:
        return sorted(i for i, v in self.committed.visits.items() if bool(v.signed_hash) == signed)

    @precondition(lambda self: self._visits(signed=False))
    @rule(data=st.data(), text=words)
    def edit_draft(self, data: st.DataObject, text: str) -> None:
        visit_id = data.draw(st.sampled_from(self._visits(signed=False)))
        visit = self.committed.visits[visit_id]
        draft = replace(visit.draft, reasoning=text)
        save_draft(self.db, visit.patient_id, draft, "tester", visit_id)
        visit.draft = draft

    @precondition(lambda self: self._visits(signed=False))
    @rule(data=st.data())
    def sign(self, data: st.DataObject) -> None:
        visit_id = data.draw(st.sampled_from(self._visits(signed=False)))
        record = sign_visit(self.db, visit_id, "Dr Test")
        assert record.content_hash is not None
        self.committed.visits[visit_id].signed_hash = record.content_hash

    @precondition(lambda self: self._visits(signed=True))
    @rule(data=st.data(), text=words.filter(str.strip))
    def addendum_or_refused_edit(self, data: st.DataObject, text: str) -> None:
        visit_id = data.draw(st.sampled_from(self._visits(signed=True)))
        visit = self.committed.visits[visit_id]
        changed = replace(visit.draft, reasoning=f"{visit.draft.reasoning} changed")
        with pytest.raises(VisitLocked):  # a signed visit is never changed, whoever tries
            save_draft(self.db, visit.patient_id, changed, "tester", visit_id)
        add_addendum(self.db, visit_id, text, "correction", "Dr Test")
        visit.addenda.append(text.strip())

    # -- backups, restores, reopening -------------------------------------------------------

    @rule()
    def back_up(self) -> None:
        made = backup_database(self.db.engine, self.path)
        self.backups.append((made, copy.deepcopy(self.committed)))

    @precondition(lambda self: self.backups)
    @rule(data=st.data())
    def restore(self, data: st.DataObject) -> None:
        backup, then = data.draw(st.sampled_from(self.backups))
        self.db.close()
        restored = restore_backup(self.path, backup, "tester")
        self.db = restored.db
        assert restored.kept_current is not None  # the state before: a backup like any other
        self.backups.append((restored.kept_current, self.committed))
        self.committed = copy.deepcopy(then)

    @rule()
    def close_and_reopen(self) -> None:
        self.db.close()
        self.db = open_database(self.path)

    # -- after every step --------------------------------------------------------------------

    @invariant()
    def integrity_ok(self) -> None:
        with sqlite3.connect(self.path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.close()

    @invariant()
    def every_committed_change_is_there(self) -> None:
        stored = {p.id: p.chart_number for p in search_patients(self.db, include_archived=True)}
        assert stored == self.committed.patients
        visits = {v.id: v for p in stored for v in list_visits(self.db, p)}
        assert set(visits) == set(self.committed.visits)
        for visit_id, expected in self.committed.visits.items():
            record = visits[visit_id]
            assert record.draft == expected.draft
            assert record.content_hash == expected.signed_hash  # signed content unchanged
            assert [a.text for a in record.addenda] == expected.addenda


TestRecords = RecordsMachine.TestCase
TestRecords.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
