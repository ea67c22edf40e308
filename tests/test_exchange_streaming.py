"""Import and export at the scale of a practice (issue 11): an import streams the file and
writes in batches, yet stays all-or-nothing with the same located lines; an export reads a
batch of patients per query and writes patient by patient; memory does not grow with the
file or the practice."""

from __future__ import annotations

import copy
import gc
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from models.database import Database, open_database
from models.exchange_export import EXPORT_QUERIES
from models.exchange_format import ImportFailed
from models.exchange_import import BATCH
from models.services.exchange import export_document, import_document, import_file, write_export
from models.services.tamper import tamper_report
from tests.hostile_documents import base_document, hostile_variants
from tests.test_import_hostile import SOURCE, counts
from ui.cli import main

pytestmark = pytest.mark.both_engines

BIG_TABLES = ("visit", "reading", "complaint", "muscle_finding", "plan_item", "outcome_score")


def practice_file(demo_db: Database, patients: int, folder: Path, visits: int = 1) -> Path:
    """An exchange file of `patients` copies of the demo's first patient (its first
    `visits` visits: signed, the second with an addendum), each with its own chart number."""
    model = export_document(demo_db)["patients"][0]
    model["visits"] = model["visits"][:visits]
    document = {"format": "holdfast", "version": 1, "patients": []}
    for number in range(patients):
        patient = copy.deepcopy(model)
        patient["chart_number"] = f"S-{number:05d}"
        document["patients"].append(patient)
    file = folder / f"practice-{patients}.json"
    file.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    return file


def bad_last_patient_file(demo_db: Database, folder: Path) -> Path:
    """A file of two batches and more whose last patient is refused (a pain score of 11):
    found only after the batches before it were written."""
    file = practice_file(demo_db, BATCH * 2 + 3, folder)
    document = json.loads(file.read_text())
    document["patients"][-1]["visits"][0]["complaints"][0]["pain"] = 11
    file.write_text(json.dumps(document))
    return file


def peak_python_memory(run: Callable[[], object]) -> int:
    """The most memory Python held while `run` ran, in bytes, with the cycle collector on
    as the command line runs it (the tests switch it off, as the GUI does: conftest.py)."""
    gc.enable()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        gc.disable()


def test_an_import_reads_the_file_patient_by_patient(demo_db: Database, tmp_path: Path) -> None:
    small, large = practice_file(demo_db, 280, tmp_path), practice_file(demo_db, 1120, tmp_path)
    peaks = []
    for number, file in enumerate((small, large)):
        db = open_database(tmp_path / f"into-{number}.sqlite3")
        peaks.append(peak_python_memory(lambda: import_file(db, file, "tester")))  # noqa: B023
        db.close()
    # A file four times as long: a batch more at most, never the file held whole.
    assert peaks[1] < 1.5 * peaks[0], peaks


def test_holdfast_export_writes_patient_by_patient(demo_db: Database, tmp_path: Path) -> None:
    peaks = []
    for patients in (280, 1120):
        path = tmp_path / f"practice-{patients}.sqlite3"
        db = open_database(path)
        import_file(db, practice_file(demo_db, patients, tmp_path), "tester")
        db.close()
        out = str(tmp_path / f"export-{patients}.json")
        peaks.append(peak_python_memory(lambda: main(["--db", str(path), "export", "-o", out])))  # noqa: B023
        assert len(json.loads(Path(out).read_text())["patients"]) == patients
    assert peaks[1] < 1.5 * peaks[0], peaks


