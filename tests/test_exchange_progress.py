"""The exports and imports of every format count their patients for a progress bar and stop
when cancelled, leaving nothing behind: no file, no staging folder, no row, no audit event.
Without the hooks they write what they always wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from models import exchange_count, exchange_import
from models.database import Database, open_database
from models.exchange_audit import Written
from models.exchange_count import file_patients, stored_patients
from models.exchange_progress import CancelCheck, CancelFlag, Cancelled, Progress
from models.services.exchange import import_counted, write_export
from models.services.exchange_csv import export_csv, import_csv_counted
from models.services.fhir import import_fhir_file, write_fhir_export
from tests.fhir_checks import counts

pytestmark = pytest.mark.both_engines

Export = Callable[[Database, Path, Progress | None, CancelCheck | None], Written]
Import = Callable[[Database, Path, Progress | None, CancelCheck | None], Written]


def _csv_export(db: Database, path: Path, p: Progress | None, c: CancelCheck | None) -> Written:
    done = export_csv(db, path, "tester", p, c)
    return Written(done.patients, done.visits)


EXPORTS: dict[str, tuple[str, Export]] = {
    "json": ("practice.json", lambda db, path, p, c: write_export(db, path, "tester", p, c)),
    "fhir": (
        "practice-fhir.json",
        lambda db, path, p, c: write_fhir_export(db, path, "tester", None, None, p, c),
    ),
    "csv": ("tables", _csv_export),
    "csv-zip": ("tables.zip", _csv_export),
}
IMPORTS: dict[str, Import] = {
    "json": lambda db, path, p, c: import_counted(db, path, "tester", p, c),
    "fhir": lambda db, path, p, c: import_fhir_file(db, path, "tester", p, c),
    "csv": lambda db, path, p, c: import_csv_counted(db, path, "tester", p, c),
    "csv-zip": lambda db, path, p, c: import_csv_counted(db, path, "tester", p, c),
}
KIND = {"json": "json", "fhir": "fhir", "csv": "csv", "csv-zip": "csv"}


def exported(db: Database, key: str, folder: Path) -> Path:
    name, export = EXPORTS[key]
    export(db, folder / name, None, None)
    return folder / name


def cancel_after(patients: int) -> tuple[list[int], CancelFlag, Progress]:
    """A progress hook that cancels once `patients` are done, the reports it got, its flag."""
    seen, flag = [], CancelFlag()

    def progress(done: int) -> None:
        seen.append(done)
        if done >= patients:
            flag.cancel()

    return seen, flag, progress


def everything_in(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.mark.parametrize("key", EXPORTS)
def test_each_export_reports_every_patient_done(
    demo_db: Database, tmp_path: Path, key: str
) -> None:
    seen: list[int] = []
    name, export = EXPORTS[key]
    written = export(demo_db, tmp_path / name, seen.append, CancelFlag())
    assert seen == [1, 2, 3, 4, 5]
    assert (written.patients, written.visits) == (5, 35)


@pytest.mark.parametrize("key", EXPORTS)
def test_a_cancelled_export_leaves_no_file_and_no_event(
    demo_db: Database, tmp_path: Path, key: str
) -> None:
    before, rows = everything_in(tmp_path), counts(demo_db)
    seen, flag, progress = cancel_after(2)
    name, export = EXPORTS[key]
    with pytest.raises(Cancelled):
        export(demo_db, tmp_path / name, progress, flag)
    assert seen == [1, 2]
    assert everything_in(tmp_path) == before  # neither the export nor a .partial
    assert counts(demo_db) == rows


def test_a_watched_export_writes_the_same_bytes(demo_db: Database, tmp_path: Path) -> None:
    write_export(demo_db, tmp_path / "plain.json")
    write_export(demo_db, tmp_path / "watched.json", "", lambda _done: None, CancelFlag())
    assert (tmp_path / "plain.json").read_bytes() == (tmp_path / "watched.json").read_bytes()
    export_csv(demo_db, tmp_path / "plain", "")
    export_csv(demo_db, tmp_path / "watched", "", lambda _done: None, CancelFlag())
    for table in (tmp_path / "plain").iterdir():
        assert table.read_bytes() == (tmp_path / "watched" / table.name).read_bytes()


@pytest.mark.parametrize("key", IMPORTS)
def test_each_import_reports_its_patients_and_visits(
    demo_db: Database, tmp_path: Path, key: str
) -> None:
    file = exported(demo_db, key, tmp_path)
    other = open_database(tmp_path / "other" / "holdfast.sqlite3")
    try:
        seen: list[int] = []
        written = IMPORTS[key](other, file, seen.append, CancelFlag())
        assert seen == [1, 2, 3, 4, 5]
        assert (written.patients, written.visits) == (5, 35)
        assert counts(other)["patient"] == 5
    finally:
        other.close()


@pytest.mark.parametrize("key", IMPORTS)
def test_a_cancelled_import_rolls_back_what_it_wrote(
    demo_db: Database, tmp_path: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exchange_import, "BATCH", 1)  # written patient by patient
    file = exported(demo_db, key, tmp_path)
    other = open_database(tmp_path / "other" / "holdfast.sqlite3")
    try:
        before = counts(other)
        seen, flag, progress = cancel_after(3)  # two patients' rows written by then
        with pytest.raises(Cancelled):
            IMPORTS[key](other, file, progress, flag)
        assert seen == [1, 2, 3]
        assert counts(other) == before
    finally:
        other.close()


def test_a_cancel_before_the_start_imports_nothing(demo_db: Database, tmp_path: Path) -> None:
    file = exported(demo_db, "json", tmp_path)
    flag = CancelFlag()
    flag.cancel()
    with pytest.raises(Cancelled):
        import_counted(demo_db, file, "tester", None, flag)


@pytest.mark.parametrize("key", EXPORTS)
def test_the_patients_of_a_file_are_counted_before_it_is_read(
    demo_db: Database, tmp_path: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stored_patients(demo_db) == 5
    file = exported(demo_db, key, tmp_path)
    assert file_patients(file, KIND[key]) == 5
    monkeypatch.setattr(exchange_count, "CHUNK", 7)  # openers cut across chunks
    assert file_patients(file, KIND[key]) == 5


def test_what_cannot_be_counted_is_not_known(tmp_path: Path) -> None:
    assert file_patients(tmp_path / "missing.json", "json") is None
    assert file_patients(tmp_path, "csv") is None  # no patients.csv
    (tmp_path / "not.zip").write_text("text")
    assert file_patients(tmp_path / "not.zip", "csv") is None
