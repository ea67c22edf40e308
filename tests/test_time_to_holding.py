"""Time to holding across the practice (models/services/time_to_holding.py): courses still
correcting are censored, not dropped; each course counts under its presenting pattern and
each exercise of its first plan; archived patients are left out; relapses are counted apart."""

from __future__ import annotations

import pytest

from charting.course_stage import DEFAULT_STAGE_SETTINGS
from charting.survival import Observation, kaplan_meier
from charting.tolerances import DEFAULT_TOLERANCES
from models.database import Database
from models.services.patients import set_archived
from models.services.time_to_holding import practice_holding_times
from tests.courses import add_course

pytestmark = pytest.mark.both_engines


def test_each_course_counts_once_per_group_and_the_still_correcting_are_censored(
    db: Database,
) -> None:
    # Holding is reached at the visit completing two holds in a row, weekly visits:
    add_course(db, "T-1", "HH", plan=["glute_bridge"])  # reached at week 2
    add_course(db, "T-2", "LHH", plan=["glute_bridge", "couch_stretch"])  # week 3
    add_course(db, "T-3", "LHL", plan=["glute_bridge"])  # still correcting: censored at 3
    add_course(db, "T-4", "HHHL", plan=["couch_stretch"])  # reached at 2; relapsed later
    gone = add_course(db, "T-5", "HH", plan=["glute_bridge"])
    set_archived(db, gone, True, "me")
    times = practice_holding_times(db, DEFAULT_TOLERANCES, DEFAULT_STAGE_SETTINGS)
    expected = kaplan_meier(
        [Observation(2, True), Observation(3, True), Observation(3, False), Observation(2, True)]
    )
    assert times.overall.weeks == expected
    assert times.overall.weeks.n == 4 and times.overall.weeks.censored == 1
    by_exercise = {group.label: group.weeks.n for group in times.by_exercise}
    assert by_exercise == {"Glute bridge": 3, "Couch stretch": 2}
    # The figure counts visits after the first: holding at the third visit is 2.
    assert sorted(step.time for step in times.overall.visits.steps) == [2.0, 3.0]
    assert (times.relapses.held_long, times.relapses.relapsed) == (1, 1)
    assert sum(group.weeks.n for group in times.by_pattern) == 4  # one pattern each
