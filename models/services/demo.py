"""`holdfast demo`: the demo patients, built as an exchange document and imported, so the
demo goes through the same checks, audit and all-or-nothing transaction as any import."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from charting.readings import CATEGORIES, Dimension, category_of
from charting.tolerances import DEFAULT_TOLERANCES
from models.database import Database
from models.exchange_format import FORMAT, VERSION
from models.services.demo_data import PATIENTS, DemoPatient
from models.services.exchange import import_document
from resources.library import exercise_by_slug

SIGNER = "J. Reyes, DC"


def _reading(
    phase: str, values: list[float], base_tilt: float, device: str, rater: str
) -> dict[str, Any]:
    asymmetry, rotation, obliquity = values
    return {
        "phase": phase, "device": device, "rater": rater,
        "left_tilt_deg": round(base_tilt + asymmetry, 1), "right_tilt_deg": base_tilt,
        "rotation_deg": round(rotation, 1), "obliquity_deg": round(obliquity, 1),
    }  # fmt: skip


def _qualitative(phase: str, values: list[float], rater: str) -> dict[str, Any]:
    reading: dict[str, Any] = {"phase": phase, "device": "palpation", "rater": rater}
    for dimension, value in zip(Dimension, values, strict=True):
        level_within = DEFAULT_TOLERANCES.for_dimension(dimension, True)
        reading[dimension.value] = category_of(dimension, value, level_within)
    assert set(reading) - {"phase", "device", "rater"} == {d.value for d in CATEGORIES}
    return reading


def _drift(pattern: float, tolerance: float, holds: bool, rng: random.Random) -> float:
    if holds or abs(pattern) <= tolerance:
        return rng.uniform(-0.45, 0.45) * tolerance
    size = max(0.8 * abs(pattern), tolerance + 1.5) * rng.uniform(0.85, 1.15)
    return size if pattern > 0 else -size


def _plan_for(demo: DemoPatient, index: int) -> list[dict[str, Any]]:
    exercises = [ex for start, ex in demo.plans if start <= index + 1][-1]
    plan = []
    for slug, side in exercises:
        dosage = exercise_by_slug(slug).dosage
        plan.append({
            "exercise": slug, "sets": dosage.sets, "reps": dosage.reps,
            "hold_s": dosage.hold_s, "per_week": dosage.per_week, "side": side, "notes": "",
        })  # fmt: skip
    return plan


def _patient(demo: DemoPatient, rng: random.Random) -> dict[str, Any]:
    count = len(demo.holds) + 1
    pre = list(demo.pattern)
    visits = []
    held_so_far, total_held = 0, max(1, demo.holds.count("H"))
    for index in range(count):
        device = demo.device
        if demo.switch_device_at is not None and index == demo.switch_device_at:
            device = "palm" if demo.device != "palm" else "inclinometer"
        post = [round(v * 0.12 + rng.uniform(-0.5, 0.5), 1) for v in demo.pattern]
        progress = held_so_far / total_held
        readings = [
            _qualitative("pre", pre, demo.rater)
            if index == demo.qualitative_at
            else _reading("pre", pre, demo.base_tilt, device, demo.rater),
            _reading("post", post, demo.base_tilt, device, demo.rater),
        ]
        visit_date = demo.start + timedelta(days=demo.every_days * index)
        last = index == count - 1
        pain = round(demo.pain[0] + (demo.pain[1] - demo.pain[0]) * progress)
        km = round(demo.km[0] + (demo.km[1] - demo.km[0]) * progress)
        signed = not (last and demo.draft_last)
        visit: dict[str, Any] = {
            "date": visit_date.isoformat(),
            "kind": "initial" if index == 0 else "follow_up",
            "complaints": [{"region": demo.complaint[0], "side": demo.complaint[1], "pain": pain}],
            "running_km_per_week": km,
            "adherence_pct": 35 if "H" not in demo.holds else 70 + 5 * (index % 4),
            "readings": readings,
            "hypothesis": {
                "findings": [
                    dict(zip(("muscle", "side", "state", "evidence"), f, strict=True))
                    for f in demo.findings
                ],
                "reasoning": demo.reasoning,
            },
            "plan": _plan_for(demo, index),
            "outcomes": _outcomes(index, count, pain, demo.pain[0]),
            "note": {
                "subjective": f"Pain {pain}/10, running {km} km/week.",
                "objective": "Standing pelvic position measured before and after correction.",
                "assessment": "See hypothesis.",
                "plan": "Home programme as listed; review next visit.",
            },
            "correction": "Muscle energy technique for the innominate, then re-measured.",
            "next_visit_date": None if last else (
                visit_date + timedelta(days=demo.every_days)).isoformat(),
            "signed": {"by": SIGNER, "at": datetime.combine(visit_date, time(18)).isoformat()}
            if signed else False,
            "addenda": [],
        }  # fmt: skip
        visits.append(visit)
        if not last:
            holds = demo.holds[index] == "H"
            held_so_far += holds
            comparable = demo.switch_device_at not in (index, index + 1)
            pre = [
                round(
                    p + _drift(pat, DEFAULT_TOLERANCES.for_dimension(d, comparable), holds, rng), 1
                )
                for p, pat, d in zip(post, demo.pattern, Dimension, strict=True)
            ]
    return {**_patient_fields(demo), "visits": visits}


def _outcomes(index: int, count: int, pain: int, first_pain: int) -> list[dict[str, Any]]:
    """LEFS at the first, middle and last visit, following pain; GRC at the last visit."""
    if index not in (0, count // 2, count - 1):
        return []
    lefs = min(80, 82 - 6 * pain - first_pain)  # lower limb function falls as pain rises
    items = [lefs // 20 + (1 if i < lefs % 20 else 0) for i in range(20)]
    outcomes = [{"measure": "lefs", "score": float(lefs), "items": items}]
    if index == count - 1:
        outcomes.append({"measure": "grc", "score": float(min(7, (first_pain - pain) + 1))})
    return outcomes


def _patient_fields(demo: DemoPatient) -> dict[str, Any]:
    p = demo.patient
    return {
        "chart_number": p.chart_number, "first_name": p.first_name, "last_name": p.last_name,
        "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
        "sex": p.sex, "phone": p.phone, "email": p.email, "running_profile": p.running_profile,
        "notes": "", "running_goal_km": p.running_goal_km,
    }  # fmt: skip


def demo_document() -> dict[str, Any]:
    """The demo patients in the exchange format (the same every time: seeded)."""
    rng = random.Random(20260302)
    patients = [_patient(demo, rng) for demo in PATIENTS]
    seed_visit = patients[0]["visits"][1]
    seed_visit["addenda"].append({
        "text": "Patient phoned after the visit: she raced a hilly 21 km on the weekend.",
        "reason": "Information received after signing",
        "author": SIGNER,
        "at": f"{seed_visit['date']}T20:15:00",
    })  # fmt: skip
    return {"format": FORMAT, "version": VERSION, "patients": patients}


def load_demo(db: Database, actor: str = "demo") -> int:
    """Import the demo patients; fails as a whole if any chart number is already taken."""
    return import_document(db, demo_document(), "demo", actor)
