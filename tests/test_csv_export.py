"""`holdfast export --format csv`: eight tables a spreadsheet opens safely, written whole."""

from __future__ import annotations

import json
import os
import re
import stat
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from models.database import Database, read_only_database
from models.exchange_csv_columns import NOT_IN_CSV, PARTS, PATIENTS, VISITS, Table
from models.exchange_csv_write import ExportRefused
from models.exchange_schema import FalseOr, ListOf, Nullable, Obj, Spec
from models.exchange_v1 import PATIENT, VISIT
from models.services import exchange_csv
from models.services.audit_trail import audit_trail
from models.services.exchange_csv import export_csv
from tests.csv_tables import (
    EVIDENCE,
    EXERCISE_NOTES,
    HOSTILE,
    NEGATIVE_TILT,
    ORDINARY_APOSTROPHE,
    SUBJECTIVE,
    first_row,
    load_hostile,
    read_table,
)
from ui.cli import main

FILES = ["patients.csv", "visits.csv", "readings.csv", "complaints.csv", "findings.csv",
         "plan.csv", "outcomes.csv", "addenda.csv"]  # fmt: skip
VISIT_KEY = ["chart_number", "visit_date", "visit_of_day"]
HEADERS = {
    "patients.csv": ["chart_number", "first_name", "last_name", "date_of_birth", "sex", "phone",
                     "email", "running_profile", "notes", "photo_consent",
                     "running_goal_km", "archived"],
    "readings.csv": [*VISIT_KEY, "phase", "device", "rater", "position", "left_tilt_deg",
                     "right_tilt_deg", "rotation_deg", "obliquity_deg", "asymmetry", "rotation",
                     "obliquity"],
    "plan.csv": [*VISIT_KEY, "exercise", "sets", "per_week", "reps", "hold_s", "side", "notes"],
    "addenda.csv": [*VISIT_KEY, "text", "reason", "author", "added_at"],
}  # fmt: skip
NUMBER_COLUMNS = {
    "patients.csv": ["running_goal_km"],
    "visits.csv": ["visit_of_day", "running_km_per_week", "adherence_pct"],
    "readings.csv": ["visit_of_day", "left_tilt_deg", "right_tilt_deg", "rotation_deg",
                     "obliquity_deg"],
    "complaints.csv": ["visit_of_day", "pain"],
    "plan.csv": ["visit_of_day", "sets", "per_week", "reps", "hold_s"],
    "outcomes.csv": ["visit_of_day", "score"],
}  # fmt: skip
DATE_COLUMNS = {
    "patients.csv": ["date_of_birth"], "visits.csv": ["visit_date", "next_visit_date"],
    "readings.csv": ["visit_date"], "addenda.csv": ["visit_date"],
}  # fmt: skip
MOMENT_COLUMNS = {"visits.csv": ["signed_at"], "addenda.csv": ["added_at"]}
FORMULA_STARTS = tuple("=+-@\t\r")


def _column(folder: Path, file: str, name: str) -> list[str]:
    rows = read_table(folder, file)
    return [row[rows[0].index(name)] for row in rows[1:]]


