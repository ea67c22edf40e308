"""Plain inputs for the figures in charting.figures, assembled from stored visits."""

from __future__ import annotations

from collections.abc import Sequence

from charting.figures.symptoms import DatedScore, PainRating, RunningVolume, SymptomHistory
from charting.outcomes import MEASURES, Measure, Score, describe_scores
from models.records import VisitRecord


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
