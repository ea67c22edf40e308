"""Plain inputs for the figures in charting.figures, assembled from stored visits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from charting.figures.dashboard import (
    WEEK_BUCKETS,
    HoldRateRow,
    hold_rates_by,
    holding_summary,
    lost_last,
    not_holding,
    weeks_bucket,
)
from charting.figures.dashboard import PatientCourse as CourseRow
from charting.figures.symptoms import DatedScore, PainRating, RunningVolume, SymptomHistory
from charting.holds import IntervalHold
from charting.outcomes import MEASURES, Measure, Score, describe_scores
from charting.patterns import describe_pattern, pattern_key
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances
from models.database import Database
from models.records import VisitRecord
from models.services.holds import PatientCourse
from models.services.overview import patient_courses
from resources.library import exercise_by_slug


def symptom_history(visits: Sequence[VisitRecord]) -> SymptomHistory:
    """Pain per region, running volume and outcome scores, visit by visit."""
    pain, running, outcomes = [], [], []
    for visit in visits:
        d = visit.draft
        for complaint in d.complaints:
            pain.append(PainRating(d.visit_date, complaint.region, complaint.side, complaint.pain))
        if d.running_km_per_week is not None:
            running.append(RunningVolume(d.visit_date, d.running_km_per_week))
        for outcome in d.outcomes:
            if outcome.measure in set(Measure) and outcome.measure != Measure.NPRS:
                measure = Measure(outcome.measure)
                score = Score(measure, outcome.score, outcome.label or MEASURES[measure].name)
                outcomes.append(DatedScore(d.visit_date, score))
    return SymptomHistory(tuple(pain), tuple(running), tuple(outcomes))


@dataclass(frozen=True)
class Dashboard:
    by_exercise: tuple[HoldRateRow, ...]
    by_pattern: tuple[HoldRateRow, ...]
    by_weeks: tuple[HoldRateRow, ...]
    not_holding: tuple[CourseRow, ...]
    lost_last: tuple[CourseRow, ...]  # latest assessable interval lost, not in not_holding
    summary: str  # what to say when both lists are empty


def _weeks_in_plan(visits: Sequence[VisitRecord], index: int, end: date) -> float | None:
    """Weeks since the plan in force at visit `index` was first prescribed, at `end`."""
    plan = {p.exercise for p in visits[index].draft.plan}
    if not plan:
        return None
    start = index
    while start > 0 and {p.exercise for p in visits[start - 1].draft.plan} == plan:
        start -= 1
    return (end - visits[start].draft.visit_date).days / 7


def interval_groups(
    course: PatientCourse, tolerances: Tolerances
) -> dict[str, list[tuple[str, IntervalHold]]]:
    """(label, interval) pairs for each way the dashboard groups intervals."""
    groups: dict[str, list[tuple[str, IntervalHold]]] = {"exercise": [], "pattern": [], "weeks": []}
    presenting = next((r.pre for r in course.readings if r.pre is not None), None)
    pattern = describe_pattern(pattern_key(presenting, tolerances)) if presenting else None
    for index, interval in enumerate(course.course.intervals):
        visit = course.visits[index]
        for entry in visit.draft.plan:
            groups["exercise"].append((exercise_by_slug(entry.exercise).name, interval))
        if pattern is not None:  # the pattern the patient presented with, which the plan treats
            groups["pattern"].append((pattern, interval))
        weeks = _weeks_in_plan(course.visits, index, interval.to_date)
        if weeks is not None:
            groups["weeks"].append((weeks_bucket(weeks), interval))
    return groups


def practice_dashboard(
    db: Database, tolerances: Tolerances = DEFAULT_TOLERANCES, threshold: float = 0.5
) -> Dashboard:
    """Hold rates across every active patient, and who is not holding."""
    pairs: dict[str, list[tuple[str, IntervalHold]]] = {"exercise": [], "pattern": [], "weeks": []}
    rows = []
    for summary, course in patient_courses(db, tolerances):
        for key, found in interval_groups(course, tolerances).items():
            pairs[key].extend(found)
        rows.append(CourseRow(summary.chart_number, summary.display_name, course.course))

    flagged = not_holding(rows, threshold)

    def by_rate(found: tuple[HoldRateRow, ...]) -> tuple[HoldRateRow, ...]:
        return tuple(sorted(found, key=lambda r: (-(r.rate or 0), -r.assessable, r.label)))

    return Dashboard(
        by_rate(hold_rates_by(pairs["exercise"])),
        by_rate(hold_rates_by(pairs["pattern"])),
        hold_rates_by(pairs["weeks"], WEEK_BUCKETS),
        flagged,
        lost_last(rows, exclude=[p.patient_id for p in flagged]),
        holding_summary(rows),
    )


def change_statements(history: SymptomHistory) -> list[str]:
    """One plain sentence per measure: did it change by its clinically important difference
    between the first and the latest visit that recorded it?"""
    statements = []
    by_region: dict[str, list[PainRating]] = {}
    for rating in history.pain:
        by_region.setdefault(rating.label, []).append(rating)
    for label, ratings in by_region.items():
        text = describe_scores(Measure.NPRS, [r.nprs for r in ratings])
        statements.append(f"{label}: {text[0].lower()}{text[1:]}")
    by_measure: dict[Measure, list[DatedScore]] = {}
    for dated in history.outcomes:
        by_measure.setdefault(dated.score.measure, []).append(dated)
    for measure, scores in by_measure.items():
        statements.append(describe_scores(measure, [s.score for s in scores]))
    return statements
