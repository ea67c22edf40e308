"""Export and import of the CSV form of the exchange format (docs/ARCHITECTURE.md#the-csv-form).

An export writes the eight tables patient by patient; an import reads them back into
patients in their exchange form and imports those through the JSON import's own path
(models/exchange_import.py): the same checks, the same signed-visit hash checks, the same
all-or-nothing transaction, with every problem reported at its `file:row:column`.

Photos are not part of the CSV form (a spreadsheet is no place for images): a patient's
consent to them is (`photo_consent` of patients.csv), their images and landmarks are only
in the JSON exchange format. A signed visit with photos keeps its hash in visits.csv, which
its content without the photos cannot reproduce: it comes back through the JSON format.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from models.database import Database
from models.exchange_audit import Written, record_exchange
from models.exchange_csv_errors import PatientRows, csv_line, csv_lines
from models.exchange_csv_files import CsvSource, NotReadable
from models.exchange_csv_index import index_rows
from models.exchange_csv_read import PatientBuilder
from models.exchange_csv_write import ExportCounts, StagedExport
from models.exchange_export import patient_batches
from models.exchange_import import ImportRun
from models.exchange_progress import CancelCheck, Progress, Watch
from models.exchange_read import ImportFailed
from models.exchange_v1 import FORMAT, VERSION

CSV = "csv"
HEADER = {"format": FORMAT, "version": VERSION}  # what a JSON file says at its top


def export_csv(
    db: Database,
    target: Path,
    actor: str,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ExportCounts:
    """Export every patient to the folder `target` (created; refused if it holds anything)
    or, when it ends in .zip, to a zip of the same files. An audit event records it, except
    on a read-only database, which can record nothing. `progress` and `cancel`:
    models/exchange_progress.py (a cancel leaves nothing under the target's name)."""
    watch = Watch(progress, cancel)
    with StagedExport(target) as staged:
        with db.engine.connect() as connection:
            counts = staged.write(watch.batches(patient_batches(connection, photos=False)))
        if not db.read_only:  # recorded before the export appears: never one unrecorded
            with db.session() as session:
                record_exchange(
                    session, actor, "export", CSV, Written(counts.patients, counts.visits)
                )
        staged.publish()
    return counts


class _RowsOf:
    """Where patient i's values are, rebuilt on demand to place a problem (the lines of
    one patient come together, so a few are kept)."""

    def __init__(self, builder: PatientBuilder) -> None:
        self._builder, self._kept = builder, OrderedDict[int, PatientRows]()

    def __call__(self, position: int) -> PatientRows:
        if position not in self._kept:
            self._kept[position] = self._builder.patient(position).rows
            if len(self._kept) > 8:
                self._kept.popitem(last=False)
        return self._kept[position]


def import_csv(db: Database, path: Path, actor: str) -> int:
    """Import the tables in the folder or zip `path` in one transaction; returns the number
    of patients. Any problem raises ImportFailed listing each at its `file:row:column`, and
    nothing is written; a path that does not exist raises OSError."""
    return import_csv_counted(db, path, actor).patients


def import_csv_counted(
    db: Database,
    path: Path,
    actor: str,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Written:
    """`import_csv`, returning how many patients and visits came in; `progress` counts the
    patients of patients.csv as they are built, and a `cancel` rolls everything back
    (models/exchange_progress.py)."""
    name = path.resolve().name or str(path)  # what the lines are prefixed with
    watch = Watch(progress, cancel)
    try:
        source = CsvSource(path)
    except NotReadable as error:
        raise ImportFailed([csv_line(name, None, None, error.message)]) from None
    with source:
        index = index_rows(source, watch.check)
        builder = PatientBuilder(source, index)
        with db.session() as session:
            run = ImportRun(session, name, actor)
            problems: list[str] = []
            visits = 0
            for position in watch.patients(range(len(index.patients))):
                built = builder.patient(position)
                problems.extend(built.problems)
                if not problems:  # the first problem of a join: nothing more is written
                    run.add(built.document)
                    visits += len(built.rows.visits)
            if problems:
                raise ImportFailed(problems)
            try:
                count = run.finish(HEADER, listed=True)
            except ImportFailed as failure:
                raise ImportFailed(csv_lines(failure.errors, name, _RowsOf(builder))) from None
            written = Written(count, visits)
            record_exchange(session, actor, "import", CSV, written)
    return written
