"""The practice dashboard's numbers are those of judging every course again (the full hold
analysis, `course_of`), whether they come from the stored counts, from courses judged in
memory, or both; and every write to a course marks its stored counts out of date."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from charting.course_summary import WEEK_BUCKETS, CourseCounts, weeks_bucket
from charting.figures.dashboard import PatientCourse, holding_summary, not_holding
from charting.holds import CourseHold, Verdict
from charting.patterns import describe_pattern, pattern_key
from charting.readings import CATEGORIES, Device, Dimension, Phase, Reading
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances
from models.database import Database, open_database, read_only_database
from models.records import PatientDraft, PlanEntry, VisitDraft
from models.services import dashboard as dashboard_module
from models.services import hold_summary
from models.services.dashboard import Dashboard, practice_dashboard
from models.services.exchange import export_document, import_document
from models.services.hold_summary import bring_up_to_date, summarise_patients
from models.services.holds import PatientCourse as FullCourse
from models.services.holds import patient_course
from models.services.patients import create_patient, search_patients, set_archived
from models.services.visits import (
    NotReadyToSign,
    add_addendum,
    delete_draft,
    list_visits,
    save_draft,
    sign_visit,
)
from resources.library import exercise_by_slug, load_exercises
from tests.schemas import downgrade_to

pytestmark = pytest.mark.both_engines

SLUGS = [exercise.slug for exercise in load_exercises()][:6]  # few, so labels repeat
NAMES = ["Ito", "Okafor", "Berg", "Ito"]  # a repeated last name: the list's order breaks ties


# The full analysis, as the dashboard computed it before it stored anything ------------------


def _weeks_in_plan(course: FullCourse, index: int) -> float | None:
    visits, end = course.visits, course.course.intervals[index].to_date
    plan = {p.exercise for p in visits[index].draft.plan}
    if not plan:
        return None
    start = index
    while start > 0 and {p.exercise for p in visits[start - 1].draft.plan} == plan:
        start -= 1
    return (end - visits[start].draft.visit_date).days / 7


def _tally(counts: dict[str, list[int]], label: str, verdict: Verdict) -> None:
    found = counts.setdefault(label, [0, 0])
    if verdict is not Verdict.NOT_ASSESSABLE:
        found[0] += verdict is Verdict.HELD
        found[1] += 1


def full_analysis(db: Database, tolerances: Tolerances, threshold: float = 0.5) -> Any:
    """Every active patient's course judged from their visits, grouped as the dashboard
    groups them, in the shape `shown` gives a Dashboard."""
    groups: dict[str, dict[str, list[int]]] = {"exercise": {}, "pattern": {}, "weeks": {}}
    groups["weeks"] = {bucket: [0, 0] for bucket in WEEK_BUCKETS}
    courses: list[tuple[str, str, CourseHold]] = []
    for summary in search_patients(db):
        course = patient_course(db, summary.id, tolerances)
        presenting = next((r.pre for r in course.readings if r.pre is not None), None)
        pattern = describe_pattern(pattern_key(presenting, tolerances)) if presenting else None
        for index, interval in enumerate(course.course.intervals):
            for entry in course.visits[index].draft.plan:
                _tally(groups["exercise"], exercise_by_slug(entry.exercise).name, interval.verdict)
            if pattern is not None:
                _tally(groups["pattern"], pattern, interval.verdict)
            weeks = _weeks_in_plan(course, index)
            if weeks is not None:
                _tally(groups["weeks"], weeks_bucket(weeks), interval.verdict)
        courses.append((summary.chart_number, summary.display_name, course.course))
    rows = [PatientCourse(chart, name, CourseCounts.of(c)) for chart, name, c in courses]
    flagged = {p.patient_id for p in not_holding(rows, threshold)}
    lost_last = []
    for chart, name, judged in courses:
        assessed = [i for i in judged.intervals if i.verdict is not Verdict.NOT_ASSESSABLE]
        if chart not in flagged and assessed and assessed[-1].verdict is Verdict.LOST:
            lost_last.append((name, chart))

    def by_rate(counts: dict[str, list[int]]) -> list[tuple[str, int, int]]:
        rows = [(label, held, n) for label, (held, n) in counts.items()]
        return sorted(rows, key=lambda r: (-(r[1] / r[2] if r[2] else 0), -r[2], r[0]))

    lost = sum(c.assessable - c.held for _, _, c in courses)
    assessable = sum(c.assessable for _, _, c in courses)
    with_any = sum(1 for _, _, c in courses if c.assessable)
    return {
        "exercise": by_rate(groups["exercise"]),
        "pattern": by_rate(groups["pattern"]),
        "weeks": [(label, held, n) for label, (held, n) in groups["weeks"].items()],
        "not_holding": [p.patient_id for p in not_holding(rows, threshold)],
        "lost_last": [chart for _name, chart in sorted(lost_last, key=lambda p: p[0])],
        "counts": {
            chart: (c.held, c.assessable) for chart, _, c in courses if c.held < c.assessable
        },
        "summary": holding_summary(lost, assessable, with_any),
    }


def shown(dashboard: Dashboard) -> Any:
    listed = [*dashboard.not_holding, *dashboard.lost_last]
    return {
        "exercise": [(r.label, r.held, r.assessable) for r in dashboard.by_exercise],
        "pattern": [(r.label, r.held, r.assessable) for r in dashboard.by_pattern],
        "weeks": [(r.label, r.held, r.assessable) for r in dashboard.by_weeks],
        "not_holding": [p.patient_id for p in dashboard.not_holding],
        "lost_last": [p.patient_id for p in dashboard.lost_last],
        "counts": {p.patient_id: (p.course.held, p.course.assessable) for p in listed},
        "summary": dashboard.summary,
    }


def agrees(db: Database, tolerances: Tolerances = DEFAULT_TOLERANCES) -> None:
    expected = full_analysis(db, tolerances)
    got = shown(practice_dashboard(db, tolerances))
    listed = set(got["not_holding"]) | set(got["lost_last"])
    expected["counts"] = {k: v for k, v in expected["counts"].items() if k in listed}
    assert got == expected


# A varied practice -----------------------------------------------------------------------


def random_reading(rng: random.Random, phase: Phase) -> Reading:
    """Numeric, qualitative or both, any device, raters differing only in case too."""
    values: dict[str, Any] = {}
    if rng.random() < 0.8:
        values["left_tilt_deg"] = rng.choice([8, 10, 12, 14.5])
        values["right_tilt_deg"] = rng.choice([8, 9, 11, 13])
    if rng.random() < 0.6:
        values["rotation_deg"] = rng.choice([-6, -2, 0, 3, 7])
    if rng.random() < 0.3:
        values["obliquity_deg"] = rng.choice([-5, 0, 4])
    for dimension in Dimension:
        if rng.random() < 0.25:
            values[dimension.value] = rng.choice(CATEGORIES[dimension])
    if not values:
        values["rotation_deg"] = 1
    device = rng.choice([Device.PALM, Device.PALM, Device.INCLINOMETER, Device.PALPATION])
    return Reading(phase, device, rng.choice(["AB", "ab", "CD"]), **values)


def random_visit(rng: random.Random, day: date) -> VisitDraft:
    readings = [random_reading(rng, p) for p in (Phase.PRE, Phase.POST) if rng.random() < 0.85]
    if rng.random() < 0.15:
        readings.append(random_reading(rng, Phase.PRE))  # a second pre: only the first counts
    plan = tuple(
        PlanEntry(rng.choice(SLUGS), sets=2, per_week=3, reps=10) for _ in range(rng.randint(0, 3))
    )
    return VisitDraft(
        day, readings=tuple(readings), plan=plan, reasoning="tight hip flexors",
        no_plan_reason="" if plan else "rest first",
    )  # fmt: skip


def add_random_patients(db: Database, rng: random.Random, count: int) -> list[int]:
    patients = []
    for n in range(count):
        first = rng.choice(["Ana", "Ben", "Cai"])
        patient = create_patient(db, PatientDraft(f"R-{n:02}", first, rng.choice(NAMES)), "me")
        patients.append(patient)
        day = date(2025, 1, 6) + timedelta(days=rng.randint(0, 30))
        for _ in range(rng.randint(0, 7)):
            day += timedelta(days=rng.choice([0, 7, 14, 30, 70]))  # same-day visits too
            visit = save_draft(db, patient, random_visit(rng, day), "me")
            if rng.random() < 0.7:
                with suppress(NotReadyToSign):  # no pre reading: stays a draft
                    sign_visit(db, visit, "Dr Me")
        if rng.random() < 0.15:
            set_archived(db, patient, True, "me")
    return patients


@pytest.fixture
def practice(demo_db: Database) -> Database:
    add_random_patients(demo_db, random.Random(11), 30)
    return demo_db


def test_the_dashboard_is_the_full_analysis_judged_in_memory_or_stored(
    practice: Database,
) -> None:
    agrees(practice)  # nothing stored yet: every course judged in memory
    while bring_up_to_date(practice, DEFAULT_TOLERANCES)[1]:
        pass
    agrees(practice)  # all from the stored counts
    other = Tolerances(asymmetry_deg=1.5, rotation_deg=2.0, obliquity_other_setup_deg=12)
    assert full_analysis(practice, other) != full_analysis(practice, DEFAULT_TOLERANCES)
    agrees(practice, other)  # stored with other tolerances: judged in memory again
    assert bring_up_to_date(practice, other, limit=10) == (10, 25)  # every patient again
    agrees(practice, other)  # 10 stored, the rest in memory
    while bring_up_to_date(practice, other)[1]:
        pass
    agrees(practice, other)


# Every write keeps the stored counts in step ------------------------------------------------


def stored_courses(db: Database) -> dict[int, Any]:
    """Each patient's stored rows, in the shape `as_stored` gives a fresh summary."""
    found: dict[int, Any] = {}
    with db.engine.connect() as connection:
        for patient, *course in connection.execute(text("SELECT * FROM hold_course")):
            found[patient] = {"course": tuple(course), "exercise": {}, "weeks": {}}
        for table, key in (("hold_exercise", "exercise"), ("hold_weeks", "weeks")):
            for patient, label, *counts in connection.execute(text(f"SELECT * FROM {table}")):
                found[patient][key][label] = tuple(counts)
    return found


