"""File ▸ Export… and File ▸ Import…, driven through the dialog's own widgets: the format's
radio button, the path field, the Export/Import, Cancel and Close buttons."""

from __future__ import annotations

import csv
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from models import exchange_import
from models.database import Database, open_database
from models.exchange_audit import Written
from models.services.exchange import write_export
from tests.exchange_gui import click, close, fill_in, open_from_menu, pick, window_for
from tests.fhir_checks import counts
from ui import exchange_dialog
from ui.actions.data import open_exchange
from ui.background import BackgroundRunner
from ui.context import AppContext
from ui.exchange_dialog import ExchangeDialog
from ui.exchange_formats import EXPORT, IMPORT, REFUSED, Throttled, summary
from ui.main_window import MainWindow

NAMES = {"json": "practice.json", "fhir": "practice-fhir.json", "csv-folder": "tables",
         "csv-zip": "tables.zip"}  # fmt: skip


@pytest.fixture
def other_db(tmp_path: Path) -> Iterator[Database]:
    """A second, empty practice to import into."""
    database = open_database(tmp_path / "other" / "holdfast.sqlite3")
    yield database
    database.close()


def exchange_through_menu(
    qtbot: QtBot, window: MainWindow, direction: str, key: str, path: Path
) -> str:
    """Export or import through the dialog; returns what it said at the end, and closes it."""
    dialog = open_from_menu(window, "Export…" if direction == EXPORT else "Import…")
    fill_in(qtbot, dialog, key, path)
    click(qtbot, dialog.start_button)
    said = dialog.status.text()
    close(qtbot, dialog)
    return said


def patients_in(exported: Path, key: str) -> list[str]:
    """The chart numbers of an export, read back with the standard library only."""
    if key == "json":
        return [p["chart_number"] for p in json.loads(exported.read_text())["patients"]]
    if key == "fhir":
        bundle = json.loads(exported.read_text())
        assert bundle["resourceType"] == "Bundle"
        patients = [e["resource"] for e in bundle["entry"]]
        return [p["identifier"][0]["value"] for p in patients if p["resourceType"] == "Patient"]
    if key == "csv-folder":
        text = (exported / "patients.csv").read_text("utf-8-sig")
    else:
        with zipfile.ZipFile(exported) as archive:
            text = archive.read("patients.csv").decode("utf-8-sig")
    return [row["chart_number"] for row in csv.DictReader(io.StringIO(text))]


@pytest.mark.parametrize("key", NAMES)
def test_each_format_exports_the_practice_and_imports_it_back(
    qtbot: QtBot, demo_db: Database, other_db: Database, tmp_path: Path, key: str
) -> None:
    target = tmp_path / NAMES[key]
    said = exchange_through_menu(qtbot, window_for(qtbot, demo_db), EXPORT, key, target)
    assert said == f"Exported 5 patients (35 visits) to {NAMES[key]}"
    charts = ["R-001", "R-002", "R-003", "R-004", "R-005"]
    assert patients_in(target, key) == charts
    window = window_for(qtbot, other_db)
    assert window.patient_list.model.rowCount() == 0
    said = exchange_through_menu(qtbot, window, IMPORT, key, target)
    assert said == f"Imported 5 patients (35 visits) from {NAMES[key]}"
    model = window.patient_list.model
    qtbot.waitUntil(lambda: model.rowCount() == 5)  # the list refreshed itself
    assert sorted(model.data(model.index(row, 0)) for row in range(5)) == charts


