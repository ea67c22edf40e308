"""`holdfast install-desktop [--uninstall]`: the menu entry and icon for this user (Linux)."""

from __future__ import annotations

import argparse


def add_desktop_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "add Holdfast to this user's application menu, with its icon (Linux)"
    command = sub.add_parser("install-desktop", help=text, description=text)
    command.add_argument(
        "--uninstall", action="store_true", help="remove the menu entry and icon again"
    )


def run_desktop_command(args: argparse.Namespace) -> int:
    raise NotImplementedError("install-desktop")
