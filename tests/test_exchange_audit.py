"""A whole export or import of the JSON exchange format is audited as the FHIR one is: one
event naming the format, the patients and the visits, none when nothing happened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.database import Database, open_database
from models.exchange_format import ImportFailed
from models.services.audit_trail import audit_trail
from models.services.exchange import import_file, write_export
from tests.fhir_checks import counts, last_event

pytestmark = pytest.mark.both_engines  # the services on SQLite and on a clinic server


def test_an_export_and_an_import_each_write_one_practice_event(
    demo_db: Database, tmp_path: Path
) -> None:
    file = tmp_path / "practice.json"
    written = write_export(demo_db, file, "Jo Reyes")
    assert (written.patients, written.visits) == (5, 35)
    details = {"format": "json", "patients": 5, "visits": 35}
    assert last_event(demo_db) == ("Jo Reyes", "export", "practice", None, None, details)
    other = open_database(tmp_path / "other" / "holdfast.sqlite3")
    try:
        assert import_file(other, file, "Sam Lee") == 5
        assert last_event(other) == ("Sam Lee", "import", "practice", None, None, details)
        entry = audit_trail(other).entries[0]
        assert (entry.what, entry.record, entry.patient) == (
            "Patients imported from a file", "The whole practice", "All patients",
        )  # fmt: skip
        assert [(c.label, c.after) for c in entry.changes] == [
            ("File format", "json"), ("Patients", "5"), ("Visits", "35"),
        ]  # fmt: skip
    finally:
        other.close()


def test_a_file_read_whole_is_audited_too_and_a_refused_one_is_not(
    db: Database, tmp_path: Path
) -> None:
    unusual = tmp_path / "unusual.json"  # patients before the header: not streamed
    unusual.write_text(json.dumps({"patients": [], "version": 1, "format": "holdfast"}))
    assert import_file(db, unusual, "tester") == 0
    assert last_event(db)[1:] == ("import", "practice", None, None,
                                  {"format": "json", "patients": 0, "visits": 0})  # fmt: skip
    refused = tmp_path / "refused.json"
    refused.write_text(json.dumps({"format": "holdfast", "version": 1, "patients": [
        {"chart_number": "X-1", "first_name": "A", "last_name": "B",
         "visits": [{"date": "2026-01-05", "adherence_pct": 120}]},
    ]}))  # fmt: skip
    before = counts(db)
    with pytest.raises(ImportFailed):
        import_file(db, refused, "tester")
    assert counts(db) == before
