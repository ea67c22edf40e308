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

from models.records import PhotoSeal, VisitDraft

SCHEME = "holdfast-visit-1"
# A visit with photos (schema 0010): the same text plus "photos", one entry per photo in the
# order attached ({"phase", "view", "sha256", "landmarks"}). Visits without photos keep
# scheme 1, so every hash stored before photos existed still recomputes.
PHOTO_SCHEME = "holdfast-visit-2"
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


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
# Values `plain` gives back as they are (exact types: a StrEnum or an IntEnum is not one).
_LEAVES = frozenset({str, bool, int, float})


def _fields_of(kind: type) -> tuple[str, ...]:
    """The field names of a record type; () for anything else (remembered per type)."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        is_record = dataclasses.is_dataclass(kind)
        names = tuple(f.name for f in dataclasses.fields(kind)) if is_record else ()
        _FIELD_NAMES[kind] = names
    return names


def plain(value: Any) -> Any:
    """`dataclasses.asdict` of a record (lists for tuples), without its deep copies: a
    signed visit is hashed, and every import audited, at thousands of visits a second."""
    kind = type(value)
    if kind in _LEAVES or value is None:
        return value
    if names := _fields_of(kind):
        record = {}
        for name in names:  # leaves inline: most fields are text, numbers or None
            item = getattr(value, name)
            record[name] = item if type(item) in _LEAVES or item is None else plain(item)
        return record
    if kind is tuple or kind is list:
        return [item if type(item) in _LEAVES else plain(item) for item in value]
    if kind is dict:
        return {key: plain(item) for key, item in value.items()}
    return value


def _float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("a signed visit cannot hold NaN or infinity")
    return number + 0.0  # -0.0 + 0.0 is 0.0


_CANONICAL_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _canonical_fields(kind: type) -> tuple[tuple[str, bool], ...]:
    """(name, held as a float) of each field a record's canonical form keeps."""
    fields = _CANONICAL_FIELDS.get(kind)
    if fields is None:
        names = _fields_of(kind)
        fields = tuple((n, n in FLOAT_FIELDS) for n in names if n != WORKING_STATE)
        _CANONICAL_FIELDS[kind] = fields
    return fields


def _normalised(value: Any, as_float: bool = False) -> Any:
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return value
    if kind is float or (as_float and kind is int):
        return _float(value)
    if fields := _canonical_fields(kind):  # a record, as `dataclasses.asdict` would give it
        record = {}
        for name, flt in fields:  # text, a flag or None inline: most fields are
            item = getattr(value, name)
            kept = item is None or type(item) is str or type(item) is bool
            record[name] = item if kept else _normalised(item, flt)
        return record
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


def visit_text(
    draft: VisitDraft,
    signed_by: str | None,
    signed_at: datetime | None,
    photos: tuple[PhotoSeal, ...] = (),
) -> str:
    """The canonical text of a signed visit (what its content hash is the hash of)."""
    content = _normalised(draft)
    content["scheme"] = SCHEME
    if photos:
        content["scheme"] = PHOTO_SCHEME
        content["photos"] = [_normalised(photo) for photo in photos]
    content["signature"] = {"by": signed_by, "at": _normalised(signed_at)}
    return canonical_json(content)


def visit_hash(
    draft: VisitDraft,
    signed_by: str | None,
    signed_at: datetime | None,
    photos: tuple[PhotoSeal, ...] = (),
) -> str:
    """The content hash stored with a signed visit: SHA-256 of `visit_text`."""
    return sha256_hex(visit_text(draft, signed_by, signed_at, photos))