def fresh_courses(db: Database, tolerances: Tolerances) -> dict[int, Any]:
    with db.engine.connect() as connection:
        ids = list(connection.execute(text("SELECT id FROM patient")).scalars())
        summaries = summarise_patients(connection, ids, tolerances)
    return {
        patient: {
            "course": (
                s.pattern, s.intervals, s.counts.held, s.counts.assessable,
                s.counts.latest_assessed and str(s.counts.latest_assessed),
            ),
            "exercise": s.by_exercise,
            "weeks": s.by_weeks,
        }
        for patient, s in summaries.items()
    }  # fmt: skip


def stale(db: Database) -> set[int]:
    with db.engine.connect() as connection:
        return set(connection.execute(text("SELECT patient_id FROM hold_stale")).scalars())


def in_step(db: Database) -> set[int]:
    """Every course not marked stale is stored as judging it now gives; returns the stale."""
    marked = stale(db)
    stored, fresh = stored_courses(db), fresh_courses(db, DEFAULT_TOLERANCES)
    for patient in set(stored) | set(fresh):
        if patient not in marked:
            assert stored.get(patient) == fresh.get(patient), patient
    agrees(db)
    return marked


def up_to_date(db: Database) -> None:
    while bring_up_to_date(db, DEFAULT_TOLERANCES)[1]:
        pass
    assert in_step(db) == set()


