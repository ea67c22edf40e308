"""`holdfast install-desktop [--uninstall]`: the menu entry and icon for this user (Linux)."""

from __future__ import annotations

import argparse
import sys

from ui.desktop_entry import DesktopError, data_home, gui_command, install, uninstall


def add_desktop_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "add Holdfast to this user's application menu, with its icon (Linux)"
    command = sub.add_parser("install-desktop", help=text, description=text)
    command.add_argument(
        "--uninstall", action="store_true", help="remove the menu entry and icon again"
    )


def run_desktop_command(args: argparse.Namespace) -> int:
    """Write (or remove) the menu entry and icons, one line per file; the exit code."""
    if not sys.platform.startswith("linux"):
        print(
            "holdfast install-desktop is for Linux desktops (a freedesktop.org menu entry); "
            f"there is nothing to install on this system ({sys.platform}).",
            file=sys.stderr,
        )
        return 1
    home = data_home()
    try:
        if args.uninstall:
            removed = uninstall(home)
            for path in removed:
                print(f"Removed {path}")
            if not removed:
                print(f"Nothing to remove: no Holdfast menu entry or icon in {home}")
            return 0
        for path in install(home, gui_command()):
            print(f"Wrote {path}")
    except DesktopError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
