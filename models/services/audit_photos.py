"""A photo's audit events in words: which photo, and where its landmarks were put.

The events hold the photo's phase, view and SHA-256, or its landmarks as stored (JSON text,
charting/photo_marks.py); never the pixels (models/services/photos.py).
"""

from __future__ import annotations

import json
from typing import Any

from charting.errors import FieldError
from charting.figures.words import signed_degrees
from charting.photo_geometry import Marks, View, measure
from charting.photo_marks import marks_from_plain
from charting.vocabulary import quantity_name, view_title
from models.services.audit_words import NOTHING, FieldChange

PHOTO_ACTIONS = {
    ("photo", "attach"): "Photo attached",
    ("photo", "landmarks"): "Photo landmarks marked",
    ("photo", "remove"): "Photo removed",
}


def _load(stored: str) -> Any:
    return json.loads(stored) if stored else None


def _which(value: Any) -> str:
    """'before the correction, left side (fingerprint 5f5949…)'"""
    if not isinstance(value, dict):
        return NOTHING
    phase = "before the correction" if value.get("phase") == "pre" else "after the correction"
    try:
        where = view_title(View(str(value.get("view")))).lower()
    except ValueError:
        where = "unknown view"
    return f"{phase}, {where} (fingerprint {str(value.get('sha256', ''))[:12]}…)"


def _marks_words(stored: Any) -> str:
    """Each landmark's pixel and the angle they give, or a dash."""
    if not isinstance(stored, dict):
        return NOTHING
    try:
        marks: Marks = marks_from_plain(stored)
    except FieldError:
        return "unreadable landmarks"
    points = ", ".join(f"{name} ({p[0]:.0f}, {p[1]:.0f})" for name, p in marks.points)
    reference = f"; {marks.reference.kind} line" if marks.reference else "; camera assumed level"
    try:
        angle = measure(marks)
    except FieldError:
        return points + reference
    return f"{points}{reference}: {quantity_name(angle.field)} {signed_degrees(angle.degrees)}"


def photo_changes(action: str, before: str, after: str) -> tuple[FieldChange, ...]:
    if action == "landmarks":
        was, now = _marks_words(_load(before)), _marks_words(_load(after))
        return (FieldChange("Landmarks", was, now),)
    if action == "remove":
        return (FieldChange("Photo", _which(_load(before)), NOTHING),)
    return (FieldChange("Photo", NOTHING, _which(_load(after))),)