@pytest.fixture
def stored(practice: Database) -> Iterator[Database]:
    up_to_date(practice)
    yield practice


def patient_with_draft(db: Database) -> tuple[int, int]:
    """A patient of the random practice whose latest visit is a draft."""
    for summary in search_patients(db, "R-"):
        visits = list_visits(db, summary.id)
        if visits and not visits[-1].signed:
            return summary.id, visits[-1].id
    raise AssertionError("the random practice has a draft")


def test_saving_signing_and_deleting_a_visit_marks_its_course(stored: Database) -> None:
    patient, draft = patient_with_draft(stored)
    visit = list_visits(stored, patient)[-1]
    pre = Reading(Phase.PRE, Device.PALM, "AB", 30, 2, 9)  # far from where it was
    edited = replace(visit.draft, readings=(pre, *visit.draft.readings))
    save_draft(stored, patient, edited, "me", draft)
    assert in_step(stored) == {patient}
    up_to_date(stored)
    later = replace(edited, visit_date=edited.visit_date + timedelta(days=400))
    save_draft(stored, patient, later, "me", draft)  # the date moves it in the course
    assert in_step(stored) == {patient}
    up_to_date(stored)
    sign_visit(stored, draft, "Dr Me")
    assert in_step(stored) == {patient}
    up_to_date(stored)
    new = save_draft(stored, patient, VisitDraft(date(2027, 6, 1)), "me")  # in progress
    assert in_step(stored) == {patient}
    up_to_date(stored)
    delete_draft(stored, new, "me")
    assert in_step(stored) == {patient}
    up_to_date(stored)


