"""Progress-report words: symptom and outcome trends, and the summary paragraph.

Change is judged against clinically important change (charting.outcomes, with its sources):
pain 2 points on the NPRS, LEFS 9 points, Roland-Morris 5 points or 30%, PSFS 2 points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from charting.errors import FieldError
from charting.holds import CourseHold, Verdict
from charting.outcomes import Measure, describe_scores, measure_name
from charting.vocabulary import complaint_label, count
from models.records import VisitRecord
from reports.words import day_long, day_short, score_text


@dataclass(frozen=True)
class Trend:
    """One measure from its first to its latest value, in words."""

    name: str
    first: str  # '7 / 10 (2 Mar 2026)'
    latest: str
    change: str  # the sentence against clinically important change, or context


def _series(visits: Sequence[VisitRecord]) -> dict[tuple[str, str], list[tuple[date, float]]]:
    """(measure, label) -> dated values, pain per region and side first."""
    series: dict[tuple[str, str], list[tuple[date, float]]] = {}
    for visit in visits:
        day = visit.draft.visit_date
        for c in visit.draft.complaints:
            where = complaint_label(c.region, c.side)
            series.setdefault(("nprs", where), []).append((day, float(c.pain)))
    for visit in visits:
        for o in visit.draft.outcomes:
            series.setdefault((o.measure, measure_name(o.measure)), []).append(
                (visit.draft.visit_date, o.score)
            )
    return series


def _sentence(measure: str, values: Sequence[float], since: date) -> str:
    try:
        return describe_scores(Measure(measure), values, since=day_long(since))
    except (ValueError, FieldError):  # a measure this version does not know, or out of range
        return ""


def trends(visits: Sequence[VisitRecord]) -> tuple[Trend, ...]:
    """Pain per region, each outcome measure, then running volume as context."""
    rows = []
    for (measure, name), values in _series(visits).items():
        (day0, first), (day1, latest) = values[0], values[-1]
        change = _sentence(measure, [value for _, value in values], day0)
        shown = (
            f"{score_text(measure, first)} ({day_short(day0)})",
            f"{score_text(measure, latest)} ({day_short(day1)})",
        )
        rows.append(Trend(name, *shown, change))
    running = [
        (v.draft.visit_date, v.draft.running_km_per_week)
        for v in visits
        if v.draft.running_km_per_week is not None
    ]
    if running:
        (day0, km0), (day1, km1) = running[0], running[-1]
        context = "Context for recovery (no threshold for important change)."
        rows.append(
            Trend(
                "Running volume",
                f"{km0:g} km/week ({day_short(day0)})",
                f"{km1:g} km/week ({day_short(day1)})",
                context,
            )
        )
    return tuple(rows)


def _streak(course: CourseHold) -> str:
    assessed = [i.verdict for i in course.intervals if i.verdict is not Verdict.NOT_ASSESSABLE]
    if not assessed:
        return ""
    last = assessed[-1]
    run = next((n for n, v in enumerate(reversed(assessed)) if v is not last), len(assessed))
    if last is Verdict.HELD:
        return f" It held at the last {count(run, 'assessable interval')}." if run > 1 else ""
    return " It was lost at the most recent assessable interval."


def summary(
    name: str, visits: Sequence[VisitRecord], course: CourseHold, changes: Sequence[Trend]
) -> str:
    """A short paragraph assembled from the data: attendance, holds, symptoms, plan."""
    first, last = visits[0].draft.visit_date, visits[-1].draft.visit_date
    if len(visits) == 1:
        text = f"{name} attended 1 visit, on {day_long(first)}."
    else:
        weeks = count((last - first).days // 7, "week")
        text = f"{name} attended {len(visits)} visits between {day_long(first)} and "
        text += f"{day_long(last)} ({weeks})."
    if course.hold_rate is None:
        text += " No interval between visits could be assessed for hold yet."
    else:
        assessable = count(course.assessable, "assessable interval")
        text += f" The pelvic correction held until the next visit in {course.held} of "
        text += f"{assessable} ({course.hold_rate:.0%}).{_streak(course)}"
    text += "".join(f" {t.change}" for t in changes if " since " in t.change)
    km = [v.draft.running_km_per_week for v in visits if v.draft.running_km_per_week is not None]
    if len(km) > 1 and km[0] != km[-1]:
        text += f" Running volume went from {km[0]:g} to {km[-1]:g} km/week."
    elif len(km) > 1:
        text += f" Running volume is unchanged at {km[-1]:g} km/week."
    plan = visits[-1].draft.plan
    if plan:
        text += f" The current plan has {count(len(plan), 'exercise')}."
    else:
        text += " No home exercises are set at present."
    return text
