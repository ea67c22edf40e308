"""Errors in words for the practitioner: field names read as labels."""

from __future__ import annotations

from charting.errors import FieldError
from charting.vocabulary import FIELD_LABELS, sentence_start

NO_PATIENT = "Select a patient first: click one in the list, or search with Ctrl+F."


def field_label(field: str) -> str:
    """'left_tilt_deg' -> 'Left tilt (°)', 'adherence_pct' -> 'Adherence (%)'."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    words = field.replace("_deg", " (°)").replace("_pct", " (%)").replace("_", " ")
    return sentence_start(words)


def error_text(error: BaseException) -> str:
    if isinstance(error, FieldError):
        return f"{field_label(error.field)}: {error.message}"
    return str(error)
