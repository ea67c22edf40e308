"""The canonical serialisation of a signed visit, and its content hash (docs/ARCHITECTURE.md,
"What a signature proves").

One text per signed visit, the same on every machine and after any round trip through the
database or an exchange file, so the hash stored at signing can be recomputed and compared:

- JSON with sorted keys, compact separators (`,` and `:`), UTF-8 (no \\u escapes);
- `"scheme": "holdfast-visit-1"` inside the hashed text, so a later change of this form is
  a new scheme, never a silent change of meaning;
- the visit's content as `VisitDraft` holds it, plus who signed and when
  (`"signature": {"by", "at"}`, `at` as ISO 8601 local time without a zone);
- numbers normalised: a float field is always float text (Python's shortest round-trip
  form, `3.0` never `3`), `-0.0` is `0.0` (SQLite stores it so), an int field an int;
  NaN and infinities are refused (the records never hold them);
- working-state flags left out: `carried_over` of the visit and of each complaint says
  what was brought from the last visit and not yet re-rated, which is not clinical content.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from datetime import date, datetime
from typing import Any

from models.records import VisitDraft

SCHEME = "holdfast-visit-1"
# Fields that hold measurements: always written as floats (items: each answer of a score).
FLOAT_FIELDS = frozenset(
    {"running_km_per_week", "left_tilt_deg", "right_tilt_deg", "rotation_deg", "obliquity_deg",
     "score", "items"}
)  # fmt: skip
WORKING_STATE = "carried_over"


def canonical_json(value: Any) -> str:
    """Sorted keys, compact separators, no ASCII escaping, NaN refused."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def sha256_hex(text: str) -> str:
    """SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("a signed visit cannot hold NaN or infinity")
    return number + 0.0  # -0.0 + 0.0 is 0.0


def _normalised(value: Any, as_float: bool = False) -> Any:
    if isinstance(value, dict):
        return {
            key: _normalised(item, key in FLOAT_FIELDS)
            for key, item in value.items()
            if key != WORKING_STATE
        }
    if isinstance(value, list | tuple):
        return [_normalised(item, as_float) for item in value]
    if isinstance(value, str):
        return str(value)  # a StrEnum as its text
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if as_float or isinstance(value, float):
        return _float(value)
    return value


def visit_text(draft: VisitDraft, signed_by: str | None, signed_at: datetime | None) -> str:
    """The canonical text of a signed visit (what its content hash is the hash of)."""
    content = _normalised(dataclasses.asdict(draft))
    content["scheme"] = SCHEME
    content["signature"] = {"by": signed_by, "at": _normalised(signed_at)}
    return canonical_json(content)


def visit_hash(draft: VisitDraft, signed_by: str | None, signed_at: datetime | None) -> str:
    """The content hash stored with a signed visit: SHA-256 of `visit_text`."""
    return sha256_hex(visit_text(draft, signed_by, signed_at))
