"""Writing patients in their exchange form as a FHIR R4 Bundle of type `collection`
(docs/ARCHITECTURE.md#fhir-r4), patient by patient, so a practice is never held whole.

The resources are plain JSON objects: the FHIR models library checks them in the tests only.
The visit summary PDF comes from `reports`, which `models` may not import, so whoever writes
the bundle may pass a `visit_pdf(chart_number, visit)` that makes one.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, TextIO

from models import fhir_codes as codes
from models.exchange_audit import Written
from models.fhir_codes import reference
from models.fhir_export_visit import visit_resources

VisitPdf = Callable[[str, Mapping[str, Any]], bytes | None]


def _extension(url: str, text: str) -> dict[str, str]:
    return {"url": url, "valueString": text}


def patient_resource(index: int, patient: Mapping[str, Any]) -> dict[str, Any]:
    """The Patient: the chart number as its identifier, archived as not active, the running
    profile, notes and running goal (km/week, a decimal) as extensions; a recorded sex
    FHIR's gender cannot say exactly is kept as written in an extension too."""
    sex = patient.get("sex", "")
    extensions = [
        _extension(url, patient[key])
        for key, url in (("running_profile", codes.RUNNING_PROFILE), ("notes", codes.PATIENT_NOTES))
        if patient.get(key)
    ]  # fmt: skip
    if patient.get("running_goal_km") is not None:  # 0 is a goal too
        extensions.append({"url": codes.RUNNING_GOAL, "valueDecimal": patient["running_goal_km"]})
    if sex and sex not in codes.GENDERS:
        extensions.append(_extension(codes.RECORDED_SEX, sex))
    resource: dict[str, Any] = {"resourceType": "Patient", "id": f"patient-{index}"}
    if extensions:
        resource["extension"] = extensions
    resource.update({
        "identifier": [{"system": codes.CHART_NUMBER, "value": patient["chart_number"]}],
        "active": not patient.get("archived", False),
        "name": [{"family": patient["last_name"], "given": [patient["first_name"]]}],
    })  # fmt: skip
    telecom = [
        {"system": kind, "value": patient[kind]} for kind in ("phone", "email") if patient.get(kind)
    ]
    if telecom:
        resource["telecom"] = telecom
    if sex:
        resource["gender"] = sex if sex in codes.GENDERS else "unknown"
    if patient.get("date_of_birth"):
        resource["birthDate"] = patient["date_of_birth"]
    return resource


def patient_entries(
    index: int, patient: Mapping[str, Any], visit_pdf: VisitPdf | None = None
) -> list[dict[str, Any]]:
    """The bundle entries of one patient: the Patient, then each visit's resources."""
    resource = patient_resource(index, patient)
    subject = reference("Patient", resource["id"])
    resources = [resource]
    for number, visit in enumerate(patient.get("visits", [])):
        pdf = (
            visit_pdf(patient["chart_number"], visit) if visit_pdf and visit.get("signed") else None
        )
        resources += visit_resources(subject, f"{index}-{number}", visit, pdf)
    return [
        {"fullUrl": f"{codes.BASE}{r['resourceType']}/{r['id']}", "resource": r} for r in resources
    ]


def write_bundle(
    batches: Iterable[list[dict[str, Any]]], out: TextIO, visit_pdf: VisitPdf | None = None
) -> Written:
    """Write the Bundle of these patients (batches of exchange-form patients) to `out`, one
    entry a line; returns how many patients and visits it holds."""
    timestamp = datetime.now().astimezone().isoformat(timespec="seconds")
    head = {"resourceType": "Bundle", "type": "collection", "timestamp": timestamp}
    out.write(json.dumps(head, ensure_ascii=False)[:-1])
    patients = visits = 0
    separator = ',\n"entry": [\n'  # FHIR allows no empty list: "entry" opens with an entry
    for batch in batches:
        for patient in batch:
            for entry in patient_entries(patients, patient, visit_pdf):
                out.write(separator + json.dumps(entry, ensure_ascii=False))
                separator = ",\n"
            patients += 1
            visits += len(patient.get("visits", []))
    out.write("\n]}\n" if patients else "}\n")
    return Written(patients, visits)


def bundle_document(
    batches: Iterable[list[dict[str, Any]]], visit_pdf: VisitPdf | None = None
) -> dict[str, Any]:
    """The same Bundle as a dict (a few patients: tests, and callers that need it whole)."""
    text = io.StringIO()
    write_bundle(batches, text, visit_pdf)
    document: dict[str, Any] = json.loads(text.getvalue())
    return document
