"""FHIR R4 import: what was exported comes back whole (export, import, export gives the same
exchange document), and a broken or hostile bundle is refused with lines naming the
resource and field, imports nothing and says nothing of the patients."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models.database import Database, open_database
from models.exchange_export import patient_batches
from models.exchange_format import ImportFailed
from models.fhir_codes import RUNNING_GOAL
from models.fhir_export import bundle_document
from models.services.demo import load_demo
from models.services.exchange import export_document, import_document, write_export
from models.services.fhir import import_fhir_document, import_fhir_file, write_fhir_export
from tests.fhir_checks import counts, last_event, resource, validate, varied_document

SOURCE = "practice.fhir.json"
pytestmark = pytest.mark.both_engines  # imported into SQLite and into a clinic server


def _bundle(db: Database) -> dict[str, Any]:
    with db.engine.connect() as connection:
        return bundle_document(patient_batches(connection))


@pytest.fixture
def source(tmp_path: Path) -> Any:
    """The demo practice in a database file: what the tests export, to import into `db`."""
    database = open_database(tmp_path / "source" / "holdfast.sqlite3")
    load_demo(database)
    yield database
    database.close()


def test_demo_practice_round_trip_gives_the_same_exchange_document(
    source: Database, db: Database, tmp_path: Path
) -> None:
    fhir_file = tmp_path / "demo.fhir.json"
    write_fhir_export(source, fhir_file, "tester")
    written = import_fhir_file(db, fhir_file, "tester")
    assert (written.patients, written.visits) == (5, 35)
    assert export_document(db) == export_document(source)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    write_export(source, first)
    write_export(db, second)
    assert first.read_bytes() == second.read_bytes()  # byte for byte, floats and all


def test_a_varied_practice_round_trip_is_lossless(db: Database, tmp_path: Path) -> None:
    varied = open_database(tmp_path / "varied" / "holdfast.sqlite3")
    try:
        import_document(varied, varied_document(), "varied.json", "tester")
        bundle, original = _bundle(varied), export_document(varied)
    finally:
        varied.close()
    validate(bundle)
    import_fhir_document(db, json.loads(json.dumps(bundle)), SOURCE, "tester")
    again = export_document(db)
    assert again == original
    assert again["patients"][0]["visits"][0]["readings"][0]["position"] == ""
    assert again["patients"][0]["sex"] == "non-binary" and again["patients"][0]["archived"]
    lefs = again["patients"][0]["visits"][0]["outcomes"][2]
    assert lefs["items"][1] is None and lefs["label"] == "1 item pro-rated"
    addenda = again["patients"][0]["visits"][1]["addenda"]
    assert [a["reason"] for a in addenda] == ["", "Correction of dose"]


def test_a_signature_is_imported_and_verified(source: Database, db: Database) -> None:
    from models.services.patients import patient_id_for_chart
    from models.services.tamper import verify_visit
    from models.services.visits import list_visits

    import_fhir_document(db, _bundle(source), SOURCE, "tester")
    visits = list_visits(db, patient_id_for_chart(db, "R-001"))
    assert visits[1].signed and visits[1].signature_imported_at is not None
    assert all(verify_visit(v) for v in visits if v.signed)
    assert [a.reason for a in visits[1].addenda] == ["Information received after signing"]


Change = Callable[[dict[str, Any]], object]


def _goal_of(patient: dict[str, Any]) -> dict[str, Any]:
    """The running goal's extension of a Patient resource."""
    (goal,) = [e for e in patient["extension"] if e["url"] == RUNNING_GOAL]
    return goal


