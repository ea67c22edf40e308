"""The bundle's entry point: `holdfast` as the installed command runs it (ui/cli.py)."""

import sys

from ui.cli import main

if __name__ == "__main__":
    sys.exit(main())
