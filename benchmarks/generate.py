"""A big practice database, generated directly: deterministic (seeded) and fast.

    python -m benchmarks.generate --scale 20k            # 20,000 patients, 200,000 visits
    python -m benchmarks.generate --scale 1k --out PATH  # a copy of the cached file at PATH

Sizes (`--scale`): 1k, 5k, 20k and 100k patients, ten visits each on average (100k: one
million visits); one patient of every practice has 100 visits (`busy_patient_id`). The
schema comes from the project's own `open_database` (its migrations); the rows are written
in bulk (benchmarks/bulk_load.py); the result passes `holdfast check`.

Generated files are cached in $HOLDFAST_BENCH_CACHE (default ~/.cache/holdfast-bench), named
by size, seed and a fingerprint of the migrations and the generator's own source, so a
schema or generator change builds afresh (and removes the stale file of that size).
Benchmarks never touch the cached file: each run works on a private writable copy
(`suite.practice_copy`). Building takes about a minute for 20k patients on two idle cores
(the rows are built in a worker process while the database writes: BENCH_WORKERS).
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import shutil
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from benchmarks.bulk_load import BulkLoader
from benchmarks.practice_rows import ChunkRows, chunk_rows
from benchmarks.practice_spec import PracticeSpec
from models.database import open_database
from models.lock_triggers import trigger_state
from models.migrate import head_revision

SCALES = {"1k": 1_000, "5k": 5_000, "20k": 20_000, "100k": 100_000}
SEED = 2026
CHUNK = 500  # patients built and written at a time (memory stays flat)
# Building rows in another process while this one writes: about 1.5x faster with a core to
# spare, slower on a machine already busy (BENCH_WORKERS=0 builds them here).
WORKERS = int(os.environ.get("BENCH_WORKERS", 1 if (os.cpu_count() or 1) > 1 else 0))
LAST_DAY = date(2026, 9, 30)  # the newest courses of care end about here
YEARS = 10  # of practice: the first patient's course starts this long before LAST_DAY


def cache_folder() -> Path:
    return Path(os.environ.get("HOLDFAST_BENCH_CACHE") or Path.home() / ".cache/holdfast-bench")


def fingerprint() -> str:
    """Of what the file depends on: the schema (every migration, the triggers), the signed
    visits' and audit chain's hash forms, the libraries it draws from and the generator."""
    root = Path(__file__).parent.parent
    sources = sorted((root / "models" / "migrations" / "versions").glob("*.py"))
    sources += [root / name for name in DEPENDS_ON]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()[:12]


DEPENDS_ON = (
    "models/lock_triggers.py", "models/canonical.py", "models/audit_chain.py",
    "resources/exercises.json", "resources/patterns.json",
    "benchmarks/generate.py", "benchmarks/bulk_load.py", "benchmarks/practice_content.py",
    "benchmarks/practice_rows.py", "benchmarks/practice_spec.py",
)  # fmt: skip


def _stem(spec: PracticeSpec) -> str:
    return f"practice-{spec.patients}p-{spec.visits}v-seed{spec.seed}-"


def cached_path(spec: PracticeSpec) -> Path:
    """Where the practice of `spec` is cached, named by size, seed, schema and generator."""
    return cache_folder() / f"{_stem(spec)}{head_revision()}-{fingerprint()}.sqlite3"


def chunks(spec: PracticeSpec, size: int) -> Iterator[tuple[int, int, int]]:
    """(first patient, last patient, first visit id) of each chunk."""
    first_visit = 1
    for first in range(1, spec.patients + 1, size):
        last = min(spec.patients, first + size - 1)
        yield first, last, first_visit
        first_visit += sum(spec.visit_count(n) for n in range(first, last + 1))


def build(
    path: Path, spec: PracticeSpec, quiet: bool = True, workers: int = WORKERS, chunk: int = CHUNK
) -> None:
    """Create the practice of `spec` at `path` (which must not exist yet). With `workers`,
    other processes build the rows while this one writes (0: all in this process); the
    result is the same either way."""
    open_database(path).close()  # the schema, the exercise library: the app's own way
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        loader = BulkLoader(connection)
        exercises = dict(connection.execute("SELECT slug, id FROM exercise").fetchall())
        jobs = [(spec, exercises, *part) for part in chunks(spec, chunk)]
        started = time.perf_counter()
        with _pool(workers if len(jobs) > 1 else 0) as pool:
            for done, rows in enumerate(pool(jobs), start=1):
                loader.write_chunk(rows)
                if not quiet:
                    last = jobs[done - 1][3]
                    rate = last / (time.perf_counter() - started)
                    print(f"  {last:,} patients written ({rate:,.0f} patients/s)", flush=True)
        loader.finish()
    finally:
        connection.close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as checking:
            state = trigger_state(checking)
    finally:
        engine.dispose()
    if not state.ok:
        raise RuntimeError(f"triggers not restored as the schema defines them: {state}")


@contextmanager
def _pool(workers: int) -> Iterator[Callable[[list[Any]], Iterator[ChunkRows]]]:
    """A map over chunk jobs, in order: in worker processes (spawned: nothing of this
    process's open files or threads is inherited), or here when `workers` is 0."""
    if workers == 0:
        yield lambda jobs: (chunk_rows(*job) for job in jobs)
        return
    with multiprocessing.get_context("spawn").Pool(workers) as pool:

        def ordered(jobs: list[Any]) -> Iterator[ChunkRows]:
            # A few chunks ahead, never all: a writer slower than the workers would otherwise
            # hold every chunk's rows in memory at once (Pool.imap runs ahead unbounded).
            waiting: deque[Any] = deque()
            for job in jobs:
                waiting.append(pool.apply_async(_chunk_job, (job,)))
                if len(waiting) > workers + 1:
                    yield waiting.popleft().get()
            while waiting:
                yield waiting.popleft().get()

        yield ordered


def _chunk_job(job: tuple[Any, ...]) -> ChunkRows:
    return chunk_rows(*job)


def cached_practice(spec: PracticeSpec, quiet: bool = True) -> Path:
    """The cached file of `spec`, generated first if there is none yet."""
    path = cached_path(spec)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        build(partial, spec, quiet)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    for stale in path.parent.glob(f"{_stem(spec)}*.sqlite3"):
        if stale != path:  # an older schema or generator: a 100k file is several GB
            stale.unlink(missing_ok=True)
    return path


def spec_for(patients: int, seed: int = SEED, visits: int | None = None) -> PracticeSpec:
    """A practice of `patients` patients, ten visits each on average, one with 100."""
    first_day = LAST_DAY - timedelta(days=365 * YEARS)
    return PracticeSpec(patients, visits or 10 * patients, seed, first_day, LAST_DAY)


def copy_to(source: Path, target: Path) -> None:
    """A private writable copy of a cached practice."""
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--scale", choices=SCALES, default="20k")
    parser.add_argument("--patients", type=int, help="any number of patients (overrides --scale)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, help="also copy the practice to this file")
    args = parser.parse_args(argv)
    spec = spec_for(args.patients or SCALES[args.scale], args.seed)
    started = time.perf_counter()
    path = cached_practice(spec, quiet=False)
    seconds = time.perf_counter() - started
    print(f"{spec.patients:,} patients, {spec.visits:,} visits in {seconds:.1f} s: {path}")
    if args.out:
        copy_to(path, args.out)
        print(f"copied to {args.out}")


if __name__ == "__main__":
    main()
