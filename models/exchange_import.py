"""An import, patient by patient: every patient is checked completely before any of its rows
is written, and rows are written in batches only while the file has shown no problem. The
whole file is one transaction: the first problem stops the writing, the rest of the file is
still checked so that every problem is listed, and nothing is committed (all-or-nothing).

Problems are reported as a whole-document read reported them, in the same order of
precedence: not a Holdfast file; the wrong version; shape problems (models/exchange_v1.py);
problems of values (the records); then what depends on the database (a chart number taken,
an unknown exercise, a signature whose hash does not match its content).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from charting.errors import quoted
from models.chart_numbers import fold_case, taken_message
from models.dialects import DriverCursor
from models.exchange_format import (
    FORMAT,
    ImportedPatient,
    ImportedVisit,
    ImportFailed,
    Located,
    line,
    patient_of,
)
from models.exchange_quick_check import quick_check
from models.exchange_schema import Path, Problem
from models.exchange_v1 import DOCUMENT, MOST_PATIENTS, PATIENT, VERSION_1
from models.exchange_write import BulkWriter, CheckedPatient
from models.legacy_hash import matches_legacy
from models.orm import Patient
from models.services.visits import content_hash, exercise_ids

PATIENT_IS_FINE = quick_check(PATIENT)
BATCH = 250  # patients written per round of executemany: about 2,500 visits
BATCH_PHOTO_BYTES = 64 * 1024 * 1024  # or fewer, once their photos hold this much
NOT_HOLDFAST = "not a Holdfast exchange file (format must be 'holdfast')"
HASH_MISMATCH = (
    "does not match the signed visit's content (the visit was changed after signing, or "
    "the file was edited): export it again from the original database"
)


class ImportRun:
    """One import into `session`: `add` each patient in file order, then `finish`."""

    def __init__(self, session: Session, source: str, actor: str) -> None:
        self.source, self.count, self.visits = source, 0, 0
        self._ids = exercise_ids(session)
        self._writer = BulkWriter(DriverCursor(session.connection()), actor, self._ids)
        # Folded as the unique index folds (ASCII letters only), so the checks agree with it.
        self._taken = {fold_case(c): c for c in session.scalars(select(Patient.chart_number))}
        self._seen: dict[str, str] = {}
        self._shape: list[Problem] = []
        self._located = Located()
        self._errors: list[str] = []
        self._batch: list[CheckedPatient] = []
        self._batch_bytes = 0

    @property
    def _clean(self) -> bool:
        return not (self._shape or self._located.problems or self._errors)

    def refuse_early(self, header: Mapping[str, Any]) -> None:
        """Stop at once when the keys read so far already make the file unimportable."""
        if "format" in header and header["format"] != FORMAT:
            raise ImportFailed([line(self.source, (), NOT_HOLDFAST)])
        if "version" in header and (version := _version_problems(header)):
            raise ImportFailed([line(self.source, p.path, p.message) for p in version])

    def add(self, data: Any) -> None:
        """Check the next patient of the file and, while all is well, queue it for writing."""
        index, self.count = self.count, self.count + 1
        if self.count > MOST_PATIENTS:
            return  # reported as one problem of the list by `finish`
        at: Path = ("patients", index)
        # The quick yes-or-no first; the walk that says what and where only when needed.
        shape = [] if PATIENT_IS_FINE(data) else list(PATIENT.problems(data, at))
        if shape or self._shape:  # values are checked only in a file of the right shape
            self._shape.extend(shape)
            return
        imported = patient_of(self._located, data, at)
        if imported is None or self._located.problems:
            return
        hashes = self._database_checks(imported, at)
        self.visits += len(imported.visits)
        if self._clean:
            self._batch.append(CheckedPatient(imported, hashes))
            self._batch_bytes += sum(visit.photo_bytes for visit in imported.visits)
            if len(self._batch) >= BATCH or self._batch_bytes >= BATCH_PHOTO_BYTES:
                self._flush()

    def finish(self, header: Mapping[str, Any], listed: bool) -> int:
        """Raise ImportFailed with every problem, or write the rest; returns the number of
        patients. `listed`: the patients came as a list (else `header` has what was there)."""
        source = self.source
        if header.get("format") != FORMAT:
            raise ImportFailed([line(source, (), NOT_HOLDFAST)])
        if version := _version_problems(header):
            raise ImportFailed([line(source, p.path, p.message) for p in version])
        shape = list(DOCUMENT.problems({**header, "patients": []} if listed else header, ()))
        if listed and self.count > MOST_PATIENTS:
            shape.insert(0, Problem(("patients",), f"must hold at most {MOST_PATIENTS:,} patients"))
        else:
            shape[:0] = self._shape
        for problems in (shape, self._located.problems):
            if problems:
                raise ImportFailed([line(source, p.path, p.message) for p in problems])
        if self._errors:
            raise ImportFailed(self._errors)
        self._flush()
        self._writer.finish()
        return self.count

    def _flush(self) -> None:
        if self._batch:
            self._writer.write(self._batch)
            self._batch.clear()
            self._batch_bytes = 0

    def _database_checks(self, imported: ImportedPatient, at: Path) -> tuple[str | None, ...]:
        """What the file is checked against in the database; returns each visit's content
        hash, recomputed (None for a draft)."""
        chart, source = imported.patient.chart_number, self.source
        if (stored := self._taken.get(fold_case(chart))) is not None:
            self._errors.append(line(source, (*at, "chart_number"), taken_message(chart, stored)))
        elif (earlier := self._seen.get(fold_case(chart))) is not None:
            also = "" if earlier == chart else f" (as {earlier})"
            message = f"{chart} is used twice in this file{also}"
            self._errors.append(line(source, (*at, "chart_number"), message))
        self._seen.setdefault(fold_case(chart), chart)
        hashes = []
        for number, visit in enumerate(imported.visits):
            hash_ = _recomputed(visit)
            if hash_ is not None and not _signature_verifies(visit, hash_):
                where = (*at, "visits", number, "signed", "hash")
                self._errors.append(line(source, where, HASH_MISMATCH))
            hashes.append(hash_)
            for position, entry in enumerate(visit.draft.plan):
                if entry.exercise not in self._ids:
                    where = (*at, "visits", number, "plan", position, "exercise")
                    message = f"unknown exercise {quoted(entry.exercise)}"
                    self._errors.append(line(source, where, message))
        return tuple(hashes)


def _version_problems(header: Mapping[str, Any]) -> list[Problem]:
    return list(VERSION_1.problems(header.get("version"), ("version",)))


def _recomputed(visit: ImportedVisit) -> str | None:
    """A signed visit's content hash, always computed here from its content and photos."""
    if visit.signed is None:
        return None
    seals = tuple(photo.seal for photo in visit.photos)
    return content_hash(visit.draft, visit.signed.by, visit.signed.at, seals)


def _signature_verifies(visit: ImportedVisit, computed: str) -> bool:
    """A signed visit's hash in the file is its content's (canonical, or the form exports
    wrote before schema 0007); a file without a hash has nothing to contradict."""
    if visit.signed is None or visit.signed.content_hash is None:
        return True
    given = visit.signed.content_hash
    return given == computed or (not visit.photos and matches_legacy(visit.draft, given))


def import_patients(
    session: Session, source: str, actor: str, header: Mapping[str, Any], patients: Iterable[Any]
) -> int:
    """Import a document already in memory (`header`: its keys but `patients`)."""
    run = ImportRun(session, source, actor)
    run.refuse_early(header)
    for data in patients:
        run.add(data)
    return run.finish(header, listed=True)
