"""Runners for tests: `HeldRunner` keeps each job until the test delivers it, so a test can
let background results arrive late, in any order, or not at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ui.runner import Failure, Success


@dataclass
class Job:
    op: Callable[[], Any]
    on_success: Success
    on_failure: Failure | None
    delivered: bool = False


class HeldRunner:
    """Keeps every op until the test delivers it, in any order it likes."""

    def __init__(self) -> None:
        self.pending: list[Job] = []

    def run(
        self, op: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        self.pending.append(Job(op, on_success, on_failure))

    def undelivered(self) -> list[Job]:
        return [job for job in self.pending if not job.delivered]

    def deliver(self, index: int | None = None) -> None:
        """Run job `index` (default: the oldest undelivered) and hand its result back.

        A failure goes to the job's `on_failure`; without one it is raised into the test.
        """
        job = self.pending[index] if index is not None else self.undelivered()[0]
        assert not job.delivered, "each job is delivered once"
        job.delivered = True
        try:
            result = job.op()
        except Exception as error:
            if job.on_failure is None:
                raise
            job.on_failure(error)
        else:
            job.on_success(result)
