"""The crash-recovery file: everything typed into a visit, invalid text included.

One JSON file per visit in `drafts/` beside the database, written atomically. A file that
survives means Holdfast was killed before the typing reached the database; the visit's next
opening puts it back. `ui.editor.session` decides when it is written and deleted.
"""

from __future__ import annotations

import json
import os
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
    """Atomic write with fsync: a kill leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(data, ensure_ascii=False))
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


def draft_json(draft: VisitDraft) -> Any:
    """The draft as JSON values (the same form the audit trail stores)."""
    return json.loads(to_json(draft))


def draft_from_json(d: dict[str, Any]) -> VisitDraft:
    """The inverse of `draft_json` (dates back from ISO text, records from dicts)."""
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
