"""A chunk of generated patients as table rows and audit events, as the app would have
written them: a 'create' event per patient and visit, a 'sign' event carrying each signed
visit's content hash, an 'addendum' event holding each addendum's text.

Visit ids follow the visit dates across the chunk's patients (and events their moments), as
in a practice where many courses of care run side by side: one patient's visits lie far
apart in the table, as they do in a real file, not next to each other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from benchmarks.practice_content import PatientPlan, VisitPlan, patient_plan, vocabulary
from benchmarks.practice_spec import PracticeSpec
from charting.readings import Reading
from models.audit_chain import stored_moment
from models.canonical import SCHEME, canonical_json, sha256_hex, visit_hash
from models.records import Complaint, Finding, Outcome, PlanEntry, SoapNote, VisitDraft

VOCABULARY_SIZE = 20_000
READING_COLUMNS = (
    "phase", "device", "rater", "position", "left_tilt_deg", "right_tilt_deg", "rotation_deg",
    "obliquity_deg", "asymmetry", "rotation", "obliquity",
)  # fmt: skip
PLAN_COLUMNS = ("sets", "reps", "hold_s", "per_week", "side", "notes")


def content_hash(visit: VisitPlan) -> str:
    """models/canonical.py's hash, computed from the canonical content directly."""
    assert visit.signed_at is not None
    signature = {"by": visit.signed_by, "at": visit.signed_at.isoformat()}
    return sha256_hex(canonical_json({**visit.content, "scheme": SCHEME, "signature": signature}))


def as_draft(content: dict[str, Any]) -> VisitDraft:
    """The same content as the app's VisitDraft (to check the hash against the real one)."""
    return VisitDraft(
        visit_date=date.fromisoformat(content["visit_date"]), kind=content["kind"],
        note=SoapNote(**content["note"]),
        complaints=tuple(Complaint(**c) for c in content["complaints"]),
        readings=tuple(Reading(**r) for r in content["readings"]),
        findings=tuple(Finding(**f) for f in content["findings"]),
        reasoning=content["reasoning"], plan=tuple(PlanEntry(**p) for p in content["plan"]),
        no_plan_reason=content["no_plan_reason"],
        outcomes=tuple(
            Outcome(o["measure"], o["score"], o["label"], tuple(o["items"]))
            for o in content["outcomes"]
        ),
        correction=content["correction"], running_km_per_week=content["running_km_per_week"],
        adherence_pct=content["adherence_pct"],
        next_visit_date=date.fromisoformat(n) if (n := content["next_visit_date"]) else None,
    )  # fmt: skip


def _at(day: str, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour, minute))


