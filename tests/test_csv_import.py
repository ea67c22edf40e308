"""`holdfast import --format csv`: the tables back, through the JSON import's own checks,
all-or-nothing, every problem at its `file:row:column`."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from models import exchange_import
from models.database import Database, open_database
from models.exchange_csv_cells import neutralised, restored
from models.exchange_read import ImportFailed
from models.services.demo import load_demo
from models.services.exchange import export_document
from models.services.exchange_csv import export_csv, import_csv
from tests.csv_tables import (
    LONGEST_NOTE,
    database_state,
    edit_cell,
    first_row,
    load_hostile,
    read_table,
    write_table,
)
from ui.cli import main

FORMULA_STARTS = "=+-@\t\r"


@pytest.fixture
def other(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "other.sqlite3")
    yield database  # type: ignore[misc]
    database.close()


@pytest.fixture
def tables(demo_db: Database, tmp_path: Path) -> Path:
    """The demo practice exported as a folder of tables."""
    folder = tmp_path / "tables"
    export_csv(demo_db, folder, "tester")
    return folder


# -- the round trip -------------------------------------------------------------------------


@pytest.mark.both_engines  # exported from a SQLite file or a clinic server
def test_round_trip_gives_back_the_same_practice(
    demo_db: Database, other: Database, tables: Path
) -> None:
    assert import_csv(other, tables, "tester") == 5
    assert export_document(other) == export_document(demo_db)


@pytest.mark.both_engines  # imported into a SQLite file or a clinic server
def test_a_running_goal_comes_back_and_a_table_from_before_goals_imports_without_them(
    other: Database, tables: Path, tmp_path: Path
) -> None:
    edit_cell(tables, "patients.csv", first_row(tables, "patients.csv", chart_number="R-004"),
              "running_goal_km", "42.5")  # fmt: skip
    import_csv(other, tables, "tester")
    goals = {p["chart_number"]: p["running_goal_km"] for p in export_document(other)["patients"]}
    assert goals == {"R-001": 40.0, "R-002": 60.0, "R-003": 40.0, "R-004": 42.5, "R-005": None}
    older = tmp_path / "older"
    shutil.copytree(tables, older)
    rows = read_table(older, "patients.csv")
    at = rows[0].index("running_goal_km")
    write_table(older, "patients.csv", [row[:at] + row[at + 1 :] for row in rows])
    third = open_database(tmp_path / "third.sqlite3")
    try:
        assert import_csv(third, older, "tester") == 5
        assert all(p["running_goal_km"] is None for p in export_document(third)["patients"])
    finally:
        third.close()


def test_import_into_either_engine_all_or_nothing(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = open_database(tmp_path / "source.sqlite3")
    load_demo(source)
    export_csv(source, tmp_path / "tables", "tester")
    expected = export_document(source)
    source.close()
    monkeypatch.setattr(exchange_import, "BATCH", 1)  # patients before the problem are written
    row = first_row(tmp_path / "tables", "plan.csv", chart_number="R-005")
    plan = read_table(tmp_path / "tables", "plan.csv")
    sets = plan[row - 1][plan[0].index("sets")]
    edit_cell(tmp_path / "tables", "plan.csv", row, "sets", "many")
    before = database_state(db)
    with pytest.raises(ImportFailed) as failure:
        import_csv(db, tmp_path / "tables", "tester")
    assert failure.value.errors == [f"plan.csv:{row}:sets: must be a number (got text)"]
    assert database_state(db) == before
    edit_cell(tmp_path / "tables", "plan.csv", row, "sets", sets)
    row = first_row(tmp_path / "tables", "readings.csv", chart_number="R-005")
    edit_cell(tmp_path / "tables", "readings.csv", row, "visit_of_day", "2")
    with pytest.raises(ImportFailed) as failure:
        import_csv(db, tmp_path / "tables", "tester")
    assert failure.value.errors[0].startswith(f"readings.csv:{row}:visit_date: matches no visit")
    assert database_state(db) == before
    edit_cell(tmp_path / "tables", "readings.csv", row, "visit_of_day", "1")
    assert import_csv(db, tmp_path / "tables", "tester") == 5
    assert export_document(db) == expected


def test_round_trip_keeps_formula_text_apostrophes_and_same_day_visits(
    db: Database, other: Database, tmp_path: Path
) -> None:
    original = load_hostile(db)
    export_csv(db, tmp_path / "export.zip", "tester")
    import_csv(other, tmp_path / "export.zip", "tester")
    assert export_document(other) == original
    patient = original["patients"][0]
    assert patient["phone"] == "'=1+1" and patient["notes"] == "\tx"  # as imported, not cut
    assert [v["date"] for v in patient["visits"][:2]] == ["2026-03-02"] * 2
    assert patient["visits"][0]["note"]["plan"] == LONGEST_NOTE


def test_a_zipped_export_folder_imports(
    demo_db: Database, other: Database, tables: Path, tmp_path: Path
) -> None:
    # What "compress this folder" makes: the files inside one folder of the zip.
    with zipfile.ZipFile(tmp_path / "zipped.zip", "w") as archive:
        for file in tables.iterdir():
            archive.write(file, f"tables/{file.name}")
    import_csv(other, tmp_path / "zipped.zip", "tester")
    assert export_document(other) == export_document(demo_db)


def test_rows_in_any_order_and_a_spreadsheets_habits_import_the_same(
    demo_db: Database, other: Database, tables: Path
) -> None:
    rows = read_table(tables, "visits.csv")  # sorted by kind: dates and patients mixed
    write_table(tables, "visits.csv", [rows[0], *sorted(rows[1:], key=lambda row: row[3])])
    for file in ("readings.csv", "plan.csv"):  # by date: patients mixed, a visit's order kept
        rows = read_table(tables, file)
        write_table(tables, file, [rows[0], *sorted(rows[1:], key=lambda row: row[1])])
    rows = read_table(tables, "patients.csv")
    archived = rows[0].index("archived")
    write_table(
        tables,
        "patients.csv",
        [rows[0], *([*row[:archived], row[archived].upper()] for row in rows[1:])],
    )
    raw = (tables / "complaints.csv").read_bytes()
    (tables / "complaints.csv").write_bytes(
        raw.removeprefix(b"\xef\xbb\xbf") + b"\r\n"
    )  # no BOM, a blank row
    import_csv(other, tables, "tester")
    assert export_document(other) == export_document(demo_db)


# Any text, and text made of the characters that matter here (which random text seldom is).
@given(st.one_of(st.text(), st.text(alphabet="'=+-@\t\rx")))
def test_neutralising_is_undone_exactly(value: str) -> None:
    cell = neutralised(value)
    assert restored(cell) == value
    assert not cell.startswith(tuple(FORMULA_STARTS))


@pytest.mark.parametrize(
    ("cell", "value"),
    [("'=x", "=x"), ("''=x", "'=x"), ("'''@x", "''@x"), ("'x", "'x"), ("'", "'"), ("''", "''"),
     ("'\t", "\t"), ("x'=", "x'="), ("", "")],
)  # fmt: skip
def test_one_apostrophe_comes_off_only_ahead_of_formula_text(cell: str, value: str) -> None:
    assert restored(cell) == value


# -- audit ----------------------------------------------------------------------------------


def test_an_import_is_in_the_audit_trail(other: Database, tables: Path) -> None:
    import_csv(other, tables, "J. Reyes")
    with other.engine.connect() as connection:
        events = connection.execute(text(
            "SELECT actor, action, entity, entity_id, patient_id, after FROM audit_event"
            " ORDER BY id"
        )).all()  # fmt: skip
        visits = connection.execute(text("SELECT count(*) FROM visit")).scalar_one()
    last = events[-1]
    assert last[:5] == ("J. Reyes", "import", "practice", None, None)
    assert json.loads(last[5]) == {"format": "csv", "patients": 5, "visits": visits}
    # Like a JSON import, each patient and visit has its own event too.
    assert sum(1 for e in events if e[1:3] == ("import", "patient")) == 5
    assert sum(1 for e in events if e[1:3] == ("import", "visit")) == visits


# -- problems: located, and nothing imported ------------------------------------------------

Edit = Callable[[Path], str]  # changes the tables; returns the line the import must report


def _cell(file: str, column: str, cell: str, **where: str) -> Edit:
    def edit(folder: Path) -> str:
        row = first_row(folder, file, **where) if where else 2
        edit_cell(folder, file, row, column, cell)
        return f"{file}:{row}:{column}: "

    return edit


def _missing(folder: Path) -> str:
    (folder / "plan.csv").unlink()
    return "plan.csv: is missing"


def _renamed_column(folder: Path) -> str:
    edit_cell(folder, "patients.csv", 1, "sex", "gender")
    return "patients.csv:1: unknown column 'gender'"


def _column_gone(folder: Path) -> str:
    rows = read_table(folder, "readings.csv")
    write_table(folder, "readings.csv", [row[:-1] for row in rows])
    return "readings.csv:1:obliquity: is missing from the header"


def _column_twice(folder: Path) -> str:
    edit_cell(folder, "findings.csv", 1, "evidence", "muscle")
    return "findings.csv:1:muscle: appears twice in the header"


def _short_row(folder: Path) -> str:
    rows = read_table(folder, "complaints.csv")
    rows[3] = rows[3][:-1]
    write_table(folder, "complaints.csv", rows)
    return "complaints.csv:4: has 6 cells where the header has 7"


def _not_utf8(folder: Path) -> str:
    raw = (folder / "patients.csv").read_bytes().replace(b"Okafor", b"Ok\xffafor")
    (folder / "patients.csv").write_bytes(raw)
    return "patients.csv:2:last_name: is not UTF-8 text"


def _not_csv(folder: Path) -> str:
    with (folder / "addenda.csv").open("ab") as handle:
        handle.write(b'R-001,2026-03-09,1,"never closed\r\n')
    return "addenda.csv:3: is not a CSV row"


def _cell_too_long(folder: Path) -> str:
    edit_cell(folder, "visits.csv", 3, "objective", "x" * 200_000)  # the format allows 100,000
    return "visits.csv:3: is not a CSV row (field larger than field limit"


def _empty(folder: Path) -> str:
    (folder / "outcomes.csv").write_bytes(b"")
    return "outcomes.csv: is empty"


def _no_such_patient(folder: Path) -> str:
    row = first_row(folder, "findings.csv", chart_number="R-004")
    edit_cell(folder, "findings.csv", row, "chart_number", "R-404")
    return f"findings.csv:{row}:chart_number: matches no patient's chart_number in patients.csv"


def _no_such_visit(folder: Path) -> str:
    row = first_row(folder, "plan.csv", chart_number="R-005")
    edit_cell(folder, "plan.csv", row, "visit_date", "1999-01-01")
    return f"plan.csv:{row}:visit_date: matches no visit in visits.csv"


def _same_visit_twice(folder: Path) -> str:
    row = first_row(folder, "visits.csv", chart_number="R-002") + 1
    rows = read_table(folder, "visits.csv")
    edit_cell(folder, "visits.csv", row, "visit_date", rows[row - 2][rows[0].index("visit_date")])
    return f"visits.csv:{row}:visit_of_day: is the same as row {row - 1}'s"


def _chart_twice(folder: Path) -> str:
    edit_cell(folder, "patients.csv", 3, "chart_number", "R-001")
    return "patients.csv:3:chart_number: is used by row 2 too"


def _signature_broken(folder: Path) -> str:
    row = first_row(folder, "visits.csv", chart_number="R-001")
    edit_cell(folder, "visits.csv", row, "subjective", "Changed after signing.")
    return f"visits.csv:{row}:content_hash: does not match the signed visit's content"


def _addendum_on_a_draft(folder: Path) -> str:
    rows = read_table(folder, "visits.csv")
    header = rows[0]
    draft = next(r for r in rows[1:] if r[header.index("signed_at")] == "")
    key = [draft[header.index(name)] for name in ("chart_number", "visit_date", "visit_of_day")]
    addenda = read_table(folder, "addenda.csv")
    addenda[1][:3] = key
    write_table(folder, "addenda.csv", addenda)
    return "addenda.csv:2: only a signed visit can have addenda"


PROBLEMS: dict[str, Edit] = {
    "missing file": _missing,
    "unknown column": _renamed_column,
    "missing column": _column_gone,
    "column twice": _column_twice,
    "short row": _short_row,
    "not UTF-8": _not_utf8,
    "not CSV": _not_csv,
    "cell too long": _cell_too_long,
    "empty file": _empty,
    "no such patient": _no_such_patient,
    "no such visit": _no_such_visit,
    "same visit twice": _same_visit_twice,
    "chart number twice": _chart_twice,
    "visit_of_day not whole": _cell("readings.csv", "visit_of_day", "1.5"),
    "number not a number": _cell("readings.csv", "left_tilt_deg", "abc", chart_number="R-003"),
    "number with a comma": _cell("complaints.csv", "pain", "5,5"),
    "number out of range": _cell("readings.csv", "left_tilt_deg", "60"),
    "flag not a flag": _cell("complaints.csv", "carried_over", "yes"),
    "running goal out of range": _cell("patients.csv", "running_goal_km", "500"),
    "running goal not a number": _cell("patients.csv", "running_goal_km", "forty"),
    "date not ISO": _cell("patients.csv", "date_of_birth", "14/05/1991"),
    "time not ISO": _cell("addenda.csv", "added_at", "2026-03-09 20:15"),
    "required left empty": _cell("visits.csv", "signed_at", ""),
    "item answer not a number": _cell("outcomes.csv", "items", '[1, "x"]'),
    "word not in the vocabulary": _cell("findings.csv", "state", "'=tight"),
    "unknown exercise": _cell(
        "plan.csv", "exercise", "moonwalk", chart_number="R-004", visit_date="2026-06-01"
    ),
    "signature broken": _signature_broken,
    "addendum on a draft": _addendum_on_a_draft,
}
MESSAGES = {  # what follows the location, where it is the format's own check
    "visit_of_day not whole": "must be a whole number from 1",
    "number not a number": "must be a number (got text)",
    "number with a comma": "must be a number (got text)",
    "number out of range": "must be between -30 and +45 degrees",
    "flag not a flag": "must be true or false (got text)",
    "running goal out of range": "must be between 0 and 400 km/week (got 500)",
    "running goal not a number": "must be a number (got text)",
    "date not ISO": "must be a date like 2026-03-14",
    "time not ISO": "must be a date and time like 2026-03-14T18:00:00",
    "required left empty": "is required",
    "item answer not a number": "",
    "word not in the vocabulary": "",
    "unknown exercise": "unknown exercise 'moonwalk'",
}


@pytest.mark.parametrize("problem", list(PROBLEMS))
def test_each_problem_is_located_and_nothing_is_imported(
    other: Database, tables: Path, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exchange_import, "BATCH", 1)  # patients before the problem are written
    expected = PROBLEMS[problem](tables) + MESSAGES.get(problem, "")
    if problem == "item answer not a number":
        expected = expected.replace(":items: ", ":items[1]: must be a number")
    before = database_state(other)
    with pytest.raises(ImportFailed) as failure:
        import_csv(other, tables, "tester")
    assert failure.value.errors[0].startswith(expected), failure.value.errors
    assert database_state(other) == before


def test_rows_are_counted_as_a_spreadsheet_counts_them(other: Database, tables: Path) -> None:
    # A note with line breaks is one row over several lines: the rows after it keep their number.
    edit_cell(tables, "visits.csv", 2, "objective", "one\r\ntwo\r\nthree")
    row = first_row(tables, "visits.csv", chart_number="R-002")
    edit_cell(tables, "visits.csv", row, "adherence_pct", "120")
    with pytest.raises(ImportFailed) as failure:
        import_csv(other, tables, "tester")
    assert failure.value.errors == [
        f"visits.csv:{row}:adherence_pct: must be between 0 and 100 (got 120)"
    ]


def test_every_problem_is_listed(other: Database, tables: Path) -> None:
    _cell("readings.csv", "left_tilt_deg", "abc")(tables)
    _cell("plan.csv", "sets", "x", chart_number="R-005")(tables)
    with pytest.raises(ImportFailed) as failure:
        import_csv(other, tables, "tester")
    assert [line.split(": ")[0] for line in failure.value.errors] == [
        "readings.csv:2:left_tilt_deg",
        f"plan.csv:{first_row(tables, 'plan.csv', chart_number='R-005')}:sets",
    ]


def test_a_chart_number_already_taken_is_located(demo_db: Database, tables: Path) -> None:
    before = database_state(demo_db)
    with pytest.raises(ImportFailed) as failure:
        import_csv(demo_db, tables, "tester")
    assert failure.value.errors[0].startswith("patients.csv:2:chart_number: ")
    assert len(failure.value.errors) == 5
    assert database_state(demo_db) == before


def test_what_is_not_a_folder_or_zip(other: Database, tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("chart_number\n")
    with pytest.raises(ImportFailed) as failure:
        import_csv(other, tmp_path / "x.csv", "tester")
    assert failure.value.errors == ["x.csv: is neither a folder nor a zip file"]
    with pytest.raises(FileNotFoundError):
        import_csv(other, tmp_path / "nowhere", "tester")


def test_the_command_line_reports_lines_without_patient_data(
    tmp_path: Path, tables: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "cli.sqlite3")
    shutil.copytree(tables, tmp_path / "good")
    edit_cell(tables, "patients.csv", 2, "date_of_birth", "not a date")
    edit_cell(tables, "readings.csv", 2, "left_tilt_deg", "Maya")
    assert main(["--db", db, "import", "--format", "csv", str(tables)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "patients.csv:2:date_of_birth: must be a date like 2026-03-14 (got 'not a date')",
        "readings.csv:2:left_tilt_deg: must be a number (got text)",
        "Nothing was imported.",
    ]
    assert main(["--db", db, "import", "--format", "csv", str(tmp_path / "good")]) == 0
    assert capsys.readouterr().out == "Imported 5 patients from good\n"
