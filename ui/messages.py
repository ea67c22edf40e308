"""Errors in words for the practitioner: field names read as labels, never SQL or stored values.

Qt-free: the visit session (`ui.editor.session`) and the runner protocol (`ui.runner`) use it.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from charting.errors import FieldError
from charting.vocabulary import FIELD_LABELS, sentence_start

NO_PATIENT = "Select a patient first: click one in the list, or search with Ctrl+F."
# Errors raised by our own packages, and exactly ValueError/LookupError, are written for the
# practitioner. Anything else (a database driver, a library) may quote SQL or stored values.
OUR_PACKAGES = ("charting.", "models.", "reports.", "resources.", "ui.")
# What the database driver says, matched (never shown) to tell the person what to do.
LOCKED_WORDS = ("locked", "busy")
DISK_WORDS = ("disk", "full", "readonly", "read-only", "i/o")


def field_label(field: str) -> str:
    """'left_tilt_deg' -> 'Left tilt (°)', 'adherence_pct' -> 'Adherence (%)'."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    words = field.replace("_deg", " (°)").replace("_pct", " (%)").replace("_", " ")
    return sentence_start(words)


def is_ours(error: BaseException) -> bool:
    """Whether `error` was written for the practitioner and may be shown in full."""
    # Exactly these builtins: subclasses such as UnicodeDecodeError quote the data they read.
    return type(error).__module__.startswith(OUR_PACKAGES) or type(error) in (
        ValueError,
        LookupError,
    )


def error_text(error: BaseException) -> str:
    """An error as the practitioner reads it: ours in full (a field error names its field),
    anything else named only by its kind, in words, with what to do."""
    if isinstance(error, FieldError):
        return f"{field_label(error.field)}: {error.message}"
    if is_ours(error):
        return str(error)
    if isinstance(error, OSError):
        reason = error.strerror or "unknown reason"
        return (
            f"A file could not be read or written ({reason}): check that the disk has room "
            "and that you may write to the folder, then try again."
        )
    if isinstance(error, SQLAlchemyError | sqlite3.Error):
        return database_text(error)
    return (
        f"An unexpected error stopped it ({type(error).__name__}). Try again; if it happens "
        "again, restart Holdfast."
    )


def database_text(error: BaseException) -> str:
    """A database failure by its kind: the driver's own words quote the SQL and the values."""
    kind = type(error).__name__
    driver = str(error.orig if isinstance(error, DBAPIError) else error).lower()
    if isinstance(error, IntegrityError | sqlite3.IntegrityError):
        return (
            f"The database refused the change: it conflicts with what is stored ({kind}). "
            "Nothing was changed; reopen the record and try again."
        )
    if any(word in driver for word in LOCKED_WORDS):
        return (
            "The database is locked by another program (perhaps a second Holdfast) and "
            "nothing was stored. Wait a moment and try again; if it stays locked, close "
            "the other program."
        )
    if any(word in driver for word in DISK_WORDS):
        return (
            f"The database file could not be written ({kind}): check that the disk has room "
            "and that you may write to the data folder, then try again."
        )
    return (
        f"The database could not finish the work ({kind}). Try again; if it happens again, "
        "restart Holdfast."
    )