def test_a_refused_import_shows_where_the_problems_are(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    bad = [
        {
            "chart_number": f"X-{n:02d}",
            "first_name": "A",
            "last_name": "B",
            "visits": [{"date": "2026-01-05", "adherence_pct": 120}],
        }
        for n in range(25)
    ]
    file = tmp_path / "refused.json"
    file.write_text(json.dumps({"format": "holdfast", "version": 1, "patients": bad}))
    dialog = open_from_menu(window_for(qtbot, db), "Import…")
    fill_in(qtbot, dialog, "json", file)
    click(qtbot, dialog.start_button)
    assert dialog.status.text() == REFUSED
    lines = dialog.details.toPlainText().splitlines()
    assert lines[0].startswith("refused.json:patients[0]:visits[0]:adherence_pct: must be")
    assert len(lines) == 20 + 3  # twenty problems, how many more, a blank line, the verdict
    assert lines[-3:] == ["… and 5 more", "", "Nothing was imported."]
    assert dialog.details.isVisible() and not dialog.bar.isVisible()
    close(qtbot, dialog)
    assert counts(db)["patient"] == 0


class Gate:
    """Holds the worker once `at` patients are done, until the test has clicked: a cancel
    that comes mid-way, every time."""

    def __init__(self, at: int) -> None:
        self.at, self.open = at, threading.Event()

    def throttled(self, report: object, total: int | None) -> Throttled:
        gate = self

        class Held(Throttled):
            def __call__(self, done: int) -> None:
                super().__call__(done)
                if done == gate.at:
                    gate.open.wait(10)

        return Held(report, total)  # type: ignore[arg-type]


def working_dialog(
    qtbot: QtBot, db: Database, direction: str, monkeypatch: pytest.MonkeyPatch, gate: Gate
) -> tuple[ExchangeDialog, BackgroundRunner, QWidget]:
    """The dialog over a window of its own (returned too: it must outlive the test), with
    the real worker thread."""
    monkeypatch.setattr(exchange_dialog, "Throttled", gate.throttled)
    monkeypatch.setattr(exchange_dialog.formats, "EVERY_S", 0.0)  # every patient reported
    runner, parent = BackgroundRunner(), QWidget()
    qtbot.addWidget(parent)
    dialog = open_exchange(AppContext(db, runner), parent, direction)
    return dialog, runner, parent


def test_cancel_mid_export_leaves_no_file(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate, folder = Gate(at=2), tmp_path / "out"
    folder.mkdir()
    dialog, runner, _parent = working_dialog(qtbot, demo_db, EXPORT, monkeypatch, gate)
    fill_in(qtbot, dialog, "csv-zip", folder / "tables.zip")
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: dialog.status.text() == "2 of 5 patients…")
    assert (dialog.bar.value(), dialog.bar.maximum()) == (2, 5)
    assert not dialog.start_button.isEnabled() and not dialog.path_field.isEnabled()
    click(qtbot, dialog.cancel_button)
    assert dialog.status.text() == "Cancelling…" and dialog.isVisible()
    gate.open.set()
    qtbot.waitUntil(lambda: dialog.status.text() == "Cancelled: nothing was exported.")
    assert runner.wait()
    assert list(folder.iterdir()) == []  # neither the zip nor its staging
    close(qtbot, dialog)


def test_cancel_mid_import_leaves_the_database_as_it_was(
    qtbot: QtBot,
    demo_db: Database,
    other_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = tmp_path / "practice.json"
    write_export(demo_db, file)
    monkeypatch.setattr(exchange_import, "BATCH", 1)  # rows written before the cancel
    before, gate = counts(other_db), Gate(at=3)
    dialog, runner, _parent = working_dialog(qtbot, other_db, IMPORT, monkeypatch, gate)
    fill_in(qtbot, dialog, "json", file)
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: dialog.status.text() == "3 of 5 patients…")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # cancels; the dialog stays to say so
    assert dialog.isVisible()
    gate.open.set()
    qtbot.waitUntil(lambda: dialog.status.text() == "Cancelled: nothing was imported.")
    assert runner.wait()
    assert counts(other_db) == before
    close(qtbot, dialog)


def test_choose_opens_the_right_chooser(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, ...]] = []

    def save(_parent: QWidget, _title: str, name: str, wanted: str) -> tuple[str, str]:
        asked.append((name, wanted))
        return str(tmp_path / "chosen.json"), wanted

    def folder(_parent: QWidget, _title: str, _start: str) -> str:
        asked.append(("folder",))
        return str(tmp_path / "tables")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder)
    dialog = open_from_menu(window_for(qtbot, db), "Export…")
    click(qtbot, dialog.choose_button)
    assert dialog.path_field.text() == str(tmp_path / "chosen.json")
    dialog.path_field.clear()
    pick(qtbot, dialog, "fhir")
    click(qtbot, dialog.choose_button)
    dialog.path_field.clear()
    pick(qtbot, dialog, "csv-folder")
    click(qtbot, dialog.choose_button)
    assert asked == [
        ("holdfast-export.json", "Holdfast JSON (*.json)"),
        ("holdfast-fhir.json", "FHIR bundle (*.json)"),
        ("folder",),
    ]
    assert dialog.path_field.text() == str(tmp_path / "tables")
    click(qtbot, dialog.cancel_button)  # not started: Cancel closes
    assert not dialog.isVisible()


def test_a_zip_gets_its_extension_an_empty_path_is_asked_for_a_full_folder_refused(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    window = window_for(qtbot, demo_db)
    dialog = open_from_menu(window, "Export…")
    click(qtbot, dialog.start_button)
    assert dialog.status.text() == "Choose the file first."
    fill_in(qtbot, dialog, "csv-zip", tmp_path / "tables")
    click(qtbot, dialog.start_button)
    assert dialog.status.text() == "Exported 5 patients (35 visits) to tables.zip"
    assert zipfile.is_zipfile(tmp_path / "tables.zip")
    close(qtbot, dialog)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    dialog = open_from_menu(window, "Export…")
    fill_in(qtbot, dialog, "csv-folder", tmp_path / "full")
    click(qtbot, dialog.start_button)
    assert dialog.status.text().endswith("is not empty: choose a new or empty folder, so the "
                                         "export does not mix with other files")  # fmt: skip
    close(qtbot, dialog)
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["notes.txt"]


def test_the_summary_counts_in_words() -> None:
    many = summary(EXPORT, Written(5000, 48210), Path("/x/practice.json"))
    assert many == "Exported 5,000 patients (48,210 visits) to practice.json"
    assert (
        summary(IMPORT, Written(1, 1), Path("a.json")) == "Imported 1 patient (1 visit) from a.json"
    )


def test_progress_is_passed_on_at_most_every_fifty_milliseconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = iter([10.0, 10.01, 10.049, 10.06, 10.2])
    monkeypatch.setattr(exchange_dialog.formats.time, "monotonic", lambda: next(now))
    passed: list[tuple[int, int | None]] = []
    progress = Throttled(lambda done, total: passed.append((done, total)), 9)
    for done in range(1, 6):
        progress(done)
    assert passed == [(1, 9), (4, 9), (5, 9)]
