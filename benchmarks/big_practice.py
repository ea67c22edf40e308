"""A big practice for the search and patient-list benchmarks: N patients with 10 visits each.

Built from the demo patients' visits and imported with `import_document` in batches (one
transaction each), so every row goes through the same checks, audit and search-index
triggers as a real import. Every subjective note gets a few words from a large made-up
vocabulary (so the index holds many distinct terms, as years of free text do), and every
patient one word no other patient has (a search that finds exactly one chart).

    python -m benchmarks.big_practice PATH [PATIENTS]     # default 20000
"""

from __future__ import annotations

import copy
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from models.database import Database, open_database
from models.services.demo import demo_document
from models.services.exchange import import_document

VISITS = 10
BATCH = 250
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "su", "do", "ga", "hu", "be")
REGIONS = ("knee", "calf", "hip", "shin", "foot", "groin")


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """Made-up four-syllable words: free text has tens of thousands of distinct terms."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(4)))
    return sorted(words)


def unique_word(number: int) -> str:
    """A word only patient `number` has in their notes."""
    return f"qx{number:06d}"


def practice_document(first: int, count: int, rng: random.Random) -> dict[str, Any]:
    """Patients `first` … `first + count - 1`, each with VISITS weekly visits."""
    document = demo_document()
    seeds = document["patients"]
    words = vocabulary(20000, random.Random(7))
    patients = []
    for number in range(first, first + count):
        seed = seeds[number % len(seeds)]
        patient = copy.deepcopy(seed)
        patient["chart_number"] = f"P{number:06d}"
        patient["last_name"] = f"{seed['last_name']}{number}"
        patient["visits"] = []
        start = date(2024, 1, 1) + timedelta(days=number % 300)
        for index in range(VISITS):
            visit = copy.deepcopy(seed["visits"][index % len(seed["visits"])])
            day = (start + timedelta(days=7 * index)).isoformat()
            visit["date"], visit["next_visit_date"] = day, None
            visit["kind"] = "initial" if index == 0 else "follow_up"
            extra = " ".join(rng.sample(words, 6))
            if index == VISITS // 2:
                extra += f" {unique_word(number)}"
            visit["note"]["subjective"] += f" Runs by the {rng.choice(REGIONS)}; {extra}."
            for addendum in visit["addenda"]:
                addendum["at"] = day + "T20:00:00"
            if visit["signed"]:
                visit["signed"] = {"by": visit["signed"]["by"], "at": day + "T18:00:00"}
            patient["visits"].append(visit)
        patients.append(patient)
    document["patients"] = patients
    return document


def build_practice(path: Path, patients: int, quiet: bool = False) -> Database:
    """Create (or reuse, if it already holds `patients`) a practice database at `path`."""
    db = open_database(path)
    with db.engine.connect() as connection:
        have = connection.exec_driver_sql("SELECT count(*) FROM patient").scalar_one()
    rng = random.Random(2026)
    start = time.perf_counter()
    for first in range(have, patients, BATCH):
        count = min(BATCH, patients - first)
        import_document(db, practice_document(first, count, rng), "practice", "bench")
        if not quiet:
            done = first + count
            rate = (done - have) / (time.perf_counter() - start)
            print(f"  {done} patients imported ({rate:.0f} patients/s)", flush=True)
    return db


if __name__ == "__main__":
    target = Path(sys.argv[1])
    wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    began = time.perf_counter()
    build_practice(target, wanted).close()
    print(f"{wanted} patients x {VISITS} visits in {time.perf_counter() - began:.0f} s: {target}")
