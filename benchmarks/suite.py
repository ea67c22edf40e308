"""The benchmark harness (issue 11): every figure of every `benchmarks/figures_*.py` module,
timed against its raw floor in a generated practice, printed as a table and written to
`benchmarks/results.json`; then the scaling table.

    make bench                                    # main table at 20k patients, scaling 1k/5k/20k
    BENCH_SIZES=1k,5k,20k,100k make bench         # scaling up to 100k patients (1M visits)
    python -m benchmarks.suite --size 5k --sizes 1k,5k --repeat 3 --only chart_open,dashboard

A figures module has one function, `figures(practice: Practice) -> list[Figure]`. For each
figure the harness runs, `repeat` times, setup, work (timed), setup, floor (timed): work and
floor interleaved, so a noisy neighbour slows both alike; the value and the floor are the
medians. A `measured` figure's work and floor return the value themselves (a p95 latency in
s, a peak RSS in MB) instead of being timed. Each figures module gets its own fresh copy of
the practice (benchmarks/generate.py caches the generated file), so one module's writes
never change another's numbers.

For figure writers: patient ids run 1..patients, chart numbers `P000001`…
(`practice_content.chart_number`), `practice.busy_patient_id` has 100 visits and the word
`practice_content.unique_word(n)` is in patient n's notes only (a search that finds one
chart). Figures at a tiny scale run in `make test` (tests/test_benchmarks.py): keep setup
cheap there, and raise rather than return nonsense.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import math
import os
import pkgutil
import statistics
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from benchmarks import generate

FOLDER = Path(__file__).parent
RESULTS = FOLDER / "results.json"
SCALING_RESULTS = FOLDER / "scaling.json"
SCALING_KEYS = ("chart_open", "empty_search", "keystroke_p95", "dashboard")
DEFAULT_SIZE, DEFAULT_SIZES = "20k", "1k,5k,20k"


@dataclass(frozen=True)
class Practice:
    """One generated practice, a private writable copy."""

    path: Path  # the SQLite file
    patients: int
    visits: int
    busy_patient_id: int  # a patient with 100 visits (every generated practice has one)


@dataclass(frozen=True)
class Figure:
    key: str  # results.json key, e.g. "empty_search"
    label: str  # row label in the printed table
    target: str  # e.g. "<= 100 ms", "<= 2x floor"
    work: Callable[[], object]  # one timed run of the real path
    floor: Callable[[], object] | None  # one timed run of the raw floor (None: absolute)
    meets: Callable[[float, float | None], bool]  # (value_s, floor_s) -> target met
    setup: Callable[[], object] | None = None  # untimed, before every work/floor run
    repeat: int = 5
    unit: str = "s"  # "s" or "MB"
    measured: bool = False  # True: work()/floor() RETURN the value instead of being timed


@dataclass(frozen=True)
class Measurement:
    """A figure's median value and floor, or why it could not be measured."""

    key: str
    label: str
    target: str
    unit: str
    value: float | None
    floor: float | None
    met: bool
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor


def figure_modules() -> list[str]:
    """The names of every `benchmarks/figures_*.py` module, in name order."""
    found = pkgutil.iter_modules([str(FOLDER)])
    return sorted(f"benchmarks.{m.name}" for m in found if m.name.startswith("figures_"))


def _once(run: Callable[[], object], measured: bool) -> float:
    gc.collect()  # not inside the timing: a collection left over from the last run
    if measured:
        value = float(run())  # type: ignore[arg-type]
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"a measured run returned {value!r}")
        return value
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def measure(figure: Figure, repeat: int | None = None) -> Measurement:
    """Setup, work, setup, floor, `repeat` times; the medians (exceptions propagate)."""
    values, floors = [], []
    for _ in range(repeat or figure.repeat):
        if figure.setup is not None:
            figure.setup()
        values.append(_once(figure.work, figure.measured))
        if figure.floor is not None:
            if figure.setup is not None:
                figure.setup()
            floors.append(_once(figure.floor, figure.measured))
    value = statistics.median(values)
    floor = statistics.median(floors) if floors else None
    met = bool(figure.meets(value, floor))
    return Measurement(figure.key, figure.label, figure.target, figure.unit, value, floor, met)


