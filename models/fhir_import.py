"""Reading a FHIR R4 Bundle back into exchange-form patients (docs/ARCHITECTURE.md#fhir-r4),
so that it is imported by the exchange import itself, with its checks, its all-or-nothing
transaction and its located messages, told here in FHIR's terms.

The bundle is first sorted: every resource is one Holdfast writes, has an id, and refers to
a Patient (and, but for the Encounter, an Encounter of that patient) of the same bundle.
Patients and each patient's visits keep their order in the bundle.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from charting.errors import kind_of, quoted
from models import fhir_codes as codes
from models.exchange_read import where
from models.fhir_import_nodes import Node, Reading
from models.fhir_import_visit import ONE_EACH, VisitParts, patient_of, visit_of

# The elements of each resource Holdfast writes and reads: any other would be lost on import,
# so it is refused, as the exchange format refuses a key it does not have. (Narrative text
# and meta say nothing Holdfast keeps; a modifier extension must never be ignored.)
ELEMENTS = {
    "Patient": "extension identifier active name telecom gender birthDate",
    "Encounter": "extension status class type subject period",
    "Observation": "status category code subject encounter effectiveDateTime performer method "
    "component valueQuantity note",
    "Condition": "extension clinicalStatus category code bodySite subject encounter recordedDate",
    "ClinicalImpression": "status subject encounter effectiveDateTime summary finding",
    "CarePlan": "extension status intent subject encounter created activity",
    "Procedure": "status code subject encounter performedDateTime note",
    "DocumentReference": "identifier status docStatus type subject date author description "
    "relatesTo content context",
}
COMMON = {"resourceType", "id", "meta", "text"}
KINDS = tuple(ELEMENTS)
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
OBSERVATIONS = {  # (code system, code or None for any) -> the part of the visit it is
    (codes.MEASUREMENT, codes.READING_CODE): "readings", (codes.OUTCOME, None): "outcomes",
    (codes.VISIT_MEASURE, codes.RUNNING_CODE): "running",
    (codes.VISIT_MEASURE, codes.ADHERENCE_CODE): "adherence",
}  # fmt: skip
PARTS = {"Condition": "complaints", "ClinicalImpression": "hypothesis", "CarePlan": "plan",
         "Procedure": "correction"}  # fmt: skip


@dataclass(frozen=True)
class Bundle:
    """What a bundle holds, as exchange-form patients, with what reading it found."""

    patients: list[dict[str, Any]]
    visits: int
    reading: Reading

    def relocated(self, lines: list[str], source: str) -> list[str]:
        """Lines of the exchange import ('file:patients[0]:visits[1]:date: …') told at the
        FHIR place each value came from ('file:Encounter/visit-0-1.period.start: …')."""
        places = {where(path): at for path, at in self.reading.places.items()}
        return [_relocated(line, source, places) for line in lines]


def _relocated(line: str, source: str, places: dict[str, str]) -> str:
    """One line at the nearest place read: a field, else the object it is in."""
    rest = line.removeprefix(f"{source}:")
    if rest.startswith(" ") or ": " not in rest:
        return line  # about the file as a whole
    candidate, message = rest.split(": ", 1)
    while candidate not in places:
        cut = max(candidate.rfind(mark) for mark in ".[:")
        if cut <= 0:
            return line
        candidate = candidate[:cut]
    return f"{source}:{places[candidate]}: {message}"


def _resources(root: Node) -> tuple[dict[str, Node], dict[str, str]]:
    """Every resource by 'Kind/id', and the key of each entry's fullUrl."""
    found: dict[str, Node] = {}
    urls: dict[str, str] = {}
    for entry in root["entry"].items():
        resource = entry["resource"]
        kind, resource_id = resource["resourceType"].value, resource["id"].value
        if kind not in KINDS:
            message = f"must be one of {', '.join(KINDS)} (got {quoted(kind)})"
            root.reading.problem(resource["resourceType"].at, message)
        elif not isinstance(resource_id, str) or not FHIR_ID.fullmatch(resource_id):
            message = "must be a FHIR id: 1 to 64 letters, digits, '-' or '.'"
            root.reading.problem(resource["id"].at, f"{message} (got {quoted(resource_id)})")
        elif f"{kind}/{resource_id}" in found:
            root.reading.problem(f"{kind}/{resource_id}", "appears twice in the bundle")
        else:
            key = f"{kind}/{resource_id}"
            found[key] = Node(resource.value, key, root.reading)
            for name in resource.value.keys() - COMMON - set(ELEMENTS[kind].split()):
                message = "is not an element Holdfast reads (it would be lost)"
                named = where((name,))  # a strange key quoted and cut short, as exchange lines do
                root.reading.problem(key + ("" if named.startswith("[") else ".") + named, message)
            if isinstance(entry["fullUrl"].value, str):
                urls[entry["fullUrl"].value] = key
    return found, urls


