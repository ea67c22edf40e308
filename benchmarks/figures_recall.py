"""The recall list: its dialog's background job after a day's work.

`recall_list`: every active patient's course stage (the stored facts, the courses changed
since they were judged judged again in memory), the reasons to recall, and the names and
phones of those listed, as the dialog loads them. The floor is one plain sqlite3 query of
the same stored facts joined to the patients' names and phones.

Every generated course ends with a discharge visit, so nobody would be listed: `setup`
first gives one patient in RECALLED a follow-up visit after it, on the same day, half of
them booking a visit two weeks later (gone by for most of them, a missed booking) and half
booking none (a course that held and was not seen since: listed when long ago). Then it
stores every course's facts (the dashboard's first opening does that, once) and marks a
day's saves' worth of courses changed, all untimed.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from functools import partial

from benchmarks.figures_dashboard import CHANGED_SINCE, change_some, plain_rows
from benchmarks.suite import Figure, Practice
from charting.course_stage import DEFAULT_STAGE_SETTINGS
from charting.tolerances import DEFAULT_TOLERANCES
from models.database import Database, open_database
from models.services.recall import recall_list

TODAY = date(2026, 10, 1)  # a few weeks after the generated practice's latest visits
MARK = "recall benchmark"  # the follow-up visits' no-plan reason, so setup adds them once
RECALLED = 25  # one patient in this many gets a follow-up visit after the discharge
FOLLOW_UP = f"""INSERT INTO visit (patient_id, visit_date, kind, subjective, objective,
assessment, plan_text, correction, hypothesis_reasoning, no_plan_reason, next_visit_date,
carried_over, status, created_at, updated_at)
SELECT patient_id, last_seen, 'follow_up', '', '', '', '', '', '', '{MARK}',
CASE WHEN patient_id % 2 = 0 THEN date(last_seen, '+14 days') END, 0, 'draft',
last_seen || ' 18:00:00', last_seen || ' 18:00:00'
FROM course_status WHERE patient_id % {RECALLED} = 0"""

FLOOR_SQL = """SELECT s.patient_id, s.last_seen, s.next_visit, s.discharged, s.verdicts,
p.chart_number, p.last_name, p.first_name, p.phone, p.email
FROM course_status s JOIN patient p ON p.id = s.patient_id WHERE p.archived = 0"""


def with_follow_ups(db: Database) -> None:
    """The follow-up visits (once), then up to date but for a day's saves."""
    with sqlite3.connect(db.path) as connection:
        added = connection.execute("SELECT 1 FROM visit WHERE no_plan_reason = ?", (MARK,))
        if added.fetchone() is None:
            change_some(db)  # every course's facts stored: the visits are added after them
            connection.execute(FOLLOW_UP)
    connection.close()
    change_some(db)


def recall_numbers(db: Database) -> int:
    return len(recall_list(db, TODAY, DEFAULT_TOLERANCES, DEFAULT_STAGE_SETTINGS))


def figures(practice: Practice) -> list[Figure]:
    db = open_database(practice.path)  # the harness's private copy; closed with the process
    return [
        Figure(
            key="recall_list",
            label=f"recall list ({CHANGED_SINCE} courses changed since judged)",
            target="<= 1 s",
            work=partial(recall_numbers, db),
            floor=partial(plain_rows, practice.path, FLOOR_SQL),
            meets=lambda value, _floor: value <= 1.0,
            setup=partial(with_follow_ups, db),
        ),
    ]
