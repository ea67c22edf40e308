"""The reading a phase's marked photos give, for the editor's form (no Qt)."""

from __future__ import annotations

from collections.abc import Iterable

from charting.errors import FieldError
from charting.photo_geometry import Marks, PhotoAngle, View, measure, photo_reading
from charting.readings import Phase, Reading
from charting.vocabulary import FIELD_LABELS, joined, quantity_name, sentence_start
from models.services.photos import PhotoInfo

NOTHING_MEASURED = (
    "Nothing to fill in yet: mark both side views (left and right tilt) or a back or front "
    "view (obliquity) of this phase."
)
BOTH_SIDES = "Left and right tilt need both side views marked; the {view} side is not marked yet."
PHASE_WORDS = {Phase.PRE: "pre", Phase.POST: "post"}


def phase_angles(photos: Iterable[tuple[View, Marks | None]]) -> dict[View, PhotoAngle]:
    """The angle of each view with complete marks; of two photos of one view, the later."""
    angles: dict[View, PhotoAngle] = {}
    for view, marks in photos:
        if marks is None or not marks.complete:
            continue
        try:
            angles[view] = measure(marks)
        except FieldError:  # landmarks on top of each other: no angle from this one
            continue
    return angles


def reading_of(
    phase: Phase, this: PhotoInfo, marks: Marks, visit: Iterable[PhotoInfo]
) -> tuple[Reading | None, str]:
    """The reading from `this` photo's `marks` and the stored marks of the visit's other
    photos of `phase`; and a note on what could not be filled (or "")."""
    others = [(p.view, p.marks) for p in visit if p.phase is phase and p.id != this.id]
    mine = [(this.view, marks)] if this.phase is phase else []
    angles = phase_angles([*others, *mine])
    reading = photo_reading(phase, angles)
    if reading is None:
        return None, NOTHING_MEASURED
    sides = {View.LEFT, View.RIGHT} & set(angles)
    if len(sides) == 1:
        missing = ({View.LEFT, View.RIGHT} - sides).pop()
        return reading, BOTH_SIDES.format(view=missing)
    return reading, ""


def filled_words(reading: Reading) -> str:
    """'Left tilt, right tilt and obliquity' as the form names them."""
    names = [quantity_name(name) for name in FIELD_LABELS if getattr(reading, name) is not None]
    return sentence_start(joined(names))
