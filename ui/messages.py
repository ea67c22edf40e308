"""Errors in words for the practitioner: field names read as labels, never SQL or stored values.

Qt-free: the visit session (`ui.editor.session`) and the runner protocol (`ui.runner`) use it.
"""

from __future__ import annotations

import errno
import traceback

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

from charting.errors import FieldError
from charting.vocabulary import FIELD_LABELS, sentence_start
from models.connect import DRIVER_ERRORS, INTEGRITY_ERRORS, OPERATIONAL_ERRORS
from models.exchange_read import ImportFailed
from models.services.audit_words import PATIENT_LABELS

REFUSAL_LINES = 20  # of a refused import's problems, shown in a window
NO_PATIENT = "Select a patient first: click one in the list, or search with Ctrl+F."
# Errors raised by our own packages, and exactly ValueError/LookupError, are written for the
# practitioner. Anything else (a database driver, a library) may quote SQL or stored values.
OUR_PACKAGES = ("charting.", "models.", "reports.", "resources.", "ui.")
# What the database driver says, matched (never shown) to tell the person what to do.
LOCKED_WORDS = ("locked", "busy")
FULL_WORDS = ("full",)  # SQLITE_FULL: "database or disk is full"
# Growing the WAL's shared-memory file fails only for want of space ("disk I/O error").
FULL_CODES = ("SQLITE_FULL", "SQLITE_IOERR_SHMSIZE")
READ_ONLY_WORDS = ("readonly", "read-only")
DISK_WORDS = ("disk", "i/o", "unable to open")
DISK_FULL = (
    "The disk is full, so nothing could be stored. Free some space (empty the trash, move "
    "large files elsewhere), then try again."
)
READ_ONLY = (
    "The data folder or the database file may not be written (it is read-only), so nothing "
    "could be stored. Check that you may write to the folder, then try again."
)
LOCKED = (
    "The database is locked by another program (perhaps a second Holdfast) and nothing was "
    "stored. Wait a moment and try again; if it stays locked, close the other program."
)


def field_label(field: str) -> str:
    """'left_tilt_deg' -> 'Left tilt (°)', 'adherence_pct' -> 'Adherence (%)',
    'running_goal_km' -> 'Running goal (km/week)' (a patient field as its form names it)."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    if field in PATIENT_LABELS:
        return PATIENT_LABELS[field]
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
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return DISK_FULL
        if error.errno == errno.EROFS:
            return READ_ONLY
        reason = error.strerror or "unknown reason"
        return (
            f"A file could not be read or written ({reason}): check that the disk has room "
            "and that you may write to the folder, then try again."
        )
    if isinstance(error, (SQLAlchemyError, DRIVER_ERRORS)):
        return database_text(error)
    return (
        f"An unexpected error stopped it ({type(error).__name__}). Try again; if it happens "
        "again, restart Holdfast."
    )


def refusal_text(error: BaseException) -> str:
    """`error_text`, but a refused import lists its located problems (the first
    REFUSAL_LINES; `holdfast import` prints 50) and says that nothing was imported."""
    if not isinstance(error, ImportFailed):
        return error_text(error)
    more = len(error.errors) - REFUSAL_LINES
    lines = error.errors[:REFUSAL_LINES] + ([f"… and {more:,} more"] if more > 0 else [])
    return "\n".join(lines) + "\n\nNothing was imported."


def database_text(error: BaseException) -> str:
    """A database failure by its kind: the driver's own words quote the SQL and the values."""
    kind = type(error).__name__
    original = error.orig if isinstance(error, DBAPIError) else error
    driver = str(original).lower()
    code = getattr(original, "sqlite_errorname", "")
    if isinstance(error, (IntegrityError, INTEGRITY_ERRORS)):
        return (
            f"The database refused the change: it conflicts with what is stored ({kind}). "
            "Nothing was changed; reopen the record and try again."
        )
    if any(word in driver for word in LOCKED_WORDS):
        return LOCKED
    if code in FULL_CODES or any(word in driver for word in FULL_WORDS):
        return DISK_FULL
    if any(word in driver for word in READ_ONLY_WORDS):
        return READ_ONLY
    if any(word in driver for word in DISK_WORDS):
        return (
            f"The database file could not be read or written ({kind}): check that the disk "
            "has room, is still connected and that you may write to the data folder, then "
            "try again."
        )
    return (
        f"The database could not finish the work ({kind}). Try again; if it happens again, "
        "restart Holdfast."
    )


def is_transient(error: BaseException) -> bool:
    """Whether trying the same write again later may succeed: a lock released, space freed,
    a drive reconnected. A refusal of the content itself (a field, a signed visit) is not."""
    return isinstance(error, (OSError | OperationalError, OPERATIONAL_ERRORS))


def trace_without_values(error: BaseException) -> str:
    """Where `error` happened, for a developer: the stack and each error's kind, chained
    causes included, but no error's message, since messages quote SQL parameters, file
    content and stored values (a name, a note)."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.format_list(traceback.extract_tb(current.__traceback__))
        kind = f"{type(current).__module__}.{type(current).__qualname__}"
        parts.insert(0, "Traceback (most recent call last):\n" + "".join(frames) + kind + "\n")
        current = current.__cause__ or current.__context__
    return "\nThe error above led to the one below.\n\n".join(parts)
