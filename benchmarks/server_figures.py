"""The everyday reads and writes of one practice on each engine: the same practice in a
SQLite file and on a PostgreSQL clinic server (moved there with `holdfast migrate`), timed
the same way through the same services, so the server's cost is seen beside the file's.

    python -m benchmarks.server_figures --file PRACTICE.sqlite3 --url postgresql+psycopg://…

(`make bench-server FILE=… URL=…`). Medians of --repeat runs; the keystroke figure is the
95th percentile over every text the search box holds while typing the list benchmark's
words (benchmarks/figures_list.py). The server is read over its socket as a clinic's
laptops read it over the network, less the network's own delay.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import text

from benchmarks.figures_list import SEQUENCES, p95
from charting.tolerances import DEFAULT_TOLERANCES
from models.database import Database, open_database
from models.server import open_server_database, safe_url
from models.services.holds import patient_course
from models.services.overview import patient_page
from models.services.visits import list_visits, save_draft

PAGE = 50  # rows the list reads at a time (ui/patient_list.py PAGE_ROWS)
BUSIEST = """SELECT patient_id FROM visit GROUP BY patient_id ORDER BY count(*) DESC,
patient_id LIMIT 1"""
A_DRAFT = "SELECT patient_id, id FROM visit WHERE status = 'draft' ORDER BY id LIMIT 1"


def _median_ms(work: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def _typed(db: Database) -> list[str]:
    """Every text the search box holds while the list benchmark's words are typed."""
    with db.engine.connect() as connection:
        count = int(connection.execute(text("SELECT count(*) FROM patient")).scalar_one())
    values = {"chart": f"P{count // 2:06d}", "unique": f"qx{count // 3:06d}"}
    words = [sequence.format(**values) for sequence in SEQUENCES]
    return [word[:end] for word in words for end in range(1, len(word) + 1)]


def figures(db: Database, repeat: int) -> dict[str, float]:
    """Milliseconds of each everyday action on `db`."""
    with db.engine.connect() as connection:
        busiest = int(connection.execute(text(BUSIEST)).scalar_one())
        patient, draft_id = connection.execute(text(A_DRAFT)).one()
    draft = next(v for v in list_visits(db, patient) if v.id == draft_id).draft
    edits = iter(range(10**6))

    def autosave() -> None:
        save_draft(db, patient, replace(draft, correction=f"edit {next(edits)}"), "bench", draft_id)

    keystrokes = []
    for typed in _typed(db):
        started = time.perf_counter()
        patient_page(db, typed, limit=PAGE)
        keystrokes.append((time.perf_counter() - started) * 1000)
    return {
        "empty search (first page and count)": _median_ms(
            lambda: patient_page(db, "", limit=PAGE), repeat
        ),
        "search keystroke, p95": p95(keystrokes),
        "open the 100-visit chart (course judged)": _median_ms(
            lambda: patient_course(db, busiest, DEFAULT_TOLERANCES), repeat
        ),
        "save a visit draft (autosave)": _median_ms(autosave, repeat),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.server_figures")
    parser.add_argument("--file", required=True, type=Path, help="the practice as a file")
    parser.add_argument("--url", required=True, help="the same practice on a server")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    results = {}
    for name, opening in (
        ("SQLite file", lambda: open_database(args.file)),
        (f"server {safe_url(args.url)}", lambda: open_server_database(args.url)),
    ):
        db = opening()
        try:
            results[name] = figures(db, args.repeat)
        finally:
            db.close()
    engines = list(results)
    print(f"{'':44}" + "".join(f"{engine[:28]:>30}" for engine in engines))
    for figure in results[engines[0]]:
        row = "".join(f"{results[engine][figure]:>27.1f} ms" for engine in engines)
        print(f"{figure:44}{row}")


if __name__ == "__main__":
    main()
