"""What a generated practice holds, patient by patient: plain values built from one seeded
random stream per patient, so a patient is the same whatever the size of the practice.

Each patient follows one pelvic pattern of the library (resources/patterns.json): its
findings, reasoning and exercises make the hypothesis and the plan, its categories the
pre-correction readings. Whether a correction holds between two visits is drawn per interval
with the patient's own chance (adherence decides it), so hold analysis gives held, lost and
partly held courses; a few readings are by eye only or by another device (the wider
tolerance) and a few visits have no post reading (not assessable).

Visit content is built directly in the canonical form of models/canonical.py (the field
names of `VisitDraft`, floats as floats), so its content hash is one SHA-256 of it; the
generator checks that against `visit_hash` of a real `VisitDraft` as it goes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from charting.readings import Dimension, category_of
from charting.tolerances import DEFAULT_TOLERANCES
from resources.library import PatternSuggestion, load_patterns

FIRST_NAMES = (
    "Maya", "Daniel", "Sofia", "Tom", "Aiko", "Lena", "Omar", "Grace", "Jonas", "Priya",
    "Lucas", "Hannah", "Mateo", "Elif", "Noah", "Chloe", "Ravi", "Ingrid", "Kwame", "Mei",
    "Felix", "Amara", "Leo", "Nadia", "Ethan", "Zoe", "Arjun", "Freya", "Diego", "Yara",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Brandt", "Lindqvist", "Whitfield", "Tanaka", "Novak", "Haddad", "Moreau",
    "Schmidt", "Patel", "Rossi", "Kowalski", "Nguyen", "Silva", "Jensen", "Byrne", "Costa",
    "Fischer", "Mensah", "Larsen", "Ortiz", "Yilmaz", "Murphy", "Dubois", "Sato", "Keller",
    "Andersen", "Reyes", "Hughes", "Kim", "Walsh", "Petrov", "Lopez", "Becker", "Ali",
)  # fmt: skip
SIGNERS = ("J. Reyes, DC", "A. Moreau, PT", "K. Sato, DO")
RATERS = ("J. Reyes", "A. Moreau", "K. Sato")
REGIONS = ("low_back", "buttock_sciatic", "hip", "groin", "thigh", "knee", "shin", "calf")
SIDES = ("left", "right", "both")
ADDENDUM_REASONS = ("Information received after signing", "Correction of a typing error")
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "su", "do", "ga", "hu", "be")
# How strongly each pattern's categories show before correction (degrees).
PATTERN_DEGREES = {
    "left_anterior": (7.0, 0, 0), "right_anterior": (-7.0, 0, 0), "right": (0, 7.0, 0),
    "left": (0, -7.0, 0), "left_high": (0, 0, 6.0), "right_high": (0, 0, -6.0),
}  # fmt: skip
BUSY_VISITS = 100
ARCHIVED_SHARE = 0.02  # of patients: courses long finished, kept out of the list


def vocabulary(size: int, seed: int) -> list[str]:
    """Made-up four-syllable words: years of free text hold tens of thousands of terms."""
    rng, words = random.Random(seed), set[str]()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(4)))
    return sorted(words)


def unique_word(number: int) -> str:
    """A word only patient `number` has in their notes (a search that finds one chart)."""
    return f"qx{number:06d}"


def chart_number(number: int) -> str:
    return f"P{number:06d}"


@dataclass
class PatientPlan:
    """One generated patient: its fields and its visits' content (canonical form)."""

    number: int
    fields: dict[str, Any]
    practitioner: str  # who writes and signs their visits
    archived: bool = False
    visits: list[VisitPlan] = field(default_factory=list)


@dataclass
class VisitPlan:
    content: dict[str, Any]  # VisitDraft's fields as models/canonical.py writes them
    signed_by: str | None
    signed_at: datetime | None
    addenda: list[dict[str, Any]]


def _pattern_vector(key: str) -> list[float]:
    vector = [0.0, 0.0, 0.0]
    for part in key.split("+"):
        for index, value in enumerate(PATTERN_DEGREES.get(part, (0, 0, 0))):
            vector[index] += float(value)
    return vector if key != "level" else [1.0, 1.5, 0.5]


