"""Progress and cancelling for a long export or import, in any format.

The services take two optional hooks: `progress(done)`, told how many patients are done
so far, and `cancel`, any object whose `cancelled` is read between patients; once it is
true, the service raises `Cancelled`. An export then leaves no file (what was staged is
removed), an import rolls its one transaction back: nothing is left half done. Without the
hooks a service does what it always did, batch for batch.

The hooks run on whatever thread runs the service (the GUI's worker): `progress` must not
touch widgets, and it is called once a patient, so it should be cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

Progress = Callable[[int], None]  # patients done so far


class Cancelled(Exception):
    """The person cancelled the export or import; it left nothing behind."""


class CancelCheck(Protocol):
    """Anything with a `cancelled` flag, read between patients."""

    @property
    def cancelled(self) -> bool: ...


class CancelFlag:
    """The simplest `CancelCheck`: set once from any thread, read by the worker (a plain
    attribute: reading and writing it is atomic in Python)."""

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Watch:
    """One service call's hooks: `check()` between patients, `advance()` after each."""

    def __init__(self, progress: Progress | None, cancel: CancelCheck | None) -> None:
        self.progress, self.cancel, self.done = progress, cancel, 0

    @property
    def idle(self) -> bool:
        """Nobody is watching: the service runs exactly as it did without hooks."""
        return self.progress is None and self.cancel is None

    def check(self) -> None:
        """Raise Cancelled if the person asked to stop."""
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled

    def advance(self, patients: int = 1) -> None:
        """Count patients done and tell `progress`."""
        self.done += patients
        if self.progress is not None:
            self.progress(self.done)

    def patients(self, items: Iterable[Any]) -> Iterator[Any]:
        """Each item, checked before and counted after it is used; checked once more at the
        end, so a cancel that comes during the last patient still leaves nothing."""
        for item in items:
            self.check()
            yield item
            self.advance()
        self.check()

    def batches(self, batches: Iterable[list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
        """An export's batches of patients (models/exchange_export.py `patient_batches`),
        handed on one patient at a time when watched: a FHIR export makes a PDF for every
        signed visit, so a batch of a hundred patients is too long to wait for a cancel.
        The writers take any grouping, so the bytes written are the same."""
        if self.idle:
            yield from batches
            return
        for batch in batches:
            for patient in batch:
                self.check()
                yield [patient]
                self.advance()
        self.check()
