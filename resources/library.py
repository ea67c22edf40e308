"""The exercise and pelvic-pattern libraries, read from the JSON files beside this module.

The wording lives in JSON so it can be revised without touching code, and it is read through
`importlib.resources` so it works from a wheel or a zip as well as from a checkout. Both files
are checked when first loaded: a mistyped muscle or exercise slug would otherwise show up as a
silently missing suggestion in the middle of a visit. Suggestions are hypotheses for the
practitioner to confirm (docs/clinical-model.md#pattern-library); nothing here decides.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from charting.muscles import MUSCLES, MuscleState, Side, muscle_name
from charting.readings import CATEGORIES

CATEGORIES_OF_EXERCISE = ("stretch", "strength", "motor_control", "running_drill")
# A short/overactive muscle is lengthened, a long/weak/inhibited one is strengthened.
AIM_FOR_STATE = {
    MuscleState.SHORT_OVERACTIVE: "lengthen",
    MuscleState.LONG_WEAK_INHIBITED: "strengthen",
}
PATTERN_PARTS = {part for levels in CATEGORIES.values() for part in levels[1:]}
SIDES = [side.value for side in Side]
FINDING_FIELDS = (
    ("muscle", MUSCLES),
    ("side", SIDES),
    ("state", [state.value for state in MuscleState]),
    ("evidence_hint", None),
)


@dataclass(frozen=True)
class Dosage:
    """How much and how often; `per_side` means the sets are done on each side."""

    sets: int
    reps: int | None
    hold_s: int | None
    per_week: int
    per_side: bool


@dataclass(frozen=True)
class Target:
    """A muscle an exercise addresses and whether it lengthens or strengthens it."""

    muscle: str
    aim: str


@dataclass(frozen=True)
class Exercise:
    """One library exercise, worded for the patient handout."""

    slug: str
    name: str
    category: str
    purpose: str
    targets: tuple[Target, ...]
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    dosage: Dosage


@dataclass(frozen=True)
class PatternFinding:
    """A muscle finding commonly hypothesised for a pattern, with a test to confirm it."""

    muscle: str
    side: str
    state: str
    evidence_hint: str


@dataclass(frozen=True)
class PatternSuggestion:
    """The library's hypothesis for a pelvic pattern; `key` is the library entry used.

    Each exercise comes with the side to stretch or work (for the self-correction, the side
    tipped forward). An exercise with no targets addresses position, not a muscle.
    """

    key: str
    summary: str
    findings: tuple[PatternFinding, ...]
    reasoning: str
    exercises: tuple[tuple[Exercise, str], ...]


def _field(
    owner: str, item: Any, name: str, kind: Any = str, allowed: Iterable[str] | None = None
) -> Any:
    """item[name], checked to be a `kind` (never a bool posing as an int) and in `allowed`."""
    if not isinstance(item, dict) or name not in item:
        raise ValueError(f"{owner}: missing field {name!r}")
    value = item[name]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    bad_bool = isinstance(value, bool) and bool not in kinds
    if bad_bool or not isinstance(value, kind) or value == "":
        raise ValueError(f"{owner}: field {name!r} has a bad value {value!r}")
    if allowed is not None and value not in set(allowed):
        raise ValueError(f"{owner}: field {name!r} has unknown value {value!r}")
    return value


def _texts(owner: str, item: Any, name: str, low: int, high: int) -> tuple[str, ...]:
    values = _field(owner, item, name, list)
    if not low <= len(values) <= high or not all(isinstance(v, str) and v for v in values):
        raise ValueError(f"{owner}: field {name!r} needs {low}-{high} non-empty texts")
    return tuple(values)


def _parse_dosage(owner: str, item: Any) -> Dosage:
    owner = f"{owner}: dosage"
    sets, per_week = _field(owner, item, "sets", int), _field(owner, item, "per_week", int)
    reps = _field(owner, item, "reps", (int, type(None)))
    hold_s = _field(owner, item, "hold_s", (int, type(None)))
    if sets < 1 or not 1 <= per_week <= 14 or (reps is None and hold_s is None):
        raise ValueError(f"{owner}: needs sets >= 1, per_week 1-14 and reps or hold_s")
    if any(value is not None and value < 1 for value in (reps, hold_s)):
        raise ValueError(f"{owner}: reps and hold_s must be positive")
    return Dosage(sets, reps, hold_s, per_week, _field(owner, item, "per_side", bool))


def _parse_exercises(data: Any) -> tuple[Exercise, ...]:
    """Exercises from decoded JSON; ValueError names the exercise slug and the bad field."""
    if not isinstance(data, list):
        raise ValueError("exercises: expected a list")
    exercises: dict[str, Exercise] = {}
    for index, item in enumerate(data):
        slug = _field(f"exercise #{index}", item, "slug", str)
        owner = f"exercise {slug!r}"
        if slug in exercises:
            raise ValueError(f"{owner}: field 'slug' is duplicated")
        targets = tuple(
            Target(
                _field(f"{owner}: targets", t, "muscle", str, MUSCLES),
                _field(f"{owner}: targets", t, "aim", str, AIM_FOR_STATE.values()),
            )
            for t in _field(owner, item, "targets", list)
        )
        exercises[slug] = Exercise(
            slug=slug,
            name=_field(owner, item, "name", str),
            category=_field(owner, item, "category", str, CATEGORIES_OF_EXERCISE),
            purpose=_field(owner, item, "purpose", str),
            targets=targets,
            steps=_texts(owner, item, "steps", 3, 6),
            cautions=_texts(owner, item, "cautions", 1, 3),
            dosage=_parse_dosage(owner, _field(owner, item, "dosage", dict)),
        )
    return tuple(exercises.values())


def _parse_patterns(data: Any, exercises: Iterable[Exercise]) -> tuple[PatternSuggestion, ...]:
    """Patterns from decoded JSON; every exercise slug must exist in `exercises`."""
    if not isinstance(data, list):
        raise ValueError("patterns: expected a list")
    by_slug = {exercise.slug: exercise for exercise in exercises}
    patterns: dict[str, PatternSuggestion] = {}
    for index, item in enumerate(data):
        key = _field(f"pattern #{index}", item, "key", str)
        owner = f"pattern {key!r}"
        if key in patterns or (key != "level" and not set(key.split("+")) <= PATTERN_PARTS):
            raise ValueError(f"{owner}: field 'key' is duplicated or has unknown parts")
        findings = tuple(
            PatternFinding(*(_field(f"{owner}: findings", f, n, str, a) for n, a in FINDING_FIELDS))
            for f in _field(owner, item, "findings", list)
        )
        chosen = tuple(
            (
                by_slug[_field(f"{owner}: exercises", e, "slug", str, by_slug)],
                _field(f"{owner}: exercises", e, "side", str, SIDES),
            )
            for e in _field(owner, item, "exercises", list)
        )
        summary, reasoning = (_field(owner, item, name) for name in ("summary", "reasoning"))
        patterns[key] = PatternSuggestion(key, summary, findings, reasoning, chosen)
    return tuple(patterns.values())


def _read(name: str) -> Any:
    return json.loads(files("resources").joinpath(name).read_text(encoding="utf-8"))


@cache
def load_exercises() -> tuple[Exercise, ...]:
    """The exercise library in its curated order, checked on first use."""
    return _parse_exercises(_read("exercises.json"))


@cache
def load_patterns() -> tuple[PatternSuggestion, ...]:
    """The pattern library, checked against the exercise library on first use."""
    return _parse_patterns(_read("patterns.json"), load_exercises())


def exercise_by_slug(slug: str) -> Exercise:
    """The exercise with this slug; KeyError names the slug when there is none."""
    for exercise in load_exercises():
        if exercise.slug == slug:
            return exercise
    raise KeyError(f"no exercise {slug!r} in the exercise library")


def search_exercises(text: str) -> list[Exercise]:
    """Exercises whose name, slug, purpose or target muscles contain `text` (any case)."""
    needle = text.strip().replace("_", " ").casefold()  # slugs and spaced words both match
    found = []
    for exercise in load_exercises():
        muscles = [f"{t.muscle} | {muscle_name(t.muscle)}" for t in exercise.targets]
        haystack = " | ".join([exercise.name, exercise.slug, exercise.purpose, *muscles])
        if needle in haystack.replace("_", " ").casefold():
            found.append(exercise)
    return found


def suggest_for_pattern(key: str) -> PatternSuggestion | None:
    """The entry for `key`, else the one whose parts are the largest subset of its parts.

    'left_anterior+right+right_high' falls back to 'left_anterior+right'. Ties go to the
    entry listed first, so the library order decides which dimension wins.
    """
    patterns = load_patterns()
    wanted = set(key.split("+"))
    best: PatternSuggestion | None = None
    for pattern in patterns:
        if pattern.key == key:
            return pattern
        parts = set(pattern.key.split("+"))
        if parts <= wanted and (best is None or len(parts) > len(best.key.split("+"))):
            best = pattern
    return best


def exercises_for_findings(findings: Iterable[tuple[str, str, str]]) -> list[tuple[Exercise, str]]:
    """(muscle, side, state) findings -> exercises aimed at them, with the finding's side.

    Lengthening answers a short/overactive muscle, strengthening a long/weak one. Each
    (exercise, side) appears once, in library order.
    """
    wanted = [
        (muscle, Side(side).value, AIM_FOR_STATE[MuscleState(state)])
        for muscle, side, state in findings
    ]
    chosen: list[tuple[Exercise, str]] = []
    for exercise in load_exercises():
        for muscle, side, aim in wanted:
            if Target(muscle, aim) in exercise.targets and (exercise, side) not in chosen:
                chosen.append((exercise, side))
    return chosen
