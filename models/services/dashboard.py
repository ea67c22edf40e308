"""The practice dashboard's numbers: hold rates across every active patient, and who is not
holding (docs/clinical-model.md#hold-rate).

They are counted from the stored verdicts (models/services/hold_summary.py) with a few
GROUP BY queries, whatever the size of the practice. Courses whose stored verdicts are out
of date (changed since they were judged, or judged with other tolerances) are judged here in
memory, a chunk at a time, and added in: the numbers are those of judging every course
again, even in a database opened read-only, and only the time they take depends on how
recently the dashboard's window brought the stored verdicts up to date.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy import Connection, text

from charting.course_summary import WEEK_BUCKETS, CourseCounts, CourseSummary
from charting.figures.dashboard import (
    HoldRateRow,
    PatientCourse,
    hold_rate_rows,
    holding_summary,
    lost_last,
    not_holding,
)
from charting.holds import Verdict
from charting.patterns import describe_pattern
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances
from models.database import Database
from models.services.hold_summary import CHUNK, stored_tolerances, summarise_patients
from resources.library import exercise_by_slug


@dataclass(frozen=True)
class Dashboard:
    by_exercise: tuple[HoldRateRow, ...]
    by_pattern: tuple[HoldRateRow, ...]
    by_weeks: tuple[HoldRateRow, ...]
    not_holding: tuple[PatientCourse, ...]
    lost_last: tuple[PatientCourse, ...]  # latest assessable interval lost, not in not_holding
    summary: str  # what to say when both lists are empty


Counts = dict[str, list[int]]  # label -> [held, assessable]


@dataclass
class _Tally:
    """Held and assessable intervals per exercise slug, weeks bucket and pattern key, the
    practice's totals, and the courses that lost an interval (the lists' candidates)."""

    exercises: Counts = field(default_factory=dict)
    weeks: Counts = field(default_factory=dict)
    patterns: Counts = field(default_factory=dict)
    lost: int = 0
    assessable: int = 0
    with_any: int = 0
    # (last name, first name, chart number, counts): sorted into the list's order at the end
    losing: list[tuple[str, str, str, CourseCounts]] = field(default_factory=list)


def _add(counts: Counts, label: str, held: int, assessable: int) -> None:
    found = counts.setdefault(label, [0, 0])
    found[0] += held
    found[1] += assessable


# The patients counted from stored rows: active, with stored counts up to date.
COUNTED = """WITH counted AS (SELECT id FROM patient WHERE archived = 0
    AND id NOT IN (SELECT patient_id FROM hold_stale))"""
BY_LABEL = """{counted}
SELECT x.{label}, sum(x.held), sum(x.assessable) FROM {table} x
JOIN counted c ON c.id = x.patient_id GROUP BY x.{label}"""
BY_EXERCISE = BY_LABEL.format(counted=COUNTED, table="hold_exercise", label="slug")
BY_WEEKS = BY_LABEL.format(counted=COUNTED, table="hold_weeks", label="bucket")
BY_PATTERN = f"""{COUNTED}
SELECT k.pattern, sum(k.held), sum(k.assessable) FROM hold_course k
JOIN counted c ON c.id = k.patient_id
WHERE k.intervals > 0 AND k.pattern IS NOT NULL GROUP BY k.pattern"""
TOTALS = f"""{COUNTED}
SELECT coalesce(sum(k.assessable - k.held), 0), coalesce(sum(k.assessable), 0),
  coalesce(sum(k.assessable > 0), 0)
