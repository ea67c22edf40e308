"""The photos a visit summary lists: which were measured, the angle each gave, and whether
the camera was assumed level (no plumb or level line marked: docs/clinical-model.md#photos).

Read from the visit's photo seals (what its content hash covers), so the summary states
the landmarks that were signed, never the pixels.
"""

from __future__ import annotations

from charting.errors import FieldError
from charting.figures.words import signed_degrees
from charting.photo_geometry import View, measure
from charting.photo_marks import marks_from_json
from charting.readings import Phase
from charting.vocabulary import PHASE_TERMS, quantity_name
from models.records import PhotoSeal

# Where the camera stood, as a line of the summary says it (shorter than `view_title`).
PLACES = {View.LEFT: "left side", View.RIGHT: "right side", View.POSTERIOR: "back",
          View.ANTERIOR: "front"}  # fmt: skip
LEVEL_ASSUMED = "camera assumed level, no reference line marked"


def photo_line(seal: PhotoSeal) -> str:
    """'Before the correction, left side: left tilt +12.0° (plumb line)'."""
    where = f"{PHASE_TERMS[Phase(seal.phase)].label}, {PLACES[View(seal.view)]}"
    if not seal.landmarks:
        return f"{where}: not measured"
    try:
        marks = marks_from_json(seal.landmarks)
        angle = measure(marks)
    except FieldError:
        return f"{where}: landmarks incomplete"
    reference = LEVEL_ASSUMED if marks.reference is None else f"{marks.reference.kind} line"
    return f"{where}: {quantity_name(angle.field)} {signed_degrees(angle.degrees)} ({reference})"


def photo_lines(photos: tuple[PhotoSeal, ...]) -> list[str]:
    return [photo_line(seal) for seal in photos]
