"""`holdfast export --format fhir` and `holdfast import --format fhir`, through the command
line's own entry point."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from tests.fhir_checks import resource, resources, validate
from tests.pdfs import pdf_text
from ui.cli import main


def test_export_then_import_gives_back_the_practice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    bundle = tmp_path / "practice.fhir.json"
    assert main(["--db", first, "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", first, "export", "--format", "fhir", "-o", str(bundle)]) == 0
    assert capsys.readouterr().out == f"Exported 5 patients (35 visits) to {bundle}\n"
    assert os.stat(bundle).st_mode & 0o777 == 0o600
    document = json.loads(bundle.read_text(encoding="utf-8"))
    validate(document)
    pdfs = [r for r in resources(document) if r["id"].startswith("note-")]
    assert {n["content"][0]["attachment"]["contentType"] for n in pdfs} == {"application/pdf"}
    assert main(["--db", second, "import", "--format", "fhir", str(bundle)]) == 0
    assert capsys.readouterr().out == "Imported 5 patients (35 visits) from practice.fhir.json\n"
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["--db", first, "export", "-o", str(a)]) == 0  # the JSON format, as before
    assert main(["--db", second, "export", "--format", "json", "-o", str(b)]) == 0
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")


def test_chart_numbers_choose_whom_to_export_with_their_visit_summaries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, bundle = str(tmp_path / "h.sqlite3"), tmp_path / "two.json"
    assert main(["--db", db, "demo"]) == 0
    argv = ["--db", db, "export", "--format", "fhir", "--chart-number", "R-005",
            "--chart-number", "r-002", "-o", str(bundle)]  # fmt: skip
    assert main(argv) == 0
    document = json.loads(bundle.read_text(encoding="utf-8"))
    patients = [
        r["identifier"][0]["value"] for r in resources(document) if r["id"][:8] == "patient-"
    ]
    assert patients == ["R-002", "R-005"]
    note = resource(document, "DocumentReference/note-0-0")
    assert "R-002" in pdf_text(base64.b64decode(note["content"][0]["attachment"]["data"]))
    capsys.readouterr()
    missing = ["--db", db, "export", "--format", "fhir", "--chart-number", "X-9", "-o", "x.json"]
    assert main(missing) == 1
    assert capsys.readouterr().err == "holdfast: no patient with chart number X-9\n"
    assert main(["--db", db, "export", "--chart-number", "R-001", "-o", str(tmp_path / "j")]) == 1
    assert "--chart-number works with --format fhir only" in capsys.readouterr().err


def test_a_broken_bundle_is_refused_in_located_lines_and_nothing_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    bundle = tmp_path / "bad.json"
    assert main(["--db", first, "demo"]) == 0
    assert main(["--db", first, "export", "--format", "fhir", "-o", str(bundle)]) == 0
    document = json.loads(bundle.read_text(encoding="utf-8"))
    resource(document, "Observation/reading-1-2-1")["component"][1]["valueQuantity"]["value"] = 99
    document["entry"][0]["resource"]["resourceType"] = "Practitioner"
    bundle.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", second, "import", "--format", "fhir", str(bundle)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "bad.json:Bundle.entry[0].resource.resourceType: must be one of Patient, Encounter, "
        "Observation, Condition, ClinicalImpression, CarePlan, Procedure, DocumentReference "
        "(got 'Practitioner')",
        *[line for line in err.splitlines()[1:-1] if "Patient/patient-0" in line],
        "Nothing was imported.",
    ]
    assert "Traceback" not in err
    document["entry"][0]["resource"]["resourceType"] = "Patient"
    bundle.write_text(json.dumps(document), encoding="utf-8")
    assert main(["--db", second, "import", "--format", "fhir", str(bundle)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "bad.json:Observation/reading-1-2-1.component[1].valueQuantity.value: "
        "must be between -30 and +45 degrees (got 99)",
        "Nothing was imported.",
    ]
    assert main(["--db", second, "patients"]) == 0
    assert "No patients yet" in capsys.readouterr().out