HOSTILE: list[tuple[str, Change, str]] = [
    (
        "angle out of range",
        lambda b: resource(b, "Observation/reading-0-1-0")["component"][1]["valueQuantity"].update(
            value=60
        ),
        "Observation/reading-0-1-0.component[1].valueQuantity.value: "
        "must be between -30 and +45 degrees (got 60)",
    ),
    (
        "angle as text",
        lambda b: resource(b, "Observation/reading-0-1-0")["component"][1]["valueQuantity"].update(
            value="17"
        ),
        "Observation/reading-0-1-0.component[1].valueQuantity.value: must be a number (got text)",
    ),
    (
        "angle in radians",
        lambda b: resource(b, "Observation/reading-0-1-0")["component"][2]["valueQuantity"].update(
            code="rad"
        ),
        "Observation/reading-0-1-0.component[2].valueQuantity.code: must be deg (UCUM) (got 'rad')",
    ),
    (
        "resource type Holdfast does not write",
        lambda b: b["entry"][3]["resource"].update(resourceType="MedicationRequest"),
        "Bundle.entry[3].resource.resourceType: must be one of Patient, Encounter, Observation, "
        "Condition, ClinicalImpression, CarePlan, Procedure, DocumentReference "
        "(got 'MedicationRequest')",
    ),
    (
        "not a bundle",
        lambda b: b.update(resourceType="Patient"),
        "Bundle.resourceType: not a FHIR Bundle (got 'Patient')",
    ),
    (
        "the patient left out",
        lambda b: b["entry"].pop(0),
        "Encounter/visit-0-0.subject.reference: must name a Patient of this bundle "
        "(got 'Patient/patient-0')",
    ),
    (
        "no chart number",
        lambda b: resource(b, "Patient/patient-2").pop("identifier"),
        "Patient/patient-2.identifier: is required",
    ),
    (
        "a running goal past any runner",
        lambda b: _goal_of(resource(b, "Patient/patient-0")).update(valueDecimal=500),
        "Patient/patient-0.extension[1].valueDecimal: must be between 0 and 400 km/week (got 500)",
    ),
    (
        "a running goal as text",
        lambda b: _goal_of(resource(b, "Patient/patient-1")).update(valueDecimal="60"),
        "Patient/patient-1.extension[1].valueDecimal: must be a number (got text)",
    ),
    (
        "pain past the scale",
        lambda b: resource(b, "Condition/complaint-1-0-0")["extension"][0].update(valueInteger=11),
        "Condition/complaint-1-0-0.extension[0].valueInteger: must be between 0 and 10 (NPRS) "
        "(got 11)",
    ),
    (
        "a signed note edited",
        lambda b: resource(b, "Procedure/correction-0-2")["note"][0].update(text="Something else"),
        "DocumentReference/note-0-2.identifier[0].value: does not match the signed visit's "
        "content (the visit was changed after signing, or the file was edited): export it again "
        "from the original database",
    ),
    (
        "a visit without its date",
        lambda b: resource(b, "Encounter/visit-4-0").pop("period"),
        "Encounter/visit-4-0.period.start: is required",
    ),
    (
        "a draft said to be finished",
        lambda b: resource(b, "Encounter/visit-3-4").update(status="finished"),  # R-004's draft
        "Encounter/visit-3-4.status: must be in-progress for a draft (no signed note) "
        "(got 'finished')",
    ),
    (
        "an unknown muscle",
        lambda b: resource(b, "ClinicalImpression/hypothesis-2-0")["finding"][0][
            "itemCodeableConcept"
        ]["coding"][0].update(code="nose"),
        "ClinicalImpression/hypothesis-2-0.finding[0].itemCodeableConcept.coding[0].code: "
        "must be one of iliopsoas",
    ),
    (
        "an addendum that is not text",
        lambda b: resource(b, "DocumentReference/addendum-0-1-0")["content"][0][
            "attachment"
        ].update(data="%%%"),
        "DocumentReference/addendum-0-1-0.content[0].attachment.data: must be base64 of UTF-8 text",
    ),
    (
        "a signing time that is not one",
        lambda b: resource(b, "DocumentReference/note-0-0").update(date="yesterday"),
        "DocumentReference/note-0-0.date: must be a time like 2026-03-09T18:00:00+01:00 "
        "(got 'yesterday')",
    ),
    (
        "a procedure other than the correction",
        lambda b: resource(b, "Procedure/correction-1-1")["code"]["coding"][0].update(code="tape"),
        "Procedure/correction-1-1.code: must code the correction (pelvic-correction in "
        "https://holdfast.invalid/fhir/CodeSystem/procedure)",
    ),
    (
        "a resource twice",
        lambda b: b["entry"].append(copy.deepcopy(b["entry"][1])),
        "Encounter/visit-0-0: appears twice in the bundle",
    ),
]


@pytest.mark.parametrize(("name", "change", "expected"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_broken_bundle_is_refused_at_the_resource_and_field_and_imports_nothing(
    source: Database, db: Database, name: str, change: Change, expected: str
) -> None:
    bundle = _bundle(source)
    change(bundle)
    before = counts(db)
    with pytest.raises(ImportFailed) as failure:
        import_fhir_document(db, bundle, SOURCE, "tester")
    lines = failure.value.errors
    assert any(line.startswith(SOURCE + ":") and expected in line for line in lines), lines
    assert counts(db) == before
    said = "\n".join(lines)
    for private in ("Okafor", "Maya", "1991-05-14", "555-0101", "Half-marathon"):
        assert private not in said  # names, birth dates, phone numbers, notes: never


def test_a_bundle_whose_patient_is_already_here_is_refused_whole(
    source: Database, db: Database
) -> None:
    import_fhir_document(db, _bundle(source), SOURCE, "Jo Reyes")
    details = {"format": "fhir", "patients": 5, "visits": 35}
    assert last_event(db) == ("Jo Reyes", "import", "practice", None, None, details)
    before = counts(db)
    with pytest.raises(ImportFailed) as failure:
        import_fhir_document(db, _bundle(source), SOURCE, "Jo Reyes")
    assert failure.value.errors[0] == (
        f"{SOURCE}:Patient/patient-0.identifier[0].value: R-001 is already used by another patient"
    )
    assert counts(db) == before  # not a row, not an audit event


def test_a_file_that_is_not_json_or_not_a_bundle_is_refused(db: Database, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"resourceType": "Bundle", "entry": [NaN]}')
    with pytest.raises(ImportFailed) as failure:
        import_fhir_file(db, broken, "tester")
    assert failure.value.errors[0].startswith("broken.json: not valid JSON (NaN")
    listed = tmp_path / "list.json"
    listed.write_text("[]")
    with pytest.raises(ImportFailed) as failure:
        import_fhir_file(db, listed, "tester")
    assert failure.value.errors == [
        "list.json:Bundle.resourceType: not a FHIR Bundle (got no object)"
    ]


def test_an_empty_bundle_imports_nobody(db: Database) -> None:
    empty = {"resourceType": "Bundle", "type": "collection"}
    written = import_fhir_document(db, empty, SOURCE, "tester")
    assert (written.patients, written.visits) == (0, 0)
    assert export_document(db)["patients"] == []
