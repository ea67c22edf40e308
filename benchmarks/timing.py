"""Repeated wall-clock timing shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def run_times(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, fastest) seconds over `repeat` runs of `work`."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), min(samples)
