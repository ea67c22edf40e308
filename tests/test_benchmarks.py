"""The benchmark suite at a tiny scale (issue 11): the generator makes a valid practice with
the numbers asked for, and every figure of every `benchmarks/figures_*.py` module runs once
(correctness only: no timing is asserted)."""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import generate, suite
from benchmarks.practice_content import BUSY_VISITS, unique_word
from benchmarks.practice_spec import PracticeSpec
from benchmarks.suite_report import as_json, growth, write_json
from charting.holds import Verdict
from models.database import open_database
from models.services.holds import patient_course
from models.services.integrity import check_database
from ui.cli import main as holdfast

TINY = 30  # patients, the busy one included: 300 visits


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("bench-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOLDFAST_BENCH_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="module")
def tiny(cache: Path) -> tuple[PracticeSpec, Path]:
    spec = generate.spec_for(TINY)
    return spec, generate.cached_practice(spec)


@pytest.fixture
def practice(tiny: tuple[PracticeSpec, Path], tmp_path: Path) -> suite.Practice:
    spec, cached = tiny
    path = tmp_path / "practice.sqlite3"
    generate.copy_to(cached, path)
    return suite.Practice(path, spec.patients, spec.visits, spec.busy_patient_id)


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        one = lambda sql: int(connection.execute(sql).fetchone()[0])  # noqa: E731
        return {
            "patients": one("SELECT count(*) FROM patient"),
            "visits": one("SELECT count(*) FROM visit"),
            "signed": one("SELECT count(*) FROM visit WHERE status = 'signed'"),
            "drafts": one("SELECT count(*) FROM visit WHERE status = 'draft'"),
            "sign events": one("SELECT count(*) FROM audit_event WHERE action = 'sign'"),
            "addenda": one("SELECT count(*) FROM addendum"),
            "indexed": one("SELECT count(*) FROM visit_search"),
            **{
                table: one(f"SELECT count(*) FROM {table}")
                for table in ("reading", "complaint", "muscle_finding", "plan_item",
                              "outcome_score")
            },
        }  # fmt: skip


def test_a_generated_practice_passes_holdfast_check(practice: suite.Practice) -> None:
    assert holdfast(["--db", str(practice.path), "check"]) == 0
    db = open_database(practice.path)
    try:
        report = check_database(db)
        assert report.ok and report.tamper is not None and report.tamper.ok
        assert report.tamper.signed_visits == _counts(practice.path)["signed"]
    finally:
        db.close()


def test_a_generated_practice_holds_the_numbers_asked(practice: suite.Practice) -> None:
    counts = _counts(practice.path)
    assert counts["patients"] == TINY and counts["visits"] == 10 * TINY
    assert counts["indexed"] == counts["visits"]
    assert counts["sign events"] == counts["signed"] and counts["drafts"] > 0
    assert counts["addenda"] > 0 and counts["reading"] > counts["visits"]
    assert all(counts[t] > 0 for t in ("complaint", "muscle_finding", "plan_item"))
    assert counts["outcome_score"] > 0
    with sqlite3.connect(practice.path) as connection:
        busy = connection.execute(
            "SELECT count(*) FROM visit WHERE patient_id = ?", (practice.busy_patient_id,)
        ).fetchone()[0]
        word = unique_word(practice.busy_patient_id)
        found = connection.execute(
            "SELECT DISTINCT v.patient_id FROM visit_search s JOIN visit v ON v.id = s.rowid"
            " WHERE visit_search MATCH ?",
            (word,),
        ).fetchall()
    assert busy == BUSY_VISITS and found == [(practice.busy_patient_id,)]


def test_hold_analysis_of_a_generated_practice_gives_every_verdict(
    practice: suite.Practice,
) -> None:
    db = open_database(practice.path)
    try:
        verdicts = Counter(
            interval.verdict
            for patient in range(1, TINY + 1)
            for interval in patient_course(db, patient).course.intervals
        )
    finally:
        db.close()
    assert verdicts[Verdict.HELD] and verdicts[Verdict.LOST] and verdicts[Verdict.NOT_ASSESSABLE]


def test_signed_visits_of_a_generated_practice_stay_locked(practice: suite.Practice) -> None:
    with sqlite3.connect(practice.path) as connection, pytest.raises(sqlite3.DatabaseError):
        connection.execute("UPDATE visit SET subjective = 'changed' WHERE status = 'signed'")


def _same_rows(one: Path, other: Path) -> None:
    for table in ("patient", "visit", "reading", "plan_item", "addendum", "audit_event"):
        sql = f"SELECT * FROM {table} ORDER BY id"
        with sqlite3.connect(one) as a, sqlite3.connect(other) as b:
            assert a.execute(sql).fetchall() == b.execute(sql).fetchall(), table


def test_generation_is_deterministic_and_cached(
    tiny: tuple[PracticeSpec, Path], tmp_path: Path
) -> None:
    spec, cached = tiny
    generate.build(tmp_path / "again.sqlite3", spec)
    _same_rows(cached, tmp_path / "again.sqlite3")
    modified = cached.stat().st_mtime_ns
    assert generate.cached_practice(spec) == cached and cached.stat().st_mtime_ns == modified
    assert generate.fingerprint() in cached.name  # a schema change builds afresh


def test_rows_built_in_worker_processes_are_the_same(
    tiny: tuple[PracticeSpec, Path], tmp_path: Path
) -> None:
    spec, _cached = tiny
    generate.build(tmp_path / "here.sqlite3", spec, workers=0, chunk=8)
    generate.build(tmp_path / "workers.sqlite3", spec, workers=1, chunk=8)
    _same_rows(tmp_path / "here.sqlite3", tmp_path / "workers.sqlite3")
    assert holdfast(["--db", str(tmp_path / "workers.sqlite3"), "check"]) == 0  # chained across


@pytest.fixture
def windows_closed_after() -> Iterator[None]:
    """The figures of the GUI thread show real windows (a chart, the dashboard) and leave
    them for the next run; in the test process they are closed after the run: a window
    left showing would keep a later test's app from ending when its main window closes."""
    from PySide6.QtWidgets import QApplication

    before = set(QApplication.topLevelWidgets())
    yield
    for widget in set(QApplication.topLevelWidgets()) - before:
        widget.close()  # hidden, not deleted: a figure's closures still hold it


def test_every_figure_runs_once_and_its_results_are_well_formed(
    cache: Path, tiny: tuple[PracticeSpec, Path], tmp_path: Path, windows_closed_after: None
) -> None:
    modules = suite.figure_modules()
    assert "benchmarks.figures_core" in modules
    results = []
    for name in modules:
        with suite.practice_copy(TINY) as practice:
            measured = suite.run_module(name, practice, repeat=1, strict=True)
        assert measured, f"{name} has no figures"
        results.extend(measured)
    for result in results:
        assert result.error is None and result.value is not None and math.isfinite(result.value)
        assert result.value >= 0 and (result.floor is None or result.floor >= 0)
    assert len({r.key for r in results}) == len(results), "a figure key is used twice"
    written = tmp_path / "results.json"
    write_json(results, written)
    document = json.loads(written.read_text(encoding="utf-8"))
    assert list(document) == [r.key for r in results]
    for result in results:
        unit = "mb" if result.unit == "MB" else "s"
        entry = document[result.key]
        assert set(entry) == {f"value_{unit}", f"floor_{unit}", "ratio", "target", "meets"}
        assert isinstance(entry["meets"], bool) and isinstance(entry["target"], str)
        assert entry == as_json(result)


def test_growth_is_stated_from_the_numbers() -> None:
    assert growth({1000: 0.050, 5000: 0.052, 20000: 0.049}).startswith("flat")
    linear = growth({1000: 0.1, 5000: 0.5, 20000: 2.0})
    assert linear.startswith("linear") and "+100.00 ms per 1,000 patients" in linear
    logarithmic = growth({1000: 0.010, 4000: 0.030, 16000: 0.050})
    assert logarithmic.startswith("logarithmic") and "+10.0 ms per doubling" in logarithmic


def test_work_and_floor_run_interleaved_each_after_its_setup() -> None:
    calls: list[str] = []
    figure = suite.Figure(
        "example", "an example", "<= 2x floor",
        work=lambda: calls.append("work") or 3.0, floor=lambda: calls.append("floor") or 1.0,
        meets=lambda value, floor: floor is not None and value <= 2 * floor,
        setup=lambda: calls.append("setup"), repeat=3, unit="MB", measured=True,
    )  # fmt: skip
    result = suite.measure(figure)
    assert calls == ["setup", "work", "setup", "floor"] * 3
    assert (result.value, result.floor, result.ratio, result.met) == (3.0, 1.0, 3.0, False)
    assert as_json(result) == {
        "value_mb": 3.0, "floor_mb": 1.0, "ratio": 3.0, "target": "<= 2x floor", "meets": False
    }  # fmt: skip


def test_a_figures_module_that_fails_is_a_failed_row_not_a_stopped_run(
    practice: suite.Practice,
) -> None:
    [row] = suite.run_module("benchmarks.figures_not_there", practice)
    assert row.error is not None and "ModuleNotFoundError" in row.error and not row.met
    with pytest.raises(ModuleNotFoundError):
        suite.run_module("benchmarks.figures_not_there", practice, strict=True)
