"""`make stress`: kill children at random moments, close the editor normally, run the fault
runs, and print what survived.

    python -m stress --kills 200 [--closes 5] [--fault-runs 2] [--seed N] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from stress.checks import Tally
from stress.fault_runs import FaultTally, disk_full_runs, locked_runs
from stress.harness import Harness
from stress.protocol import MARGIN
from ui.editor.session import RECOVERY_MAX_WAIT


def kill_rounds(harness: Harness, kills: int) -> None:
    """Half the kills hit the editor child, half the services child, in random order."""
    order = ["editor"] * (kills // 2) + ["services"] * (kills - kills // 2)
    harness.rng.shuffle(order)
    for done, kind in enumerate(order, 1):
        harness.kill_editor() if kind == "editor" else harness.kill_services()
        if done % 10 == 0:
            print(f"  {done}/{kills} kills", flush=True)


def print_tally(tally: Tally, kills: int) -> None:
    after_faults = tally.kills - kills
    print(f"kills                                {tally.kills} ({kills} at random moments, "
          f"{after_faults} after the fault runs)")  # fmt: skip
    print(f"characters typed                     {tally.typed}")
    print(f"characters lost (typed in the last moments before a kill)  {tally.lost}")
    wait = RECOVERY_MAX_WAIT + MARGIN
    print(f"characters lost beyond the {wait:g} s max wait  {tally.lost_beyond_wait}")
    print(f"committed changes                    {tally.committed}")
    print(f"committed changes lost               {tally.committed_lost}")
    print(f"integrity failures                   {tally.integrity_failures}")


def print_faults(name: str, tally: FaultTally) -> None:
    if tally.skipped:
        print(f"{name:<10} skipped: {tally.skipped}")
        return
    worst = max(tally.seconds, default=0.0)
    print(
        f"{name:<10} runs {tally.runs}, messages in words {tally.in_words}/{tally.runs}, "
        f"saved by itself once cleared {tally.landed}/{tally.runs} (at most {worst:.1f} s after)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m stress", description=__doc__)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--closes", type=int, default=5)
    parser.add_argument("--fault-runs", type=int, default=2, help="of each fault")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", action="store_true", help="keep the database and reports")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="holdfast-stress-"))
    started = time.monotonic()
    print(f"seed {args.seed}; working in {folder}", flush=True)
    harness = Harness(folder, args.seed)
    kill_rounds(harness, args.kills)
    closes = [harness.close_normally() for _ in range(args.closes)]
    locked = locked_runs(harness, args.fault_runs)
    full = disk_full_runs(harness, args.fault_runs)
    print(f"\n== after {time.monotonic() - started:.0f} s")
    print_tally(harness.tally, args.kills)
    lost, left = sum(c[0] for c in closes), sum(c[1] for c in closes)
    print(f"normal closes {len(closes)}: characters lost {lost}, recovery files left {left}")
    print_faults("locked", locked)
    print_faults("disk full", full)
    for problem in harness.tally.problems:
        print(f"PROBLEM {problem}")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    failed = harness.tally.problems or lost or left
    failed = failed or harness.tally.lost_beyond_wait or locked.landed < locked.runs
    return 1 if failed or full.landed < full.runs else 0


if __name__ == "__main__":
    raise SystemExit(main())
