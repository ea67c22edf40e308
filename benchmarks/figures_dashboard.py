"""The practice dashboard: its window's whole path, and its peak memory.

`dashboard`: the numbers the window's background jobs produce after a day's work (some
courses changed since it was last opened): judge those courses again and count the stored
verdicts of every active patient, as issue 11 measured the dashboard. The floor is one
aggregate SQL over the same rows (plan items, visits, readings of the active patients),
through plain sqlite3. Drawing the figure is left out: it does not grow with the practice
(one bar per exercise of the library, per pattern, per weeks bucket) and belongs with the
figures' own rendering. Every generated practice comes with no stored verdicts; the first
opening judges every course (once, in the background): `setup` does that, untimed.

`dashboard_screen`: the GUI thread's share of showing those numbers: the figure already
drawn and the lists of patients to review already written (background jobs), put on screen.
The value is the longest turn of the event loop from then until the window has settled
(the list lays its rows out a batch per turn), against the GUI thread's 50 ms.

`dashboard_rss`: the peak resident memory of a fresh process that opens the practice and
builds the dashboard, against one that opens it and runs the floor's SQL: the difference is
what the dashboard holds, and must not grow with the practice.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.suite import Figure, Practice
from charting.tolerances import DEFAULT_TOLERANCES
from models.database import Database, open_database
from models.services.dashboard import practice_dashboard
from models.services.hold_summary import bring_up_to_date

CHANGED_SINCE = 20  # courses changed since the dashboard was last opened (a day's saves)
WINDOW = (900, 780)  # the figure's pixel size in the dashboard window (memory: drawn too)
RSS_ALLOWANCE_MB = 50.0
SETTLE_TURNS = 200  # event-loop turns watched after the numbers arrive

FLOOR_SQL = (
    """SELECT e.slug, count(*) FROM plan_item i JOIN visit v ON v.id = i.visit_id
    JOIN patient p ON p.id = v.patient_id JOIN exercise e ON e.id = i.exercise_id
    WHERE p.archived = 0 GROUP BY e.slug""",
    """SELECT r.phase, count(*), sum(v.status = 'signed') FROM reading r
    JOIN visit v ON v.id = r.visit_id JOIN patient p ON p.id = v.patient_id
    WHERE p.archived = 0 GROUP BY r.phase""",
)

# A fresh process: open, do one thing, print the peak RSS in MB (Linux: ru_maxrss in KiB).
CHILD = f"""
import resource, sqlite3, sys
from pathlib import Path
from charting.tolerances import DEFAULT_TOLERANCES
from models.database import open_database
from ui.dashboard import build_dashboard
from ui.figure_canvas import PixelSize
path, what = Path(sys.argv[1]), sys.argv[2]
db = open_database(path)
if what == "dashboard":
    build_dashboard(db, DEFAULT_TOLERANCES, PixelSize(*{WINDOW!r}))
else:
    with sqlite3.connect(path) as connection:
        for statement in {FLOOR_SQL!r}:
            connection.execute(statement).fetchall()
db.close()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def judge_all(db: Database) -> None:
    """Bring every stored verdict up to date (the first opening after generating)."""
    while bring_up_to_date(db, DEFAULT_TOLERANCES)[1]:
        pass


def change_some(db: Database) -> None:
    """Up to date, then CHANGED_SINCE courses marked as a day's saves would mark them."""
    judge_all(db)
    with sqlite3.connect(db.path) as connection:
        connection.execute(
            "INSERT OR IGNORE INTO hold_stale SELECT id FROM patient ORDER BY id DESC LIMIT ?",
            (CHANGED_SINCE,),
        )
    connection.close()


def dashboard_numbers(db: Database) -> object:
    """What the window's background jobs compute before the figure is drawn."""
    judge_all(db)
    return practice_dashboard(db, DEFAULT_TOLERANCES)


def plain_rows(path: Path, *statements: str) -> list[list[Any]]:
    """The rows of each statement through plain sqlite3: the floor a figure is held to."""
    with sqlite3.connect(path) as connection:
        rows = [connection.execute(statement).fetchall() for statement in statements]
    connection.close()
    return rows


def floor_sql(path: Path) -> object:
    return plain_rows(path, *FLOOR_SQL)


def peak_rss(path: Path, what: str) -> float:
    """The peak RSS in MB of a fresh process doing `what` on the practice at `path`."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), what],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.split()[-1])


def screen_figure(db: Database) -> Figure:
    """dashboard_screen: see the module doc."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from benchmarks.read_first import GUI_THREAD_S, ReadFirst, longest_turn
    from ui.context import AppContext
    from ui.dashboard import DashboardWindow

    app = QApplication.instance() or QApplication([])
    runner = ReadFirst()
    window = DashboardWindow(AppContext(db, runner))
    window.resize(1200, 820)

    def numbers_read() -> None:  # the verdicts brought up to date, counted and drawn
        judge_all(db)
        window.show()  # its first showing asks for the numbers; later ones, refresh()
        window.refresh()
        runner.read()  # nothing left to judge
        runner.show()  # ... so the numbers are asked for
        runner.read()

    def turn() -> float:
        return longest_turn(runner, app.processEvents, SETTLE_TURNS)

    return Figure(
        key="dashboard_screen",
        label="practice dashboard put on screen: longest GUI-thread turn",
        target=f"<= {GUI_THREAD_S * 1000:.0f} ms",
        work=turn,
        floor=None,
        meets=lambda value, _floor: value <= GUI_THREAD_S,
        setup=numbers_read,
        measured=True,
    )


def figures(practice: Practice) -> list[Figure]:
    db = open_database(practice.path)  # the harness's private copy; closed with the process
    return [
        screen_figure(db),
        Figure(
            key="dashboard",
            label=f"practice dashboard numbers ({CHANGED_SINCE} courses changed since opened)",
            target="<= 1 s",
            work=partial(dashboard_numbers, db),
            floor=partial(floor_sql, practice.path),
            meets=lambda value, _floor: value <= 1.0,
            setup=partial(change_some, db),
        ),
        Figure(
            key="dashboard_rss",
            label="practice dashboard, peak memory of a fresh process",
            target=f"<= floor + {RSS_ALLOWANCE_MB:.0f} MB",
            work=partial(peak_rss, practice.path, "dashboard"),
            floor=partial(peak_rss, practice.path, "floor"),
            meets=lambda value, floor: floor is not None and value <= floor + RSS_ALLOWANCE_MB,
            setup=partial(judge_all, db),
            repeat=3,
            unit="MB",
            measured=True,
        ),
    ]
