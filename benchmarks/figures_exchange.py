"""Figures of moving a practice in and out, and of the editor's autosave (issue 11):

- import: a file of the practice's first patients (about IMPORT_VISITS visits), exported
  once, imported into a fresh empty database made in setup; floor: the same patient, visit
  and part rows inserted with raw executemany into a fresh database, the full-text index
  filled once at the end as the import fills it (models/exchange_index.py), one commit:
  the least SQLite itself has to do.
- import_rss / export_rss: peak RSS of a child process that imports the file / exports the
  whole practice; floor: the same child process that only opens the database. Flat in the
  file size means the difference stays bounded (a batch, not the file).
- export: `write_export` of the whole practice (what `holdfast export` runs); floor: one
  raw query per table over the whole practice, the same JSON built and dumped at once.
- save_draft: the editor's autosave of a changed draft; floor: a raw INSERT and COMMIT
  with synchronous=FULL on the same file.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import replace
from itertools import count
from pathlib import Path
from typing import Any

from benchmarks.suite import Figure, Practice
from models.database import Database, open_database
from models.exchange_export import PART_OF, PARTS, PATIENTS, VISITS, _visit, write_document
from models.exchange_index import DeferredIndex
from models.mapping import PATIENT_FIELDS
from models.services.exchange import import_file, write_export
from models.services.visits import load_visit, save_draft

IMPORT_VISITS = 5_000  # visits in the timed import file
RSS_VISITS = 20_000  # visits in the file whose import's memory is measured
IMPORT_RATE = 5_000  # visits a second (the target)
RSS_GROWTH_MB = 60  # what a streamed import or export may add to an open database
DRAFT = "SELECT id, patient_id FROM visit WHERE status = 'draft' ORDER BY id DESC LIMIT 1"
# Parts before visits (foreign keys deferred), as the import writes them: the cheapest order.
FLOOR_TABLES = ("patient", "complaint", "reading", "muscle_finding", "plan_item", "outcome_score",
                "visit")  # fmt: skip


def _first_patients(practice: Practice, visits: int) -> list[str]:
    """Chart numbers of the first patients (in export order) holding about `visits` visits."""
    with sqlite3.connect(practice.path) as connection:
        rows = connection.execute(
            "SELECT chart_number, (SELECT count(*) FROM visit v WHERE v.patient_id = p.id)"
            " FROM patient p ORDER BY chart_number"
        ).fetchall()
    charts, total = [], 0
    for chart, held in rows:
        if total >= visits:
            break
        charts.append(chart)
        total += held
    return charts


def _export_file(db: Database, charts: list[str], file: Path) -> int:
    """Write the exchange file of these patients; returns its number of visits."""
    from models.exchange_export import patient_batches

    with db.engine.connect() as connection, file.open("w", encoding="utf-8") as out:
        batches = list(patient_batches(connection, chart_numbers=charts))
        write_document(iter(batches), out)
    return sum(len(p["visits"]) for batch in batches for p in batch)


def _raw_rows(practice: Practice, charts: list[str]) -> dict[str, tuple[str, list[Any]]]:
    """The floor's rows: the patients', visits' (as drafts) and parts' rows of these charts,
    each with the INSERT that writes it back."""
    marks = ", ".join("?" * len(charts))
    patients = f"SELECT id FROM patient WHERE chart_number IN ({marks})"
    visits = f"SELECT id FROM visit WHERE patient_id IN ({patients})"
    rows: dict[str, tuple[str, list[Any]]] = {}
    with sqlite3.connect(practice.path) as connection:
        for table in FLOOR_TABLES:
            where = {"patient": f"id IN ({patients})", "visit": f"id IN ({visits})"}.get(
                table, f"visit_id IN ({visits})"
            )
            cursor = connection.execute(f"SELECT * FROM {table} WHERE {where}", charts)
            names = [d[0] for d in cursor.description]
            found = [list(row) for row in cursor]
            if table == "visit":  # inserted as drafts (the schema refuses a signed insert)
                status = names.index("status")
                for row in found:
                    row[status] = "draft"
            insert = (
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            )
            rows[table] = (insert, found)
    return rows


def _rss_of(code: str) -> float:
    """Peak RSS in MB of a child Python process running `code` (VmHWM: the peak of the
    child's own memory; ru_maxrss would include the parent's, copied at the fork)."""
    script = f"{code}\nprint(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1]) / 1024


def _raw_dump(practice: Practice, file: Path) -> None:
    """The export floor: one query per table, the whole document built and dumped at once."""
    with sqlite3.connect(practice.path) as connection:
        whole = "SELECT id FROM patient"
        parts: dict[str, dict[int, list[Any]]] = {}
        for name, query in PARTS.items():
            by_visit: dict[int, list[Any]] = defaultdict(list)
            for row in connection.execute(query.format(ids=whole)):
                by_visit[row[0]].append(PART_OF[name](row))
            parts[name] = by_visit
        visits: dict[int, list[Any]] = defaultdict(list)
        for v in connection.execute(VISITS.format(ids=whole)):
            visits[v[1]].append(_visit(v, {n: parts[n].get(v[0], []) for n in PARTS}, []))
        patients = [
            {**dict(zip(PATIENT_FIELDS, row[1:], strict=False)), "archived": bool(row[-1]),
             "visits": visits.get(row[0], [])}
            for row in connection.execute(PATIENTS.format(where=""))
        ]  # fmt: skip
    document = {"format": "holdfast", "version": 1, "patients": patients}
    with file.open("w", encoding="utf-8") as out:
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")


def figures(practice: Practice) -> list[Figure]:
    """Import, export, their memory, and saving a draft."""
    folder = Path(tempfile.mkdtemp(prefix="holdfast-exchange-"))
    db = open_database(practice.path)
    import_charts = _first_patients(practice, IMPORT_VISITS)
    import_path = folder / "import.json"
    imported_visits = _export_file(db, import_charts, import_path)
    rss_path = folder / "rss.json"
    _export_file(db, _first_patients(practice, RSS_VISITS), rss_path)
    floor_rows = _raw_rows(practice, import_charts)
    target = folder / "fresh.sqlite3"
    fresh: list[Database] = []

    def fresh_database() -> None:
        while fresh:
            fresh.pop().close()
        for leftover in folder.glob("fresh.sqlite3*"):
            leftover.unlink()
        fresh.append(open_database(target))

    def raw_import() -> None:
        connection = sqlite3.connect(target, isolation_level=None)
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("BEGIN")
        connection.execute("PRAGMA defer_foreign_keys=ON")
        index = DeferredIndex(connection.cursor(), 0)  # a fresh database: no visit yet
        for insert, rows in floor_rows.values():
            connection.executemany(insert, rows)
        index.restore()
        connection.execute("COMMIT")
        connection.close()

    def opened(path: Path) -> str:
        return (
            "from pathlib import Path\nfrom models.database import open_database\n"
            f"db = open_database(Path({str(path)!r}))"
        )

    importing = (
        "from models.services.exchange import import_file\n"
        f"import_file(db, Path({str(rss_path)!r}), 'bench')"
    )

    def import_rss(then: str) -> float:
        for leftover in folder.glob("rss.sqlite3*"):
            leftover.unlink()
        return _rss_of(f"{opened(folder / 'rss.sqlite3')}\n{then}")

    exporting = (
        f"from models.services.exchange import write_export\n"
        f"write_export(db, Path({str(folder / 'rss-export.json')!r}))"
    )
    ((visit_id, patient_id),) = sqlite3.connect(practice.path).execute(DRAFT).fetchall()
    draft, serial = load_visit(db, visit_id).draft, count()

    def save() -> None:
        changed = replace(draft, correction=f"autosave {next(serial)}")
        save_draft(db, patient_id, changed, "bench", visit_id)

    floor_connection = sqlite3.connect(practice.path, isolation_level=None)
    floor_connection.execute("PRAGMA synchronous=FULL")
    floor_connection.execute(
        "CREATE TABLE IF NOT EXISTS bench_commit (id INTEGER PRIMARY KEY, body TEXT)"
    )

    def raw_commit() -> None:
        floor_connection.execute("BEGIN")
        floor_connection.execute("INSERT INTO bench_commit (body) VALUES (?)", (f"{next(serial)}",))
        floor_connection.execute("COMMIT")

    rate = f">= {IMPORT_RATE:,} visits/s"
    flat = f"<= floor + {RSS_GROWTH_MB} MB"
    return [
        Figure(
            "import", f"import {imported_visits:,} visits into an empty database", rate,
            work=lambda: import_file(fresh[0], import_path, "bench"), floor=raw_import,
            meets=lambda value, _floor: imported_visits / value >= IMPORT_RATE,
            setup=fresh_database,
        ),
        Figure(
            "import_rss", "import peak RSS (file of ~20k visits; floor: empty database open)", flat,
            work=lambda: import_rss(importing), floor=lambda: import_rss(""),
            meets=lambda value, floor: floor is not None and value <= floor + RSS_GROWTH_MB,
            repeat=3, unit="MB", measured=True,
        ),
        Figure(
            "export", "export the whole practice (holdfast export)", "<= 2x floor",
            work=lambda: write_export(db, folder / "export.json"),
            floor=lambda: _raw_dump(practice, folder / "floor.json"),
            meets=lambda value, floor: floor is not None and value <= 2 * floor,
        ),
        Figure(
            "export_rss", "export peak RSS (floor: database open)", flat,
            work=lambda: _rss_of(f"{opened(practice.path)}\n{exporting}"),
            floor=lambda: _rss_of(opened(practice.path)),
            meets=lambda value, floor: floor is not None and value <= floor + RSS_GROWTH_MB,
            repeat=3, unit="MB", measured=True,
        ),
        Figure(
            "save_draft", "save a visit draft (autosave)", "<= 2x floor",
            work=save, floor=raw_commit,
            meets=lambda value, floor: floor is not None and value <= 2 * floor,
            repeat=15,
        ),
    ]  # fmt: skip
