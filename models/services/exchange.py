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
from models.exchange_export import image_reader, patient_batches, write_document
from models.exchange_format import FORMAT, VERSION, ImportFailed, line, read_document
from models.exchange_import import NOT_HOLDFAST, ImportRun
from models.exchange_photos import with_images
from models.exchange_progress import CancelCheck, Progress, Watch
from models.exchange_stream import NotStreamable, PatientStream

__all__ = ["export_document", "import_counted", "import_document", "import_file", "write_export"]


def export_document(
    db: Database, include_archived: bool = True, chart_numbers: list[str] | None = None
) -> dict[str, Any]:
    """Every patient (or those with these chart numbers) with every visit, in the exchange
    format (images included: the whole document is in memory)."""
    with db.engine.connect() as connection:
        read = image_reader(connection)
        patients = [
            with_images(patient, read)
            for batch in patient_batches(connection, include_archived, chart_numbers)
            for patient in batch
        ]
    return {"format": FORMAT, "version": VERSION, "patients": patients}


def write_export(
    db: Database,
    file: FilePath,
    actor: str = "",
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Written:
    """Export every patient to `file`, written patient by patient: the same bytes as
    `json.dumps(export_document(db), indent=2, ensure_ascii=False)` and a newline. The file
    is private (0600), synced to disk, and appears only whole, with its audit event
    (models/exchange_audit.py `write_whole`); returns how many patients and visits it holds.
    `progress` and `cancel`: models/exchange_progress.py (a cancel leaves no file)."""
    watch = Watch(progress, cancel)

    def write(out: TextIO) -> Written:
        with db.engine.connect() as connection:
            counted = Counted(watch.batches(patient_batches(connection)))
            write_document(iter(counted), out, image_reader(connection))
        return Written(counted.patients, counted.visits)

    return write_whole(db, file, write, actor, "json")


def import_document(db: Database, document: Any, source: str, actor: str) -> int:
    """Import every patient of a document in one transaction; returns the number of patients.

    The whole file is checked; any error raises ImportFailed and nothing is written.
    """
    return _import_whole(db, document, source, actor, None).patients


def _import_whole(
    db: Database, document: Any, source: str, actor: str, watch: Watch | None
) -> Written:
    """`import_document`; a file's import (`watch` given) is watched and audited."""
    if not isinstance(document, dict):
        raise ImportFailed([line(source, (), NOT_HOLDFAST)])
    header = {key: value for key, value in document.items() if key != "patients"}
    listed = document.get("patients")
    with db.session() as session:
        run = ImportRun(session, source, actor)
        if not isinstance(listed, list):  # its shape is reported with the other keys'
            return Written(run.finish(document, listed=False), 0)
        run.refuse_early(header)
        for data in listed if watch is None else watch.patients(listed):
            run.add(data)
        written = Written(run.finish(header, listed=True), run.visits)
        if watch is not None:
            record_exchange(session, actor, "import", "json", written)
        return written


def import_file(db: Database, file: FilePath, actor: str) -> int:
    """Import an exchange file (see `import_document`), read patient by patient, with the
    import's audit event; a file that is not strict JSON raises ImportFailed too, and one
    that cannot be read raises OSError."""
    return import_counted(db, file, actor).patients


def import_counted(
    db: Database,
    file: FilePath,
    actor: str,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Written:
    """`import_file`, returning how many patients and visits came in; `progress` counts
    the patients as they are read, and a `cancel` rolls everything back
    (models/exchange_progress.py)."""
    source = file.name
    watch = Watch(progress, cancel)
    try:
        with file.open("rb") as handle, db.session() as session:
            stream = PatientStream(handle)
            run = ImportRun(session, source, actor)
            for patient in watch.patients(stream.patients()):
                run.refuse_early(stream.header)
                run.add(patient)
            written = Written(run.finish(stream.header, listed=stream.has_patients), run.visits)
            record_exchange(session, actor, "import", "json", written)
            return written
    except NotStreamable:
        pass
    # Not the shape every export has: read whole, which says what is wrong (or imports an
    # unusual but valid file, such as one whose patients are not a list).
    document = read_document(file.read_bytes(), source)
    return _import_whole(db, document, source, actor, Watch(progress, cancel))
