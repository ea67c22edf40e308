"""Benchmarks (issue 11), run by `make bench` (`python -m benchmarks`): timed, never asserted.

- `generate.py` builds a seeded practice database directly (1k, 5k, 20k or 100k patients,
  ten visits each on average, one patient with 100), valid for `holdfast check`, and caches
  it in $HOLDFAST_BENCH_CACHE (default ~/.cache/holdfast-bench) keyed by size, seed, schema
  and generator; each run works on a private copy.
- `suite.py` is the harness: `Practice` and `Figure`, each `figures_*.py` module's
  `figures(practice)`, work and floor interleaved (median of `repeat`), the printed table,
  `benchmarks/results.json`, and the scaling table (sizes from BENCH_SIZES or --sizes,
  default 1k,5k,20k; the main table at BENCH_SIZE or --size, default 20k) written to
  `benchmarks/scaling.json`.
- `bench_*.py` are the older benchmarks printing their own timings (`make bench-classic`,
  `make bench-tamper`).

`make test` runs every figure once on a 30-patient practice (tests/test_benchmarks.py).
"""