PATTERNS: tuple[PatternSuggestion, ...] = load_patterns()
# The combination seen most often comes up most often (docs/clinical-model.md).
PATTERN_WEIGHTS = tuple(6 if p.key == "left_anterior+right" else 1 for p in PATTERNS)


def _degrees(value: float) -> float:
    """To a tenth, as written on paper; -0.0 is 0.0 (as SQLite and the canonical form keep it)."""
    return round(value, 1) + 0.0


def _reading(
    phase: str, values: list[float], base: float, device: str, rater: str
) -> dict[str, Any]:
    asymmetry, rotation, obliquity = values
    return {
        "phase": phase, "device": device, "rater": rater, "position": "standing",
        "left_tilt_deg": _degrees(base + asymmetry), "right_tilt_deg": _degrees(base),
        "rotation_deg": _degrees(rotation), "obliquity_deg": _degrees(obliquity),
        "asymmetry": None, "rotation": None, "obliquity": None,
    }  # fmt: skip


def _by_eye(phase: str, values: list[float], rater: str) -> dict[str, Any]:
    reading = _reading(phase, [0.0, 0.0, 0.0], 0.0, "palpation", rater)
    for name in ("left_tilt_deg", "right_tilt_deg", "rotation_deg", "obliquity_deg"):
        reading[name] = None
    for dimension, value in zip(Dimension, values, strict=True):
        within = DEFAULT_TOLERANCES.for_dimension(dimension, True)
        reading[dimension.value] = category_of(dimension, value, within)
    return reading


def _first_sentences(text: str, count: int) -> str:
    """What a practitioner keeps of the library's reasoning: its first sentences."""
    return ". ".join(text.split(". ")[:count]).rstrip(".") + "."


def _drift(pattern: float, tolerance: float, holds: bool, rng: random.Random) -> float:
    if holds or abs(pattern) <= tolerance:
        return rng.uniform(-0.45, 0.45) * tolerance
    size = max(0.8 * abs(pattern), tolerance + 1.5) * rng.uniform(0.85, 1.15)
    return size if pattern > 0 else -size


def patient_plan(number: int, visits: int, start: date, seed: int, words: list[str]) -> PatientPlan:
    """Patient `number` (1-based) with `visits` visits from `start` on."""
    rng = random.Random(f"{seed}:{number}")
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 52 * 365))
    fields = {
        "chart_number": chart_number(number), "first_name": first, "last_name": last,
        "date_of_birth": born.isoformat(), "sex": rng.choice(("female", "male")),
        "phone": f"555-{number % 10000:04d}",
        "email": f"{first}.{last}{number}@example.org".lower(),
        "running_profile": f"{rng.randrange(10, 90)} km/week, {rng.choice(('road', 'trail'))}",
        "notes": "",
    }  # fmt: skip
    signer = rng.choice(SIGNERS)
    archived = rng.random() < ARCHIVED_SHARE and visits != BUSY_VISITS  # the busy one is seen
    plan = PatientPlan(number, fields, signer, archived)
    pattern = rng.choices(PATTERNS, PATTERN_WEIGHTS)[0]
    vector = _pattern_vector(pattern.key)
    chance = rng.choice((0.15, 0.5, 0.75, 0.9))  # of a correction holding: adherence
    rater, device = rng.choice(RATERS), rng.choice(("palm",) * 4 + ("inclinometer",))
    base = round(rng.uniform(6.0, 14.0), 1)
    region, side = rng.choice(REGIONS), rng.choice(SIDES)
    in_progress = visits > 1 and rng.random() < 0.06  # the last visit still a draft
    pre, day, pain = vector, start, rng.randrange(4, 9)
    for index in range(visits):
        is_last = index == visits - 1
        kind = "initial" if index == 0 else ("discharge" if is_last else "follow_up")
        setup = "inclinometer" if rng.random() < 0.05 else device
        post = [round(v * 0.12 + rng.uniform(-0.5, 0.5), 1) for v in vector]
        readings = [
            _by_eye("pre", pre, rater) if rng.random() < 0.03
            else _reading("pre", pre, base, setup, rater),
        ]  # fmt: skip
        if rng.random() > 0.02:
            readings.append(_reading("post", post, base, setup, rater))
        gap = rng.choice((6, 7, 7, 7, 8, 14)) if index < visits - 1 else 0
        next_day = day + timedelta(days=gap)
        holds = rng.random() < chance
        pain = max(0, min(10, pain - (1 if holds else 0) + rng.choice((0, 0, 1))))
        content = _content(rng, index, kind, day, next_day if gap else None, pain, words)
        content.update(
            readings=readings, complaints=[{"region": region, "side": side, "pain": pain}],
            findings=[
                {"muscle": f.muscle, "side": f.side, "state": f.state, "evidence": f.evidence_hint}
                for f in pattern.findings[: rng.randrange(2, 5)]
            ],
            reasoning=_first_sentences(pattern.reasoning, 2), plan=_plan(pattern, rng),
            adherence_pct=int(chance * 100) - rng.randrange(0, 10),
            outcomes=_outcomes(index, visits, pain, rng),
        )  # fmt: skip
        if index == visits // 2:
            content["note"]["subjective"] += f" {unique_word(number)}."
        draft = is_last and in_progress
        if draft and rng.random() < 0.5:
            content["readings"] = []  # opened but nothing measured yet: in progress
        signed_at = None if draft else datetime.combine(day, time(18, rng.randrange(60)))
        addenda = [] if draft or rng.random() > 0.04 else [_addendum(day, signer, rng, words)]
        plan.visits.append(VisitPlan(content, None if draft else signer, signed_at, addenda))
        tolerances = [DEFAULT_TOLERANCES.for_dimension(d, True) for d in Dimension]
        pre = [
            round(p + _drift(v, t, holds or rng.random() < 0.2, rng), 1)
            for p, v, t in zip(post, vector, tolerances, strict=True)
        ]
        day = next_day
    return plan


