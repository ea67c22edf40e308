"""How many patients an export or import will go through, counted cheaply before it starts,
so a progress bar can say "done of total".

An export counts the stored patients. An import counts the patients of its file without
reading them: a scan of the bytes for what opens each patient (a JSON patient's
`"chart_number"` key, a FHIR Patient resource's `"resourceType"`), or the rows of
patients.csv. A key inside a JSON string has its quotes escaped, so the scan counts keys
only. The count is an estimate for a file the import will refuse; None when it cannot be
counted (the import itself says why).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import IO

from sqlalchemy import func, select

from models.database import Database
from models.exchange_csv_columns import PATIENTS
from models.orm import Patient

CHUNK = 1 << 20
OPENERS = {
    "json": re.compile(rb'"chart_number"\s*:'),
    "fhir": re.compile(rb'"resourceType"\s*:\s*"Patient"'),
}
OVERLAP = 64  # longer than any opener with the spaces a writer puts in it


def stored_patients(db: Database) -> int:
    """Every patient in the database, archived ones too (an export writes them all)."""
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Patient)) or 0


def file_patients(path: Path, kind: str) -> int | None:
    """The patients of an import's file: `kind` is 'json', 'fhir' or 'csv' (a folder or a
    zip of the tables); None when the file cannot be read."""
    try:
        if kind == "csv":
            return _csv_patients(path)
        return _scanned(path, OPENERS[kind])
    except (OSError, ValueError, zipfile.BadZipFile, csv.Error):
        return None


def _scanned(path: Path, opener: re.Pattern[bytes]) -> int:
    """Matches of `opener` in the file, read a megabyte at a time; a match is counted in
    the chunk where it ends, so one across two chunks is counted once."""
    count, tail = 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            text = tail + chunk
            count += sum(1 for m in opener.finditer(text) if m.end() > len(tail))
            tail = text[-OVERLAP:]
    return count


def _csv_patients(path: Path) -> int | None:
    """The rows of patients.csv but its header (blank lines are a spreadsheet's, skipped)."""
    if path.is_dir():
        with (path / PATIENTS.file).open("rb") as raw:
            return _rows(raw)
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.split("/")[-1] == PATIENTS.file]
        if len(names) != 1:
            return None
        with archive.open(names[0]) as raw:
            return _rows(raw)


def _rows(raw: IO[bytes]) -> int:
    with io.TextIOWrapper(raw, "utf-8-sig", errors="replace", newline="") as text:
        return max(sum(1 for row in csv.reader(text) if row) - 1, 0)
