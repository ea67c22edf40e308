"""The crash-recovery file: everything typed into a visit, invalid text included.

One JSON file per visit in `drafts/` beside the database, written atomically. A file that
survives means Holdfast was killed before the typing reached the database, or the visit was
left (the practitioner told) with text that could not be stored; the visit's next opening
puts it back (ui/actions/visits.py reads it in the job that loads the visit).
`ui.editor.session` decides when it is written and deleted, and hands each write or deletion
to the runner as a `RecoveryJob`: the one worker thread runs them in order with the saves,
off the GUI thread.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from charting.readings import Reading
from models.audit import to_json
from models.records import Complaint, Finding, Outcome, PlanEntry, SoapNote, VisitDraft


def recovery_path(db_path: Path, patient_id: int, visit_id: int | None) -> Path:
    """The file of one visit, or of the patient's new visit before its first save."""
    name = f"visit-{visit_id}.json" if visit_id else f"new-visit-patient-{patient_id}.json"
    return db_path.parent / "drafts" / name


def write_recovery(path: Path, data: dict[str, Any]) -> None:
    """Atomic write with fsync: a kill leaves the old file or the new one, never half.

    `data` may hold records (a `VisitDraft`): they are written as the audit trail writes
    them, which is what `draft_from_json` reads back.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(to_json(data))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def read_recovery(path: Path) -> dict[str, Any] | None:
    """The file's content, or None when it is missing or unreadable."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


@dataclass(frozen=True)
class RecoveryJob:
    """Write `data` to the file at `path`, or delete the file when `data` is None.

    Run by the runner's worker, so it keeps its place among the saves: a deletion after a
    save never races a write queued before it.
    """

    path: Path
    data: dict[str, Any] | None

    def __call__(self) -> None:
        if self.data is None:
            self.path.unlink(missing_ok=True)
        else:
            write_recovery(self.path, self.data)


def draft_from_json(d: dict[str, Any]) -> VisitDraft:
    """A draft back from its recovery-file form (dates from ISO text, records from dicts)."""
    next_date = d.get("next_visit_date")
    return VisitDraft(
        visit_date=date.fromisoformat(d["visit_date"]), kind=d["kind"], note=SoapNote(**d["note"]),
        complaints=tuple(Complaint(**c) for c in d["complaints"]),
        readings=tuple(Reading(**r) for r in d["readings"]),
        findings=tuple(Finding(**f) for f in d["findings"]), reasoning=d["reasoning"],
        plan=tuple(PlanEntry(**p) for p in d["plan"]), no_plan_reason=d["no_plan_reason"],
        outcomes=tuple(
            Outcome(o["measure"], o["score"], o["label"], tuple(o["items"])) for o in d["outcomes"]
        ),
        correction=d["correction"], running_km_per_week=d["running_km_per_week"],
        adherence_pct=d["adherence_pct"], carried_over=d["carried_over"],
        next_visit_date=date.fromisoformat(next_date) if next_date else None,
    )  # fmt: skip
