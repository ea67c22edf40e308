"""How fast a 100-visit chart opens: load from SQLite, hold analysis, figures, drawing.

Run with `make bench`. Switching patients should feel instant (well under 0.5 s in all).
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.timing import run_times
from models.database import open_database
from models.services.charts import symptom_history
from models.services.demo import demo_document
from models.services.exchange import import_document
from models.services.holds import patient_course
from models.services.overview import patient_rows
from models.services.patients import patient_id_for_chart


def long_course_document(visits: int = 100, patients: int = 1) -> dict[str, Any]:
    """The seed patient's visits repeated until the course is `visits` long, weekly."""
    document = demo_document()
    seed = document["patients"][0]
    template = seed["visits"]
    out = []
    for number in range(patients):
        patient = copy.deepcopy(seed)
        patient["chart_number"] = f"B{visits}-{number:04d}"
        patient["visits"] = []
        for index in range(visits):
            visit = copy.deepcopy(template[index % len(template)])
            visit["date"] = (date(2024, 1, 1) + timedelta(days=7 * index)).isoformat()
            visit["next_visit_date"] = None
            visit["kind"] = "initial" if index == 0 else "follow_up"
            for addendum in visit["addenda"]:
                addendum["at"] = visit["date"] + "T20:00:00"
            if visit["signed"]:
                visit["signed"]["at"] = visit["date"] + "T18:00:00"
            patient["visits"].append(visit)
        out.append(patient)
    document["patients"] = out
    return document


def timed(label: str, work: Callable[[], object], repeat: int = 5) -> float:
    median, fastest = run_times(work, repeat)
    print(f"  {label:<52} median {median * 1000:7.1f} ms  (min {fastest * 1000:.1f})")
    return median


def main() -> None:
    from ui.figure_canvas import PixelSize
    from ui.graphs_tab import FIGURES, render_figure

    print("Charts of a 100-visit patient (work done off the GUI thread):")
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite3")
        import_document(db, long_course_document(100), "bench", "bench")
        patient = patient_id_for_chart(db, "B100-0000")
        course = patient_course(db, patient)
        history = symptom_history(course.visits)  # read with the chart, before any figure
        tolerances = course_tolerances()
        size = PixelSize(1000, 700)
        total = timed("load visits and analyse holds", lambda: patient_course(db, patient))
        drawn = {}
        for kind in FIGURES:
            drawn[kind] = timed(
                f"build and draw the {kind} figure at 1000x700 px",
                lambda kind=kind: render_figure(kind, course, history, tolerances, size),
            )
        total += drawn["alignment"]
        label = "total, patient switch to the drawn alignment graph"
        print(f"  {label:<52} about {total * 1000:.0f} ms")
        import_document(db, long_course_document(20, 300), "bench2", "bench")
        timed("patient list of 301 patients with latest verdicts", lambda: patient_rows(db), 3)
        db.close()


def course_tolerances():  # type: ignore[no-untyped-def]
    from charting.tolerances import DEFAULT_TOLERANCES

    return DEFAULT_TOLERANCES


if __name__ == "__main__":
    main()
