"""A patient and their visits read back from FHIR resources into the exchange form
(docs/ARCHITECTURE.md#fhir-r4). The bundle has been sorted into patients and visits
(models/fhir_import.py); this reads each resource's fields."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from charting.errors import kind_of, quoted
from models import fhir_codes as codes
from models.fhir_import_nodes import Node, Path
from models.fhir_import_parts import (
    complaint_of,
    hypothesis_of,
    outcome_of,
    plan_of,
    quantity,
    reading_of,
)


@dataclass
class VisitParts:
    """The resources of one visit, each list in bundle order."""

    encounter: Node
    readings: list[Node] = field(default_factory=list)
    outcomes: list[Node] = field(default_factory=list)
    complaints: list[Node] = field(default_factory=list)
    running: list[Node] = field(default_factory=list)  # one at most, like those below
    adherence: list[Node] = field(default_factory=list)
    hypothesis: list[Node] = field(default_factory=list)
    plan: list[Node] = field(default_factory=list)
    correction: list[Node] = field(default_factory=list)
    note: list[Node] = field(default_factory=list)
    addenda: list[Node] = field(default_factory=list)


ONE_EACH = {  # the parts a visit has one of at most, in words
    "running": "running volume Observation", "adherence": "adherence Observation",
    "hypothesis": "ClinicalImpression", "plan": "CarePlan", "correction": "Procedure",
    "note": "signed note (DocumentReference)",
}  # fmt: skip


def patient_of(patient: Node, path: Path) -> dict[str, Any]:
    """A patient's own fields (their visits are added by the caller)."""
    patient.reading.places[path] = patient.at
    found: dict[str, Any] = {}
    chart = next(patient.where("identifier", "system", codes.CHART_NUMBER), None)
    (chart["value"] if chart else patient["identifier"].absent()).put(found, "chart_number", path)
    name = patient.first("name")
    name.first("given").put(found, "first_name", path)
    name["family"].put(found, "last_name", path)
    patient["birthDate"].put(found, "date_of_birth", path)
    recorded, gender = patient.extension(codes.RECORDED_SEX)["valueString"], patient["gender"]
    sex = recorded if recorded.value is not None or gender.value not in codes.GENDERS else gender
    sex.put(found, "sex", path)
    for kind in ("phone", "email"):
        telecom = next(patient.where("telecom", "system", kind), None)
        (telecom["value"] if telecom else patient["telecom"].absent()).put(found, kind, path)
    for key, url in (("running_profile", codes.RUNNING_PROFILE), ("notes", codes.PATIENT_NOTES)):
        patient.extension(url)["valueString"].put(found, key, path)
    patient.extension(codes.RUNNING_GOAL)["valueDecimal"].put(found, "running_goal_km", path)
    active = patient["active"]
    patient.reading.places[(*path, "archived")] = active.at
    if active.value is not None:  # anything but true or false is reported by the import
        found["archived"] = not active.value if isinstance(active.value, bool) else active.value
    return found


def _moment(node: Node) -> Node:
    """A FHIR instant as the local time Holdfast stores (`fhir_codes.wall_clock`)."""
    if node.value is None:
        return node
    try:
        return Node(codes.wall_clock(node.value), node.at, node.reading)
    except (TypeError, ValueError):
        example = "2026-03-09T18:00:00+01:00"
        node.reading.problem(node.at, f"must be a time like {example} (got {quoted(node.value)})")
        return node.absent()


def _text(data: Node) -> Node:
    """An attachment's base64 data as the UTF-8 text it encodes."""
    if data.value is None:
        return data
    try:
        if not isinstance(data.value, str):
            raise TypeError(kind_of(data.value))
        text = base64.b64decode(data.value, validate=True).decode("utf-8")
        return Node(text, data.at, data.reading)
    except (TypeError, ValueError, binascii.Error):  # UnicodeDecodeError is a ValueError
        data.reading.problem(data.at, "must be base64 of UTF-8 text")
        return data.absent()


def _signature(note: Node, path: Path) -> dict[str, Any]:
    note.reading.places[path] = note.at
    signed: dict[str, Any] = {}
    note.first("author")["display"].put(signed, "by", path, default="")
    _moment(note["date"]).put(signed, "at", path)
    content_hash = next(note.where("identifier", "system", codes.CONTENT_HASH), None)
    hash_node = content_hash["value"] if content_hash else note["identifier"].absent()
    hash_node.put(signed, "hash", path)
    return signed


def _addendum(document: Node, path: Path) -> dict[str, Any]:
    document.reading.places[path] = document.at
    found: dict[str, Any] = {}
    _text(document.first("content")["attachment"]["data"]).put(found, "text", path, default="")
    document["description"].put(found, "reason", path, default="")
    document.first("author")["display"].put(found, "author", path, default="")
    _moment(document["date"]).put(found, "at", path)
    return found


def visit_of(parts: VisitParts, path: Path) -> dict[str, Any]:
    """One visit in the exchange form, from the Encounter and the resources of its visit."""
    encounter = parts.encounter
    places = encounter.reading.places
    places[path] = encounter.at
    signed = bool(parts.note)
    wanted = "finished" if signed else "in-progress"
    if encounter["status"].value != wanted:
        why = "a signed visit (it has a signed note)" if signed else "a draft (no signed note)"
        got = quoted(encounter["status"].value)
        encounter.reading.problem(encounter["status"].at, f"must be {wanted} for {why} (got {got})")
    visit: dict[str, Any] = {}
    encounter["period"]["start"].put(visit, "date", path)
    kinds = [t.code(codes.VISIT_KIND) for t in encounter["type"].items()]
    next((k for k in kinds if k.value is not None), encounter["type"].absent()).put(
        visit, "kind", path
    )
    soap, note = encounter.extension(codes.SOAP_NOTE), dict[str, Any]()
    places[(*path, "note")] = soap.at
    for part in codes.SOAP_PARTS:
        soap.extension(part)["valueString"].put(note, part, (*path, "note"))
    visit["note"] = note
    encounter.extension(codes.NEXT_VISIT)["valueDate"].put(visit, "next_visit_date", path)
    encounter.extension(codes.CARRIED_OVER)["valueBoolean"].put(visit, "carried_over", path)
    for key, nodes, make in (
        ("complaints", parts.complaints, complaint_of), ("readings", parts.readings, reading_of),
        ("outcomes", parts.outcomes, outcome_of),
    ):  # fmt: skip
        places[(*path, key)] = encounter.at
        visit[key] = [make(node, (*path, key, i)) for i, node in enumerate(nodes)]
    for key, nodes, unit in (
        ("running_km_per_week", parts.running, "km/wk"), ("adherence_pct", parts.adherence, "%"),
    ):  # fmt: skip
        for node in nodes:
            quantity(node["valueQuantity"], unit).put(visit, key, path)
    for node in parts.hypothesis:
        visit["hypothesis"] = hypothesis_of(node, (*path, "hypothesis"))
    for node in parts.plan:
        plan_of(node, visit, path)
    for node in parts.correction:
        node.first("note")["text"].put(visit, "correction", path)
    for node in parts.note:
        visit["signed"] = _signature(node, (*path, "signed"))
    places[(*path, "addenda")] = encounter.at
    visit["addenda"] = [_addendum(a, (*path, "addenda", i)) for i, a in enumerate(parts.addenda)]
    return visit
