"""The `holdfast` and `holdfast-gui` programs: check that the packages about to be imported
are Holdfast's own (ui/own_packages.py), then hand over to the command line."""

from __future__ import annotations

import sys

from ui.own_packages import shadowing_problem


def main() -> int:
    problem = shadowing_problem()
    if problem:
        print(f"holdfast: {problem}", file=sys.stderr)
        return 1
    from ui.cli import main as run_command_line

    return run_command_line(sys.argv[1:])
