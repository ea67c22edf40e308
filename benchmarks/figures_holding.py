"""Time to holding (issue 15): the dashboard tab's curves, from the stored course facts.

- time_to_holding: what the tab's background jobs do after a day's work (CHANGED_SINCE
  courses changed since the dashboard was last opened, judged in memory): read every active
  course's facts and pattern, estimate the Kaplan–Meier curves per pattern and per exercise
  in weeks and in visits, and draw the pattern curves at the window's size. Target: 1 s at
  any practice size. Floor: reading the same rows through plain sqlite3, nothing else.
"""

from __future__ import annotations

from functools import partial

from benchmarks.figures_dashboard import change_some, plain_rows
from benchmarks.suite import Figure, Practice
from charting.course_stage import DEFAULT_STAGE_SETTINGS
from charting.tolerances import DEFAULT_TOLERANCES
from models.database import Database, open_database

TARGET_S = 1.0
WINDOW = (1100, 520)  # the curves' pixel size in the dashboard's tab
FLOOR_SQL = """SELECT c.*, k.pattern FROM course_status c JOIN hold_course k
ON k.patient_id = c.patient_id JOIN patient p ON p.id = c.patient_id WHERE p.archived = 0"""


def curves(db: Database) -> object:
    from models.services.time_to_holding import practice_holding_times
    from ui.figure_canvas import PixelSize
    from ui.holding_tab import Choice, render_curves

    times = practice_holding_times(db, DEFAULT_TOLERANCES, DEFAULT_STAGE_SETTINGS)
    return render_curves(times, Choice("Presenting pattern", "Weeks"), PixelSize(*WINDOW))


def figures(practice: Practice) -> list[Figure]:
    db = open_database(practice.path)  # the harness's private copy; closed with the process
    return [
        Figure(
            key="time_to_holding",
            label="time-to-holding curves (20 courses changed since opened), drawn",
            target=f"<= {TARGET_S * 1000:.0f} ms",
            work=partial(curves, db),
            floor=partial(plain_rows, practice.path, FLOOR_SQL),
            meets=lambda value, _floor: value <= TARGET_S,
            setup=partial(change_some, db),
        ),
    ]
