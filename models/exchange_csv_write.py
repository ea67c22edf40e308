"""Writing the CSV form of an export (docs/ARCHITECTURE.md#the-csv-form): a folder of eight
files, or a zip of the same files.

The files are written patient by patient from the batches `patient_batches` reads, so a
practice is never held in memory. They are written privately (folders 0700, files 0600)
into a staging folder beside the target, and appear under the target's name only whole: a
folder by one rename, a zip from a `.partial` file by one rename. A failure on the way
removes what was staged, so nothing is left that looks like a complete export.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from models.exchange_csv_cells import cell_writer
from models.exchange_csv_columns import (
    CHART_NUMBER,
    PARTS,
    PATIENTS,
    TABLES,
    VISIT_DATE,
    VISIT_OF_DAY,
    VISITS,
    Table,
)
from models.private_files import POSIX, PRIVATE_FILE, private_folder

ENCODING = "utf-8-sig"  # the BOM tells a spreadsheet the file is UTF-8


class ExportRefused(ValueError):
    """The target cannot take an export (a folder that is not empty, a file in the way)."""


@dataclass(frozen=True)
class ExportCounts:
    patients: int
    visits: int


def _getter(path: tuple[str, ...]) -> Callable[[dict[str, Any]], Any]:
    """The value at `path` in an exchange object; None where a key is left out."""
    if len(path) == 1:
        (key,) = path
        return lambda item: item.get(key)

    def nested(item: Any) -> Any:
        for key in path:
            if not isinstance(item, dict):
                return None
            item = item.get(key)
        return item

    return nested


class _RowMaker:
    """Turns one object (and the keys of its visit) into a table's row, with each column's
    getter and writer made once: a practice is millions of cells."""

    def __init__(self, table: Table) -> None:
        self._cells = [
            (column.name, None if column.path is None else _getter(column.path),
             cell_writer(column))
            for column in table.columns
        ]  # fmt: skip

    def __call__(self, item: dict[str, Any], keys: dict[str, Any]) -> list[Any]:
        return [write(keys[name] if get is None else get(item)) for name, get, write in self._cells]


_ROW_OF = {table.file: _RowMaker(table) for table in TABLES}
_PARTS_OF_VISIT = [(table, _getter(table.part_of_visit or ())) for table in PARTS]


def _row(table: Table, item: dict[str, Any], keys: dict[str, Any]) -> list[Any]:
    return _ROW_OF[table.file](item, keys)


def patient_rows(patient: dict[str, Any]) -> Iterator[tuple[Table, list[Any]]]:
    """Every row one patient (in its exchange form) adds to the files, with its table."""
    chart = patient["chart_number"]
    yield PATIENTS, _row(PATIENTS, patient, {})
    of_day: dict[str, int] = {}
    for visit in patient.get("visits", []):  # in date order: the export reads them so
        of_day[visit["date"]] = of_day.get(visit["date"], 0) + 1
        keys = {CHART_NUMBER: chart, VISIT_DATE: visit["date"], VISIT_OF_DAY: of_day[visit["date"]]}
        yield VISITS, _row(VISITS, visit, keys)
        for table, parts in _PARTS_OF_VISIT:
            for item in parts(visit) or []:
                yield table, _row(table, item, keys)


def write_tables(batches: Iterable[list[dict[str, Any]]], folder: Path) -> ExportCounts:
    """Write the eight files into `folder`, a batch of patients at a time; each file is
    private and synced to disk."""
    patients = visits = 0
    with ExitStack() as stack:
        handles, writers = [], {}
        for table in TABLES:
            descriptor = os.open(folder / table.file, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                                 PRIVATE_FILE)  # fmt: skip
            handle = stack.enter_context(open(descriptor, "w", encoding=ENCODING, newline=""))
            handles.append(handle)
            writers[table.file] = csv.writer(handle)  # Excel's dialect: commas, CRLF
            writers[table.file].writerow(table.names)
        for batch in batches:
            for patient in batch:
                patients += 1
                visits += len(patient.get("visits", []))
                for table, row in patient_rows(patient):
                    writers[table.file].writerow(row)
        for handle in handles:
            handle.flush()
            os.fsync(handle.fileno())
    return ExportCounts(patients, visits)


class StagedExport:
    """An export to `target` (a folder, or a zip when it ends in .zip), staged beside it.

    `write` the files, then `publish` them under the target's name; leaving the `with`
    block without publishing (or on an error) removes everything staged."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.is_zip = target.suffix.lower() == ".zip"
        if self.is_zip:
            if target.is_dir():
                raise ExportRefused(f"{target} is a folder: a zip export needs a file name")
        elif target.exists() and not target.is_dir():
            raise ExportRefused(f"{target} is a file: a CSV export needs a folder (or FILE.zip)")
        elif target.is_dir() and any(target.iterdir()):
            raise ExportRefused(
                f"{target} is not empty: choose a new or empty folder, so the export does not "
                "mix with other files"
            )
        private_folder(target.parent)
        # mkdtemp makes it 0700; the name says it is not a finished export.
        self.staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.", suffix=".partial",
                                             dir=target.parent))  # fmt: skip
        self._published = False

    def __enter__(self) -> StagedExport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._published:
            shutil.rmtree(self.staging, ignore_errors=True)

    def write(self, batches: Iterable[list[dict[str, Any]]]) -> ExportCounts:
        """Write the files into the staging folder."""
        return write_tables(batches, self.staging)

    def publish(self) -> None:
        """Put the export under the target's name, whole."""
        if self.is_zip:
            self._zip()
        else:
            if self.target.exists():  # empty (checked): rename cannot replace it on Windows
                self.target.rmdir()
            os.rename(self.staging, self.target)
        self._published = True

    def _zip(self) -> None:
        partial = self.target.with_name(self.target.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        try:
            with open(descriptor, "wb") as raw:
                if POSIX:
                    os.fchmod(raw.fileno(), PRIVATE_FILE)
                with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
                    for table in TABLES:
                        archive.write(self.staging / table.file, table.file)
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, self.target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        shutil.rmtree(self.staging, ignore_errors=True)
