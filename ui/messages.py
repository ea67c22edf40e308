"""Errors in words for the practitioner: field names read as labels."""

from __future__ import annotations

from charting.errors import FieldError


def field_label(field: str) -> str:
    """'left_tilt_deg' -> 'Left tilt (deg)'."""
    words = field.replace("_deg", " (deg)").replace("_pct", " (%)").replace("_", " ")
    return words[:1].upper() + words[1:]


def error_text(error: BaseException) -> str:
    if isinstance(error, FieldError):
        return f"{field_label(error.field)}: {error.message}"
    return str(error)
