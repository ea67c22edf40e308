"""The services child: patients, drafts, edits, signatures and addenda through
`models.services`, one after another as fast as they commit, until it is killed.

    python -m stress.child_services DB REPORT SEED PREFIX

Each change is reported after its commit returned. It works on the patients whose chart
number starts with PREFIX, so earlier rounds' records are edited (and checked) again.
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import select

from charting.readings import Device, Phase, Reading
from models.database import Database, open_database
from models.orm import Patient, Visit
from models.records import PatientDraft, SoapNote, VisitDraft
from models.services.patients import create_patient
from models.services.visits import add_addendum, load_visit, save_draft, sign_visit
from stress.protocol import Report

ACTOR = "stress"
PRE = Reading(Phase.PRE, Device.PALM, "Jo", left_tilt_deg=10, right_tilt_deg=4)


def signable(note: str) -> VisitDraft:
    """A draft with what signing needs: a pre reading, a hypothesis, the reason for no plan."""
    return VisitDraft(
        visit_date=date(2026, 5, 4), note=SoapNote(subjective=note), readings=(PRE,),
        reasoning="Weak left glutes", no_plan_reason="acute flare",
    )  # fmt: skip


def visits_by_status(db: Database, prefix: str) -> tuple[list[int], list[int], list[int]]:
    """The prefix's patients, draft visits and signed visits."""
    with db.session() as session:
        patients = list(
            session.scalars(select(Patient.id).where(Patient.chart_number.startswith(prefix)))
        )
        rows = session.execute(
            select(Visit.id, Visit.status).where(Visit.patient_id.in_(patients))
        ).all()
    drafts = [visit for visit, status in rows if status == "draft"]
    return patients, drafts, [visit for visit, status in rows if status == "signed"]


def step(db: Database, rng: random.Random, prefix: str, report: Report, n: int) -> None:
    """One change, reported once it is committed."""
    patients, drafts, signed = visits_by_status(db, prefix)
    choice = rng.random()
    if not patients or choice < 0.1:
        chart = f"{prefix}{uuid.uuid4().hex[:8]}"
        patient = create_patient(db, PatientDraft(chart, "Stress", f"Run {n}"), ACTOR)
        report.event("commit", op="patient", patient=patient, chart=chart)
    elif not drafts or choice < 0.35:
        note = f"v{n}"
        visit = save_draft(db, rng.choice(patients), signable(note), ACTOR)
        report.event("commit", op="save", visit=visit, note=note)
    elif choice < 0.8 or (choice >= 0.9 and not signed):
        visit = rng.choice(drafts)
        note = load_visit(db, visit).draft.note.subjective + f" e{n}"
        save_draft(db, load_visit(db, visit).patient_id, signable(note), ACTOR, visit)
        report.event("commit", op="save", visit=visit, note=note)
    elif choice < 0.9:
        record = sign_visit(db, rng.choice(drafts), "Jo Reyes, DO")
        report.event("commit", op="sign", visit=record.id, hash=record.content_hash)
    else:
        visit = rng.choice(signed)
        add_addendum(db, visit, f"Addendum {n}", "late entry", "Jo Reyes, DO")
        report.event("commit", op="addendum", visit=visit, count=len(load_visit(db, visit).addenda))


def main(argv: list[str]) -> int:
    db, report = open_database(Path(argv[0])), Report(Path(argv[1]))
    rng, prefix = random.Random(int(argv[2])), argv[3]
    report.event("ready")
    n = 0
    while True:
        n += 1
        step(db, rng, prefix, report, n)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
