"""Reading an exchange file patient by patient, so an import's memory does not grow with
the file (issue 11: a ten-year practice exports to hundreds of megabytes).

The file is read in chunks; each patient is decoded with the same strict decoder as
`models.exchange_read.read_document` (no NaN, no key twice, no 4,300-digit number) and
handed on before the next is read. Only the well-formed shape every export has is streamed:
an object whose `patients` is a list. Anything else (not UTF-8, broken JSON, `patients` twice,
text after the end) raises `NotStreamable`, and the caller reads the whole file with
`read_document`, which reports the problem exactly as it always has.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from models.exchange_read import strict_decoder

CHUNK = 1 << 18  # characters read at a time: dozens of patients, a small part of a large file
SPACE = re.compile(r"[ \t\n\r]*")


class NotStreamable(ValueError):
    """The file is not a well-formed exchange document: read it whole to say why."""


class PatientStream:
    """The top-level values of an exchange document (`header`) and its patients, one at a
    time (`patients()`); `header` is complete once `patients()` is exhausted."""

    def __init__(self, file: BinaryIO) -> None:
        self.header: dict[str, Any] = {}
        self.has_patients = False
        self._file = file
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        # The decoder's scanner reads one value at a position and says where it ends.
        self._scan = strict_decoder().scan_once  # type: ignore[attr-defined]
        self._text, self._at, self._ended = "", 0, False

    def patients(self) -> Iterator[Any]:
        """Each patient of the `patients` list in file order (the other keys go to `header`)."""
        try:
            yield from self._document()
        except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
            if isinstance(error, NotStreamable):
                raise
            raise NotStreamable(str(error)) from None

    def _document(self) -> Iterator[Any]:
        self._expect("{")
        if self._peek() == "}":
            self._at += 1
        else:
            while True:
                key = self._value()
                if not isinstance(key, str) or key in self.header or (key == "patients" and (
                    self.has_patients
                )):  # fmt: skip
                    raise NotStreamable("a key twice")
                self._expect(":")
                if key == "patients" and self._peek() == "[":
                    self.has_patients = True
                    yield from self._list()
                else:
                    self.header[key] = self._value()
                if self._next_of(",}") == "}":
                    break
        self._skip_space()
        if self._at < len(self._text):
            raise NotStreamable("text after the document")

    def _list(self) -> Iterator[Any]:
        self._expect("[")
        if self._peek() == "]":
            self._at += 1
            return
        while True:
            yield self._value()
            if self._next_of(",]") == "]":
                return

    # -- the buffer ---------------------------------------------------------------------

    def _more(self, at_least: int = CHUNK) -> None:
        """Read on: keep what is not consumed yet, add at least `at_least` characters."""
        if self._ended:
            raise NotStreamable("the file ends too early")
        chunk = self._file.read(at_least)
        self._ended = not chunk
        self._text = self._text[self._at :] + self._utf8.decode(chunk, final=self._ended)
        self._at = 0

    def _skip_space(self) -> None:
        while True:
            match = SPACE.match(self._text, self._at)
            self._at = match.end() if match else self._at
            if self._at < len(self._text) or self._ended:
                return
            self._more()

    def _peek(self) -> str:
        self._skip_space()
        return self._text[self._at : self._at + 1]

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise NotStreamable(f"expected {char}")
        self._at += 1

    def _next_of(self, chars: str) -> str:
        char = self._peek()
        if not char or char not in chars:
            raise NotStreamable(f"expected one of {chars}")
        self._at += 1
        return char

    def _value(self) -> Any:
        """The JSON value at the cursor; read on while it runs past what is read (a value
        that ends right at the end of the buffer might go on: a number cut in two)."""
        self._skip_space()
        while True:
            try:
                value, end = self._scan(self._text, self._at)
            except (json.JSONDecodeError, StopIteration):  # StopIteration: no value here
                if self._ended:
                    raise NotStreamable("not a JSON value") from None
                # Doubles what this value has read so far (a huge value costs O(n)), never
                # what earlier values left in the buffer: that would grow with the file.
                self._more(max(CHUNK, len(self._text) - self._at))
                continue
            if end < len(self._text) or self._ended:
                self._at = end
                return value
            self._more()
