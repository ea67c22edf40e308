"""Run every `bench_*.py` module's `main()` in this folder, in name order."""

from __future__ import annotations

import importlib
import pkgutil
import time
from pathlib import Path


def main() -> None:
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
