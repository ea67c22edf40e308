"""How long the documents take: a handout with 8 exercises and a 100-visit progress report.

Run with `make bench`. Each figure is the median of a few runs after one warm-up (fonts
registered, modules imported), so it is the time a practitioner waits in the app.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from benchmarks.bench_charts import long_course_document
from benchmarks.timing import run_times
from charting.readings import Reading
from models.database import open_database
from models.records import PlanEntry
from models.services.exchange import import_document
from models.services.patients import patient_id_for_chart
from reports.data import Clinic, HandoutData, PatientHeader, handout_exercise, progress_data
from reports.handout import build_handout
from reports.progress import build_progress_report
from resources.library import load_exercises

REPEAT = 3


def timed(label: str, work: Callable[[], bytes]) -> float:
    pdf = work()  # warm-up, and the page count to report
    median, fastest = run_times(work, REPEAT)
    pages = len(PdfReader(BytesIO(pdf)).pages)
    print(
        f"  {label:<46} median {median:6.2f} s  (min {fastest:.2f} s)  "
        f"{pages} pages, {len(pdf) / 1024:.0f} KiB"
    )
    return median


def eight_exercise_handout() -> HandoutData:
    plan = []
    for exercise in load_exercises()[:8]:
        dosage = exercise.dosage
        plan.append(
            PlanEntry(
                exercise.slug, dosage.sets, dosage.per_week, dosage.reps, dosage.hold_s, "left"
            )
        )
    clinic = Clinic("Bench Clinic", "1 Track Road", "555-0100", "", "B. Marker, PT")
    patient = PatientHeader("B-8", "Bench Runner", date(1990, 1, 1))
    pre = Reading("pre", "palm", "BM", 16.0, 9.0, 6.0, 1.0)
    post = Reading("post", "palm", "BM", 11.0, 10.0, 1.0, 0.0)
    exercises = tuple(handout_exercise(entry) for entry in plan)
    return HandoutData(clinic, patient, date(2026, 3, 9), pre, post, exercises, date(2026, 3, 16))


def main() -> None:
    print("Report generation:")
    handout = eight_exercise_handout()
    timed("handout, 8 exercises (A4)", lambda: build_handout(handout, "A4"))
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite3")
        import_document(db, long_course_document(100), "bench", "bench")
        patient = patient_id_for_chart(db, "B100-0000")
        start = time.perf_counter()
        data = progress_data(db, patient)
        took = time.perf_counter() - start
        print(f"  {'progress data for 100 visits (database)':<46} {took:6.2f} s")
        timed("progress report, 100 visits (A4)", lambda: build_progress_report(data, "A4"))
        db.close()


if __name__ == "__main__":
    main()
