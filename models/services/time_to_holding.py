"""Time to holding across the practice (docs/clinical-model.md#time-to-holding): for each
presenting pattern and each exercise of the first plan, how long courses took until their
corrections were holding, as Kaplan–Meier curves in weeks and in visits, and how many
courses relapsed after holding.

Read from the stored course facts (models/services/course_status.py: stale courses judged
in memory), so the curves cost one read of `course_status` and `hold_course` and the
estimator, whatever the size of the practice. Archived patients are left out, as on the
rest of the dashboard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import text

from charting.course_stage import CourseFacts, StageSettings
from charting.holding_times import HoldingTime, RelapseCount, holding_time, relapse_count
from charting.patterns import describe_pattern
from charting.survival import KaplanMeier, Observation, kaplan_meier
from charting.tolerances import Tolerances
from models.database import Database
from models.services.course_status import current_courses
from resources.library import load_exercises

ACTIVE = "SELECT id FROM patient WHERE archived = false ORDER BY id"


@dataclass(frozen=True)
class GroupTimes:
    """One pattern's or one exercise's courses: the curve in weeks and in visits."""

    label: str
    weeks: KaplanMeier
    visits: KaplanMeier


@dataclass(frozen=True)
class HoldingTimes:
    overall: GroupTimes
    by_pattern: tuple[GroupTimes, ...]  # the largest first
    by_exercise: tuple[GroupTimes, ...]
    relapses: RelapseCount


# A course's holding time as the estimator takes it: in weeks, and in visits after the first
# (as the figure's visits axis counts them). Made once per course and shared by its groups.
Observed = tuple[Observation, Observation]


def observed(time: HoldingTime) -> Observed:
    return Observation(time.weeks, time.reached), Observation(time.visits - 1, time.reached)


def group_times(label: str, courses: Iterable[Observed]) -> GroupTimes:
    listed = list(courses)
    weeks = kaplan_meier(weeks for weeks, _visits in listed)
    return GroupTimes(label, weeks, kaplan_meier(visits for _weeks, visits in listed))


def _groups(grouped: Mapping[str, list[Observed]]) -> tuple[GroupTimes, ...]:
    made = [group_times(label, courses) for label, courses in grouped.items()]
    return tuple(sorted(made, key=lambda group: (-group.weeks.n, group.label)))


def times_of(
    facts: Mapping[int, CourseFacts], patterns: Mapping[int, str | None], settings: StageSettings
) -> HoldingTimes:
    """The curves of these courses. A course counts once under its presenting pattern and
    once under each exercise of its first plan (an exercise listed twice counting once)."""
    overall: list[Observed] = []
    by_pattern: dict[str, list[Observed]] = defaultdict(list)
    by_exercise: dict[str, list[Observed]] = defaultdict(list)
    names = {exercise.slug: exercise.name for exercise in load_exercises()}
    described: dict[str, str] = {}
    for patient, course in facts.items():
        time = holding_time(course, settings)
        if time is None:
            continue
        course_times = observed(time)
        overall.append(course_times)
        if (pattern := patterns.get(patient)) is not None:
            if pattern not in described:
                described[pattern] = describe_pattern(pattern)
            by_pattern[described[pattern]].append(course_times)
        for name in {names.get(slug, slug) for slug in course.first_plan}:
            by_exercise[name].append(course_times)
    return HoldingTimes(
        group_times("Every course", overall),
        _groups(by_pattern),
        _groups(by_exercise),
        relapse_count(facts.values(), settings),
    )


def practice_holding_times(
    db: Database, tolerances: Tolerances, settings: StageSettings
) -> HoldingTimes:
    """The curves of every active patient's course."""
    with db.session() as session:
        connection = session.connection()
        connection.exec_driver_sql("BEGIN")  # every query below reads the same state
        ids = [int(i) for i in connection.execute(text(ACTIVE)).scalars()]
        facts, patterns = current_courses(connection, ids, tolerances)
    return times_of(facts, patterns, settings)
