"""FHIR R4 export: every resource valid against the R4B models, what each resource carries,
the visit summary PDF attached, and a file written privately, whole and audited."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from models.database import Database, open_database, read_only_database
from models.fhir_codes import (
    CONTENT_HASH,
    LOINC,
    PAIN_LOINC,
    RUNNING_GOAL,
    SNOMED,
    UCUM,
    system,
)
from models.fhir_export import bundle_document
from models.services.exchange import export_document, import_document
from models.services.fhir import write_fhir_export
from reports.visit_pdfs import visit_pdf_maker
from tests.fhir_checks import (
    counts,
    last_event,
    resource,
    resources,
    unresolved,
    validate,
    varied_document,
)
from tests.pdfs import pdf_text

pytestmark = pytest.mark.both_engines  # exported from SQLite and from a clinic server


def _export(db: Database, tmp_path: Path, **options: Any) -> dict[str, Any]:
    file = tmp_path / "practice.fhir.json"
    write_fhir_export(db, file, "tester", **options)
    document: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return document


def _codes(concept: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in concept["coding"]}


def test_every_resource_of_the_demo_practice_is_valid_fhir(
    demo_db: Database, tmp_path: Path
) -> None:
    bundle = _export(demo_db, tmp_path)
    kinds = validate(bundle)
    assert bundle["type"] == "collection"
    assert unresolved(bundle) == []
    exchange = export_document(demo_db)["patients"]
    visits = [v for p in exchange for v in p["visits"]]
    signed = [v for v in visits if v["signed"]]
    assert kinds["Patient"] == 5 and kinds["Encounter"] == len(visits) == 35
    observations = sum(
        len(v["readings"]) + len(v["outcomes"]) + (v["running_km_per_week"] is not None)
        + (v["adherence_pct"] is not None) for v in visits
    )  # fmt: skip
    assert kinds["Observation"] == observations
    assert kinds["Condition"] == sum(len(v["complaints"]) for v in visits)
    addenda = sum(len(v["addenda"]) for v in visits)
    assert addenda == 1 and kinds["DocumentReference"] == len(signed) + addenda
    assert kinds["ClinicalImpression"] == kinds["CarePlan"] == kinds["Procedure"] == 35
    keys = [(r["resourceType"], r["id"]) for r in resources(bundle)]
    assert len(keys) == len(set(keys))


def test_a_varied_practice_is_valid_fhir_too(db: Database) -> None:
    import_document(db, varied_document(), "varied.json", "tester")
    with db.engine.connect() as connection:
        from models.exchange_export import patient_batches

        bundle = bundle_document(patient_batches(connection))
    kinds = validate(bundle)
    assert kinds["Patient"] == 3 and kinds["Encounter"] == 3
    assert unresolved(bundle) == []


def test_a_running_goal_is_an_extension_of_the_patient_and_no_goal_is_none(
    demo_db: Database, tmp_path: Path
) -> None:
    bundle = _export(demo_db, tmp_path)
    goals = {}
    for number in range(5):
        patient = resource(bundle, f"Patient/patient-{number}")
        found = [e for e in patient.get("extension", []) if e["url"] == RUNNING_GOAL]
        goals[patient["identifier"][0]["value"]] = [e["valueDecimal"] for e in found]
    assert goals == {"R-001": [40.0], "R-002": [60.0], "R-003": [40.0], "R-004": [], "R-005": []}


def test_a_reading_has_its_phase_angles_device_rater_and_date(
    demo_db: Database, tmp_path: Path
) -> None:
    bundle = _export(demo_db, tmp_path)
    given = export_document(demo_db)["patients"][0]["visits"][1]["readings"][0]
    reading = resource(bundle, "Observation/reading-0-1-0")
    measurement = system("pelvic-measurement")
    assert _codes(reading["code"]) == {(measurement, "pelvic-position")}
    assert reading["effectiveDateTime"] == "2026-03-09"
    assert reading["encounter"] == {"reference": "Encounter/visit-0-1"}
    assert reading["method"]["coding"][0]["code"] == given["device"] == "palm"
    assert reading["performer"] == [{"display": given["rater"]}]
    parts = {c["code"]["coding"][0]["code"]: c for c in reading["component"]}
    assert _codes(parts["correction-phase"]["valueCodeableConcept"]) == {
        (system("correction-phase"), "pre")
    }
    left = parts["left-innominate-tilt"]["valueQuantity"]
    assert left == {"value": given["left_tilt_deg"], "unit": "deg", "system": UCUM, "code": "deg"}
    assert parts["rotation"]["valueQuantity"]["value"] == given["rotation_deg"]
    assert parts["obliquity"]["valueQuantity"]["value"] == given["obliquity_deg"]
    assert parts["patient-position"]["valueString"] == "standing"


def test_categories_outcomes_complaints_and_plan_carry_their_codes(db: Database) -> None:
    import_document(db, varied_document(), "varied.json", "tester")
    with db.engine.connect() as connection:
        from models.exchange_export import patient_batches

        bundle = bundle_document(patient_batches(connection))
    by_eye = resource(bundle, "Observation/reading-0-0-0")
    parts = {c["code"]["coding"][0]["code"]: c for c in by_eye["component"]}
    category = system("pelvic-category")
    assert _codes(parts["asymmetry-category"]["valueCodeableConcept"]) == {
        (category, "left_anterior")
    }
    assert "performer" not in by_eye  # no rater recorded
    assert "valueString" not in parts["patient-position"]  # an empty position: no value
    pain = resource(bundle, "Observation/outcome-0-0-1")
    assert (LOINC, PAIN_LOINC) in _codes(pain["code"])
    lefs = resource(bundle, "Observation/outcome-0-0-2")
    assert lefs["valueQuantity"]["value"] == 48.0 and lefs["note"] == [{"text": "1 item pro-rated"}]
    items = lefs["component"]
    assert [c["code"]["coding"][0]["code"] for c in items] == [str(n) for n in range(1, 21)]
    assert "valueQuantity" not in items[1] and items[1]["dataAbsentReason"]
    complaint = resource(bundle, "Condition/complaint-0-0-0")
    assert (SNOMED, "22253000") in _codes(complaint["code"])
    site = complaint["bodySite"][0]
    assert (system("body-region"), "buttock_sciatic") in _codes(site)
    laterality = site["extension"][0]["valueCodeableConcept"]
    assert _codes(laterality) == {(system("body-side"), "right"), (SNOMED, "24028007")}
    values = {e["url"].rsplit("/", 1)[1]: e for e in complaint["extension"]}
    assert values["pain-nprs"]["valueInteger"] == 7 and values["carried-over"]["valueBoolean"]
    plan = resource(bundle, "CarePlan/plan-0-1")
    detail = plan["activity"][0]["detail"]
    assert _codes(detail["code"]) == {(system("exercise"), "bird_dog")}
    assert detail["scheduledTiming"]["repeat"] == {"frequency": 7, "period": 1, "periodUnit": "wk"}
    assert detail["description"] == "Slowly; stop if it pinches"
    reason = resource(bundle, "CarePlan/plan-0-0")
    assert "activity" not in reason and reason["extension"][0]["valueString"].startswith("Acute")
    assert resource(bundle, "Patient/patient-0")["active"] is False  # archived


def test_signed_notes_drafts_and_addenda(demo_db: Database, tmp_path: Path) -> None:
    bundle = _export(demo_db, tmp_path)
    patients = export_document(demo_db)["patients"]
    given = patients[0]["visits"][1]
    assert resource(bundle, "Encounter/visit-0-1")["status"] == "finished"
    draft = f"3-{len(patients[3]['visits']) - 1}"  # R-004's last visit is a draft
    assert patients[3]["visits"][-1]["signed"] is False
    assert resource(bundle, f"Encounter/visit-{draft}")["status"] == "in-progress"
    assert not [r for r in resources(bundle) if r["id"] == f"note-{draft}"]
    note = resource(bundle, "DocumentReference/note-0-1")
    assert (note["status"], note["docStatus"]) == ("current", "final")
    assert note["author"] == [{"display": given["signed"]["by"]}]
    signed_at = datetime.fromisoformat(note["date"])
    assert signed_at.tzinfo is not None  # a FHIR instant names its zone
    assert signed_at.replace(tzinfo=None).isoformat() == given["signed"]["at"]
    assert note["identifier"] == [{"system": CONTENT_HASH, "value": given["signed"]["hash"]}]
    text = base64.b64decode(note["content"][0]["attachment"]["data"]).decode("utf-8")
    assert given["note"]["subjective"] in text  # without a PDF maker: the note's text
    addendum = resource(bundle, "DocumentReference/addendum-0-1-0")
    assert addendum["relatesTo"] == [
        {"code": "appends", "target": {"reference": "DocumentReference/note-0-1"}}
    ]
    data = base64.b64decode(addendum["content"][0]["attachment"]["data"]).decode("utf-8")
    assert data == given["addenda"][0]["text"]
    assert addendum["description"] == given["addenda"][0]["reason"]


def test_the_visit_summary_pdf_is_attached_and_parses(demo_db: Database, tmp_path: Path) -> None:
    bundle = _export(demo_db, tmp_path, chart_numbers=["r-002"], visit_pdf=visit_pdf_maker(demo_db))
    validate(bundle)
    patients = [r for r in resources(bundle) if r["resourceType"] == "Patient"]
    assert [p["identifier"][0]["value"] for p in patients] == ["R-002"]
    notes = [r for r in resources(bundle) if r["id"].startswith("note-")]
    assert notes
    for note in notes:
        attachment = note["content"][0]["attachment"]
        assert attachment["contentType"] == "application/pdf"
        pdf = base64.b64decode(attachment["data"])
        assert pdf.startswith(b"%PDF-")
        assert base64.b64decode(attachment["hash"]) == hashlib.sha1(pdf).digest()
        visit = resource(bundle, note["context"]["encounter"][0]["reference"])
        day = datetime.fromisoformat(visit["period"]["start"])
        text = pdf_text(pdf)  # each note's own visit, as `holdfast report --kind visit` prints
        assert "Visit summary" in text and "R-002" in text, text[:300]
        assert f"{day:%A} {day.day} {day:%B %Y}" in text, text[:300]


def test_chart_numbers_choose_the_patients_and_an_unknown_one_is_named(
    demo_db: Database, tmp_path: Path
) -> None:
    bundle = _export(demo_db, tmp_path, chart_numbers=["R-003", "R-001"])
    patients = [
        r["identifier"][0]["value"] for r in resources(bundle) if r["id"].startswith("patient")
    ]
    assert patients == ["R-001", "R-003"]  # in chart-number order, like every export
    with pytest.raises(LookupError, match="no patient with chart number R-404"):
        write_fhir_export(demo_db, tmp_path / "none.json", "tester", ["R-404"])
    assert not (tmp_path / "none.json").exists()


def test_the_file_is_private_whole_and_audited(demo_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    written = write_fhir_export(demo_db, folder / "out.json", "Jo Reyes")
    assert (written.patients, written.visits) == (5, 35)
    assert os.stat(folder / "out.json").st_mode & 0o777 == 0o600
    assert [p.name for p in folder.iterdir()] == ["out.json"]  # no partial file left
    details = {"format": "fhir", "patients": 5, "visits": 35}
    assert last_event(demo_db) == ("Jo Reyes", "export", "practice", None, None, details)


def test_a_failed_export_leaves_no_file_and_no_event(demo_db: Database, tmp_path: Path) -> None:
    def broken_pdf(chart_number: str, visit: Any) -> bytes:
        raise RuntimeError("the printer caught fire")

    before = counts(demo_db)
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        write_fhir_export(demo_db, folder / "out.json", "tester", visit_pdf=broken_pdf)
    assert list(folder.iterdir()) == []
    assert counts(demo_db) == before


@pytest.mark.sqlite_only  # a database file opened read-only
def test_an_empty_practice_and_a_read_only_database_export_too(
    demo_db: Database, tmp_path: Path
) -> None:
    nobody = open_database(tmp_path / "empty" / "holdfast.sqlite3")
    try:
        empty = _export(nobody, tmp_path)
    finally:
        nobody.close()
    assert "entry" not in empty  # FHIR has no empty list
    validate(empty)
    before = counts(demo_db)
    read_only = read_only_database(demo_db.path, "a test")
    try:
        written = write_fhir_export(read_only, tmp_path / "ro.json", "tester")
    finally:
        read_only.close()
    assert written.patients == 5 and (tmp_path / "ro.json").exists()
    assert counts(demo_db) == before  # nothing can be written there, not even the event
