"""Hostile variants of a valid exchange document, for the import tests.

Every value in the document (each key of each object, each element of each list) is in
turn replaced by each hostile value, each key is dropped, each object gets a key it does
not know, and the top level takes shapes that are no exchange file at all.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from models.database import Database
from models.services.exchange import export_document

Path_ = tuple[str | int, ...]

HUGE_DIGITS = 4000  # under Python's 4,300-digit limit for reading an int, so it parses
LONG_TEXT = 100_000  # characters

# (name, value): each replaces every value of the document in turn.
HOSTILE_VALUES: tuple[tuple[str, Any], ...] = (
    ("null", None),
    ("true", True),
    ("5", 5),
    ("huge-int", int("9" * HUGE_DIGITS)),
    ("inf", float("inf")),
    ("1e309-text", "1e309"),
    ("NaN-text", "NaN"),
    ("empty-text", ""),
    ("long-text", "x" * LONG_TEXT),
    ("list", ["a", 1]),
    ("dict", {"a": 1}),
)

# Whole documents that are not exchange files, or whose top level is wrong.
TOP_LEVEL: tuple[tuple[str, Any], ...] = (
    ("document-list", []),
    ("document-text", "holdfast"),
    ("document-number", 5),
    ("document-null", None),
    ("document-empty", {}),
    ("version-true", {"format": "holdfast", "version": True, "patients": []}),
    ("version-float", {"format": "holdfast", "version": 1.0, "patients": []}),
    ("version-text", {"format": "holdfast", "version": "1", "patients": []}),
    ("patients-5", {"format": "holdfast", "version": 1, "patients": 5}),
    ("patients-dict", {"format": "holdfast", "version": 1, "patients": {"a": {}}}),
    ("patients-text", {"format": "holdfast", "version": 1, "patients": "R-001"}),
    ("patients-null", {"format": "holdfast", "version": 1, "patients": None}),
    ("patient-list", {"format": "holdfast", "version": 1, "patients": [[]]}),
    ("patient-empty", {"format": "holdfast", "version": 1, "patients": [{}]}),
)


QUALITATIVE = {
    "phase": "post", "device": "palpation", "rater": "J. Reyes",
    "asymmetry": "left_anterior", "rotation": "right", "obliquity": "level",
}  # fmt: skip


def base_document(demo_db: Database) -> dict[str, Any]:
    """A small valid document with every kind of value: two patients (one archived), a
    signed visit with outcome items, a signed one with an addendum, and a draft."""
    exported = export_document(demo_db)
    first, fourth = exported["patients"][0], exported["patients"][3]
    first["visits"] = first["visits"][:2]
    fourth["visits"] = fourth["visits"][-1:]
    fourth["archived"] = True
    for visit in [*first["visits"], *fourth["visits"]]:  # one or two of each kind of item
        visit["complaints"] = visit["complaints"][:1]
        visit["hypothesis"]["findings"] = visit["hypothesis"]["findings"][:1]
        visit["plan"] = visit["plan"][:2]
        for outcome in visit["outcomes"]:
            outcome["items"] = outcome["items"][:2]
    fourth["visits"][0]["readings"][1:] = [QUALITATIVE]
    for visit in [*first["visits"], *fourth["visits"]]:  # trimmed: the exported hash no longer
        if visit["signed"]:  # matches (an import refuses it), and a file may omit it
            del visit["signed"]["hash"]
    exported["patients"] = [first, fourth]
    return exported


def paths(value: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    """The path of every value inside `value` (not `value` itself), parents first."""
    children: list[tuple[str | int, Any]] = []
    if isinstance(value, dict):
        children = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))
    for key, child in children:
        yield (*prefix, key)
        yield from paths(child, (*prefix, key))


def _parent(document: Any, path: Path_) -> Any:
    for key in path[:-1]:
        document = document[key]
    return document


def dotted(path: Path_) -> str:
    """patients[0].visits[1].readings[0].left_tilt_deg: a path as a name."""
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else f".{key}"
    return text.lstrip(".")


def shape(path: Path_) -> tuple[str, ...]:
    """A path with its list positions left out: every reading's `rater` is one field."""
    return tuple(key for key in path if isinstance(key, str))


def first_of_each_field(document: dict[str, Any]) -> list[Path_]:
    """The path of each field where it first occurs (a second reading's `rater` is checked
    by the same code as the first's), and of each list element that holds a plain value."""
    seen: set[tuple[str | int, ...]] = set()
    chosen = []
    for path in paths(document):
        key = shape(path) + ((path[-1],) if isinstance(path[-1], int) else ())
        if key not in seen:
            seen.add(key)
            chosen.append(path)
    return chosen


def hostile_variants(document: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(name, document) for every hostile change of `document`, one change each."""
    yield from TOP_LEVEL
    for path in first_of_each_field(document):
        for name, value in HOSTILE_VALUES:
            changed = copy.deepcopy(document)
            _parent(changed, path)[path[-1]] = value
            yield f"{dotted(path)}={name}", changed
        if isinstance(path[-1], str):
            dropped = copy.deepcopy(document)
            del _parent(dropped, path)[path[-1]]
            yield f"{dotted(path)}:missing", dropped
    for path in [(), *first_of_each_field(document)]:
        target = copy.deepcopy(document)
        holder = _parent(target, (*path, "")) if path else target
        if isinstance(holder, dict):
            holder["unexpected"] = "x"
            yield f"{dotted(path) or 'document'}:extra-key", target
