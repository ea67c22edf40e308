"""Import and export of the JSON exchange format. An import is all-or-nothing.

Both stream: an import reads and checks the file patient by patient
(models/exchange_stream.py, models/exchange_import.py), an export reads and writes a batch of
patients at a time (models/exchange_export.py), so neither holds a whole practice in memory.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any, TextIO

from models.database import Database
from models.exchange_audit import Counted, Written, record_exchange, write_whole
from models.exchange_export import patient_batches, write_document
from models.exchange_format import FORMAT, VERSION, ImportFailed, line, read_document
from models.exchange_import import NOT_HOLDFAST, ImportRun
from models.exchange_stream import NotStreamable, PatientStream

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


def write_export(db: Database, file: FilePath, actor: str = "") -> Written:
    """Export every patient to `file`, written patient by patient: the same bytes as
    `json.dumps(export_document(db), indent=2, ensure_ascii=False)` and a newline. The file
    is private (0600), synced to disk, and appears only whole, with its audit event
    (models/exchange_audit.py `write_whole`); returns how many patients and visits it holds."""

    def write(out: TextIO) -> Written:
        with db.engine.connect() as connection:
            counted = Counted(patient_batches(connection))
            write_document(iter(counted), out)
        return Written(counted.patients, counted.visits)

    return write_whole(db, file, write, actor, "json")


def import_document(db: Database, document: Any, source: str, actor: str) -> int:
    """Import every patient of a document in one transaction; returns the number of patients.

    The whole file is checked; any error raises ImportFailed and nothing is written.
    """
    return _import_whole(db, document, source, actor, audited=False)


def _import_whole(db: Database, document: Any, source: str, actor: str, audited: bool) -> int:
    """`import_document`, with the import's audit event when it is a file's (`audited`)."""
    if not isinstance(document, dict):
        raise ImportFailed([line(source, (), NOT_HOLDFAST)])
    header = {key: value for key, value in document.items() if key != "patients"}
    listed = document.get("patients")
    with db.session() as session:
        run = ImportRun(session, source, actor)
        if not isinstance(listed, list):  # its shape is reported with the other keys'
            return run.finish(document, listed=False)
        run.refuse_early(header)
        for data in listed:
            run.add(data)
        count = run.finish(header, listed=True)
        if audited:
            record_exchange(session, actor, "import", "json", Written(count, run.visits))
        return count


def import_file(db: Database, file: FilePath, actor: str) -> int:
    """Import an exchange file (see `import_document`), read patient by patient, with the
    import's audit event; a file that is not strict JSON raises ImportFailed too, and one
    that cannot be read raises OSError."""
    source = file.name
    try:
        with file.open("rb") as handle, db.session() as session:
            stream = PatientStream(handle)
            run = ImportRun(session, source, actor)
            for patient in stream.patients():
                run.refuse_early(stream.header)
                run.add(patient)
            count = run.finish(stream.header, listed=stream.has_patients)
            record_exchange(session, actor, "import", "json", Written(count, run.visits))
            return count
    except NotStreamable:
        pass
    # Not the shape every export has: read whole, which says what is wrong (or imports an
    # unusual but valid file, such as one whose patients are not a list).
    document = read_document(file.read_bytes(), source)
    return _import_whole(db, document, source, actor, audited=True)