@pytest.mark.both_engines  # from a SQLite file or a clinic server
def test_files_have_a_bom_their_headers_iso_dates_and_plain_numbers(
    demo_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    counts = export_csv(demo_db, folder, "tester")
    assert sorted(path.name for path in folder.iterdir()) == sorted(FILES)
    for file in FILES:
        assert (folder / file).read_bytes().startswith(b"\xef\xbb\xbfchart_number,")
    for file, header in HEADERS.items():
        assert read_table(folder, file)[0] == header
    with demo_db.engine.connect() as connection:
        visits = connection.execute(text("SELECT count(*) FROM visit")).scalar_one()
    assert (counts.patients, counts.visits) == (5, visits)
    assert len(read_table(folder, "visits.csv")) == visits + 1
    for file, names in DATE_COLUMNS.items():
        for name in names:
            cells = [cell for cell in _column(folder, file, name) if cell]
            assert cells and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", c) for c in cells), name
    for file, names in MOMENT_COLUMNS.items():
        for name in names:
            cells = [cell for cell in _column(folder, file, name) if cell]
            assert cells and all(
                re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", c) for c in cells
            )
    for file, names in NUMBER_COLUMNS.items():
        raw = (folder / file).read_text(encoding="utf-8-sig")
        for name in names:
            for cell in filter(None, _column(folder, file, name)):
                float(cell)  # a number with a '.' decimal point, or this raises
                assert f'"{cell}"' not in raw  # never quoted as text
    assert set(_column(folder, "patients.csv", "archived")) <= {"true", "false"}
    assert _column(folder, "patients.csv", "running_goal_km") == ["40.0", "60.0", "40.0", "", ""]
    assert set(_column(folder, "complaints.csv", "carried_over")) == {"false"}
    items = _column(folder, "outcomes.csv", "items")
    assert json.loads(items[0]) == [2] * 20  # the LEFS item answers, as a JSON list


def test_formula_text_is_neutralised_and_numbers_are_not(db: Database, tmp_path: Path) -> None:
    load_hostile(db)
    folder = tmp_path / "export"
    export_csv(db, folder, "tester")
    patient = dict(zip(*read_table(folder, "patients.csv")[:2], strict=True))
    for name, value in HOSTILE.items():
        assert patient[name] == "'" + value, name
    visits = read_table(folder, "visits.csv")
    first = dict(zip(visits[0], visits[1], strict=True))
    assert first["subjective"] == "'" + SUBJECTIVE
    assert first["objective"] == ORDINARY_APOSTROPHE  # nothing to neutralise: left alone
    second = dict(zip(visits[0], visits[2], strict=True))
    assert (second["visit_date"], second["visit_of_day"]) == (first["visit_date"], "2")
    assert second["correction"] == "'@second visit that day"
    assert second["signed_by"] == second["signed_at"] == second["content_hash"] == ""
    assert _column(folder, "plan.csv", "notes")[0] == "'" + EXERCISE_NOTES
    assert _column(folder, "findings.csv", "evidence")[0] == "'" + EVIDENCE
    assert read_table(folder, "addenda.csv")[1][3:6] == ["'+addendum", "'''@both", "'-me"]
    assert _column(folder, "complaints.csv", "carried_over")[:3] == ["false", "false", "true"]
    # The negative tilt is the number -3.5, unquoted and not neutralised.
    raw = (folder / "readings.csv").read_text(encoding="utf-8-sig")
    assert f",{NEGATIVE_TILT}," in raw and f"'{NEGATIVE_TILT}" not in raw
    # No text cell of any file starts a formula.
    for file in FILES:
        rows = read_table(folder, file)
        numeric = {rows[0].index(n) for n in NUMBER_COLUMNS.get(file, [])}
        for row in rows[1:]:
            for position, cell in enumerate(row):
                if position not in numeric:
                    assert not cell.startswith(FORMULA_STARTS), (file, cell)


def test_a_zip_holds_the_same_files(demo_db: Database, tmp_path: Path) -> None:
    export_csv(demo_db, tmp_path / "folder", "tester")
    export_csv(demo_db, tmp_path / "export.zip", "tester")
    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        assert sorted(archive.namelist()) == sorted(FILES)
        for file in FILES:
            assert archive.read(file) == (tmp_path / "folder" / file).read_bytes(), file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "export.zip", "folder"]


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_files_are_private(demo_db: Database, tmp_path: Path, loose_umask: None) -> None:
    export_csv(demo_db, tmp_path / "export", "tester")
    export_csv(demo_db, tmp_path / "export.zip", "tester")
    assert stat.S_IMODE((tmp_path / "export").stat().st_mode) == 0o700
    for path in [tmp_path / "export.zip", *(tmp_path / "export").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_folder_with_anything_in_it_is_refused(demo_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(ExportRefused, match="is not empty"):
        export_csv(demo_db, folder, "tester")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "export"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportRefused, match="is a file"):
        export_csv(demo_db, tmp_path / "file", "tester")
    empty = tmp_path / "empty"
    empty.mkdir()
    export_csv(demo_db, empty, "tester")  # an empty folder takes the export
    assert len(list(empty.iterdir())) == 8
    export_csv(demo_db, tmp_path / "new" / "deeper", "tester")  # created with its parent
    assert len(list((tmp_path / "new" / "deeper").iterdir())) == 8


@pytest.mark.parametrize("target", ["export", "export.zip"])
def test_a_failure_leaves_nothing_that_looks_complete(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    real = exchange_csv.patient_batches

    def batches_then_full_disk(connection, **options):  # type: ignore[no-untyped-def]
        yield from real(connection, **options)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange_csv, "patient_batches", batches_then_full_disk)
    with pytest.raises(OSError, match="No space"):
        export_csv(demo_db, tmp_path / target, "tester")
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # no target, nothing staged
    with demo_db.engine.connect() as connection:
        actions = connection.execute(text("SELECT action FROM audit_event")).scalars().all()
    assert "export" not in actions  # an export that did not happen is not recorded


@pytest.mark.both_engines  # from a SQLite file or a clinic server
def test_an_export_is_in_the_audit_trail(demo_db: Database, tmp_path: Path) -> None:
    counts = export_csv(demo_db, tmp_path / "export.zip", "J. Reyes")
    with demo_db.engine.connect() as connection:
        row = connection.execute(text(
            "SELECT actor, action, entity, entity_id, patient_id, after FROM audit_event"
            " ORDER BY id DESC LIMIT 1"
        )).one()  # fmt: skip
    assert row[:5] == ("J. Reyes", "export", "practice", None, None)
    assert json.loads(row[5]) == {"format": "csv", "patients": 5, "visits": counts.visits}
    shown = audit_trail(demo_db).entries[0]  # as the audit trail window lists it
    assert (shown.what, shown.record, shown.patient) == (
        "Patients exported to a file",
        "The whole practice",
        "All patients",
    )
    assert [(c.label, c.after) for c in shown.changes] == [
        ("File format", "csv"),
        ("Patients", "5"),
        ("Visits", str(counts.visits)),
    ]


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "h.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    assert main(["--db", db, "export", "--format", "csv", "-o", str(tmp_path / "out")]) == 0
    assert "Exported 5 patients" in capsys.readouterr().out
    assert first_row(tmp_path / "out", "patients.csv", chart_number="R-003") == 4
    assert main(["--db", db, "export", "--format", "csv", "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("holdfast: ") and "is not empty" in err and "Traceback" not in err


def _leaves(spec: Obj, at: tuple[str, ...] = ()) -> dict[tuple[str, ...], Spec]:
    """Every value of an object of the format by its path; a list of objects (a table of its
    own) as the list's path."""
    found: dict[tuple[str, ...], Spec] = {}
    for name, key in spec.keys.items():
        inner = key.spec
        while isinstance(inner, Nullable | FalseOr):
            inner = inner.spec
        if isinstance(inner, Obj):
            found.update(_leaves(inner, (*at, name)))
        else:
            found[(*at, name)] = inner
    return found


def test_every_key_of_the_format_has_a_column() -> None:
    # A field added to the exchange format without a column would vanish in a round trip.
    def paths(table: Table) -> set[tuple[str, ...]]:
        return {column.path for column in table.columns if column.path is not None}

    patient = _leaves(PATIENT)
    assert set(patient) - {("visits",)} == paths(PATIENTS)
    visit = {path: spec for path, spec in _leaves(VISIT).items() if path not in NOT_IN_CSV}
    parts = {path for path, spec in visit.items() if isinstance(spec, ListOf)
             and isinstance(spec.item, Obj)}  # fmt: skip
    assert set(visit) - parts == paths(VISITS)
    assert parts == {table.part_of_visit for table in PARTS}
    for table in PARTS:
        listed = visit[table.part_of_visit or ()]
        assert isinstance(listed, ListOf) and isinstance(listed.item, Obj)
        assert set(_leaves(listed.item)) == paths(table), table.file


def test_a_read_only_database_still_exports(
    demo_db: Database, db_path: Path, tmp_path: Path
) -> None:
    # It can record nothing, so the export has no event; the export itself is a read.
    before = _events(demo_db)
    reader = read_only_database(db_path, "opened read-only for the test")
    try:
        assert export_csv(reader, tmp_path / "export", "tester").patients == 5
    finally:
        reader.close()
    assert len(read_table(tmp_path / "export", "patients.csv")) == 6
    assert _events(demo_db) == before


def _events(db: Database) -> int:
    with db.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM audit_event")).scalar_one())