def test_an_export_asks_the_same_number_of_queries_for_five_patients_or_fifty(
    demo_db: Database, tmp_path: Path
) -> None:
    statements: list[str] = []
    event.listen(demo_db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    export_document(demo_db)
    five = len(statements)
    import_file(demo_db, practice_file(demo_db, 45, tmp_path, visits=3), "tester")
    statements.clear()
    assert len(export_document(demo_db)["patients"]) == 50
    assert len(statements) == five  # one query per table, not one per patient or visit


@pytest.mark.sqlite_only  # SQLite's own query plans
@pytest.mark.parametrize("query", EXPORT_QUERIES)
def test_every_export_query_finds_visits_and_their_parts_by_index(
    demo_db: Database, query: str
) -> None:
    sql = query.format(ids="?, ?", where="")
    params = (1, 2) if "?" in sql else ()
    with demo_db.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    steps = [row[-1] for row in plan]
    scans = [s for s in steps if s.startswith("SCAN") and s.split()[1] in BIG_TABLES]
    assert not scans, steps


def test_a_bad_patient_after_batches_were_written_refuses_the_whole_file(
    demo_db: Database, tmp_path: Path
) -> None:
    file = bad_last_patient_file(demo_db, tmp_path)
    before = counts(demo_db)
    with pytest.raises(ImportFailed) as failure:
        import_file(demo_db, file, "tester")
    assert failure.value.errors == [
        f"{file.name}:patients[{BATCH * 2 + 2}]:visits[0]:complaints[0].pain: "
        "must be between 0 and 10 (NPRS) (got 11)"
    ]
    assert counts(demo_db) == before


def test_a_file_cut_short_after_batches_were_written_is_refused_as_a_whole_read_says(
    demo_db: Database, tmp_path: Path
) -> None:
    file = practice_file(demo_db, BATCH * 2 + 3, tmp_path)
    file.write_bytes(file.read_bytes()[:-2000])
    before = counts(demo_db)
    with pytest.raises(ImportFailed) as failure:
        import_file(demo_db, file, "tester")
    assert failure.value.errors[0].startswith(f"{file.name}: not valid JSON (")
    assert counts(demo_db) == before


def test_a_large_import_is_audited_and_its_chain_and_signatures_verify(
    demo_db: Database, tmp_path: Path
) -> None:
    before = counts(demo_db)
    patients = BATCH + 7
    import_file(demo_db, practice_file(demo_db, patients, tmp_path, visits=2), "tester")
    after = counts(demo_db)
    # per patient: its event, two visits' events, two signatures and one addendum's; and
    # one for the whole file (models/exchange_audit.py)
    assert after["audit_event"] - before["audit_event"] == patients * 6 + 1
    assert after["addendum"] - before["addendum"] == patients
    with demo_db.engine.connect() as connection:
        report = tamper_report(connection)
        indexed = connection.execute(text("SELECT count(*) FROM visit_search")).scalar()
    assert report.ok and report.signed_visits >= patients * 2, report
    assert indexed == after["visit"]


def test_every_hostile_file_is_refused_by_the_streamed_import_as_by_a_whole_read(
    demo_db: Database, tmp_path: Path
) -> None:
    base = base_document(demo_db)
    file = tmp_path / SOURCE
    compared = 0
    for number, (name, document) in enumerate(hostile_variants(base)):
        for patient in _patients(document):
            patient["chart_number"] = f"H{number}-{patient.get('chart_number')}"
        try:
            file.write_text(json.dumps(document, allow_nan=False))
        except ValueError:
            continue  # infinity is not JSON: such a document cannot be a file
        before = counts(demo_db)
        try:
            import_file(demo_db, file, "tester")
        except ImportFailed as streamed:
            with pytest.raises(ImportFailed) as whole:
                import_document(demo_db, document, SOURCE, "tester")
            assert streamed.errors == whole.value.errors, name
            assert counts(demo_db) == before, name
            compared += 1
    assert compared > 200


def _patients(document: Any) -> list[dict[str, Any]]:
    patients = document.get("patients") if isinstance(document, dict) else None
    listed = patients if isinstance(patients, list) else []
    return [p for p in listed if isinstance(p, dict) and isinstance(p.get("chart_number"), str)]


@pytest.mark.parametrize(
    "content",
    [
        b'{"patients": [], "version": 1, "format": "holdfast"}',  # keys in another order
        b'{"format": "holdfast", "version": 1, "patients": []}\n\n',
        b'\n{ "format" : "holdfast" , "version" : 1 , "patients" : [ ] }',
    ],
)
def test_an_unusual_but_valid_file_is_imported(
    db: Database, tmp_path: Path, content: bytes
) -> None:
    file = tmp_path / "odd.json"
    file.write_bytes(content)
    assert import_file(db, file, "tester") == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"format": "holdfast", "version": 1, "patients": []} x', "not valid JSON (Extra data"),
        (b'{"format": "holdfast", "version": 1, "patients": [1,]}', "not valid JSON (Expecting"),
        (b'{"format": "holdfast", "patients": [], "patients": []}', "not valid JSON (the key"),
        (b"\xef\xbb\xbf{}", "not valid JSON (Unexpected UTF-8 BOM"),
        (b'{"format": "holdfast", "version": 1, "patients": [{"a": "\xff"}]}', "not UTF-8"),
    ],
)
def test_a_file_that_is_not_strict_json_is_refused_by_the_streamed_import_in_words(
    db: Database, tmp_path: Path, content: bytes, expected: str
) -> None:
    file = tmp_path / "bad.json"
    file.write_bytes(content)
    with pytest.raises(ImportFailed) as failure:
        import_file(db, file, "tester")
    assert failure.value.errors[0].startswith(f"bad.json: {expected}"), failure.value.errors


def test_the_export_file_is_the_document_byte_for_byte(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    write_export(demo_db, out)
    document = export_document(demo_db)
    assert out.read_text() == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert not list(tmp_path.glob("*.partial"))
