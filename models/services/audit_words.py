"""The stored audit values in words: each field by its form label, before → after.

The audit table keeps JSON (models/audit.py); this module reads it back for people. Only
fields that differ are listed, and list fields (complaints, readings, findings, plan,
outcomes) show one line per entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from charting.dosage import dosage_line
from charting.figures.words import signed_degrees
from charting.muscles import finding_line
from charting.outcomes import Measure, measure_name, score_words
from charting.readings import Device, Phase
from charting.vocabulary import (
    CATEGORY_TERMS,
    DEVICE_TERMS,
    FIELD_LABELS,
    PHASE_TERMS,
    VISIT_KIND_TERMS,
    complaint_place,
    sentence_start,
)
from models.exchange_audit import PRACTICE_ENTITY
from resources.library import exercise_by_slug

NOTHING = "—"
PATIENT_LABELS = {
    "chart_number": "Chart number", "first_name": "First name", "last_name": "Last name",
    "date_of_birth": "Date of birth", "sex": "Sex", "phone": "Phone", "email": "Email",
    "running_profile": "Running", "running_goal_km": "Running goal (km/week)", "notes": "Notes",
    "photo_consent": "Photos may be taken", "archived": "Archived",
}  # fmt: skip
VISIT_LABELS = {
    "visit_date": "Visit date", "kind": "Visit kind",
    "complaints": "Complaints", "running_km_per_week": "Running since last visit (km/week)",
    "adherence_pct": "Adherence (%)", "note.subjective": "Subjective notes",
    "readings": "Pelvic readings", "note.objective": "Objective notes",
    "findings": "Hypothesis findings", "reasoning": "Hypothesis reasoning",
    "note.assessment": "Assessment notes", "correction": "Correction performed",
    "plan": "Exercise plan", "no_plan_reason": "No plan, because", "note.plan": "Plan notes",
    "next_visit_date": "Next visit", "outcomes": "Outcome measures",
    "carried_over": "Carried over from the last visit",
}  # fmt: skip
# A whole export or import of the practice (models/exchange_audit.py).
PRACTICE_LABELS = {"format": "File format", "patients": "Patients", "visits": "Visits"}
READING_NUMBERS = ("left_tilt_deg", "right_tilt_deg", "rotation_deg", "obliquity_deg")
SIGNED_NUMBERS = {"rotation_deg", "obliquity_deg"}  # + and − name a side: written with a sign


@dataclass(frozen=True)
class FieldChange:
    """One field of one audited change: its label, the value before and after, in words."""

    label: str
    before: str
    after: str


def field_changes(entity: str, action: str, before: str, after: str) -> tuple[FieldChange, ...]:
    """The fields that differ between two stored JSON values, labelled and in words."""
    old, new = _load(before), _load(after)
    if action in ("sign", "import_sign"):
        return (FieldChange("Status", "draft", f"signed (content fingerprint {str(new)[:12]}…)"),)
    if action in ("addendum", "import_addendum") and isinstance(new, dict):
        return (FieldChange("Addendum", NOTHING, str(new.get("text", ""))),
                FieldChange("Reason", NOTHING, str(new.get("reason", ""))))  # fmt: skip
    if isinstance(old, bool) or isinstance(new, bool):  # archive and restore store a flag
        return (FieldChange("Archived", _words(old), _words(new)),)
    labels = {"visit": VISIT_LABELS, PRACTICE_ENTITY: PRACTICE_LABELS}.get(entity, PATIENT_LABELS)
    old_fields, new_fields = _flatten(old), _flatten(new)
    names = [n for n in labels if n in old_fields or n in new_fields]
    names += sorted((old_fields.keys() | new_fields.keys()) - set(names))
    changes = []
    for name in names:
        if _empty(old_fields.get(name)) and _empty(new_fields.get(name)):
            continue  # empty on both sides (a new record's unset fields): nothing to say
        was, now = _describe(name, old_fields.get(name)), _describe(name, new_fields.get(name))
        if was != now:
            changes.append(FieldChange(labels.get(name, _words(name)), was, now))
    return tuple(changes)


def stored_visit_date(before: str, after: str) -> str | None:
    """The visit date written in a stored visit (after the change, else before it)."""
    for value in (_load(after), _load(before)):
        if isinstance(value, dict) and value.get("visit_date"):
            return str(value["visit_date"])
    return None


def _empty(value: Any) -> bool:
    """Unset: None, no text, no entries or 'no' (a zero is a value)."""
    return value is None or value is False or value in ("", [], {})


def _load(text: str) -> Any:
    return json.loads(text) if text else None


def _flatten(value: Any) -> dict[str, Any]:
    """{'note': {'plan': …}} → {'note.plan': …}; anything but a dict has no fields."""
    if not isinstance(value, dict):
        return {}
    flat: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, dict):
            flat.update({f"{key}.{inner}": v for inner, v in item.items()})
        else:
            flat[key] = item
    return flat


def _describe(name: str, value: Any) -> str:
    if isinstance(value, list):
        lines = [_entry(name, item) for item in value]
        return "\n".join(lines) if lines else NOTHING
    if name == "kind" and value in VISIT_KIND_TERMS:
        return VISIT_KIND_TERMS[value].label
    return _words(value)


def _words(value: Any) -> str:
    """A single value in words: empty as '—', yes/no, numbers without trailing zeros."""
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        return f"{value:g}"
    if isinstance(value, str) and value.isidentifier() and "_" in value:
        return value.replace("_", " ")  # a stored name such as short_overactive
    return str(value)


def _entry(field: str, item: Any) -> str:
    """One entry of a list field on one line."""
    if not isinstance(item, dict):
        return _words(item)
    if field == "complaints":
        place = sentence_start(complaint_place(str(item.get("region")), str(item.get("side"))))
        carried = " (carried over, not re-rated yet)" if item.get("carried_over") else ""
        return f"{place}: pain {item.get('pain')}/10{carried}"
    if field == "readings":
        return _reading(item)
    if field == "findings":
        line = finding_line(str(item.get("muscle")), str(item.get("side")), str(item.get("state")))
        return line + (f"; {item['evidence']}" if item.get("evidence") else "")
    if field == "plan":
        return _plan_entry(item)
    if field == "outcomes":
        if item.get("label"):
            return str(item["label"])
        measure, score = str(item.get("measure")), item.get("score")
        if not isinstance(score, int | float) or measure not in set(Measure):
            return f"{measure_name(measure)} {_words(score)}"
        return f"{measure_name(measure)} {score_words(measure, score)}"
    return ", ".join(f"{_words(k)} {_words(v)}" for k, v in item.items() if v not in (None, ""))


def _reading(item: dict[str, Any]) -> str:
    device = item.get("device", "")
    device_words = DEVICE_TERMS[Device(device)].short if device in set(Device) else device
    setup = ", ".join(str(p) for p in (device_words, item.get("rater")) if p)
    parts = []
    for key in READING_NUMBERS:
        words = FIELD_LABELS[key].removesuffix(" (°)").lower()
        if (value := item.get(key)) is not None:
            shown = signed_degrees(value) if key in SIGNED_NUMBERS else f"{value:.1f}°"
            parts.append(f"{words} {shown}")
    for key in ("asymmetry", "rotation", "obliquity"):
        if (category := item.get(key)) is not None:
            term = CATEGORY_TERMS.get(category)
            parts.append(term.short if term else _words(category))
    phase_value = str(item.get("phase"))
    phase = PHASE_TERMS[Phase(phase_value)].label if phase_value in set(Phase) else phase_value
    return f"{phase} ({setup}): {', '.join(parts) or 'nothing measured'}"


def _exercise_name(slug: str) -> str:
    try:
        return exercise_by_slug(slug).name
    except KeyError:  # an exercise a newer library dropped: its stored name in words
        return _words(slug).capitalize()


def _plan_entry(item: dict[str, Any]) -> str:
    sets, per_week = int(item.get("sets") or 0), int(item.get("per_week") or 0)
    side = str(item.get("side") or "both")
    dose = dosage_line(sets, per_week, item.get("reps"), item.get("hold_s"), side)
    text = f"{_exercise_name(str(item.get('exercise')))}: {dose}"
    return text + (f" ({item['notes']})" if item.get("notes") else "")