def _content(
    rng: random.Random, index: int, kind: str, day: date, next_day: date | None, pain: int,
    words: list[str],
) -> dict[str, Any]:  # fmt: skip
    km = float(rng.randrange(5, 80))
    return {
        "visit_date": day.isoformat(), "kind": kind,
        "note": {
            "subjective": f"Pain {pain}/10, running {km:.0f} km/week. "
            + " ".join(rng.sample(words, 6)) + ".",
            "objective": "Standing pelvic position measured before and after correction.",
            "assessment": "See hypothesis." if index else "Initial assessment; see hypothesis.",
            "plan": "Home programme as listed; review next visit.",
        },
        "correction": "Muscle energy technique for the innominate, then re-measured.",
        "no_plan_reason": "", "running_km_per_week": km,
        "next_visit_date": next_day.isoformat() if next_day else None,
    }  # fmt: skip


def _plan(pattern: PatternSuggestion, rng: random.Random) -> list[dict[str, Any]]:
    chosen = rng.sample(pattern.exercises, min(len(pattern.exercises), rng.randrange(2, 7)))
    return [
        {
            "exercise": exercise.slug, "sets": exercise.dosage.sets, "reps": exercise.dosage.reps,
            "hold_s": exercise.dosage.hold_s, "per_week": exercise.dosage.per_week,
            "side": side, "notes": "",
        }
        for exercise, side in chosen
    ]  # fmt: skip


def _outcomes(index: int, count: int, pain: int, rng: random.Random) -> list[dict[str, Any]]:
    """LEFS at the first, middle and last visit; pain (NPRS) now and then; GRC at the end."""
    outcomes = []
    if index in (0, count // 2, count - 1):
        lefs = max(0, min(80, 78 - 5 * pain - rng.randrange(0, 6)))
        items = [float(lefs // 20 + (1 if i < lefs % 20 else 0)) for i in range(20)]
        outcomes.append({"measure": "lefs", "score": float(lefs), "label": "", "items": items})
    if index % 3 == 1:
        outcomes.append({"measure": "nprs", "score": float(pain), "label": "", "items": []})
    if index == count - 1 and count > 1:
        grc = float(rng.randrange(-1, 6))
        outcomes.append({"measure": "grc", "score": grc, "label": "", "items": []})
    return outcomes


def _addendum(day: date, author: str, rng: random.Random, words: list[str]) -> dict[str, Any]:
    return {
        "text": f"Patient phoned after the visit: {' '.join(rng.sample(words, 3))}.",
        "reason": rng.choice(ADDENDUM_REASONS), "author": author,
        "created_at": datetime.combine(day + timedelta(days=rng.randrange(0, 3)), time(20, 15)),
    }  # fmt: skip
