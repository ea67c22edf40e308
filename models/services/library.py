"""The exercise library table mirrors resources/exercises.json (the bundled text wins)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.orm import Exercise
from resources.library import load_exercises


def sync_exercise_library(session: Session) -> int:
    """Insert new library exercises and refresh changed ones; returns rows touched.

    Rows are never deleted: old plans keep pointing at exercises a newer library dropped.
    The caller's unit of work commits.
    """
    touched = 0
    existing = {row.slug: row for row in session.scalars(select(Exercise))}
    for exercise in load_exercises():
        values = {
            "name": exercise.name,
            "category": exercise.category,
            "purpose": exercise.purpose,
            "target_muscles": ",".join(t.muscle for t in exercise.targets),
        }
        row = existing.get(exercise.slug)
        if row is None:
            session.add(Exercise(slug=exercise.slug, **values))
            touched += 1
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            touched += 1
    return touched
