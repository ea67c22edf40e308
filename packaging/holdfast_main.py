"""The bundle's entry point: the `holdfast` program, as the installed one starts (ui/launch.py)."""

import sys

from ui.launch import main

if __name__ == "__main__":
    sys.exit(main())
