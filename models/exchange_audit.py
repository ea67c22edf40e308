"""The audit event of a whole export or import, in any format, and the file it is about.

Each patient and visit an import writes has its own events; this one says that a file left
or entered the practice, in which format, with how many patients and visits. An export
changes nothing, yet patient data leaving the computer is what an audit trail is for.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.orm import Session

from models.audit import record
from models.database import Database
from models.private_files import PRIVATE_FILE

PRACTICE_ENTITY = "practice"


@dataclass(frozen=True)
class Written:
    """How much an export wrote or an import read."""

    patients: int
    visits: int


class Counted:
    """Batches of exchange-form patients, counting the patients and visits passed on."""

    def __init__(self, batches: Iterable[list[dict[str, Any]]]) -> None:
        self._batches, self.patients, self.visits = batches, 0, 0

    def __iter__(self) -> Iterator[list[dict[str, Any]]]:
        for batch in self._batches:
            self.patients += len(batch)
            self.visits += sum(len(patient.get("visits", [])) for patient in batch)
            yield batch


def write_whole(
    db: Database, file: Path, write: Callable[[TextIO], Written], actor: str, format_name: str
) -> Written:
    """Write a text file with `write`, privately (0600), synced to disk and only whole: it is
    written beside its name first, so a full disk leaves no half export that looks like a
    whole one. The export's audit event commits as the file takes its name (not on a
    database opened read-only, where nothing can be written)."""
    partial = file.with_name(file.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            if os.name == "posix":
                os.fchmod(raw.fileno(), PRIVATE_FILE)
            buffered = io.BufferedWriter(raw, 1 << 20)
            with io.TextIOWrapper(buffered, "utf-8", newline="\n") as out:
                written = write(out)
                out.flush()
                os.fsync(raw.fileno())
        if db.read_only:
            os.replace(partial, file)
            return written
        with db.session() as session:
            record_exchange(session, actor, "export", format_name, written)
            os.replace(partial, file)  # the event commits only once the file is in place
        return written
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def record_exchange(
    session: Session, actor: str, action: str, format_name: str, written: Written
) -> None:
    """The event of a whole export or import ('export' or 'import') of a file in a format
    ('json', 'fhir'), with how many patients and visits it held."""
    after = {"format": format_name, "patients": written.patients, "visits": written.visits}
    record(session, actor, action, PRACTICE_ENTITY, None, after=after, patient_id=None)