def test_an_addendum_or_archiving_changes_no_stored_course_and_the_numbers_follow(
    stored: Database,
) -> None:
    shown_before = shown(practice_dashboard(stored))
    patient, signed = next(
        (summary.id, visit)
        for summary in search_patients(stored, "R-")
        for visit in list_visits(stored, summary.id)
        if visit.signed and summary.chart_number in shown_before["counts"]
    )
    add_addendum(stored, signed.id, "pain better", "forgot to note", "Dr Me")
    assert in_step(stored) == set()  # readings and dates untouched: nothing to judge again
    set_archived(stored, patient, True, "me")
    assert in_step(stored) == set()  # archived patients leave the numbers, read at counting
    assert shown(practice_dashboard(stored)) != shown_before
    set_archived(stored, patient, False, "me")
    assert in_step(stored) == set()
    assert shown(practice_dashboard(stored)) == shown_before


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_an_import_and_a_hand_edit_mark_their_courses(stored: Database) -> None:
    patient, draft = patient_with_draft(stored)
    chart = search_patients(stored, "R-")[0].chart_number
    document = export_document(stored, chart_numbers=[chart])
    document["patients"][0]["chart_number"] = "IMPORTED-1"
    import_document(stored, document, "test", "me")
    (imported,) = search_patients(stored, "IMPORTED-1")
    assert in_step(stored) == {imported.id}
    up_to_date(stored)
    for edit in (
        "UPDATE reading SET rotation_deg = -29 WHERE visit_id = ?",
        "UPDATE visit SET visit_date = '2020-01-01' WHERE id = ?",  # first in its course now
        "INSERT INTO plan_item (visit_id, exercise_id, position, sets, reps, per_week, side,"
        " notes) VALUES (?, 1, 9, 2, 10, 3, 'both', '')",
    ):
        with sqlite3.connect(stored.path) as connection:  # someone edits the file by hand
            connection.execute(edit, (draft,))
        connection.close()
        assert in_step(stored) == {patient}, edit
        up_to_date(stored)


# Reading: what it costs ---------------------------------------------------------------------


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_an_up_to_date_dashboard_reads_no_visit(stored: Database) -> None:
    statements: list[tuple[str, Any]] = []

    def record(_connection, _cursor, statement, parameters, *_rest):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(stored.engine, "before_cursor_execute", record)
    try:
        practice_dashboard(stored)
    finally:
        event.remove(stored.engine, "before_cursor_execute", record)
    assert statements
    with stored.engine.connect() as connection:
        for statement, parameters in statements:
            if statement.startswith("BEGIN"):
                continue
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            steps = [str(row[-1]) for row in plan]
            for table in ("visit", "reading", "plan_item"):
                assert f" {table} " not in f" {' '.join(steps)} ", statement  # 200,000 at 20k
            for step in steps:  # read in the order of its covering index: no sort, no lookup
                if step.startswith("SCAN hold_exercise"):
                    assert step.endswith("USING COVERING INDEX ix_hold_exercise_slug"), step


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_a_read_only_database_judges_its_stale_courses_in_memory(
    stored: Database, db_path: Path
) -> None:
    patient, draft = patient_with_draft(stored)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE reading SET rotation_deg = -29 WHERE visit_id = ?", (draft,))
    connection.close()
    read_only = read_only_database(db_path, "a test")
    try:
        assert stale(read_only) == {patient}
        agrees(read_only)
        other = Tolerances(rotation_deg=1.0)
        agrees(read_only, other)
    finally:
        read_only.close()


