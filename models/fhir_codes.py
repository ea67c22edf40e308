"""The codes and addresses of Holdfast's FHIR R4 export, spelled once for the writer and the
reader (docs/ARCHITECTURE.md#fhir-r4).

Where a published code says exactly what Holdfast records, it is used beside the local one:
LOINC 72514-3 for the 0-10 pain rating and 11506-3 for a progress note, SNOMED CT for pain,
four body regions and laterality. Everything else has a local code system under
`https://holdfast.invalid/fhir/`; `.invalid` is a domain that can never resolve, so the
addresses name Holdfast's meaning without pretending a server publishes them. The reader
always reads the local codes, so a file keeps its meaning whether or not a reader knows the
published ones.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from charting.muscles import MUSCLES, STATE_WORDS
from charting.outcomes import MEASURES, Measure
from charting.readings import Device, Dimension, Phase
from charting.vocabulary import (
    CATEGORY_TERMS,
    DEVICE_TERMS,
    DIMENSION_TERMS,
    FIELD_LABELS,
    PHASE_TERMS,
    REGION_TERMS,
    SIDE_TERMS,
    VISIT_KIND_TERMS,
)

BASE = "https://holdfast.invalid/fhir/"
LOINC, SNOMED, UCUM = "http://loinc.org", "http://snomed.info/sct", "http://unitsofmeasure.org"
HL7 = "http://terminology.hl7.org/CodeSystem/"
ACT_CODE, OBSERVATION_CATEGORY = f"{HL7}v3-ActCode", f"{HL7}observation-category"
CONDITION_CATEGORY, CONDITION_CLINICAL = f"{HL7}condition-category", f"{HL7}condition-clinical"
DATA_ABSENT = f"{HL7}data-absent-reason"


def system(name: str) -> str:
    """The address of a local code system."""
    return f"{BASE}CodeSystem/{name}"


def extension_url(name: str) -> str:
    """The address of a local extension."""
    return f"{BASE}StructureDefinition/{name}"


CHART_NUMBER = f"{BASE}NamingSystem/chart-number"
CONTENT_HASH = f"{BASE}NamingSystem/visit-content-hash"  # SHA-256 of the signed content

# The local code systems (their codes: docs/ARCHITECTURE.md#fhir-r4).
MEASUREMENT = system("pelvic-measurement")
CATEGORY = system("pelvic-category")
PHASE = system("correction-phase")
DEVICE = system("measurement-device")
VISIT_KIND = system("visit-kind")
VISIT_MEASURE = system("visit-measure")
OUTCOME = system("outcome-measure")
OUTCOME_ITEM = system("outcome-item")
REGION = system("body-region")
SIDE = system("body-side")
MUSCLE = system("muscle")
MUSCLE_STATE = system("muscle-state")
EXERCISE = system("exercise")
PROCEDURE = system("procedure")

# Codes of the pelvic-measurement system: the reading itself, then its parts.
READING_CODE = "pelvic-position"
NUMBER_CODES = {  # exchange field -> component code (degrees)
    "left_tilt_deg": "left-innominate-tilt", "right_tilt_deg": "right-innominate-tilt",
    "rotation_deg": "rotation", "obliquity_deg": "obliquity",
}  # fmt: skip
CATEGORY_CODES = {d.value: f"{d.value}-category" for d in Dimension}  # exchange field -> code
PHASE_CODE, POSITION_CODE = "correction-phase", "patient-position"
RUNNING_CODE, ADHERENCE_CODE = "running-volume", "exercise-adherence"
CORRECTION_CODE = "pelvic-correction"
PAIN_LOINC = "72514-3"  # Pain severity - 0-10 verbal numeric rating [Score] - Reported
PROGRESS_NOTE_LOINC = "11506-3"  # Progress note (US Core clinical note types)
PUBLISHED_MEASURES = {  # outcome measure -> its LOINC coding, where one could be checked
    "nprs": {
        "system": LOINC, "code": PAIN_LOINC,
        "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    },
}  # fmt: skip
PAIN_SNOMED = "22253000"  # Pain (finding)
# Only the regions whose SNOMED CT code was checked against a published list; the others
# are local codes alone (docs/ARCHITECTURE.md#fhir-r4 names the sources).
REGION_SNOMED = {
    "low_back": ("37822005", "Lower back structure"), "hip": ("29836001", "Hip region structure"),
    "knee": ("72696002", "Knee region structure"), "foot": ("56459004", "Foot structure"),
    "neck": ("45048000", "Neck structure"),
}  # fmt: skip
SIDE_SNOMED = {
    "left": ("7771000", "Left"), "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"), "central": ("399488007", "Midline"),
}  # fmt: skip

# Extensions, by what they carry.
SOAP_NOTE, NEXT_VISIT, CARRIED_OVER = (
    extension_url(n) for n in ("soap-note", "next-visit-date", "carried-over")
)
RUNNING_PROFILE, PATIENT_NOTES, RECORDED_SEX, RUNNING_GOAL = (
    extension_url(n) for n in ("running-profile", "patient-notes", "recorded-sex", "running-goal")
)
PAIN, LATERALITY, FINDING_SIDE, STATE = (
    extension_url(n) for n in ("pain-nprs", "laterality", "finding-side", "muscle-state")
)
DOSAGE, EXERCISE_SIDE, NO_PLAN_REASON = (
    extension_url(n) for n in ("exercise-dosage", "exercise-side", "no-plan-reason")
)
SOAP_PARTS = ("subjective", "objective", "assessment", "plan")
DOSAGE_PARTS = {"sets": "sets", "reps": "reps", "hold_s": "hold-seconds"}
GENDERS = ("female", "male", "other")  # recorded sexes FHIR's gender says exactly


def coding(system_url: str, code: str, display: str | None = None) -> dict[str, Any]:
    """One Coding, its display left out when there is none."""
    found = {"system": system_url, "code": code}
    return {**found, "display": display} if display else found


def concept(*codings: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    """A CodeableConcept of these codings (and text, if any)."""
    value: dict[str, Any] = {"coding": list(codings)}
    return {**value, "text": text} if text else value


def reference(kind: str, resource_id: str) -> dict[str, str]:
    """A reference to another resource of the bundle ('Patient/patient-0')."""
    return {"reference": f"{kind}/{resource_id}"}


def instant(moment: str) -> str:
    """A time as Holdfast stores it (local, no zone: '2026-03-09T18:00:00') as a FHIR
    instant, which must name its zone: the zone this computer had at that time. The clock
    time itself is kept unchanged, so `wall_clock` gives back the very text on any computer
    (a signature's hash covers it)."""
    local = datetime.fromisoformat(moment)
    return local.replace(tzinfo=local.astimezone().tzinfo).isoformat()


def wall_clock(text: str) -> str:
    """The local time written in a FHIR instant, as Holdfast stores times (no zone)."""
    return datetime.fromisoformat(text).replace(tzinfo=None).isoformat()


def display_of(system_url: str, code: str) -> str | None:
    """The display of a local code, from the vocabulary the forms use; None when unknown."""
    return _DISPLAYS.get(system_url, {}).get(code)


_DISPLAYS: dict[str, dict[str, str]] = {
    CATEGORY: {key: term.label for key, term in CATEGORY_TERMS.items()},
    PHASE: {str(p): PHASE_TERMS[p].label for p in Phase},
    DEVICE: {str(d): DEVICE_TERMS[d].label for d in Device},
    VISIT_KIND: {key: term.label for key, term in VISIT_KIND_TERMS.items()},
    REGION: {key: term.label for key, term in REGION_TERMS.items()},
    SIDE: {key: term.label for key, term in SIDE_TERMS.items()},
    MUSCLE: dict(MUSCLES),
    MUSCLE_STATE: {str(k): v for k, v in STATE_WORDS.items()},
    OUTCOME: {str(m): MEASURES[m].name for m in Measure},
    MEASUREMENT: {
        READING_CODE: "Pelvic position reading",
        **{code: FIELD_LABELS[name] for name, code in NUMBER_CODES.items()},
        **{
            code: f"{DIMENSION_TERMS[Dimension(name)].label} (category)"
            for name, code in CATEGORY_CODES.items()
        },
        PHASE_CODE: "Correction phase",
        POSITION_CODE: "Patient position",
    },
    VISIT_MEASURE: {
        RUNNING_CODE: "Running volume since the last visit",
        ADHERENCE_CODE: "Adherence to the home programme",
    },
    PROCEDURE: {CORRECTION_CODE: "Manual correction of pelvic position"},
}