class _Sorter:
    """Sorts the resources into patients, their visits and each visit's parts."""

    def __init__(self, root: Node) -> None:
        self.resources, self.urls = _resources(root)
        self.reading = root.reading
        self.subject_of: dict[str, str | None] = {}
        self.visits_of: dict[str, list[str]] = defaultdict(list)
        self.parts: dict[str, VisitParts] = {}
        self.unresolved: dict[str, list[Any]] = {}  # reference -> [first place, kind, times]

    def target(self, ref: Node, kind: str) -> str | None:
        """The resource a reference names, which must be a `kind` of this bundle. A missing
        resource is named once, where it is first referred to, with the count of the rest
        (every resource of a patient refers to the Patient)."""
        text = ref["reference"].value
        key = self.urls.get(text, text) if isinstance(text, str) else None
        if key is None or not key.startswith(f"{kind}/") or key not in self.resources:
            got = quoted(text) if isinstance(text, str) else kind_of(text)
            first = self.unresolved.setdefault(got, [ref["reference"].at, kind, 0])
            first[2] += 1
            return None
        return key

    def report_unresolved(self) -> None:
        for got, (at, kind, times) in self.unresolved.items():
            also = f"; {times - 1} more references name it" if times > 1 else ""
            article = "an" if kind[0] in "AEIOU" else "a"
            message = f"must name {article} {kind} of this bundle (got {got})"
            self.reading.problem(at, message + also)

    def sort(self) -> None:
        for key, node in self.resources.items():
            if key.startswith("Encounter/"):
                patient = self.subject_of[key] = self.target(node["subject"], "Patient")
                self.parts[key] = VisitParts(node)
                if patient is not None:
                    self.visits_of[patient].append(key)
        for key, node in self.resources.items():
            if not key.startswith(("Patient/", "Encounter/")):
                self._place(key.split("/", 1)[0], node)
        for key, parts in self.parts.items():
            for name in ONE_EACH:
                for extra in getattr(parts, name)[1:]:
                    message = f"is a second {ONE_EACH[name]} of {key}: a visit has one"
                    self.reading.problem(extra.at, message)

    def _place(self, kind: str, node: Node) -> None:
        patient = self.target(node["subject"], "Patient")
        on = node["context"].first("encounter") if kind == "DocumentReference" else node[
            "encounter"]  # fmt: skip
        encounter = self.target(on, "Encounter")
        if patient is None or encounter is None:
            return
        if self.subject_of[encounter] != patient:
            self.reading.problem(node["subject"].at, f"must be the patient of {encounter}")
            return
        part = self._part(kind, node)
        if part is not None:
            getattr(self.parts[encounter], part).append(node)

    def _part(self, kind: str, node: Node) -> str | None:
        if kind == "DocumentReference":
            appends = next(node.where("relatesTo", "code", "appends"), None)
            return "note" if appends is None else "addenda"
        if (
            kind == "Procedure"
            and node["code"].code(codes.PROCEDURE).value != codes.CORRECTION_CODE
        ):
            message = f"must code the correction ({codes.CORRECTION_CODE} in {codes.PROCEDURE})"
            self.reading.problem(node["code"].at, message)
            return None
        if kind != "Observation":
            return PARTS[kind]
        for (system, code), part in OBSERVATIONS.items():
            found = node["code"].code(system).value
            if found is not None and (code is None or found == code):
                return part
        what = "a pelvic reading, an outcome score, running volume or adherence"
        self.reading.problem(node["code"].at, f"must code one Holdfast writes: {what}")
        return None


def _check_addenda(sorter: _Sorter) -> None:
    """An addendum appends to the signed note of its own visit."""
    for parts in sorter.parts.values():
        notes = [node.at for node in parts.note]
        for addendum in parts.addenda:
            target = next(addendum.where("relatesTo", "code", "appends"))["target"]["reference"]
            text = target.value
            if not isinstance(text, str) or sorter.urls.get(text, text) not in notes:
                message = "must name the signed note (DocumentReference) of its visit"
                sorter.reading.problem(target.at, f"{message} (got {quoted(text)})")


def read_bundle(document: Any) -> Bundle:
    """The patients of a FHIR Bundle in the exchange form; `reading.problems` lists what
    keeps it from being one Holdfast reads (then the patients mean nothing)."""
    reading = Reading()
    root = Node(document, "Bundle", reading)
    if not isinstance(document, dict) or document.get("resourceType") != "Bundle":
        got = quoted(document.get("resourceType")) if isinstance(document, dict) else "no object"
        reading.problem("Bundle.resourceType", f"not a FHIR Bundle (got {got})")
        return Bundle([], 0, reading)
    sorter = _Sorter(root)
    sorter.sort()
    sorter.report_unresolved()
    _check_addenda(sorter)
    patients, visits = [], 0
    keys = [key for key in sorter.resources if key.startswith("Patient/")]
    for number, key in enumerate(keys):
        path = ("patients", number)
        patient = patient_of(sorter.resources[key], path)
        own = sorter.visits_of.get(key, [])
        patient["visits"] = [
            visit_of(sorter.parts[e], (*path, "visits", i)) for i, e in enumerate(own)
        ]
        visits += len(own)
        patients.append(patient)
    return Bundle(patients, visits, reading)
