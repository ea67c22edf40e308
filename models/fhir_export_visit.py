"""Every FHIR resource of one visit, built from its exchange form
(docs/ARCHITECTURE.md#fhir-r4): the Encounter, its Observations, a Condition per complaint,
the hypothesis as a ClinicalImpression, the plan as a CarePlan, the correction as a
Procedure and, for a signed visit, the signed note and its addenda as DocumentReferences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from charting.muscles import finding_line
from charting.vocabulary import complaint_label
from models import fhir_codes as codes
from models.fhir_codes import coding, concept, display_of, reference
from models.fhir_export_documents import documents
from models.fhir_export_observations import VisitPlace, local, outcome, reading, visit_measures
from resources.library import exercise_by_slug


def _extension(url: str, kind: str, value: Any) -> dict[str, Any]:
    return {"url": url, f"value{kind}": value}


def _where(place: VisitPlace, kind: str, resource_id: str) -> dict[str, Any]:
    return {"resourceType": kind, "id": resource_id, "subject": place.patient,
            "encounter": place.encounter}  # fmt: skip


def encounter(place: VisitPlace, visit: Mapping[str, Any]) -> dict[str, Any]:
    """The visit itself; its note's four parts, the next visit and the carried-over flag
    travel as extensions (FHIR's Encounter has no place for them)."""
    extensions = []
    note = visit.get("note", {})
    parts = [_extension(p, "String", note[p]) for p in codes.SOAP_PARTS if note.get(p)]
    if parts:
        extensions.append({"url": codes.SOAP_NOTE, "extension": parts})
    if visit.get("next_visit_date"):
        extensions.append(_extension(codes.NEXT_VISIT, "Date", visit["next_visit_date"]))
    if visit.get("carried_over"):
        extensions.append(_extension(codes.CARRIED_OVER, "Boolean", True))
    resource: dict[str, Any] = {"resourceType": "Encounter", "id": f"visit-{place.key}"}
    if extensions:
        resource["extension"] = extensions
    resource.update({
        "status": "finished" if place.signed else "in-progress",
        "class": coding(codes.ACT_CODE, "AMB", "ambulatory"),
        "type": [local(codes.VISIT_KIND, visit.get("kind", "follow_up"))],
        "subject": place.patient, "period": {"start": place.day, "end": place.day},
    })  # fmt: skip
    return resource


def _published(table: Mapping[str, tuple[str, str]], key: str) -> list[dict[str, Any]]:
    return [coding(codes.SNOMED, *table[key])] if key in table else []


def complaint(place: VisitPlace, index: int, values: Mapping[str, Any]) -> dict[str, Any]:
    """A complaint: pain (SNOMED CT) at a body site with its laterality; the NPRS rating
    and the carried-over flag as extensions."""
    region, side = values["region"], values["side"]
    extensions = [_extension(codes.PAIN, "Integer", values["pain"])]
    if values.get("carried_over"):
        extensions.append(_extension(codes.CARRIED_OVER, "Boolean", True))
    own_side = coding(codes.SIDE, side, display_of(codes.SIDE, side))
    laterality = concept(own_side, *_published(codes.SIDE_SNOMED, side))
    own_region = coding(codes.REGION, region, display_of(codes.REGION, region))
    site = concept(own_region, *_published(codes.REGION_SNOMED, region))
    resource = _where(place, "Condition", f"complaint-{place.key}-{index}")
    resource.update({
        "extension": extensions,
        "clinicalStatus": concept(coding(codes.CONDITION_CLINICAL, "active")),
        "category": [concept(coding(codes.CONDITION_CATEGORY, "encounter-diagnosis"))],
        "code": concept(coding(codes.SNOMED, codes.PAIN_SNOMED, "Pain"),
                        text=complaint_label(region, side)),
        "bodySite": [{"extension": [_extension(codes.LATERALITY, "CodeableConcept",
                                               laterality)], **site}],
        "recordedDate": place.day,
    })  # fmt: skip
    return resource


def hypothesis(place: VisitPlace, values: Mapping[str, Any]) -> dict[str, Any] | None:
    """The muscle-imbalance hypothesis: each finding with its side and state, the evidence
    as its basis, the reasoning as the summary."""
    findings = []
    for finding in values.get("findings", []):
        muscle, side, state = finding["muscle"], finding["side"], finding["state"]
        item: dict[str, Any] = {
            "extension": [_extension(codes.FINDING_SIDE, "Code", side),
                          _extension(codes.STATE, "Code", state)],
            "itemCodeableConcept": concept(
                coding(codes.MUSCLE, muscle, display_of(codes.MUSCLE, muscle)),
                text=finding_line(muscle, side, state)),
        }  # fmt: skip
        if finding.get("evidence"):
            item["basis"] = finding["evidence"]
        findings.append(item)
    if not findings and not values.get("reasoning"):
        return None
    resource = _where(place, "ClinicalImpression", f"hypothesis-{place.key}")
    resource.update({"status": "completed" if place.signed else "in-progress",
                     "effectiveDateTime": place.day})  # fmt: skip
    if values.get("reasoning"):
        resource["summary"] = values["reasoning"]
    if findings:
        resource["finding"] = findings
    return resource


def _exercise_name(slug: str) -> str | None:
    try:
        return exercise_by_slug(slug).name
    except KeyError:  # the import names an unknown exercise; the export only carries it
        return None


def _activity(entry: Mapping[str, Any]) -> dict[str, Any]:
    dosage = [
        _extension(name, "Integer", entry[key])
        for key, name in codes.DOSAGE_PARTS.items() if entry.get(key) is not None
    ]  # fmt: skip
    detail: dict[str, Any] = {
        "extension": [{"url": codes.DOSAGE, "extension": dosage},
                      _extension(codes.EXERCISE_SIDE, "Code", entry.get("side", "both"))],
        "code": concept(coding(codes.EXERCISE, entry["exercise"],
                               _exercise_name(entry["exercise"]))),
        "status": "scheduled",
        "scheduledTiming": {"repeat": {"frequency": entry["per_week"], "period": 1,
                                       "periodUnit": "wk"}},
    }  # fmt: skip
    if entry.get("notes"):
        detail["description"] = entry["notes"]
    return {"detail": detail}


def care_plan(place: VisitPlace, visit: Mapping[str, Any]) -> dict[str, Any] | None:
    """The exercise plan (or the reason there is none)."""
    plan, reason = visit.get("plan", []), visit.get("no_plan_reason")
    if not plan and not reason:
        return None
    resource = _where(place, "CarePlan", f"plan-{place.key}")
    if reason:
        resource["extension"] = [_extension(codes.NO_PLAN_REASON, "String", reason)]
    resource.update({"status": "active" if place.signed else "draft", "intent": "plan",
                     "created": place.day})  # fmt: skip
    if plan:
        resource["activity"] = [_activity(entry) for entry in plan]
    return resource


def correction(place: VisitPlace, text: str | None) -> dict[str, Any] | None:
    """The correction performed, described in words."""
    if not text:
        return None
    resource = _where(place, "Procedure", f"correction-{place.key}")
    resource.update({"status": "completed",
                     "code": local(codes.PROCEDURE, codes.CORRECTION_CODE),
                     "performedDateTime": place.day, "note": [{"text": text}]})  # fmt: skip
    return resource


def visit_resources(
    patient: dict[str, str], key: str, visit: Mapping[str, Any], pdf: bytes | None
) -> list[dict[str, Any]]:
    """Every resource of one visit, the Encounter first."""
    place = VisitPlace(patient, reference("Encounter", f"visit-{key}"), key, visit["date"],
                       bool(visit.get("signed")))  # fmt: skip
    found = [encounter(place, visit)]
    found += [reading(place, i, r) for i, r in enumerate(visit.get("readings", []))]
    found += [outcome(place, i, o) for i, o in enumerate(visit.get("outcomes", []))]
    found += visit_measures(place, visit)
    found += [complaint(place, i, c) for i, c in enumerate(visit.get("complaints", []))]
    optional = (hypothesis(place, visit.get("hypothesis", {})), care_plan(place, visit),
                correction(place, visit.get("correction")))  # fmt: skip
    found += [resource for resource in optional if resource is not None]
    return found + documents(place, visit, pdf)
