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
    NOT_HOLDING_MIN_INTERVALS,
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


Counts = dict[str, list[int]]  # label -> [held, assessable, courses counted under it]


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


def _add(counts: Counts, label: str, held: int, assessable: int, rows: int = 1) -> None:
    found = counts.setdefault(label, [0, 0, 0])
    found[0] += held
    found[1] += assessable
    found[2] += rows


# Stored rows counted: those of every patient, less those of the patients that must not be
# counted from them (archived; out of date). Few are left out, so this reads each table once
# in the order of its covering index (no sort, no lookup per row): 3-4 times faster at 20,000
# patients than joining every row with its patient. `count(*)` tells a label whose every
# row was left out (not shown) from one whose intervals were none assessable (shown).
LEFT_OUT = "SELECT id FROM patient WHERE archived = true UNION SELECT patient_id FROM hold_stale"
ALL, ONLY_LEFT_OUT = "true", f"patient_id IN ({LEFT_OUT})"  # what {among} is filled with
BY_LABEL = """SELECT {label}, sum(held), sum(assessable), count(*) FROM {table}
WHERE {among} GROUP BY {label}"""
BY_PATTERN = """SELECT pattern, sum(held), sum(assessable), count(*) FROM hold_course
WHERE intervals > 0 AND pattern IS NOT NULL AND {among} GROUP BY pattern"""
TOTALS = """SELECT coalesce(sum(assessable - held), 0), coalesce(sum(assessable), 0),
  coalesce(sum(CASE WHEN assessable > 0 THEN 1 ELSE 0 END), 0) FROM hold_course WHERE {among}"""
# Superset of both lists (the rules themselves are applied in charting.figures.dashboard).
LOSING = f"""SELECT p.last_name, p.first_name, p.chart_number, k.held, k.assessable,
  k.latest_assessed
FROM hold_course k JOIN patient p ON p.id = k.patient_id
WHERE k.patient_id NOT IN ({LEFT_OUT}) AND (k.latest_assessed = 'lost'
  OR (k.assessable >= :fewest AND CAST(k.held AS REAL) / k.assessable < :threshold))"""
UNCOUNTED = """SELECT id, last_name, first_name, chart_number FROM patient
WHERE archived = false AND id IN (SELECT patient_id FROM hold_stale) ORDER BY id"""
EVERY_ACTIVE = "SELECT id, last_name, first_name, chart_number FROM patient WHERE archived = false"


def _all_less_left_out(connection: Connection, query: str, counts: Counts) -> None:
    """Add the rows `query` gives of every patient, less those of the patients left out."""
    for sign, among in ((1, ALL), (-1, ONLY_LEFT_OUT)):
        for label, held, assessable, rows in connection.execute(text(query.format(among=among))):
            _add(counts, label, sign * held, sign * assessable, sign * rows)


def _count_stored(connection: Connection, tally: _Tally, threshold: float) -> None:
    for table, label, counts in (
        ("hold_exercise", "slug", tally.exercises), ("hold_weeks", "bucket", tally.weeks),
    ):  # fmt: skip
        query = BY_LABEL.format(label=label, table=table, among="{among}")
        _all_less_left_out(connection, query, counts)
    _all_less_left_out(connection, BY_PATTERN, tally.patterns)
    every, left_out = (
        connection.execute(text(TOTALS.format(among=among))).one() for among in (ALL, ONLY_LEFT_OUT)
    )
    tally.lost, tally.assessable, tally.with_any = (
        a - b for a, b in zip(every, left_out, strict=True)
    )
    limits = {"fewest": NOT_HOLDING_MIN_INTERVALS, "threshold": threshold}
    for last, first, chart, held, assessable, latest in connection.execute(text(LOSING), limits):
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


def _rows(
    counts: Iterable[tuple[str, list[int]]], order: tuple[str, ...] = ()
) -> dict[str, tuple[int, int]]:
    """(held, assessable) per label shown: `order` first, then any counted for a course;
    labels made of several keys (two slugs of one name) added up."""
    merged: Counts = {label: [0, 0, 1] for label in order}
    for label, (held, assessable, courses) in counts:
        if courses:
            _add(merged, label, held, assessable, courses)
    return {label: (held, assessable) for label, (held, assessable, _) in merged.items()}


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
            _count_stored(connection, tally, threshold)
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
