"""How fast the patient list answers a search in a big practice: names, chart numbers and
the full text of every visit (notes, hypotheses, complaints, addenda); and, in the same
practice, how fast the audit trail reads (one patient's through the index on
`audit_event.patient_id`, every patient's newest first).

Run with `make bench`. By default it builds 2,000 patients x 10 visits in a temporary
folder (about a minute and a half). For the 20,000-patient figures build the practice once
and point the benchmark at it (it is reused, not rebuilt):

    python -m benchmarks.big_practice /tmp/practice.sqlite3 20000      # about 13 minutes
    HOLDFAST_BENCH_PRACTICE=/tmp/practice.sqlite3 make bench
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from benchmarks.big_practice import VISITS, build_practice, unique_word
from benchmarks.timing import run_times
from models.database import Database
from models.services.audit_trail import audit_trail
from models.services.overview import PatientRow, patient_page
from models.services.patients import search_page
from ui.patient_list import PAGE_ROWS as LIST_LIMIT

DEFAULT_PATIENTS = 2000
REPEAT = 5
SEARCHES = (
    ("", "every patient (empty search box)"),
    ("whitfield1", "a name, part of it"),
    ("P000123", "a chart number"),
    ("{unique}", "a word one patient's notes hold"),
    ("hilly", "an addendum word, 1 patient in 5"),
    ("hamstr", "a word start, findings of 1 in 5"),
    ("thomas test", "two words in most hypotheses"),
    ("calf zzyzx", "two words, no visit holds both"),
)


def timed(label: str, work: Callable[[], object], rows: int) -> None:
    median, fastest = run_times(work, REPEAT)
    print(
        f"  {label:<52} {rows:>6} rows  median {median * 1000:7.1f} ms  (min {fastest * 1000:.1f})"
    )


def run(db: Database, patients: int) -> None:
    print(f"Search in a practice of {patients} patients x {VISITS} visits, the list showing")
    print(f"the first {LIST_LIMIT} found (work off the GUI thread; rows = patients found):")
    for typed, what in SEARCHES:
        text = typed.format(unique=unique_word(patients // 2))
        found = search_page(db, text, limit=LIST_LIMIT).total
        timed(f"search: {what}", partial(search_page, db, text, limit=LIST_LIMIT), found)
        timed(
            "  the list: + latest verdicts of those shown",
            partial(patient_page, db, text, limit=LIST_LIMIT),
            found,
        )
    show_on_gui_thread(db)
    audit_trails(db, patients)


def audit_trails(db: Database, patients: int) -> None:
    print("The audit trail (work off the GUI thread; rows = entries shown):")
    one = partial(audit_trail, db, patients // 2)
    timed("audit trail: one patient's", one, len(one().entries))
    every = partial(audit_trail, db, None)
    timed("audit trail: every patient's, the newest 5000 events", every, len(every().entries))


def show_on_gui_thread(db: Database) -> None:
    """What the GUI thread does with an answer: swap the table model's rows and lay out."""
    from PySide6.QtWidgets import QApplication

    from ui.background import SyncRunner
    from ui.context import AppContext
    from ui.patient_list import PatientListView

    app = QApplication.instance() or QApplication([])
    view = PatientListView(AppContext(db, SyncRunner()))
    view.resize(430, 700)
    view.show()
    for text, what in (("", "every patient"), ("thomas test", "most patients, two lines")):
        rows, found = patient_page(db, text, limit=LIST_LIMIT)

        def show(text: str = text, rows: list[PatientRow] = rows, found: int = found) -> None:
            view._show(view._generation, text, rows, found)
            app.processEvents()  # the layout and painting Qt does after the model reset

        timed(f"GUI thread: the list shows {what}", show, len(rows))
    view.close()


def main() -> None:
    kept = os.environ.get("HOLDFAST_BENCH_PRACTICE")
    wanted = int(os.environ.get("HOLDFAST_BENCH_PATIENTS", "0"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(kept) if kept else Path(folder) / "practice.sqlite3"
        wanted = wanted or _stored(path) or DEFAULT_PATIENTS
        if _stored(path) < wanted:
            print(f"  (building {wanted} patients x {VISITS} visits first)")
        db = build_practice(path, wanted, quiet=True)
        try:
            run(db, _stored(path))
        finally:
            db.close()


def _stored(path: Path) -> int:
    import sqlite3

    if not path.exists():
        return 0
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        count = 0
        if "patient" in tables:
            count = connection.execute("SELECT count(*) FROM patient").fetchone()[0]
    connection.close()
    return int(count)


if __name__ == "__main__":
    main()
