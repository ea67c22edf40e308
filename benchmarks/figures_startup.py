"""Cold start: process start to the main window shown with the patient list filled, and the
peak memory on the way, against a bare PySide6 window filled from raw sqlite3
(benchmarks/startup_floor.py).

Both are real processes, started offscreen on the practice copy: Holdfast through its own
entry point with HOLDFAST_EXIT_WHEN_SHOWN=1 (ui/app.py), which prints "shown <peak kB>" and
quits once the list holds rows. The time is taken when that line arrives; what the process
does while quitting is not counted. Standalone: `python -m benchmarks.figures_startup DB`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.suite import Figure, Practice

START_LIMIT_S = 120  # a start slower than this is a failure, not a figure
TARGET_RATIO, TARGET_CEILING_S, TARGET_RSS_MB = 3.0, 0.6, 250.0


@dataclass(frozen=True)
class Start:
    """One measured start: seconds until the window showed filled, peak RSS until then."""

    seconds: float
    peak_mb: float


def launch(arguments: list[str], home: Path) -> Start:
    """Run `python <arguments>` offscreen with a private home (settings, window layout) and
    time it to its "shown" line; the process is then left to quit and waited for."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOLDFAST_EXIT_WHEN_SHOWN": "1",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    env.pop("HOLDFAST_PASSPHRASE", None)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    stuck = threading.Timer(START_LIMIT_S, process.kill)  # a dialog waiting for a person
    stuck.start()
    try:
        line = process.stdout.readline()
        seconds = time.perf_counter() - start
        process.stdout.close()
        process.wait(timeout=START_LIMIT_S)
    finally:
        stuck.cancel()
    if not line.startswith("shown "):
        raise RuntimeError(f"{arguments[:2]} never showed its window (exit {process.returncode})")
    return Start(seconds, int(line.split()[1]) / 1024)


def holdfast_start(db: Path, home: Path) -> Start:
    """Holdfast's real entry point (the `holdfast` command with no subcommand)."""
    return launch(["-m", "ui.cli", "--db", str(db)], home)


def floor_start(db: Path, home: Path) -> Start:
    """The bare window with raw sqlite3's first page."""
    return launch(["-m", "benchmarks.startup_floor", str(db)], home)


def figures(practice: Practice) -> list[Figure]:
    """cold_start (s) and cold_start_rss (MB), each against the floor in the same run."""
    from benchmarks.suite import Figure

    home = Path(tempfile.mkdtemp(prefix="holdfast-start-"))
    db = practice.path

    def meets_time(value: float, floor: float | None) -> bool:
        return value < TARGET_CEILING_S and floor is not None and value <= TARGET_RATIO * floor

    def meets_rss(value: float, _floor: float | None) -> bool:
        return value <= TARGET_RSS_MB

    return [
        Figure(
            key="cold_start",
            label="cold start to the filled patient list",
            target=f"<= {TARGET_RATIO:g}x floor and < {TARGET_CEILING_S} s",
            work=lambda: holdfast_start(db, home).seconds,
            floor=lambda: floor_start(db, home).seconds,
            meets=meets_time,
            measured=True,
        ),
        Figure(
            key="cold_start_rss",
            label="cold start peak memory",
            target=f"<= {TARGET_RSS_MB:g} MB",
            work=lambda: holdfast_start(db, home).peak_mb,
            floor=lambda: floor_start(db, home).peak_mb,
            meets=meets_rss,
            unit="MB",
            measured=True,
        ),
    ]


def main(db: Path, repeat: int = 5) -> None:
    """Interleaved runs on `db` (a copy: opening may upgrade it), medians printed."""
    home = Path(tempfile.mkdtemp(prefix="holdfast-start-"))
    holdfast_start(db, home)  # an upgrade or the first automatic backup is not a cold start
    ours, floors = [], []
    for _ in range(repeat):
        ours.append(holdfast_start(db, home))
        floors.append(floor_start(db, home))
    for name, starts in (("holdfast", ours), ("floor", floors)):
        seconds = statistics.median(s.seconds for s in starts)
        peak = statistics.median(s.peak_mb for s in starts)
        runs = ", ".join(f"{s.seconds:.2f}" for s in starts)
        print(f"{name:9} {seconds:6.3f} s  {peak:6.1f} MB  ({runs})")
    ratio = statistics.median(s.seconds for s in ours) / statistics.median(
        s.seconds for s in floors
    )
    print(f"ratio     {ratio:6.1f}x")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)
