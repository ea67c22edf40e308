"""Reading a FHIR JSON document that may be any shape, remembering where each value is.

A `Node` is a value with its place in FHIR's own path notation
(`Observation/reading-0-1-0.component[2].valueQuantity.value`). Going into a missing key or
a value of the wrong kind gives a node holding None, with the place still known, so that a
problem found later (by the exchange import's checks) can name where the value should have
been. Kinds that cannot be walked at all are recorded once as a problem of the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from charting.errors import kind_of

Path = tuple[str | int, ...]  # a place in the exchange document the bundle turns into


@dataclass
class Reading:
    """What reading a bundle found: problems by FHIR place, and where each exchange value
    came from (`places`), so a problem the exchange import finds can be told in FHIR terms."""

    problems: dict[str, str] = field(default_factory=dict)  # place -> message, first only
    places: dict[Path, str] = field(default_factory=dict)

    def problem(self, at: str, message: str) -> None:
        """Record a problem at a place (only the first one there: one line per place)."""
        self.problems.setdefault(at, message)


@dataclass(frozen=True)
class Node:
    """A value of the document and its place."""

    value: Any
    at: str
    reading: Reading

    def __getitem__(self, key: str) -> Node:
        if isinstance(self.value, dict):
            child = Node(self.value.get(key), f"{self.at}.{key}", self.reading)
            if key in self.value and child.value is None:
                child.null()
            return child
        if self.value is not None:
            self.reading.problem(self.at, f"must be an object (got {kind_of(self.value)})")
        return Node(None, f"{self.at}.{key}", self.reading)

    def absent(self) -> Node:
        """No value, at this node's place: where a value the reader needs should have been."""
        return Node(None, self.at, self.reading)

    def items(self) -> list[Node]:
        """The entries of a list (none when absent; a problem when not a list)."""
        if self.value is None:
            return []
        if not isinstance(self.value, list):
            self.reading.problem(self.at, f"must be a list (got {kind_of(self.value)})")
            return []
        found = [Node(v, f"{self.at}[{i}]", self.reading) for i, v in enumerate(self.value)]
        for item in found:
            if item.value is None:
                item.null()
        return found

    def null(self) -> None:
        """FHIR's JSON has no null: an element without a value is left out."""
        self.reading.problem(self.at, "must not be null (leave out an element without a value)")

    def first(self, key: str) -> Node:
        """The first entry of the list at `key` (a node holding None when there is none)."""
        found = self[key].items()
        return found[0] if found else self[key].absent()

    def where(self, key: str, field_name: str, wanted: str) -> Iterator[Node]:
        """The entries of the list at `key` whose `field_name` is `wanted`."""
        return (item for item in self[key].items() if item[field_name].value == wanted)

    def extension(self, url: str) -> Node:
        """The extension with this url (a node holding None when there is none)."""
        return next(self.where("extension", "url", url), self["extension"].absent())

    def code(self, system: str) -> Node:
        """The code of this CodeableConcept's coding from `system`."""
        coding = next(self.where("coding", "system", system), None)
        return coding["code"] if coding else self["coding"].absent()

    def put(self, target: dict[str, Any], key: str, path: Path, default: Any = None) -> None:
        """Copy this value into an exchange object at `key` (or `default` when it is absent
        and there is one), remembering that `path` came from here either way."""
        self.reading.places[(*path, key)] = self.at
        if self.value is not None:
            target[key] = self.value
        elif default is not None:
            target[key] = default
