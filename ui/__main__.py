"""`python -m ui` starts Holdfast as the `holdfast` program does."""

import sys

from ui.launch import main

sys.exit(main())
