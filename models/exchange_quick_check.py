"""A yes-or-no form of a schema (models/exchange_schema.py), for the file that is right.

`Spec.problems` walks a value with generators to say what is wrong and where: in an import
of thousands of patients that walk was a tenth of the time, spent on patients that have
nothing wrong. `quick_check(spec)` compiles the same rules into plain nested functions
that only answer whether a value has any problem; the import asks it first and walks
`problems` only for a patient it refuses, so every message stays exactly as it was.

Each function answers True exactly when `spec.problems(value, path)` yields nothing
(tests/test_import_quick_check.py holds them side by side over every hostile file).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from models.exchange_schema import (
    BASE64,
    DAY,
    MAP_KEY_LENGTH,
    MOMENT,
    Base64,
    Day,
    Exactly,
    FalseOr,
    Flag,
    ListOf,
    MapOf,
    Matching,
    Moment,
    Nullable,
    Number,
    Obj,
    Spec,
    Text,
    _read,
)

Check = Callable[[Any], bool]
# By identity: an Obj holds a dict, so specs cannot be hashed; each is kept with its check.
_COMPILED: dict[int, tuple[Spec, Check]] = {}


def _storable(text: str) -> bool:
    """Text the database can take: no lone surrogate and no NUL (charting.errors.check_text's
    rule)."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not isinstance(value, float) or math.isfinite(value)


def quick_check(spec: Spec) -> Check:
    """Whether a value has no problem against `spec` (compiled once per spec)."""
    if (known := _COMPILED.get(id(spec))) is not None:
        return known[1]
    check = _compiled(spec)
    _COMPILED[id(spec)] = (spec, check)
    return check


def _compiled(spec: Spec) -> Check:
    if isinstance(spec, Text):
        most = spec.max_length
        return lambda v: isinstance(v, str) and len(v) <= most and _storable(v)
    if isinstance(spec, Number):
        return _number
    if isinstance(spec, Flag):
        return lambda v: isinstance(v, bool)
    if isinstance(spec, Day):
        return lambda v: _read(v, DAY, date.fromisoformat)
    if isinstance(spec, Moment):
        return lambda v: _read(v, MOMENT, datetime.fromisoformat)
    if isinstance(spec, Matching):
        pattern = re.compile(spec.pattern)
        return lambda v: isinstance(v, str) and pattern.fullmatch(v) is not None
    if isinstance(spec, Exactly):
        wanted = spec.value
        return lambda v: type(v) is type(wanted) and v == wanted
    if isinstance(spec, Nullable):
        inner = quick_check(spec.spec)
        return lambda v: v is None or inner(v)
    if isinstance(spec, FalseOr):
        whole = quick_check(spec.spec)
        return lambda v: v is False or (isinstance(v, dict) and whole(v))
    if isinstance(spec, ListOf):
        return _list(quick_check(spec.item), spec.max_items)
    if isinstance(spec, Obj):
        return _object(spec)
    if isinstance(spec, MapOf):
        return _map(quick_check(spec.item), spec.max_items)
    if isinstance(spec, Base64):
        longest = spec.max_length
        return lambda v: isinstance(v, str) and len(v) <= longest and bool(BASE64.fullmatch(v))
    raise TypeError(f"no quick check for {type(spec).__name__}")


def _list(item: Check, most: int) -> Check:
    def check(value: Any) -> bool:
        if not isinstance(value, list) or len(value) > most:
            return False
        return all(item(element) for element in value)

    return check


def _map(item: Check, most: int) -> Check:
    def check(value: Any) -> bool:
        if not isinstance(value, dict) or len(value) > most:
            return False
        return all(len(key) <= MAP_KEY_LENGTH and item(v) for key, v in value.items())

    return check


def _object(spec: Obj) -> Check:
    keys = {name: quick_check(key.spec) for name, key in spec.keys.items()}
    required = frozenset(name for name, key in spec.keys.items() if key.required)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        for name, item in value.items():
            key = keys.get(name)
            if key is None or not key(item):
                return False
        return required <= value.keys()

    return check