def _failed(key: str, label: str, error: BaseException) -> Measurement:
    where = traceback.extract_tb(error.__traceback__)[-1]
    why = f"{type(error).__name__}: {error} ({Path(where.filename).name}:{where.lineno})"
    return Measurement(key, label, "", "s", None, None, False, why)


@contextmanager
def practice_copy(patients: int, seed: int = generate.SEED) -> Iterator[Practice]:
    """A private writable copy of the generated practice of `patients` (cached), removed
    afterwards."""
    spec = generate.spec_for(patients, seed)
    source = generate.cached_practice(spec, quiet=False)
    with tempfile.TemporaryDirectory(prefix="holdfast-bench-") as folder:
        path = Path(folder) / "practice.sqlite3"
        generate.copy_to(source, path)
        yield Practice(path, spec.patients, spec.visits, spec.busy_patient_id)


def run_module(
    name: str, practice: Practice, repeat: int | None = None, keys: Sequence[str] = (),
    strict: bool = False,
) -> list[Measurement]:  # fmt: skip
    """Every figure of one module (those in `keys`, if given). A module or figure that fails
    is a failed row, or raises when `strict` (the tests)."""
    try:
        module: ModuleType = importlib.import_module(name)
        figures = [f for f in module.figures(practice) if not keys or f.key in keys]
    except Exception as error:
        if strict:
            raise
        return [_failed(name.removeprefix("benchmarks."), "the figures could not be made", error)]
    measured = []
    for figure in figures:
        try:
            measured.append(measure(figure, repeat))
        except Exception as error:
            if strict:
                raise
            measured.append(_failed(figure.key, figure.label, error))
    return measured


def run_all(
    patients: int, repeat: int | None = None, keys: Sequence[str] = (), strict: bool = False,
    modules: Sequence[str] | None = None, shared: bool = False,
) -> list[Measurement]:  # fmt: skip
    """Every module's figures, each module on its own fresh copy of the practice, or all on
    one copy when `shared` (the scaling table's figures only read; a copy of 100k patients
    is several GB)."""
    names = figure_modules() if modules is None else list(modules)
    if shared:
        with practice_copy(patients) as practice:
            return [m for name in names for m in run_module(name, practice, repeat, keys, strict)]
    results = []
    for name in names:
        with practice_copy(patients) as practice:
            results.extend(run_module(name, practice, repeat, keys, strict))
    return results


def sizes_from(text: str) -> list[int]:
    """'1k,5k,20k' (or plain numbers) as patient counts."""
    return [generate.SCALES.get(part.strip()) or int(part) for part in text.split(",") if part]


def main(argv: list[str] | None = None) -> None:
    from benchmarks.suite_report import scaling_table, table, write_json, write_scaling

    parser = argparse.ArgumentParser(prog="python -m benchmarks.suite", description=__doc__)
    size, sizes = os.environ.get("BENCH_SIZE", DEFAULT_SIZE), os.environ.get("BENCH_SIZES")
    parser.add_argument("--size", default=size, help=f"the main table's (default {size})")
    parser.add_argument(
        "--sizes", default=sizes or DEFAULT_SIZES, help="the scaling table's (default %(default)s)"
    )
    parser.add_argument(
        "--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 0)),
        help="runs of each figure (default: the figure's own, 5)",
    )  # fmt: skip
    parser.add_argument("--only", default="", help="figure keys, comma-separated")
    parser.add_argument("--no-scaling", action="store_true")
    args = parser.parse_args(argv)
    keys = [k for k in args.only.split(",") if k]
    main_size = sizes_from(args.size)[0]
    print(f"Figures at {main_size:,} patients (median of each figure's repeat, interleaved):")
    results = run_all(main_size, args.repeat or None, keys)
    print(table(results))
    write_json(results, RESULTS)
    print(f"written to {RESULTS.relative_to(FOLDER.parent)}")
    if args.no_scaling:
        return
    by_size = {main_size: [r for r in results if r.key in SCALING_KEYS]}
    scaling_keys = [k for k in SCALING_KEYS if not keys or k in keys]
    for size in sizes_from(args.sizes):
        if size not in by_size and by_size[main_size]:  # (none at the main size: none at all)
            print(f"(scaling: figures at {size:,} patients)", flush=True)
            by_size[size] = run_all(size, args.repeat or None, scaling_keys, shared=True)
    print(scaling_table(by_size))
    write_scaling(by_size, SCALING_RESULTS)


if __name__ == "__main__":
    main()
