"""The `holdfast` command line, run as a real subprocess where it matters."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.cli import main

pytestmark = pytest.mark.both_engines


def run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOLDFAST_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, env=env
    )


def test_demo_then_holds_shows_lost_early_held_later(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    assert run("demo", db=db).returncode == 0
    result = run("holds", "R-001", "--json", db=db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    verdicts = [i["verdict"] for i in data["intervals"]]
    assert verdicts == ["lost"] * 3 + ["held"] * 4
    assert data["held"] == 4 and data["assessable"] == 7
    assert set(data["intervals"][0]) >= {"from", "to", "verdict", "comparable", "dimensions"}
    first = data["intervals"][0]["dimensions"][0]
    assert set(first) == {
        "dimension", "post", "next_pre", "drift", "tolerance", "held", "retention"
    }  # fmt: skip
    text = run("holds", "R-001", db=db).stdout
    assert "LOST" in text and "HELD" in text


def test_cli_does_not_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from ui.cli import main; main(['--db', sys.argv[1], 'patients']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "h.sqlite3")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_import_error_is_one_line_per_problem_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "holdfast", "version": 1, "patients": [
        {"chart_number": "X-1", "first_name": "A", "last_name": "B",
         "visits": [{"date": "2026-01-05", "adherence_pct": 120}]},
    ]}))  # fmt: skip
    result = run("import", str(bad), db=tmp_path / "h.sqlite3")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "bad.json:patients[0]:visits[0]:adherence_pct: must be between 0 and 100 (got 120)"
    )
    assert "Traceback" not in result.stderr
    assert "No patients yet" in run("patients", db=tmp_path / "h.sqlite3").stdout


def test_export_import_round_trip_via_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    export_a, export_b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["--db", str(first), "demo"]) == 0
    assert main(["--db", str(first), "export", "-o", str(export_a)]) == 0
    assert main(["--db", str(second), "import", str(export_a)]) == 0
    assert main(["--db", str(second), "export", "-o", str(export_b)]) == 0
    assert export_a.read_text() == export_b.read_text()


def test_errors_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "h.sqlite3")
    assert main(["--db", db, "holds", "NOPE"]) == 1
    assert capsys.readouterr().err.strip() == "holdfast: no patient with chart number NOPE"
    with pytest.raises(SystemExit) as usage:
        main(["--db", db, "frobnicate"])
    assert usage.value.code == 2
    assert main(["--db", db, "check"]) == 0
    assert "OK" in capsys.readouterr().out


def test_patients_search_and_exercises(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "h.sqlite3")
    main(["--db", db, "demo"])
    capsys.readouterr()
    main(["--db", db, "patients", "--search", "lind"])
    out = capsys.readouterr().out
    assert "Lindqvist" in out and "Okafor" not in out
    main(["--db", db, "exercises", "--json"])
    exercises = json.loads(capsys.readouterr().out)
    assert len(exercises) >= 25 and {"slug", "name", "steps"} <= set(exercises[0])
