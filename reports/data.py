"""Plain values each document is built from, and their assembly from the services.

The builders take only these frozen values, never the database or the clock, so a test can
hand them fixed records and compare the bytes that come out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from charting.course_stage import DEFAULT_STAGE_SETTINGS, StageSettings
from charting.readings import Reading
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances
from models.database import Database
from models.records import PatientDraft, PlanEntry, VisitRecord
from models.services.course_status import stage_of_visits
from models.services.holds import visit_readings
from models.services.patients import load_patient
from models.services.visits import list_visits
from models.settings import Settings, load_settings
from reports.words import day_long, outcome_note
from resources.illustrations import Shape, illustration_shapes
from resources.library import exercise_by_slug

if TYPE_CHECKING:  # numpy, Pillow and matplotlib load only when photos are printed
    from models.services.photo_pairs import PhotoPair


@dataclass(frozen=True)
class Clinic:
    """The letterhead and the practitioner who hands the document out."""

    name: str = ""
    address: str = ""
    phone: str = ""
    logo_path: str = ""
    practitioner: str = ""  # name and credentials, as on a signature


@dataclass(frozen=True)
class PatientHeader:
    """Who the document is about: printed in the running header of every page."""

    chart_number: str
    name: str
    date_of_birth: date | None = None
    running_profile: str = ""

    @property
    def running_header(self) -> str:
        born = f"born {day_long(self.date_of_birth)}" if self.date_of_birth else "born —"
        return f"{self.name} · {born} · {self.chart_number}"


@dataclass(frozen=True)
class HandoutExercise:
    """One prescribed exercise with the library's patient wording and its illustration."""

    name: str
    purpose: str
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    plan: PlanEntry
    per_side: bool = False  # the library says the sets are done on each side
    illustration: tuple[Shape, ...] = ()  # 480 x 200 canvas, origin top-left


@dataclass(frozen=True)
class HandoutData:
    clinic: Clinic
    patient: PatientHeader
    visit_date: date
    pre: Reading | None
    post: Reading | None
    exercises: tuple[HandoutExercise, ...]
    next_visit: date | None = None
    no_plan_reason: str = ""
    tolerances: Tolerances = DEFAULT_TOLERANCES  # what counts as level in the patient's words
    photos: tuple[PhotoPair, ...] = ()  # the visit's before/after pairs, when asked for
    course_words: str = ""  # where the course stands, when asked for (reports/course_part.py)


@dataclass(frozen=True)
class VisitSummaryData:
    clinic: Clinic
    patient: PatientHeader
    visit: VisitRecord
    exercise_names: tuple[tuple[str, str], ...] = ()  # (slug, name)
    outcome_notes: tuple[str, ...] = ()  # one per outcome of the visit: change since baseline
    pain_notes: tuple[str, ...] = ()  # one per complaint: change since first rated
    tolerances: Tolerances = DEFAULT_TOLERANCES  # what counts as level when naming the pattern


@dataclass(frozen=True)
class ProgressData:
    clinic: Clinic
    patient: PatientHeader
    visits: tuple[VisitRecord, ...]
    tolerances: Tolerances = DEFAULT_TOLERANCES
    exercise_names: tuple[tuple[str, str], ...] = ()
    photos: tuple[PhotoPair, ...] = ()  # first against latest per view, when asked for
    stages: StageSettings = DEFAULT_STAGE_SETTINGS  # where the course stands
    goal_km: float | None = None  # the patient's running goal, for the stage


def clinic_of(settings: Settings) -> Clinic:
    return Clinic(
        settings.clinic_name,
        settings.clinic_address,
        settings.clinic_phone,
        settings.logo_path,
        settings.signer,
    )


def patient_header(patient: PatientDraft) -> PatientHeader:
    name = f"{patient.first_name} {patient.last_name}"
    return PatientHeader(patient.chart_number, name, patient.date_of_birth, patient.running_profile)


def pick_visit(visits: list[VisitRecord], visit_id: int | None) -> VisitRecord:
    """The visit with this id, or the latest; LookupError when the patient has none."""
    if not visits:
        raise LookupError("this patient has no visits yet")
    if visit_id is None:
        return visits[-1]
    for visit in visits:
        if visit.id == visit_id:
            return visit
    raise LookupError(f"visit {visit_id} does not belong to this patient")


def exercise_names(visits: list[VisitRecord]) -> tuple[tuple[str, str], ...]:
    slugs = sorted({entry.exercise for visit in visits for entry in visit.draft.plan})
    return tuple((slug, exercise_by_slug(slug).name) for slug in slugs)


def handout_exercise(entry: PlanEntry) -> HandoutExercise:
    """Library wording for a plan entry, with its illustration when one is drawn."""
    exercise = exercise_by_slug(entry.exercise)
    return HandoutExercise(
        exercise.name,
        exercise.purpose,
        exercise.steps,
        exercise.cautions,
        entry,
        exercise.dosage.per_side,
        illustration_for(entry.exercise),
    )


