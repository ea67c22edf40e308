"""Benchmarks, run by `make bench` (`python -m benchmarks`): timings printed, not asserted."""
