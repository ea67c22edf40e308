"""Plain values the services take and return, so no ORM object escapes a session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from charting.errors import (
    FieldError,
    check_choice,
    check_range,
    check_text,
    check_whole,
    kind_of,
)
from charting.muscles import MUSCLES, MuscleState, Side
from charting.outcomes import MEASURES, Measure
from charting.readings import Reading
from charting.vocabulary import REGION_TERMS, SIDE_TERMS, VISIT_KIND_TERMS

# The stored values are the keys of the vocabulary, in its order (the forms offer them so).
VISIT_KINDS = tuple(VISIT_KIND_TERMS)
BODY_REGIONS = tuple(REGION_TERMS)
COMPLAINT_SIDES = tuple(SIDE_TERMS)


def age_in_years(date_of_birth: date, today: date) -> int:
    """Completed years of age on `today`."""
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


@dataclass(frozen=True)
class PatientDraft:
    chart_number: str
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    sex: str = ""
    phone: str = ""
    email: str = ""
    running_profile: str = ""
    notes: str = ""
    photo_consent: bool = False  # photos may be attached to the chart (docs/clinical-model.md)
    running_goal_km: float | None = None  # weekly running volume wanted back (course stages)

    def __post_init__(self) -> None:
        for name in PATIENT_TEXT_FIELDS:
            check_text(name, getattr(self, name))
        if self.running_goal_km is not None:
            object.__setattr__(self, "running_goal_km", running_goal(self.running_goal_km))
        if not isinstance(self.photo_consent, bool):
            raise FieldError("photo_consent", "must be true or false")
        if self.date_of_birth is not None:
            check_day("date_of_birth", self.date_of_birth)
        for name in REQUIRED_PATIENT_FIELDS:
            object.__setattr__(self, name, getattr(self, name).strip())
        for problem in patient_problems(vars(self)):
            raise problem


RUNNING_GOAL_RANGE = (0.0, 400.0)  # km/week, as a visit's running volume: more is no runner's


def running_goal(value: object) -> float:
    """A running goal in km/week as a number, or FieldError naming the field and the range."""
    return check_range("running_goal_km", value, *RUNNING_GOAL_RANGE, " km/week")


REQUIRED_PATIENT_FIELDS = ("chart_number", "first_name", "last_name")
PATIENT_TEXT_FIELDS = (
    *REQUIRED_PATIENT_FIELDS, "sex", "phone", "email", "running_profile", "notes",
)  # fmt: skip
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
EARLIEST_VISIT_DATE = EARLIEST_BIRTH_DATE  # the earliest any date box takes


def birth_date_range() -> tuple[date, date]:
    """The dates of birth a patient record takes: the form's date box offers exactly these."""
    return EARLIEST_BIRTH_DATE, date.today()


def visit_date_range(today: date | None = None) -> tuple[date, date]:
    """The dates a visit may have: none before 1900 and none more than a year from today
    (a visit is booked ahead, never years ahead: 9999-12-31 is a typing or file error)."""
    today = today or date.today()
    try:
        a_year_on = today.replace(year=today.year + 1)
    except ValueError:  # 29 February: a year on is the 28th
        a_year_on = today.replace(year=today.year + 1, day=28)
    return EARLIEST_VISIT_DATE, a_year_on


def visit_date_problem(visit_date: date, today: date | None = None) -> FieldError | None:
    """The problem of a visit date outside `visit_date_range`, if it is."""
    earliest, latest = visit_date_range(today)
    if earliest <= visit_date <= latest:
        return None
    message = f"must be between {earliest} and {latest}, a year from today (got {visit_date})"
    return FieldError("visit_date", message)


