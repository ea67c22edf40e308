"""The JSON shape of `holdfast holds --json` (documented in the README)."""

from __future__ import annotations

from typing import Any

from charting.explain import explain_interval
from models.services.holds import PatientCourse


def course_json(chart_number: str, course: PatientCourse) -> dict[str, Any]:
    hold = course.course
    return {
        "chart_number": chart_number,
        "hold_rate": hold.hold_rate,
        "assessable": hold.assessable,
        "held": hold.held,
        "intervals": [
            {
                "from": interval.from_date.isoformat(),
                "to": interval.to_date.isoformat(),
                "verdict": str(interval.verdict),
                "comparable": interval.comparable,
                "explanation": explain_interval(interval),
                "dimensions": [
                    {
                        "dimension": str(d.dimension),
                        "post": d.post,
                        "next_pre": d.next_pre,
                        "drift": d.drift,
                        "tolerance": d.tolerance,
                        "held": d.held,
                        "retention": d.retention,
                    }
                    for d in interval.dimensions
                ],
            }
            for interval in hold.intervals
        ],
    }
