"""The crash-recovery file: everything typed into a visit, invalid text included.

One JSON file per visit in `drafts/` beside the database, written atomically and private
(0600); for an encrypted database sealed with a key derived from its passphrase
(models/draft_cipher.py), so no plaintext of it rests on the disk. A file that
survives means Holdfast was killed before the typing reached the database, or the visit was
left (the practitioner told) with text that could not be stored; the visit's next opening
puts it back (ui/actions/visits.py reads it in the job that loads the visit).
`ui.editor.session` decides when it is written and deleted, and hands each write or deletion
to the runner as a `RecoveryJob`: the one worker thread runs them in order with the saves,
off the GUI thread.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from charting.readings import Reading
from models.audit import to_json
from models.draft_cipher import is_sealed, seal, unseal
from models.private_files import private_folder, write_private
from models.records import Complaint, Finding, Outcome, PlanEntry, SoapNote, VisitDraft


def recovery_path(db_path: Path, patient_id: int, visit_id: int | None) -> Path:
    """The file of one visit, or of the patient's new visit before its first save."""
    name = f"visit-{visit_id}.json" if visit_id else f"new-visit-patient-{patient_id}.json"
    return db_path.parent / "drafts" / name


def write_recovery(path: Path, data: dict[str, Any], passphrase: str | None = None) -> None:
    """Atomic private write with fsync: a kill leaves the old file or the new one, never
    half. Sealed with `passphrase` when the database is encrypted.

    `data` may hold records (a `VisitDraft`): they are written as the audit trail writes
    them, which is what `draft_from_json` reads back.
    """
    private_folder(path.parent)
    content = to_json(data).encode("utf-8")
    if passphrase is not None:
        content = seal(path.parent, path.name, content, passphrase)
    temporary = path.with_suffix(".tmp")
    write_private(temporary, content)
    temporary.replace(path)


def read_recovery(path: Path, passphrase: str | None = None) -> dict[str, Any] | None:
    """The file's content, or None when it is missing, unreadable, or sealed with another
    passphrase (a plain file, written before the database was encrypted, is read too)."""
    try:
        content = path.read_bytes()
        if is_sealed(content):
            if passphrase is None:
                return None
            content = unseal(path.parent, path.name, content, passphrase)
        data: dict[str, Any] = json.loads(content.decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data


def convert_recovery_files(db_path: Path, old: str | None, new: str | None) -> int:
    """Re-write the recovery files of `db_path` from passphrase `old` to `new` (None:
    plain) when the database is encrypted or decrypted; returns how many were."""
    folder = recovery_path(db_path, 0, None).parent
    converted = 0
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        data = read_recovery(path, old)
        if data is not None:
            with suppress(OSError):
                write_recovery(path, data, new)
                converted += 1
    return converted


@dataclass(frozen=True)
class RecoveryJob:
    """Write `data` to the file at `path`, or delete the file when `data` is None.

    Run by the runner's worker, so it keeps its place among the saves: a deletion after a
    save never races a write queued before it.
    """

    path: Path
    data: dict[str, Any] | None
    passphrase: str | None = field(default=None, repr=False)  # the database's, if encrypted

    def __call__(self) -> None:
        if self.data is None:
            self.path.unlink(missing_ok=True)
        else:
            write_recovery(self.path, self.data, self.passphrase)


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