def illustration_for(slug: str) -> tuple[Shape, ...]:
    """The exercise's line drawing; empty when the library has none for this slug."""
    try:
        return illustration_shapes(slug)
    except KeyError:
        return ()


@dataclass(frozen=True)
class PatientFile:
    """What every document of one patient is made from, read once: the settings, the
    patient and their visits in date order."""

    settings: Settings
    patient: PatientDraft
    visits: tuple[VisitRecord, ...]


def read_patient_file(db: Database, patient_id: int) -> PatientFile:
    """The patient's file for a document (one read of the visits, however many uses)."""
    settings = load_settings(db.path)
    return PatientFile(
        settings, load_patient(db, patient_id).draft, tuple(list_visits(db, patient_id))
    )


def handout_data(db: Database, patient_id: int, visit_id: int | None = None) -> HandoutData:
    return handout_of(read_patient_file(db, patient_id), visit_id)


def handout_of(
    file: PatientFile, visit_id: int | None = None, photos: tuple[PhotoPair, ...] = ()
) -> HandoutData:
    """The handout of `visit_id` (None: the latest visit), with `photos` (the visit's
    pairs, reports.generate) when they are to be printed."""
    settings = file.settings
    visit = pick_visit(list(file.visits), visit_id)
    readings = visit_readings(visit)
    return HandoutData(
        clinic_of(settings),
        patient_header(file.patient),
        visit.draft.visit_date,
        readings.pre,
        readings.post,
        tuple(handout_exercise(entry) for entry in visit.draft.plan),
        visit.draft.next_visit_date,
        visit.draft.no_plan_reason,
        settings.tolerances,
        photos,
        _course_words(file, visit) if settings.handout_says_stage else "",
    )


def _course_words(file: PatientFile, visit: VisitRecord) -> str:
    """Where the course stands as of the handout's visit, in the patient's words."""
    day = visit.draft.visit_date
    upto = [v for v in file.visits if (v.draft.visit_date, v.id) <= (day, visit.id)]
    settings = file.settings
    found = stage_of_visits(
        upto, settings.tolerances, settings.stages, file.patient.running_goal_km
    )
    return found[2] if found is not None else ""


def _first_before(
    visits: list[VisitRecord], day: date, values: Callable[[VisitRecord], list[float]]
) -> tuple[date, float] | None:
    """The earliest value before `day`, with its date: the baseline a change is told from."""
    for visit in visits:
        if visit.draft.visit_date < day and (found := values(visit)):
            return visit.draft.visit_date, found[0]
    return None


def change_notes(
    visits: list[VisitRecord], visit: VisitRecord
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Per outcome and per pain complaint of `visit`: its change since first scored."""
    day = visit.draft.visit_date

    def scores(measure: str) -> Callable[[VisitRecord], list[float]]:
        return lambda v: [o.score for o in v.draft.outcomes if o.measure == measure]

    def pains(region: str, side: str) -> Callable[[VisitRecord], list[float]]:
        return lambda v: [
            c.pain for c in v.draft.complaints if (c.region, c.side) == (region, side)
        ]

    outcomes = tuple(
        outcome_note(o.measure, o.score, _first_before(visits, day, scores(o.measure)))
        for o in visit.draft.outcomes
    )
    pain = tuple(
        outcome_note("nprs", c.pain, _first_before(visits, day, pains(c.region, c.side)))
        for c in visit.draft.complaints
    )
    return outcomes, pain


def visit_summary_data(
    db: Database, patient_id: int, visit_id: int | None = None
) -> VisitSummaryData:
    return visit_summary_of(read_patient_file(db, patient_id), visit_id)


def visit_summary_of(file: PatientFile, visit_id: int | None = None) -> VisitSummaryData:
    """The summary of `visit_id` (None: the latest visit)."""
    visits = list(file.visits)
    visit = pick_visit(visits, visit_id)
    return VisitSummaryData(
        clinic_of(file.settings),
        patient_header(file.patient),
        visit,
        exercise_names([visit]),
        *change_notes(visits, visit),
        file.settings.tolerances,
    )


def progress_data(db: Database, patient_id: int) -> ProgressData:
    return progress_of(read_patient_file(db, patient_id))


def progress_of(file: PatientFile, photos: tuple[PhotoPair, ...] = ()) -> ProgressData:
    """The progress report over every visit of the file, with `photos` (first
    against latest, reports.generate) when they are to be printed."""
    if not file.visits:
        raise LookupError("this patient has no visits yet")
    return ProgressData(
        clinic_of(file.settings),
        patient_header(file.patient),
        file.visits,
        file.settings.tolerances,
        exercise_names(list(file.visits)),
        photos,
        file.settings.stages,
        file.patient.running_goal_km,
    )
