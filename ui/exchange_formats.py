"""The exchange formats File ▸ Export… and File ▸ Import… offer, and the work each one does.

Qt-free: what the dialog (ui/exchange_dialog.py) shows and runs on the worker, testable
without a widget. The services are those of `holdfast export/import --format` (ui/cli.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.database import Database
from models.exchange_audit import Written
from models.exchange_count import file_patients, stored_patients
from models.exchange_progress import CancelCheck, Cancelled, Progress
from models.services import exchange, exchange_csv, fhir
from ui.messages import refusal_text

EXPORT, IMPORT = "export", "import"
TITLES = {EXPORT: "Export the practice", IMPORT: "Import patients"}
CANCELLED_IMPORT = "Cancelled: nothing was imported."
REFUSED = "Nothing was imported: the file has these problems."  # above them, in view
EVERY_S = 0.05  # the fastest the bar moves: smooth to the eye, a few signals a second


@dataclass(frozen=True)
class ExchangeFormat:
    """One choice of the dialog."""

    key: str  # the --format of the command line, with the CSV form's two shapes apart
    label: str
    purpose: str  # one sentence: what it is for
    name_filter: str  # for the file chooser; empty: a folder is chosen
    suggested: str  # the export's name in the chooser

    @property
    def kind(self) -> str:
        """The format as the command line names it: json, fhir or csv."""
        return self.key.split("-")[0]

    @property
    def is_folder(self) -> bool:
        return not self.name_filter


FORMATS = (
    ExchangeFormat(
        "json", "Holdfast JSON",
        "Every patient and visit in one file: to move the practice to another Holdfast, or "
        "keep a copy that any program can read.",
        "Holdfast JSON (*.json)", "holdfast-export.json",
    ),
    ExchangeFormat(
        "fhir", "FHIR R4 bundle",
        "For another health-record system that reads FHIR R4; signed visits carry their "
        "summary PDF.",
        "FHIR bundle (*.json)", "holdfast-fhir.json",
    ),
    ExchangeFormat(
        "csv-folder", "CSV tables (folder)",
        "Eight tables in a folder, one row per patient, visit or reading: for a "
        "spreadsheet or a statistics program.",
        "", "holdfast-tables",
    ),
    ExchangeFormat(
        "csv-zip", "CSV tables (zip)",
        "The same eight tables packed in one zip file, easier to send or keep.",
        "Zip of CSV tables (*.zip)", "holdfast-tables.zip",
    ),
)  # fmt: skip


def target_path(chosen: ExchangeFormat, typed: str) -> Path:
    """The path typed or chosen, with the extension the format needs on an export."""
    path = Path(typed).expanduser()
    if chosen.key == "csv-zip" and path.suffix.lower() != ".zip":
        return path.with_name(path.name + ".zip")
    if chosen.key == "csv-folder" and path.suffix.lower() == ".zip":
        raise ValueError("A name ending in .zip makes a zip: choose CSV tables (zip) for it.")
    return path


def count_patients(db: Database, direction: str, chosen: ExchangeFormat, path: Path) -> int | None:
    """The total for the progress bar (None: not known; the bar then only counts)."""
    return stored_patients(db) if direction == EXPORT else file_patients(path, chosen.kind)


def run_exchange(
    db: Database,
    direction: str,
    chosen: ExchangeFormat,
    path: Path,
    actor: str,
    progress: Progress,
    cancel: CancelCheck,
) -> Written:
    """Export to or import from `path` in `chosen`'s format; on the worker thread."""
    if direction == EXPORT:
        if chosen.kind == "json":
            return exchange.write_export(db, path, actor, progress, cancel)
        if chosen.kind == "fhir":
            from reports.visit_pdfs import visit_pdf_maker  # ui may use reports; models not

            return fhir.write_fhir_export(
                db, path, actor, None, visit_pdf_maker(db), progress, cancel
            )
        counts = exchange_csv.export_csv(db, path, actor, progress, cancel)
        return Written(counts.patients, counts.visits)
    if chosen.kind == "json":
        return exchange.import_counted(db, path, actor, progress, cancel)
    if chosen.kind == "fhir":
        return fhir.import_fhir_file(db, path, actor, progress, cancel)
    return exchange_csv.import_csv_counted(db, path, actor, progress, cancel)


class Throttled:
    """A service's `progress(done)` on the worker: passes `(done, total)` on to `report` at
    most every EVERY_S; a practice is thousands of patients, and a signal for each would
    flood the GUI's event loop."""

    def __init__(self, report: Callable[[int, int | None], object], total: int | None) -> None:
        self.report, self.total, self.last = report, total, 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last >= EVERY_S:
            self.last = now
            self.report(done, self.total)


def progress_text(done: int, total: int | None) -> str:
    """Under the bar while the work runs."""
    return f"{done:,} of {total:,} patients…" if total else f"{done:,} patients so far…"


def summary(direction: str, written: Written, path: Path) -> str:
    """What the dialog says when the work is done."""
    patients = f"{written.patients:,} patient{'' if written.patients == 1 else 's'}"
    visits = f"{written.visits:,} visit{'' if written.visits == 1 else 's'}"
    if direction == EXPORT:
        return f"Exported {patients} ({visits}) to {path.name}"
    return f"Imported {patients} ({visits}) from {path.name}"


def failure_summary(direction: str, error: BaseException) -> str:
    """What the dialog says when the work stopped: cancelled, refused or failed."""
    if isinstance(error, Cancelled):
        return "Cancelled: nothing was exported." if direction == EXPORT else CANCELLED_IMPORT
    return refusal_text(error)
