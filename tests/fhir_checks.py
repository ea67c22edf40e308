"""Checks of FHIR bundles for the FHIR tests: every resource against the R4B models of
fhir.resources (a test-only dependency), references resolved, and a practice that uses
every field Holdfast records."""

from __future__ import annotations

import importlib
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import func, select

from models.database import Database
from models.orm import Addendum, AuditEvent, Patient, ReadingRow, Visit


def resources(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle.get("entry", [])]


def resource(bundle: dict[str, Any], key: str) -> dict[str, Any]:
    """The resource 'Kind/id' of a bundle."""
    kind, resource_id = key.split("/")
    found = [r for r in resources(bundle) if (r["resourceType"], r["id"]) == (kind, resource_id)]
    assert len(found) == 1, key
    return found[0]


def validate(bundle: dict[str, Any]) -> Counter[str]:
    """Validate the bundle and each resource with its own R4B class; returns the count of
    resources of each kind."""
    Bundle.model_validate(bundle)
    kinds: Counter[str] = Counter()
    for found in resources(bundle):
        kind = found["resourceType"]
        model = getattr(importlib.import_module(f"fhir.resources.R4B.{kind.lower()}"), kind)
        model.model_validate(found)
        kinds[kind] += 1
    return kinds


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if isinstance(value.get("reference"), str):
            yield value["reference"]
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def unresolved(bundle: dict[str, Any]) -> list[str]:
    """References that name no resource of the bundle."""
    keys = {f"{r['resourceType']}/{r['id']}" for r in resources(bundle)}
    return [ref for ref in _references(resources(bundle)) if ref not in keys]


def counts(db: Database) -> dict[str, int]:
    """Rows of the tables an import writes."""
    with db.session() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (Patient, Visit, ReadingRow, Addendum, AuditEvent)
        }


def last_event(db: Database) -> tuple[str, str, str, int | None, int | None, dict[str, Any]]:
    """The newest audit event: actor, action, entity, entity id, patient id, the JSON after."""
    with db.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event is not None
        after = json.loads(event.after) if event.after else {}
        return event.actor, event.action, event.entity, event.entity_id, event.patient_id, after


def _visit(day: str, **fields: Any) -> dict[str, Any]:
    return {"date": day, **fields}


def varied_document() -> dict[str, Any]:
    """An exchange document that uses what the demo leaves out: an archived patient, a sex
    FHIR's gender cannot say, a reading by eye only with an empty position and no rater,
    negative and fractional angles, unanswered items, every measure, complaints carried
    over, a plan without reps, the reason for no plan, two visits on one day, addenda with an
    empty reason or author, a patient without visits, and text in many scripts."""
    lefs_items = [3, None, 2, 4, 4, 1, 0, 2, 3, 3, 4, 4, 2, 2, 1, 1, 0, 3, 4, 2]
    first = _visit(
        "2026-01-05", kind="initial", running_km_per_week=12.5, adherence_pct=0,
        complaints=[
            {"region": "buttock_sciatic", "side": "right", "pain": 7, "carried_over": True},
            {"region": "mid_back", "side": "central", "pain": 0},
            {"region": "knee", "side": "both", "pain": 3},
        ],
        readings=[
            {"phase": "pre", "device": "palpation", "rater": "", "position": "",
             "asymmetry": "left_anterior", "rotation": "right", "obliquity": "level"},
            {"phase": "post", "device": "inclinometer", "rater": "Ana Ó", "position": "supine",
             "left_tilt_deg": -3.5, "right_tilt_deg": 0.0, "rotation_deg": -1.25,
             "obliquity_deg": 2.0, "rotation": "neutral"},
        ],
        hypothesis={"findings": [{"muscle": "piriformis", "side": "right",
                                  "state": "short_overactive", "evidence": ""}],
                    "reasoning": ""},
        no_plan_reason="Acute flare: rest for a week first",
        outcomes=[
            {"measure": "psfs", "score": 4.3, "label": "Running; stairs; squats",
             "items": [4, 5, 4]},
            {"measure": "nprs", "score": 7.0, "items": []},
            {"measure": "lefs", "score": 48.0, "label": "1 item pro-rated", "items": lefs_items},
            {"measure": "roland_morris", "score": 6.0, "items": [1, 0] * 12},
        ],
        note={"subjective": "Läuft „gut“ — 走る ✓\n\ttabbed line", "objective": "",
              "assessment": "", "plan": ""},
        carried_over=True, signed=False,
    )  # fmt: skip
    second = _visit(
        "2026-01-05", kind="follow_up",
        plan=[{"exercise": "bird_dog", "sets": 2, "per_week": 7, "reps": None, "hold_s": 30,
               "side": "left", "notes": "Slowly; stop if it pinches"},
              {"exercise": "dead_bug", "sets": 3, "per_week": 5, "reps": 8, "hold_s": None,
               "side": "both", "notes": ""}],
        hypothesis={"findings": [], "reasoning": "Guarding after the fall."},
        outcomes=[{"measure": "grc", "score": -2.0}], correction="HVLA, left SIJ",
        next_visit_date="2026-01-19",
        signed={"by": "Dr. Öz, DC", "at": "2026-01-05T19:30:15"},
        addenda=[
            {"text": "Called back: better.", "reason": "", "author": "Dr. Öz, DC",
             "at": "2026-01-06T08:00:00"},
            {"text": "Dose halved.", "reason": "Correction of dose", "author": "Locum",
             "at": "2026-01-07T09:05:00"},
        ],
    )  # fmt: skip
    return {"format": "holdfast", "version": 1, "patients": [
        {"chart_number": "V-1", "first_name": "Åsa", "last_name": "Lindqvist-Öberg",
         "date_of_birth": None, "sex": "non-binary", "running_profile": "Trail ultras",
         "notes": "Prefers mornings.\nNo ice.", "archived": True, "visits": [first, second]},
        {"chart_number": "V-2", "first_name": "Bo", "last_name": "Ek", "sex": "",
         "phone": "+46 8 123", "email": "bo@example.org", "visits": []},
        {"chart_number": "V-3", "first_name": "Cy", "last_name": "Day", "sex": "male",
         "date_of_birth": "1980-02-29", "visits": [_visit("2026-02-01")]},
    ]}  # fmt: skip