def check_day(field: str, value: object) -> date:
    """Return `value` if it is a date (a datetime is not: its time would be lost)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise FieldError(field, f"must be a date (got {kind_of(value)})")
    return value


CHART_NUMBER_MAX = 40  # characters: what the patient.chart_number column holds


def chart_number_too_long(chart_number: str) -> FieldError | None:
    """The problem of a chart number longer than the database keeps, if it is."""
    if len(chart_number.strip()) <= CHART_NUMBER_MAX:
        return None
    return FieldError("chart_number", f"must be at most {CHART_NUMBER_MAX} characters")


def patient_problems(values: dict[str, object]) -> list[FieldError]:
    """Every problem of a patient's fields at once, in form order (the form shows them all,
    each beside its field; `PatientDraft` raises the first)."""
    problems = []
    for name in REQUIRED_PATIENT_FIELDS:
        if not str(values.get(name) or "").strip():
            problems.append(FieldError(name, "is required"))
    if too_long := chart_number_too_long(str(values.get("chart_number") or "")):
        problems.append(too_long)
    born = values.get("date_of_birth")
    earliest, today = birth_date_range()
    if isinstance(born, date) and not earliest <= born <= today:
        problems.append(FieldError("date_of_birth", f"must be between {earliest} and today"))
    email = str(values.get("email") or "")
    if email and "@" not in email:
        problems.append(FieldError("email", "must look like name@example.org"))
    if values.get("running_goal_km") not in (None, ""):
        try:
            running_goal(values["running_goal_km"])
        except FieldError as problem:
            problems.append(problem)
    return problems


def patient_label(first_name: str, last_name: str, chart_number: str, listed: bool = False) -> str:
    """A patient named with their chart number: 'Maya Okafor (R-001)' in a sentence, or
    'Okafor, Maya (R-001)' when `listed`, as lists sort and show names."""
    name = f"{last_name}, {first_name}" if listed else f"{first_name} {last_name}"
    return f"{name} ({chart_number})"


@dataclass(frozen=True)
class PatientRecord:
    """A stored patient: what the form edits, plus identity and whether archived."""

    id: int
    draft: PatientDraft
    archived: bool

    @property
    def label(self) -> str:
        """'Maya Okafor (R-001)': how confirmations name the patient."""
        return patient_label(self.draft.first_name, self.draft.last_name, self.draft.chart_number)

    @property
    def listed_label(self) -> str:
        """'Okafor, Maya (R-001)': how lists (the audit trail's) name the patient."""
        d = self.draft
        return patient_label(d.first_name, d.last_name, d.chart_number, listed=True)


@dataclass(frozen=True)
class Complaint:
    """A complaint as rated at a visit; `carried_over` while it is still as brought from the
    last visit, not yet re-rated."""

    region: str
    side: str
    pain: int
    carried_over: bool = False

    def __post_init__(self) -> None:
        check_choice(
            "region", self.region, BODY_REGIONS, f"must be one of {', '.join(BODY_REGIONS)}"
        )
        check_choice(
            "side", self.side, COMPLAINT_SIDES, f"must be one of {', '.join(COMPLAINT_SIDES)}"
        )
        object.__setattr__(self, "pain", check_whole("pain", self.pain, 0, 10, " (NPRS)"))
        if not isinstance(self.carried_over, bool):
            raise FieldError("carried_over", "must be true or false")


@dataclass(frozen=True)
class Finding:
    muscle: str
    side: str
    state: str
    evidence: str = ""

    def __post_init__(self) -> None:
        check_choice("muscle", self.muscle, MUSCLES, f"must be one of {', '.join(MUSCLES)}")
        check_choice("side", self.side, set(Side), "must be left, right or both")
        states = set(MuscleState)
        check_choice("state", self.state, states, "must be short_overactive or long_weak_inhibited")
        check_text("evidence", self.evidence)


@dataclass(frozen=True)
class PlanEntry:
    exercise: str  # library slug
    sets: int
    per_week: int
    reps: int | None = None
    hold_s: int | None = None
    side: str = "both"
    notes: str = ""

    def __post_init__(self) -> None:
        check_text("exercise", self.exercise)
        check_text("notes", self.notes)
        for name, low, high in (("sets", 1, 20), ("per_week", 1, 21)):
            object.__setattr__(self, name, check_whole(name, getattr(self, name), low, high))
        for name, low, high in (("reps", 1, 200), ("hold_s", 1, 600)):
            if getattr(self, name) is not None:
                value = check_whole(name, getattr(self, name), low, high)
                object.__setattr__(self, name, value)
        if self.reps is None and self.hold_s is None:
            raise FieldError("reps", "give repetitions or a hold time in seconds")
        check_choice("side", self.side, set(Side), "must be left, right or both")


@dataclass(frozen=True)
class Outcome:
    """A scored outcome measure (charting.outcomes scores it; this checks what is stored)."""

    measure: str
    score: float
    label: str = ""
    items: tuple[float | None, ...] = ()

    def __post_init__(self) -> None:
        check_choice("measure", self.measure, set(Measure), f"must be one of {', '.join(Measure)}")
        info = MEASURES[Measure(self.measure)]
        object.__setattr__(
            self, "score", check_range(f"{self.measure} score", self.score, info.low, info.high)
        )
        check_text("label", self.label)
        if not isinstance(self.items, tuple | list):
            raise FieldError("items", f"must be a list of answers (got {kind_of(self.items)})")
        object.__setattr__(self, "items", tuple(self.items))
        for item in self.items:  # None: an item left unanswered
            if item is not None:
                check_range("items", item, *ITEM_ANSWERS)


# An item answer of any questionnaire: PSFS rates 0-10, LEFS 0-4, Roland-Morris 0 or 1.
ITEM_ANSWERS = (0, 10)


@dataclass(frozen=True)
class SoapNote:
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""

    def __post_init__(self) -> None:
        for name in ("subjective", "objective", "assessment", "plan"):
            check_text(name, getattr(self, name))


@dataclass(frozen=True)
class VisitDraft:
    """Everything the visit editor holds; validated piece by piece as it is built."""

    visit_date: date
    kind: str = "follow_up"
    note: SoapNote = SoapNote()
    complaints: tuple[Complaint, ...] = ()
    readings: tuple[Reading, ...] = ()
    findings: tuple[Finding, ...] = ()
    reasoning: str = ""
    plan: tuple[PlanEntry, ...] = ()
    no_plan_reason: str = ""
    outcomes: tuple[Outcome, ...] = ()
    correction: str = ""
    running_km_per_week: float | None = None
    adherence_pct: int | None = None
    next_visit_date: date | None = None
    carried_over: bool = False

    def __post_init__(self) -> None:
        check_day("visit_date", self.visit_date)
        check_choice("kind", self.kind, VISIT_KINDS, f"must be one of {', '.join(VISIT_KINDS)}")
        for name in ("reasoning", "no_plan_reason", "correction"):
            check_text(name, getattr(self, name))
        if not isinstance(self.carried_over, bool):
            raise FieldError("carried_over", "must be true or false")
        if self.next_visit_date is not None:
            check_day("next_visit_date", self.next_visit_date)
        if self.running_km_per_week is not None:
            km = check_range("running_km_per_week", self.running_km_per_week, 0, 400, " km")
            object.__setattr__(self, "running_km_per_week", km)
        if self.adherence_pct is not None:
            adherence = check_whole("adherence_pct", self.adherence_pct, 0, 100)
            object.__setattr__(self, "adherence_pct", adherence)
        if self.next_visit_date and self.next_visit_date < self.visit_date:
            raise FieldError("next_visit_date", "must be on or after the visit date")

    def missing_for_signing(self) -> list[str]:
        """What signing requires and this draft lacks, in words for the practitioner."""
        missing = []
        if not any(r.phase == "pre" for r in self.readings):
            missing.append("a pre-correction reading")
        if not self.findings and not self.reasoning.strip():
            missing.append("a hypothesis (findings or reasoning)")
        if not self.plan and not self.no_plan_reason.strip():
            missing.append("an exercise plan or the reason for none")
        return missing


@dataclass(frozen=True)
class AddendumRecord:
    text: str
    reason: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class PhotoSeal:
    """What a signed visit's content hash covers of one photo: where it belongs, the
    SHA-256 of its bytes, and its landmarks as stored (charting/photo_marks.py JSON)."""

    phase: str
    view: str
    sha256: str
    landmarks: str = ""


def photo_described(visit_id: int, phase: str, view: str, sha256: str) -> dict[str, object]:
    """A photo as its audit events name it: where it belongs and its fingerprint, never
    its pixels (attached, removed, imported alike)."""
    return {"visit": visit_id, "phase": str(phase), "view": str(view), "sha256": sha256}


@dataclass(frozen=True)
class VisitRecord:
    """A stored visit: the draft content plus its identity, status and addenda."""

    id: int
    patient_id: int
    draft: VisitDraft
    status: str
    signed_at: datetime | None = None
    signed_by: str | None = None
    content_hash: str | None = None
    addenda: tuple[AddendumRecord, ...] = field(default=())
    signature_imported_at: datetime | None = None  # set: signed elsewhere, then imported
    version: int = 1  # of the draft, counted up by each save (schema 0009)
    photos: tuple[PhotoSeal, ...] = ()  # in the order they were attached (schema 0010)

    @property
    def signed(self) -> bool:
        return self.status == "signed"