FROM hold_course k JOIN counted c ON c.id = k.patient_id"""
LOSING = f"""{COUNTED}
SELECT p.last_name, p.first_name, p.chart_number, k.held, k.assessable, k.latest_assessed
FROM hold_course k JOIN counted c ON c.id = k.patient_id JOIN patient p ON p.id = k.patient_id
WHERE k.held < k.assessable"""
UNCOUNTED = """SELECT id, last_name, first_name, chart_number FROM patient
WHERE archived = 0 AND id IN (SELECT patient_id FROM hold_stale) ORDER BY id"""
EVERY_ACTIVE = "SELECT id, last_name, first_name, chart_number FROM patient WHERE archived = 0"


def _count_stored(connection: Connection, tally: _Tally) -> None:
    for query, counts in (
        (BY_EXERCISE, tally.exercises), (BY_WEEKS, tally.weeks), (BY_PATTERN, tally.patterns),
    ):  # fmt: skip
        for label, held, assessable in connection.execute(text(query)):
            _add(counts, label, held, assessable)
    tally.lost, tally.assessable, tally.with_any = connection.execute(text(TOTALS)).one()
    for last, first, chart, held, assessable, latest in connection.execute(text(LOSING)):
        course = CourseCounts(held, assessable, Verdict(latest) if latest else None)
        tally.losing.append((last, first, chart, course))


def _count_judged(tally: _Tally, names: tuple[str, str, str], summary: CourseSummary) -> None:
    """Add one course judged in memory, as `_count_stored` adds a stored one."""
    for label, (held, assessable) in summary.by_exercise.items():
        _add(tally.exercises, label, held, assessable)
    for label, (held, assessable) in summary.by_weeks.items():
        _add(tally.weeks, label, held, assessable)
    counts = summary.counts
    if summary.intervals and summary.pattern is not None:
        _add(tally.patterns, summary.pattern, counts.held, counts.assessable)
    tally.lost += counts.assessable - counts.held
    tally.assessable += counts.assessable
    tally.with_any += counts.assessable > 0
    if counts.held < counts.assessable:
        tally.losing.append((*names, counts))


def _uncounted(connection: Connection, current: bool) -> Iterator[list[tuple[int, str, str, str]]]:
    """The active patients whose stored counts cannot be used (all of them when they were
    judged with other tolerances: not `current`), a chunk at a time."""
    rows = iter(connection.execute(text(UNCOUNTED if current else EVERY_ACTIVE)).all())
    while chunk := [(int(i), str(a), str(b), str(c)) for i, a, b, c in islice(rows, CHUNK)]:
        yield chunk


def _rows(counts: Iterable[tuple[str, list[int]]], order: tuple[str, ...] = ()) -> Counts:
    """Counts per label, labels made of several keys (two slugs, one name) added up."""
    merged: Counts = {label: [0, 0] for label in order}
    for label, (held, assessable) in counts:
        _add(merged, label, held, assessable)
    return merged


def _by_rate(rows: tuple[HoldRateRow, ...]) -> tuple[HoldRateRow, ...]:
    return tuple(sorted(rows, key=lambda r: (-(r.rate or 0), -r.assessable, r.label)))


def practice_dashboard(
    db: Database, tolerances: Tolerances = DEFAULT_TOLERANCES, threshold: float = 0.5
) -> Dashboard:
    """Hold rates across every active patient, and who is not holding."""
    tally = _Tally()
    with db.session() as session:
        connection = session.connection()
        connection.exec_driver_sql("BEGIN")  # every query below reads the same state
        current = stored_tolerances(connection) == tolerances
        if current:
            _count_stored(connection, tally)
        for chunk in _uncounted(connection, current):
            names = {row[0]: row[1:] for row in chunk}
            judged = summarise_patients(connection, names, tolerances)
            for patient_id, summary in judged.items():
                _count_judged(tally, names[patient_id], summary)
    exercises = _rows((exercise_by_slug(s).name, n) for s, n in tally.exercises.items())
    patterns = _rows((describe_pattern(key), n) for key, n in tally.patterns.items())
    weeks = _rows(tally.weeks.items(), WEEK_BUCKETS)
    losing = sorted(tally.losing, key=lambda row: row[:3])  # the patient list's order
    courses = [PatientCourse(chart, f"{last}, {first}", n) for last, first, chart, n in losing]
    flagged = not_holding(courses, threshold)
    return Dashboard(
        _by_rate(hold_rate_rows(exercises)),
        _by_rate(hold_rate_rows(patterns)),
        hold_rate_rows(weeks),
        flagged,
        lost_last(courses, exclude=[p.patient_id for p in flagged]),
        holding_summary(tally.lost, tally.assessable, tally.with_any),
    )
