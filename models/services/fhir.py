"""Export to and import from FHIR R4 Bundles (docs/ARCHITECTURE.md#fhir-r4).

The export writes the exchange form of each patient (models/exchange_export.py) as FHIR
resources; the import turns a bundle back into that form and runs the exchange import on
it, so both formats are checked, refused and audited alike.

Photos are left out on purpose, and with them nothing is said of photo consent: a FHIR
Media resource per photo would carry each image inline as base64 again, for receivers that
have no use for Holdfast's landmarks, and the JSON exchange format already moves photos
between Holdfast databases. So a signed visit with photos exports its signature's hash,
which a bundle without the photos cannot reproduce: such a visit comes back into Holdfast
through the JSON exchange format, not through FHIR.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any, TextIO

from models.database import Database
from models.exchange_audit import Written, record_exchange, write_whole
from models.exchange_export import patient_batches
from models.exchange_format import FORMAT, VERSION, ImportFailed, read_document
from models.exchange_import import ImportRun
from models.exchange_progress import CancelCheck, Progress, Watch
from models.fhir_export import VisitPdf, write_bundle
from models.fhir_import import read_bundle
from models.services.patients import load_patient, patient_id_for_chart

__all__ = ["import_fhir_document", "import_fhir_file", "write_fhir_export"]


def _stored_chart_numbers(db: Database, chart_numbers: list[str]) -> list[str]:
    """Each chart number as stored (they are found whatever their case); LookupError names
    one that no patient has."""
    return [load_patient(db, patient_id_for_chart(db, c)).draft.chart_number for c in chart_numbers]


def write_fhir_export(
    db: Database,
    file: FilePath,
    actor: str = "",
    chart_numbers: list[str] | None = None,
    visit_pdf: VisitPdf | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Written:
    """Write every patient (or those with these chart numbers) to `file` as a FHIR Bundle,
    patient by patient, privately and only whole, with the export's audit event;
    `visit_pdf(chart_number, visit)` attaches each signed visit's summary PDF. `progress`
    and `cancel`: models/exchange_progress.py (a cancel leaves no file)."""
    wanted = None if chart_numbers is None else _stored_chart_numbers(db, chart_numbers)
    watch = Watch(progress, cancel)

    def write(out: TextIO) -> Written:
        with db.engine.connect() as connection:
            batches = watch.batches(patient_batches(connection, True, wanted, photos=False))
            return write_bundle(batches, out, visit_pdf)

    return write_whole(db, file, write, actor, "fhir")


def import_fhir_document(
    db: Database,
    document: Any,
    source: str,
    actor: str,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Written:
    """Import the patients of a FHIR Bundle in one transaction, all or nothing: ImportFailed
    lists every problem, each at its resource and field; nothing is written then. `progress`
    counts the bundle's patients as they are checked and written; a `cancel` rolls all back
    (models/exchange_progress.py)."""
    watch = Watch(progress, cancel)
    bundle = read_bundle(document)
    if bundle.reading.problems:
        raise ImportFailed([f"{source}:{at}: {m}" for at, m in bundle.reading.problems.items()])
    watch.check()  # reading and sorting a large bundle takes a while
    try:
        with db.session() as session:
            run = ImportRun(session, source, actor)
            for patient in watch.patients(bundle.patients):
                run.add(patient)
            count = run.finish({"format": FORMAT, "version": VERSION}, listed=True)
            written = Written(count, run.visits)
            record_exchange(session, actor, "import", "fhir", written)
            return written
    except ImportFailed as failure:
        raise ImportFailed(bundle.relocated(failure.errors, source)) from None


def import_fhir_file(
    db: Database,
    file: FilePath,
    actor: str,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Written:
    """Import a FHIR Bundle file (see `import_fhir_document`); a file that is not strict
    JSON raises ImportFailed too, and one that cannot be read raises OSError."""
    document = read_document(file.read_bytes(), file.name)
    return import_fhir_document(db, document, file.name, actor, progress, cancel)
