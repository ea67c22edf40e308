"""Between ORM rows and the plain records of models.records."""

from __future__ import annotations

import json

from charting.readings import Reading
from models import orm
from models.records import (
    AddendumRecord,
    Complaint,
    Finding,
    Outcome,
    PatientDraft,
    PhotoSeal,
    PlanEntry,
    SoapNote,
    VisitDraft,
    VisitRecord,
)

READING_FIELDS = (
    "phase", "device", "rater", "position", "left_tilt_deg", "right_tilt_deg",
    "rotation_deg", "obliquity_deg", "asymmetry", "rotation", "obliquity",
)  # fmt: skip
PATIENT_FIELDS = tuple(f for f in PatientDraft.__dataclass_fields__)


def patient_draft(row: orm.Patient) -> PatientDraft:
    return PatientDraft(**{name: getattr(row, name) for name in PATIENT_FIELDS})


def reading_of(row: orm.ReadingRow) -> Reading:
    return Reading(**{name: getattr(row, name) for name in READING_FIELDS})


def reading_row(reading: Reading) -> orm.ReadingRow:
    values = {name: getattr(reading, name) for name in READING_FIELDS}
    values["phase"], values["device"] = str(reading.phase), str(reading.device)
    return orm.ReadingRow(**values)


def visit_draft(row: orm.Visit) -> VisitDraft:
    return VisitDraft(
        visit_date=row.visit_date,
        kind=row.kind,
        note=SoapNote(row.subjective, row.objective, row.assessment, row.plan_text),
        complaints=tuple(
            Complaint(c.region, c.side, c.pain, c.carried_over) for c in row.complaints
        ),
        readings=tuple(reading_of(r) for r in row.readings),
        findings=tuple(Finding(f.muscle, f.side, f.state, f.evidence) for f in row.findings),
        reasoning=row.hypothesis_reasoning,
        plan=tuple(
            PlanEntry(p.exercise.slug, p.sets, p.per_week, p.reps, p.hold_s, p.side, p.notes)
            for p in row.plan_items
        ),
        no_plan_reason=row.no_plan_reason,
        outcomes=tuple(
            Outcome(o.measure, o.score, o.label, tuple(json.loads(o.items or "[]")))
            for o in row.outcomes
        ),
        correction=row.correction,
        running_km_per_week=row.running_km_per_week,
        adherence_pct=row.adherence_pct,
        next_visit_date=row.next_visit_date,
        carried_over=row.carried_over,
    )


def visit_record(row: orm.Visit) -> VisitRecord:
    return VisitRecord(
        id=row.id,
        patient_id=row.patient_id,
        draft=visit_draft(row),
        status=row.status,
        signed_at=row.signed_at,
        signed_by=row.signed_by,
        content_hash=row.content_hash,
        addenda=tuple(
            AddendumRecord(a.text, a.reason, a.author, a.created_at) for a in row.addenda
        ),
        signature_imported_at=row.signature_imported_at,
        version=row.version,
        photos=photo_seals(row),
    )


def photo_seals(row: orm.Visit) -> tuple[PhotoSeal, ...]:
    """The visit's photos as its content hash covers them (no pixels are read)."""
    return tuple(PhotoSeal(p.phase, p.view, p.sha256, p.landmarks) for p in row.photos)


def fill_visit(row: orm.Visit, draft: VisitDraft, exercise_ids: dict[str, int]) -> None:
    """Write a draft's content into a (draft) visit row, replacing its children."""
    row.visit_date, row.kind = draft.visit_date, draft.kind
    row.subjective, row.objective = draft.note.subjective, draft.note.objective
    row.assessment, row.plan_text = draft.note.assessment, draft.note.plan
    row.hypothesis_reasoning, row.no_plan_reason = draft.reasoning, draft.no_plan_reason
    row.correction, row.carried_over = draft.correction, draft.carried_over
    row.running_km_per_week, row.adherence_pct = draft.running_km_per_week, draft.adherence_pct
    row.next_visit_date = draft.next_visit_date
    row.complaints = [
        orm.Complaint(region=c.region, side=c.side, pain=c.pain, carried_over=c.carried_over)
        for c in draft.complaints
    ]
    row.readings = [reading_row(r) for r in draft.readings]
    row.findings = [
        orm.MuscleFinding(muscle=f.muscle, side=f.side, state=f.state, evidence=f.evidence)
        for f in draft.findings
    ]
    row.plan_items = [
        orm.PlanItem(
            exercise_id=exercise_ids[p.exercise], position=i, sets=p.sets, reps=p.reps,
            hold_s=p.hold_s, per_week=p.per_week, side=p.side, notes=p.notes,
        )
        for i, p in enumerate(draft.plan)
    ]  # fmt: skip
    row.outcomes = [
        orm.OutcomeScore(measure=o.measure, label=o.label, score=o.score, items=json.dumps(o.items))
        for o in draft.outcomes
    ]