# SQLite's limit on bound variables in one statement is set when SQLite is built: 999 before
# 3.32, 32,766 since. Each connection here gets the smallest, so a practice of a thousand
# patients shows what thirty thousand would on a default build.
SMALLEST_VARIABLE_LIMIT = 999


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_the_dashboard_reads_more_patients_than_sqlite_takes_bound_variables(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.engine.dispose()

    @event.listens_for(db.engine, "connect")
    def smallest_limit(connection: sqlite3.Connection, _record: object) -> None:
        connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, SMALLEST_VARIABLE_LIMIT)

    pre = Reading("pre", "palm", "me", left_tilt_deg=12, right_tilt_deg=4, rotation_deg=6)
    post = Reading("post", "palm", "me", left_tilt_deg=8, right_tilt_deg=7, rotation_deg=1)
    patient = create_patient(db, PatientDraft("A-0", "Ada", "Aalto"), "me")
    save_draft(db, patient, VisitDraft(date(2026, 1, 5), readings=(pre, post)), "me")
    save_draft(db, patient, VisitDraft(date(2026, 1, 12), readings=(pre,)), "me")
    now = "2026-01-05 09:00:00"
    with sqlite3.connect(db_path) as connection:  # the rest of the practice, quickly
        connection.executemany(
            "INSERT INTO patient (chart_number, first_name, last_name, sex, phone, email,"
            " running_profile, notes, archived, created_at, updated_at)"
            " VALUES (?, 'Pat', 'Zed', '', '', '', '', '', 0, ?, ?)",
            ((f"Z-{n}", now, now) for n in range(SMALLEST_VARIABLE_LIMIT)),
        )
    connection.close()
    monkeypatch.setattr(hold_summary, "CHUNK", 2 * SMALLEST_VARIABLE_LIMIT)
    monkeypatch.setattr(dashboard_module, "CHUNK", 2 * SMALLEST_VARIABLE_LIMIT)
    lost = shown(practice_dashboard(db))  # every patient judged in memory, in one chunk
    assert lost["lost_last"] == ["A-0"] and lost["counts"] == {"A-0": (0, 1)}
    assert bring_up_to_date(db, DEFAULT_TOLERANCES) == (SMALLEST_VARIABLE_LIMIT + 1, 0)
    assert shown(practice_dashboard(db)) == lost


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_an_upgraded_database_judges_every_course_at_the_first_opening(
    practice: Database, db_path: Path
) -> None:
    expected = full_analysis(practice, DEFAULT_TOLERANCES)
    downgrade_to(practice.engine, "0007")
    practice.close()
    with sqlite3.connect(db_path) as older:  # no summary tables, no triggers of 0008
        tables = {row[0] for row in older.execute("SELECT name FROM sqlite_master")}
    older.close()
    assert not {"hold_course", "hold_stale", "hold_stale_reading_insert"} & tables
    upgraded = open_database(db_path)
    try:
        with upgraded.engine.connect() as connection:
            patients = set(connection.execute(text("SELECT id FROM patient")).scalars())
        assert stale(upgraded) == patients  # the upgrade itself stays quick
        agrees(upgraded)  # judged in memory meanwhile
        assert full_analysis(upgraded, DEFAULT_TOLERANCES) == expected
        up_to_date(upgraded)
        agrees(upgraded)
    finally:
        upgraded.close()
