"""The Observations of one visit: pelvic readings, outcome scores, running volume and
adherence, built from the visit's exchange form (docs/ARCHITECTURE.md#fhir-r4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from models import fhir_codes as codes
from models.fhir_codes import coding, concept, display_of


@dataclass(frozen=True)
class VisitPlace:
    """Where a visit's resources belong: its patient and encounter, its date, its state."""

    patient: dict[str, str]  # a reference
    encounter: dict[str, str]
    key: str  # '3-1': patient 3 of the bundle, their visit 1; part of every id
    day: str
    signed: bool


def local(system_url: str, code: str) -> dict[str, Any]:
    """A CodeableConcept of one local code, with the display the vocabulary gives it."""
    return concept(coding(system_url, code, display_of(system_url, code)))


def _observation(
    place: VisitPlace, resource_id: str, category: str, code: dict[str, Any]
) -> dict[str, Any]:
    return {
        "resourceType": "Observation", "id": resource_id,
        "status": "final" if place.signed else "preliminary",
        "category": [concept(coding(codes.OBSERVATION_CATEGORY, category))],
        "code": code, "subject": place.patient, "encounter": place.encounter,
        "effectiveDateTime": place.day,
    }  # fmt: skip


def _degrees(value: Any) -> dict[str, Any]:
    return {"value": value, "unit": "deg", "system": codes.UCUM, "code": "deg"}


def reading(place: VisitPlace, index: int, values: Mapping[str, Any]) -> dict[str, Any]:
    """One pelvic reading: the phase, each angle in degrees and each stated category as a
    component, the device as the method, the rater as the performer."""
    measurement = codes.MEASUREMENT
    resource = _observation(
        place, f"reading-{place.key}-{index}", "exam", local(measurement, codes.READING_CODE)
    )
    if values.get("rater"):
        resource["performer"] = [{"display": values["rater"]}]
    resource["method"] = local(codes.DEVICE, values["device"])
    components = [{
        "code": local(measurement, codes.PHASE_CODE),
        "valueCodeableConcept": local(codes.PHASE, values["phase"]),
    }]  # fmt: skip
    for name, code in codes.NUMBER_CODES.items():
        if values.get(name) is not None:
            components.append(
                {"code": local(measurement, code), "valueQuantity": _degrees(values[name])}
            )
    for name, code in codes.CATEGORY_CODES.items():
        if values.get(name) is not None:
            components.append({
                "code": local(measurement, code),
                "valueCodeableConcept": local(codes.CATEGORY, values[name]),
            })  # fmt: skip
    if "position" in values:  # FHIR has no empty text: an empty position is a value absent
        position: dict[str, Any] = {"code": local(measurement, codes.POSITION_CODE)}
        if values["position"]:
            position["valueString"] = values["position"]
        else:
            position["dataAbsentReason"] = concept(coding(codes.DATA_ABSENT, "unknown"))
        components.append(position)
    resource["component"] = components
    return resource


def outcome(place: VisitPlace, index: int, values: Mapping[str, Any]) -> dict[str, Any]:
    """One outcome score: its value, its label as a note, each item answer as a component
    numbered from 1 (an unanswered item has no value, only the reason it has none)."""
    measure = values["measure"]
    own = coding(codes.OUTCOME, measure, display_of(codes.OUTCOME, measure))
    # Only the pain rating has a LOINC code we could check (docs/ARCHITECTURE.md#fhir-r4).
    published = codes.PUBLISHED_MEASURES.get(measure)
    code = concept(published, own) if published else concept(own)
    resource = _observation(place, f"outcome-{place.key}-{index}", "survey", code)
    score = {"value": values["score"], "unit": "{score}", "system": codes.UCUM}
    resource["valueQuantity"] = {**score, "code": "{score}"}
    if values.get("label"):
        resource["note"] = [{"text": values["label"]}]
    items = []
    for number, answer in enumerate(values.get("items", []), start=1):
        item: dict[str, Any] = {"code": concept(coding(codes.OUTCOME_ITEM, str(number)))}
        if answer is None:
            item["dataAbsentReason"] = concept(coding(codes.DATA_ABSENT, "asked-unknown"))
        else:
            item["valueQuantity"] = {"value": answer}
        items.append(item)
    if items:
        resource["component"] = items
    return resource


def visit_measures(place: VisitPlace, visit: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Running volume (km/week) and adherence to the home programme (%), when recorded."""
    found = []
    for name, code, category, unit in (
        ("running_km_per_week", codes.RUNNING_CODE, "activity", "km/wk"),
        ("adherence_pct", codes.ADHERENCE_CODE, "therapy", "%"),
    ):
        if visit.get(name) is None:
            continue
        resource = _observation(
            place, f"{code}-{place.key}", category, local(codes.VISIT_MEASURE, code)
        )
        resource["valueQuantity"] = {
            "value": visit[name], "unit": unit, "system": codes.UCUM, "code": unit,
        }  # fmt: skip
        found.append(resource)
    return found
