"""The parts of a visit read back from FHIR resources into their exchange form
(docs/ARCHITECTURE.md#fhir-r4): readings, outcome scores, complaints, the hypothesis and
the exercise plan. Values are copied as they are; the exchange import checks them."""

from __future__ import annotations

from typing import Any

from charting.errors import quoted
from models import fhir_codes as codes
from models.fhir_import_nodes import Node, Path

READING_PARTS = frozenset({
    codes.PHASE_CODE, codes.POSITION_CODE, *codes.NUMBER_CODES.values(),
    *codes.CATEGORY_CODES.values(),
})  # fmt: skip


def quantity(node: Node, unit: str) -> Node:
    """The value of a Quantity, refused when it names a unit other than `unit` (UCUM)."""
    system, code = node["system"].value, node["code"].value
    if system not in (None, codes.UCUM) or code not in (None, unit):
        node.reading.problem(f"{node.at}.code", f"must be {unit} (UCUM) (got {quoted(code)})")
        return node["value"].absent()
    return node["value"]


def _components(observation: Node, allowed: frozenset[str]) -> dict[str, Node]:
    found: dict[str, Node] = {}
    for component in observation["component"].items():
        code = component["code"].code(codes.MEASUREMENT)
        known = isinstance(code.value, str) and code.value in allowed
        if not known or code.value in found:
            why = "is not a part of a reading" if not known else "appears twice"
            observation.reading.problem(code.at, f"{why} (got {quoted(code.value)})")
            continue
        found[code.value] = component
    return found


def reading_of(observation: Node, path: Path) -> dict[str, Any]:
    """A pelvic reading: phase, angles and categories from the components, the device from
    the method, the rater from the performer."""
    observation.reading.places[path] = observation.at
    parts = _components(observation, READING_PARTS)
    missing = observation["component"].absent()
    found: dict[str, Any] = {}
    phase = parts.get(codes.PHASE_CODE, missing)["valueCodeableConcept"]
    phase.code(codes.PHASE).put(found, "phase", path)
    observation["method"].code(codes.DEVICE).put(found, "device", path)
    observation.first("performer")["display"].put(found, "rater", path)
    for name, code in codes.NUMBER_CODES.items():
        if code in parts:
            quantity(parts[code]["valueQuantity"], "deg").put(found, name, path)
    for name, code in codes.CATEGORY_CODES.items():
        if code in parts:
            parts[code]["valueCodeableConcept"].code(codes.CATEGORY).put(found, name, path)
    if codes.POSITION_CODE in parts:  # present without a value: the position was empty
        parts[codes.POSITION_CODE]["valueString"].put(found, "position", path, default="")
    return found


def outcome_of(observation: Node, path: Path) -> dict[str, Any]:
    """An outcome score with its label and its item answers, numbered 1, 2, … in order."""
    observation.reading.places[path] = observation.at
    found: dict[str, Any] = {}
    observation["code"].code(codes.OUTCOME).put(found, "measure", path)
    quantity(observation["valueQuantity"], "{score}").put(found, "score", path)
    observation.first("note")["text"].put(found, "label", path)
    components = observation["component"]
    observation.reading.places[(*path, "items")] = components.at
    items = []
    for number, component in enumerate(components.items(), start=1):
        code = component["code"].code(codes.OUTCOME_ITEM)
        if code.value != str(number):
            message = f"must be {number}: item answers are numbered 1, 2, … in order"
            component.reading.problem(code.at, f"{message} (got {quoted(code.value)})")
        value = component["valueQuantity"]["value"]
        if value.value is None and component["dataAbsentReason"].value is None:
            component.reading.problem(component.at, "needs a valueQuantity or a dataAbsentReason")
        value.reading.places[(*path, "items", number - 1)] = value.at
        items.append(value.value)
    if items:
        found["items"] = items
    return found


def complaint_of(condition: Node, path: Path) -> dict[str, Any]:
    """A complaint: region and side from the body site, pain and carried-over from the
    extensions."""
    condition.reading.places[path] = condition.at
    found: dict[str, Any] = {}
    site = condition.first("bodySite")
    site.code(codes.REGION).put(found, "region", path)
    laterality = site.extension(codes.LATERALITY)["valueCodeableConcept"]
    laterality.code(codes.SIDE).put(found, "side", path)
    condition.extension(codes.PAIN)["valueInteger"].put(found, "pain", path)
    condition.extension(codes.CARRIED_OVER)["valueBoolean"].put(found, "carried_over", path)
    return found


def hypothesis_of(impression: Node, path: Path) -> dict[str, Any]:
    """The hypothesis: each finding (muscle, side, state, evidence) and the reasoning."""
    places = impression.reading.places
    places[path] = impression.at
    places[(*path, "findings")] = impression["finding"].at
    findings = []
    for number, finding in enumerate(impression["finding"].items()):
        at = (*path, "findings", number)
        places[at] = finding.at
        one: dict[str, Any] = {}
        finding["itemCodeableConcept"].code(codes.MUSCLE).put(one, "muscle", at)
        finding.extension(codes.FINDING_SIDE)["valueCode"].put(one, "side", at)
        finding.extension(codes.STATE)["valueCode"].put(one, "state", at)
        finding["basis"].put(one, "evidence", at)
        findings.append(one)
    found: dict[str, Any] = {"findings": findings}
    impression["summary"].put(found, "reasoning", path)
    return found


def plan_of(care_plan: Node, visit: dict[str, Any], path: Path) -> None:
    """The exercise plan and the reason for none, into the visit at `path`."""
    places = care_plan.reading.places
    care_plan.extension(codes.NO_PLAN_REASON)["valueString"].put(visit, "no_plan_reason", path)
    places[(*path, "plan")] = care_plan["activity"].at
    plan = []
    for number, activity in enumerate(care_plan["activity"].items()):
        at, detail = (*path, "plan", number), activity["detail"]
        places[at] = detail.at
        entry: dict[str, Any] = {}
        detail["code"].code(codes.EXERCISE).put(entry, "exercise", at)
        dosage = detail.extension(codes.DOSAGE)
        for key, name in codes.DOSAGE_PARTS.items():
            dosage.extension(name)["valueInteger"].put(entry, key, at)
        repeat = detail["scheduledTiming"]["repeat"]
        if repeat.value is not None and (
            repeat["period"].value != 1 or repeat["periodUnit"].value != "wk"
        ):
            repeat.reading.problem(repeat.at, "must be times per week (period 1, periodUnit wk)")
        repeat["frequency"].put(entry, "per_week", at)
        detail.extension(codes.EXERCISE_SIDE)["valueCode"].put(entry, "side", at)
        detail["description"].put(entry, "notes", at)
        plan.append(entry)
    visit["plan"] = plan
