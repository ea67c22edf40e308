"""Exercise art: a stick-figure model, props, and the start/finish poses of each exercise."""

from __future__ import annotations

from resources.art import frontal, kneeling, lying_stretch, side_lying, standing, supine
from resources.art.scene import Exercise

_GROUPS = (kneeling, supine, lying_stretch, side_lying, standing, frontal)

EXERCISES: dict[str, Exercise] = {}
for _group in _GROUPS:
    for _build in _group.EXERCISES:
        _exercise = _build()
        EXERCISES[_exercise.slug] = _exercise
