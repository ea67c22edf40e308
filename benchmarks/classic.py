"""The benchmarks written before the suite, each printing its own timings: charts of a
100-visit course, report building, and what tamper evidence and encryption cost. Run all
with `make bench-classic`, or one with `python -m benchmarks.bench_tamper`."""

from __future__ import annotations

import importlib
import pkgutil
import time
from pathlib import Path


def main() -> None:
    """Every `bench_*.py` module's `main()` in this folder, in name order."""
    folder = Path(__file__).parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )
    for name in names:
        start = time.perf_counter()
        print(f"== {name}")
        importlib.import_module(f"benchmarks.{name}").main()
        print(f"   ({name} took {time.perf_counter() - start:.1f} s in all)\n")


if __name__ == "__main__":
    main()
