"""The suite's output: the printed table, results.json, and the scaling table with the growth
of each figure in the number of patients, fitted from the numbers."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.suite import SCALING_KEYS, Measurement

FLAT_EXPONENT, LINEAR_EXPONENT = 0.15, 0.75  # of value ~ patients^k, fitted


def shown(value: float | None, unit: str) -> str:
    """'87.3 ms', '2.41 s', '245 MB'; '—' for nothing."""
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value * 1000:,.1f} ms" if value < 10 else f"{value:,.1f} s"


def table(results: Sequence[Measurement]) -> str:
    """figure, value, floor, ratio, target, meets: one row per figure."""
    rows = [("figure", "value", "floor", "ratio", "target", "meets")]
    for r in results:
        if r.error is not None:
            rows.append((r.label, "failed", "", "", r.key, r.error))
            continue
        ratio = f"{r.ratio:.1f}x" if r.ratio is not None else ""
        rows.append((
            r.label, shown(r.value, r.unit), shown(r.floor, r.unit) if r.floor else "", ratio,
            r.target, "yes" if r.met else "NO",
        ))  # fmt: skip
    return "\n".join(aligned(rows))


def aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as lines, columns padded to their widest cell (the last one left as it is)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def as_json(result: Measurement) -> dict[str, Any]:
    """One figure as results.json holds it: value_s/floor_s (value_mb/floor_mb for MB)."""
    if result.error is not None:
        return {"error": result.error, "target": result.target, "meets": False}
    unit = "mb" if result.unit == "MB" else "s"
    return {
        f"value_{unit}": result.value, f"floor_{unit}": result.floor,
        "ratio": None if result.ratio is None else round(result.ratio, 3),
        "target": result.target, "meets": result.met,
    }  # fmt: skip


def write_json(results: Sequence[Measurement], path: Path) -> None:
    document = {r.key: as_json(r) for r in results}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of ys over xs."""
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def growth(points: dict[int, float], unit: str = "s") -> str:
    """How a figure grows with the number of patients, from (patients -> value) points:
    the exponent k of value ~ patients^k, then flat (k < 0.15), logarithmic (in between:
    the cost per doubling) or linear (k > 0.75: the cost per 1,000 patients)."""
    sizes = sorted(n for n, v in points.items() if v and v > 0)
    if len(sizes) < 2:
        return "one size only"
    values = [points[n] for n in sizes]
    k = _slope([math.log(n) for n in sizes], [math.log(v) for v in values])
    scale, per = (1.0, "MB") if unit == "MB" else (1000.0, "ms")
    if k < FLAT_EXPONENT:
        return f"flat (n^{k:.2f})"
    if k > LINEAR_EXPONENT:
        per_thousand = _slope([float(n) for n in sizes], values) * 1000 * scale
        return f"linear (n^{k:.2f}): {per_thousand:+.2f} {per} per 1,000 patients"
    per_doubling = _slope([math.log2(n) for n in sizes], values) * scale
    return f"logarithmic (n^{k:.2f}): {per_doubling:+.1f} {per} per doubling"


def scaling_table(by_size: dict[int, list[Measurement]]) -> str:
    """One row per scaling figure: its value at each size and its growth."""
    sizes = sorted(by_size)
    found: dict[str, dict[int, Measurement]] = {}
    for size in sizes:
        for result in by_size[size]:
            found.setdefault(result.key, {})[size] = result
    header = ["figure", *(f"{n // 1000}k" if n % 1000 == 0 else str(n) for n in sizes), "growth"]
    rows = [header]
    for key, at in found.items():
        unit = next(iter(at.values())).unit
        cells = [shown(at[n].value, unit) if n in at else "—" for n in sizes]
        points = {n: m.value for n, m in at.items() if m.value is not None}
        rows.append([key, *cells, growth(points, unit)])
    if not found:
        return "Scaling: none of the scaling figures (" + ", ".join(SCALING_KEYS) + ") exist yet"
    return "\n".join(["Scaling with the number of patients:", *aligned(rows)])


def write_scaling(by_size: dict[int, list[Measurement]], path: Path) -> None:
    """{figure: {patients: value, ..., "growth": words}}."""
    document: dict[str, dict[str, Any]] = {}
    for size in sorted(by_size):
        for result in by_size[size]:
            document.setdefault(result.key, {})[str(size)] = result.value
    units = {r.key: r.unit for results in by_size.values() for r in results}
    for key, values in document.items():
        points = {int(n): v for n, v in values.items() if v is not None}
        values["growth"] = growth(points, units[key])
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
