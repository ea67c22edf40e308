"""Import and export of the JSON exchange format. An import is all-or-nothing.

Both stream: an import reads and checks the file patient by patient
(models/exchange_stream.py, models/exchange_import.py), an export reads and writes a batch of
patients at a time (models/exchange_export.py), so neither holds a whole practice in memory.
"""

from __future__ import annotations

import io
import os
from pathlib import Path as FilePath
from typing import Any

from models.database import Database
from models.exchange_export import patient_batches, write_document
from models.exchange_format import FORMAT, VERSION, ImportFailed, line, read_document
from models.exchange_import import NOT_HOLDFAST, ImportRun, import_patients
from models.exchange_stream import NotStreamable, PatientStream
from models.private_files import PRIVATE_FILE

__all__ = ["export_document", "import_document", "import_file", "write_export"]


def export_document(
    db: Database, include_archived: bool = True, chart_numbers: list[str] | None = None
) -> dict[str, Any]:
    """Every patient (or those with these chart numbers) with every visit, in the exchange
    format."""
    with db.engine.connect() as connection:
        patients = [
            patient
            for batch in patient_batches(connection, include_archived, chart_numbers)
            for patient in batch
        ]
    return {"format": FORMAT, "version": VERSION, "patients": patients}


def write_export(db: Database, file: FilePath) -> None:
    """Export every patient to `file`, written patient by patient: the same bytes as
    `json.dumps(export_document(db), indent=2, ensure_ascii=False)` and a newline. The file
    is private (0600), synced to disk, and appears only whole: it is written beside its
    name first, so a full disk leaves no half export that looks like a whole one."""
    partial = file.with_name(file.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        with os.fdopen(descriptor, "wb") as raw, db.engine.connect() as connection:
            if os.name == "posix":
                os.fchmod(raw.fileno(), PRIVATE_FILE)
            buffered = io.BufferedWriter(raw, 1 << 20)
            with io.TextIOWrapper(buffered, "utf-8", newline="\n") as out:
                write_document(patient_batches(connection), out)
                out.flush()
                os.fsync(raw.fileno())
        os.replace(partial, file)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def import_document(db: Database, document: Any, source: str, actor: str) -> int:
    """Import every patient of a document in one transaction; returns the number of patients.

    The whole file is checked; any error raises ImportFailed and nothing is written.
    """
    if not isinstance(document, dict):
        raise ImportFailed([line(source, (), NOT_HOLDFAST)])
    header = {key: value for key, value in document.items() if key != "patients"}
    listed = document.get("patients")
    with db.session() as session:
        if not isinstance(listed, list):  # its shape is reported with the other keys'
            header = document
            run = ImportRun(session, source, actor)
            return run.finish(header, listed=False)
        return import_patients(session, source, actor, header, listed)


def import_file(db: Database, file: FilePath, actor: str) -> int:
    """Import an exchange file (see `import_document`), read patient by patient; a file that
    is not strict JSON raises ImportFailed too, and one that cannot be read raises OSError."""
    source = file.name
    try:
        with file.open("rb") as handle, db.session() as session:
            stream = PatientStream(handle)
            run = ImportRun(session, source, actor)
            for patient in stream.patients():
                run.refuse_early(stream.header)
                run.add(patient)
            return run.finish(stream.header, listed=stream.has_patients)
    except NotStreamable:
        pass
    # Not the shape every export has: read whole, which says what is wrong (or imports an
    # unusual but valid file, such as one whose patients are not a list).
    return import_document(db, read_document(file.read_bytes(), source), source, actor)
