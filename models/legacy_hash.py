"""Content hashes written before the canonical form (models/canonical.py): recognising one.

Before schema 0007 the hash was SHA-256 of `audit.to_json(draft)`: sorted keys, default
separators, floats as Python wrote them. Two things make an honest old hash fail to
recompute from what the database holds now:

- complaints gained `carried_over` in schema 0006, so a hash written before had no such key
  (a false flag must be left out to recompute it; the visit's own flag likewise);
- an import hashed `-0.0` from the file, and SQLite stored it as `0.0`: a zero-valued
  measurement may have been negative zero when it was hashed.

`matches_legacy` tries those variants and nothing else, so an edited visit does not pass.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterator
from typing import Any

from models.canonical import FLOAT_FIELDS, sha256_hex
from models.records import VisitDraft

# Past this many zero-valued measurements, only "none" and "all" are tried as negative zero.
MOST_ZERO_SUBSETS = 8


def _legacy_json(value: Any) -> str:
    def default(item: Any) -> Any:
        if hasattr(item, "isoformat"):
            return item.isoformat()
        return str(item)

    return json.dumps(value, default=default, sort_keys=True, ensure_ascii=False)


def _zero_places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Where a float field holds zero (each a path of keys and indexes)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in FLOAT_FIELDS and isinstance(item, float) and item == 0:
                yield (*path, key)
            elif key in FLOAT_FIELDS and isinstance(item, list):
                for index, answer in enumerate(item):
                    if isinstance(answer, float) and answer == 0:
                        yield (*path, key, index)
            else:
                yield from _zero_places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _zero_places(item, (*path, index))


def _negated(content: Any, places: tuple[tuple[Any, ...], ...]) -> Any:
    copy = json.loads(json.dumps(content, default=str))
    for place in places:
        holder = copy
        for step in place[:-1]:
            holder = holder[step]
        holder[place[-1]] = -0.0
    return copy


def _flag_variants(content: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for drop_complaints, drop_visit in itertools.product((False, True), repeat=2):
        variant = dict(content)
        if drop_visit and not variant.get("carried_over"):
            variant.pop("carried_over", None)
        if drop_complaints:
            variant["complaints"] = [
                {k: v for k, v in c.items() if k != "carried_over" or v}
                for c in content["complaints"]
            ]
        yield variant


def _zero_subsets(zeros: list[tuple[Any, ...]]) -> Iterator[tuple[tuple[Any, ...], ...]]:
    if len(zeros) > MOST_ZERO_SUBSETS:
        yield from ((), tuple(zeros))
        return
    for size in range(len(zeros) + 1):
        yield from itertools.combinations(zeros, size)


def matches_legacy(draft: VisitDraft, stored_hash: str) -> bool:
    """Whether `stored_hash` is the pre-0007 hash of this content (see the module's doc)."""
    content = json.loads(_legacy_json(dataclasses.asdict(draft)))
    for variant in _flag_variants(content):
        zeros = list(_zero_places(variant))
        for places in _zero_subsets(zeros):
            text = _legacy_json(_negated(variant, places) if places else variant)
            if sha256_hex(text) == stored_hash:
                return True
    return False
