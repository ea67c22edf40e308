"""What the last check of each backup found, noted in a small JSON file in its folder.

A backup is checked when it is made (it is kept only if the check passes) and again whenever
the person asks or a restore reads it. The note holds the file's size when checked: a file
whose size changed since is shown as not checked. A missing or unreadable note only means
"not checked", never an error.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

CHECKS_FILE = "backup-checks.json"


@dataclass(frozen=True)
class Check:
    """The last check of one backup: passed or not, when, and what was wrong."""

    ok: bool
    at: datetime
    problem: str = ""


def last_check(path: Path) -> Check | None:
    """The last check of the backup at `path`, or None when it was never checked (or has
    changed since)."""
    return checks_in(path.parent).get(path.name)


def checks_in(folder: Path) -> dict[str, Check]:
    """The last check of every backup in `folder` that is still as it was when checked."""
    checks = {}
    for name, entry in _read(folder).items():
        try:
            size = (folder / name).stat().st_size
            if size == entry["size"]:
                checks[name] = Check(bool(entry["ok"]), datetime.fromisoformat(entry["at"]),
                                     str(entry.get("problem", "")))  # fmt: skip
        except (OSError, KeyError, TypeError, ValueError):
            continue  # gone, or a note this version cannot read: not checked
    return checks


def record_check(path: Path, ok: bool, problem: str = "", now: datetime | None = None) -> None:
    """Note the result of a check of the backup at `path` (notes of deleted files go)."""
    folder = path.parent
    entries = {name: e for name, e in _read(folder).items() if (folder / name).exists()}
    at = (now or datetime.now()).isoformat(timespec="seconds")
    entries[path.name] = {"ok": ok, "at": at, "size": path.stat().st_size, "problem": problem}
    temporary = folder / f".{CHECKS_FILE}.tmp"
    try:  # atomic: a crash leaves the old note or the new one
        temporary.write_text(json.dumps({"version": 1, "files": entries}, indent=1), "utf-8")
        os.replace(temporary, folder / CHECKS_FILE)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _read(folder: Path) -> dict[str, Any]:
    try:
        files = json.loads((folder / CHECKS_FILE).read_text("utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return files if isinstance(files, dict) else {}