def _json(value: Any) -> str:
    """As models/audit.py `to_json` writes an event's values."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


@dataclass
class ChunkRows:
    """A chunk's rows by table (no audit events or addenda yet: their ids follow the chain,
    `BulkLoader.write_chunk` numbers them) and its audit events in the order of their moments;
    an addendum's row waits in its event's "addendum" value."""

    tables: dict[str, list[tuple[Any, ...]]]
    events: list[dict[str, Any]]


_WORDS: dict[int, list[str]] = {}  # per process and seed: the vocabulary is built once


def chunk_rows(
    spec: PracticeSpec, exercises: dict[str, int], first: int, last: int, first_visit: int
) -> ChunkRows:
    """The rows of patients `first` to `last` (1-based, inclusive), visit ids from
    `first_visit` on. Pure: a worker process builds it while the database writes the last."""
    if spec.seed not in _WORDS:
        _WORDS[spec.seed] = vocabulary(VOCABULARY_SIZE, spec.seed)
    words = _WORDS[spec.seed]
    plans = [
        patient_plan(n, spec.visit_count(n), spec.start(n), spec.seed, words)
        for n in range(first, last + 1)
    ]
    builder = _Builder(exercises, first_visit)
    for plan in plans:
        builder.patient(plan)
    dated = sorted(
        ((v.content["visit_date"], p.number, i, p, v) for p in plans
         for i, v in enumerate(p.visits)),
        key=lambda item: item[:3],
    )  # fmt: skip
    for _day, _number, _index, plan, visit in dated:
        builder.visit(plan, visit)
    builder.events.sort(key=lambda item: item[:2])
    return ChunkRows(builder.tables, [event for _at, _seq, event in builder.events])


class _Builder:
    def __init__(self, exercises: dict[str, int], first_visit: int) -> None:
        self.exercises, self.next_visit = exercises, first_visit
        self.tables: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _TABLES}
        self.events: list[tuple[datetime, int, dict[str, Any]]] = []
        self.checked = False

    def _event(self, at: datetime, **values: Any) -> None:
        event = {"at": at, "before": "", "entity": "visit", **values}
        self.events.append((at, len(self.events), event))

    def patient(self, plan: PatientPlan) -> None:
        fields, first_day = plan.fields, plan.visits[0].content["visit_date"]
        created = stored_moment(_at(first_day, 9))
        row = (plan.number, *fields.values(), int(plan.archived), created, created)
        self.tables["patient"].append(row)
        self._event(
            _at(first_day, 9), actor=plan.practitioner, action="create", entity="patient",
            entity_id=plan.number, patient_id=plan.number, after=_json(fields),
        )  # fmt: skip

    def visit(self, plan: PatientPlan, visit: VisitPlan) -> None:
        id_, c, patient = self.next_visit, visit.content, plan.number
        self.next_visit += 1
        actor, created = plan.practitioner, _at(c["visit_date"], 17, 30)
        self._event(
            created, actor=actor, action="create", entity_id=id_, patient_id=patient,
            after=_json(c),
        )  # fmt: skip
        hash_ = signed_at = None
        if visit.signed_at is not None:
            hash_, signed_at = content_hash(visit), stored_moment(visit.signed_at)
            if not self.checked:  # once a chunk: the direct form is the app's own
                real = visit_hash(as_draft(c), visit.signed_by, visit.signed_at)
                assert real == hash_, "the generator's canonical form differs from the app's"
                self.checked = True
            self._event(
                visit.signed_at, actor=actor, action="sign", entity_id=id_, patient_id=patient,
                after=canonical_json(hash_),
            )  # fmt: skip
        note = c["note"]
        self.tables["visit"].append((
            id_, patient, c["visit_date"], c["kind"], note["subjective"], note["objective"],
            note["assessment"], note["plan"], c["correction"], c["reasoning"],
            c["no_plan_reason"], c["running_km_per_week"], c["adherence_pct"],
            c["next_visit_date"], 0, "signed" if hash_ else "draft", signed_at,
            visit.signed_by, hash_, None, stored_moment(created), stored_moment(created),
        ))  # fmt: skip
        self._children(id_, c)
        for addendum in visit.addenda:
            text, reason = addendum["text"], addendum["reason"]
            row = (id_, text, reason, addendum["author"], stored_moment(addendum["created_at"]))
            self._event(
                addendum["created_at"], actor=addendum["author"], action="addendum",
                entity_id=id_, patient_id=patient, after=_json({"text": text, "reason": reason}),
                addendum=row,
            )  # fmt: skip

    def _children(self, id_: int, c: dict[str, Any]) -> None:
        tables = self.tables
        for r in c["readings"]:
            tables["reading"].append((id_, *(r[name] for name in READING_COLUMNS)))
        for k in c["complaints"]:
            tables["complaint"].append((id_, k["region"], k["side"], k["pain"], 0))
        for f in c["findings"]:
            finding = (id_, f["muscle"], f["side"], f["state"], f["evidence"])
            tables["muscle_finding"].append(finding)
        for position, p in enumerate(c["plan"]):
            exercise = self.exercises[p["exercise"]]
            tables["plan_item"].append(
                (id_, exercise, position, *(p[name] for name in PLAN_COLUMNS))
            )
        for o in c["outcomes"]:
            row = (id_, o["measure"], o["label"], o["score"], json.dumps(o["items"]))
            tables["outcome_score"].append(row)


_TABLES = (
    "patient", "visit", "reading", "complaint", "muscle_finding", "plan_item", "outcome_score",
)  # fmt: skip
