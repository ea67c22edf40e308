"""`holdfast report`: the file written, and errors that say what to type instead."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.database import Database
from reports.cli import write_report
from tests.servers import cli_target
from ui.cli import main

pytestmark = pytest.mark.both_engines


def test_write_report_for_a_visit_date(demo_db: Database, tmp_path: Path):
    path = write_report(demo_db, "R-001", "visit", "2026-03-09", tmp_path / "a" / "visit.pdf")
    assert path == tmp_path / "a" / "visit.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages)
    assert "Monday 9 March 2026" in text
    assert not list(path.parent.glob("*.part"))


def test_unknown_visit_date_lists_the_visits(demo_db: Database, tmp_path: Path):
    with pytest.raises(LookupError) as caught:
        write_report(demo_db, "R-001", "handout", "2026-03-05", tmp_path / "x.pdf")
    assert caught.value.args[0] == (
        "no visit on 2026-03-05 for R-001; visits: 2026-03-02, 2026-03-09, 2026-03-16, "
        "2026-03-23, 2026-03-30, 2026-04-06, 2026-04-13, 2026-04-20"
    )
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("chart", "kind", "visit", "message"),
    [
        ("R-001", "letter", None, "report kind must be one of handout, visit, progress"),
        ("R-001", "visit", "9/3/2026", "visit date must look like 2026-03-09"),
        ("R-999", "visit", None, "no patient with chart number R-999"),
    ],
)
def test_clear_errors(demo_db: Database, tmp_path: Path, chart, kind, visit, message):
    with pytest.raises((LookupError, ValueError), match=message):
        write_report(demo_db, chart, kind, visit, tmp_path / "x.pdf")


def test_command_line(demo_db: Database, tmp_path: Path, capsys):
    demo_db.close()
    output = tmp_path / "progress.pdf"
    args = [*cli_target(demo_db), "report", "R-002", "--kind", "progress", "-o", str(output)]
    assert main(args) == 0
    assert output.read_bytes().startswith(b"%PDF-")
    assert f"Wrote {output}" in capsys.readouterr().out
    bad = [*cli_target(demo_db), "report", "R-002", "--kind", "visit", "--visit", "2020-01-01",
           "-o", str(output)]  # fmt: skip
    assert main(bad) == 1
    assert "no visit on 2020-01-01 for R-002; visits: " in capsys.readouterr().err


def test_photos_are_printed_when_asked_on_the_command_line(db: Database, tmp_path: Path, capsys):
    from tests.photo_charts import photographed_patient

    photographed_patient(db)
    db.close()
    output = tmp_path / "progress.pdf"
    base = [*cli_target(db), "report", "P-100", "-o", str(output)]
    assert main([*base, "--kind", "progress", "--photos"]) == 0
    reader = PdfReader(BytesIO(output.read_bytes()))
    assert sum(len(page.images) for page in reader.pages) >= 2
    assert "Photos: first and latest" in " ".join(p.extract_text() for p in reader.pages)
    assert main([*base, "--kind", "progress"]) == 0
    assert sum(len(p.images) for p in PdfReader(BytesIO(output.read_bytes())).pages) == 0
    capsys.readouterr()
    assert main([*base, "--kind", "visit", "--photos"]) == 1
    assert "--photos: only a handout or progress prints photos" in capsys.readouterr().err
