"""A small declarative schema for JSON documents: what shape each value must have, checked
over the whole document before anything is built from it, each problem with its path.

The schema checks shapes only: types, text lengths, list lengths, required and unknown keys.
What a value means (a range in degrees, a word of the vocabulary, a date of birth not in the
future) is checked by the records in models/records.py and charting/, so each rule is
spelled once and the forms and the import apply the same one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from charting.errors import FieldError, check_text, kind_of, quoted

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: `path` leads from the document to the value."""

    path: Path
    message: str


class Spec(Protocol):
    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        """Every problem of `value`, found at `path`."""
        ...


@dataclass(frozen=True)
class Text:
    """A string of at most `max_length` characters that the database can store."""

    max_length: int

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        try:
            check_text("", value)
        except FieldError as error:
            yield Problem(path, error.message)
            return
        if len(value) > self.max_length:
            yield Problem(path, f"must be at most {self.max_length:,} characters")


@dataclass(frozen=True)
class Number:
    """A JSON number (true and "5" are not numbers) that is finite. Its range is the
    record's to check."""

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if isinstance(value, bool) or not isinstance(value, int | float):
            yield Problem(path, f"must be a number (got {kind_of(value)})")
        elif isinstance(value, float) and not math.isfinite(value):
            yield Problem(path, f"must be a number (got {value})")


@dataclass(frozen=True)
class Flag:
    """true or false: the text "false" is not false."""

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if not isinstance(value, bool):
            yield Problem(path, f"must be true or false (got {kind_of(value)})")


DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?")


@dataclass(frozen=True)
class Day:
    """A date written 2026-03-14 (Python would also read 20260314 and 2026-W11-6)."""

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if not _read(value, DAY, date.fromisoformat):
            yield Problem(path, f"must be a date like 2026-03-14 (got {_shown(value)})")


@dataclass(frozen=True)
class Moment:
    """A local date and time written 2026-03-14T18:00:00 (as exports write it; no zone)."""

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if not _read(value, MOMENT, datetime.fromisoformat):
            message = f"must be a date and time like 2026-03-14T18:00:00 (got {_shown(value)})"
            yield Problem(path, message)


def _read(value: Any, pattern: re.Pattern[str], parse: Any) -> bool:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        return False
    try:
        parse(value)
    except ValueError:  # 2026-02-30
        return False
    return True


def _shown(value: Any) -> str:
    """Text as it was (cut short), anything else by its kind."""
    return quoted(value) if isinstance(value, str) else kind_of(value)


def _quoted(value: Any) -> str:
    """Text or a number as it was (cut short), anything else by its kind."""
    plain = isinstance(value, str | int | float) and not isinstance(value, bool)
    return quoted(value) if plain else kind_of(value)


@dataclass(frozen=True)
class Matching:
    """Text that matches `pattern` in full, described in words as `looks_like`."""

    pattern: str
    looks_like: str

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if not isinstance(value, str) or not re.fullmatch(self.pattern, value):
            yield Problem(path, f"must be {self.looks_like} (got {_shown(value)})")


@dataclass(frozen=True)
class Exactly:
    """This one value and no other (1 is not true, nor 1.0)."""

    value: str | int

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if type(value) is not type(self.value) or value != self.value:
            yield Problem(path, f"must be {self.value!r} (got {_quoted(value)})")


@dataclass(frozen=True)
class Nullable:
    """`spec`, or null."""

    spec: Spec

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if value is not None:
            yield from self.spec.problems(value, path)


@dataclass(frozen=True)
class FalseOr:
    """false, or an object of `spec` (a visit's `signed`)."""

    spec: Obj

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if value is False:
            return
        if not isinstance(value, dict):
            yield Problem(path, f"must be false or an object (got {kind_of(value)})")
            return
        yield from self.spec.problems(value, path)


@dataclass(frozen=True)
class ListOf:
    """A list of at most `max_items` values, each of `item`; `name` says what it lists."""

    item: Spec
    max_items: int
    name: str = "values"

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if not isinstance(value, list):
            yield Problem(path, f"must be a list of {self.name} (got {kind_of(value)})")
            return
        if len(value) > self.max_items:
            yield Problem(path, f"must hold at most {self.max_items:,} {self.name}")
            return
        for index, item in enumerate(value):
            yield from self.item.problems(item, (*path, index))


@dataclass(frozen=True)
class MapOf:
    """An object of at most `max_items` keys of any name (each a line of text), each value of
    `item` (a photo's landmark points by landmark name); `name` says what it maps."""

    item: Spec
    max_items: int
    name: str = "values"

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield Problem(path, f"must be an object of {self.name} (got {kind_of(value)})")
            return
        if len(value) > self.max_items:
            yield Problem(path, f"must hold at most {self.max_items:,} {self.name}")
            return
        for key, item in value.items():
            if len(key) > MAP_KEY_LENGTH:
                yield Problem(path, f"has a key longer than {MAP_KEY_LENGTH} characters")
                return
            yield from self.item.problems(item, (*path, key))


MAP_KEY_LENGTH = 100
BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


@dataclass(frozen=True)
class Base64:
    """Bytes as standard base64 text (RFC 4648, padded, no line breaks) of at most
    `max_bytes` bytes; `name` says what they are. The bytes are never quoted back."""

    max_bytes: int
    name: str = "bytes"

    @property
    def max_length(self) -> int:
        return 4 * -(-self.max_bytes // 3)

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if not isinstance(value, str):
            yield Problem(path, f"must be {self.name} as base64 text (got {kind_of(value)})")
        elif len(value) > self.max_length:
            size = self.max_bytes // (1024 * 1024)
            yield Problem(path, f"must be at most {size} MB of {self.name}")
        elif not BASE64.fullmatch(value):
            yield Problem(path, f"must be {self.name} as base64 text (A-Z, a-z, 0-9, +, /, =)")


@dataclass(frozen=True)
class Key:
    """One key of an object: its spec, and whether the object must have it."""

    spec: Spec
    required: bool = False


@dataclass(frozen=True)
class Obj:
    """A JSON object with these keys and no others (a misspelt key is not dropped unseen)."""

    keys: Mapping[str, Key] = field(default_factory=dict)

    def problems(self, value: Any, path: Path) -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield Problem(path, f"must be an object (got {kind_of(value)})")
            return
        for name, key in self.keys.items():
            if name in value:
                yield from key.spec.problems(value[name], (*path, name))
            elif key.required:
                yield Problem((*path, name), "is required")
        for name in value:
            if name not in self.keys:
                yield Problem((*path, name), NOT_A_FIELD)


NOT_A_FIELD = "is not a field of the exchange format"
