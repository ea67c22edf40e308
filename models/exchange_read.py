"""Reading an exchange file: its bytes as strict JSON, and where in it a problem is.

A problem is reported as `file:patients[i]:visits[j]:field.path: message`
(docs/ARCHITECTURE.md#the-exchange-format): patients and visits by their position in the
file, counted from 0, never by a name, so no line repeats patient data beyond the bad value.
"""

from __future__ import annotations

import json
import re
from typing import Any

from charting.errors import quoted
from models.exchange_schema import Path


class ImportFailed(ValueError):
    """The file cannot be imported; `errors` lists every located problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# -- where a problem is -------------------------------------------------------------------

PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def where(path: Path) -> str:
    """patients[2]:visits[0]:readings[1].left_tilt_deg: a path in a document as a location."""
    parts: list[str] = []
    rest = list(path)
    for level in ("patients", "visits"):
        if len(rest) < 2 or rest[0] != level or not isinstance(rest[1], int):
            break
        parts.append(f"{level}[{rest[1]}]")
        rest = rest[2:]
    field = ""
    for key in rest:
        if isinstance(key, int):
            field += f"[{key}]"
        else:
            name = _key(key)
            field += name if name.startswith("[") else f".{name}"
    return ":".join([*parts, field.lstrip(".")] if field else parts)


def _key(name: str) -> str:
    """A key as a location names it: `["…"]` for one no field could have, JSON-escaped,
    cut short and with no colon, so a line still splits at its colons."""
    if PLAIN_KEY.fullmatch(name):
        return name
    escaped = quoted(json.dumps(name)[1:-1], repr_text=False).replace(":", "\\u003a")
    return f'["{escaped}"]'


def line(source: str, path: Path, message: str) -> str:
    """`file:location: message`, or `file: message` for the file as a whole."""
    return f"{source}:{where(path)}: {message}" if path else f"{source}: {message}"


# -- reading the file ---------------------------------------------------------------------


class _NotJson(ValueError):
    """Text Python's json would read but JSON does not allow (or Holdfast cannot hold)."""


def _no_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON number")


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # past Python's 4,300-digit limit
        raise _NotJson(f"a number of {len(text.lstrip('-'))} digits") from None


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:  # json keeps the last one without a word
            raise _NotJson(f"the key {quoted(key)} appears twice in one object")
        result[key] = value
    return result


def strict_decoder() -> json.JSONDecoder:
    """The decoder of exchange files: no NaN or Infinity, no key twice in one object, no
    number Python cannot hold (raising _NotJson, a ValueError, for each)."""
    return json.JSONDecoder(
        parse_constant=_no_constant, parse_int=_whole, object_pairs_hook=_object
    )


def read_document(content: bytes, source: str) -> Any:
    """The JSON in an exchange file's bytes, read strictly: UTF-8, no NaN or Infinity, no
    key twice in one object; anything else raises ImportFailed with one line saying why."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = content[error.start]
        message = f"not UTF-8 text (byte 0x{byte:02x} at position {error.start})"
        raise ImportFailed([line(source, (), message)]) from None
    try:
        return json.loads(
            text, parse_constant=_no_constant, parse_int=_whole, object_pairs_hook=_object
        )
    except json.JSONDecodeError as error:
        message = f"not valid JSON ({error.msg}, line {error.lineno})"
    except _NotJson as error:
        message = f"not valid JSON ({error})"
    except RecursionError:
        message = "not valid JSON (nested too deeply)"
    raise ImportFailed([line(source, (), message)])
