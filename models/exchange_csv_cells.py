"""One CSV cell, written and read by the kind of its column (models/exchange_csv_columns.py).

Text is neutralised against formula injection (CWE-1236): a spreadsheet runs a cell that
starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)` in a patient's name would
be a link out of the practice, a `-2+3` in a note a sum), and some start one after a tab or
a carriage return. Such text is written with a leading apostrophe, which spreadsheets show
and run nothing. To read every text back as it was, a text that already starts with
apostrophes followed by one of those six characters gets one more apostrophe too: the
import takes exactly one leading apostrophe off a cell that is apostrophes followed by one
of the six, and leaves every other cell alone (`'x` stays `'x`, `''=x` reads as `'=x`).

Numbers are never text: a negative tilt is the number -3.5, not a neutralised text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from models.exchange_csv_columns import Column, Kind
from models.exchange_read import strict_decoder

FORMULA_STARTS = "=+-@\t\r"
# Text that a spreadsheet would run, or that reading would otherwise change: any number of
# apostrophes, then one of the six.
NEEDS_MARK = re.compile(r"'*[=+\-@\t\r]")
MARK = "'"
MARK_OR_FORMULA = MARK + FORMULA_STARTS
# Numbers as JSON writes them: no '+', no spaces, no '1_000', no 'nan' (float() takes all).
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
WHOLE = re.compile(r"\d+")
TRUE, FALSE = "true", "false"
_DECODER = strict_decoder()


def neutralised(text: str) -> str:
    """Text as a cell holds it: one apostrophe ahead of text a spreadsheet would run."""
    return MARK + text if NEEDS_MARK.match(text) else text


def restored(cell: str) -> str:
    """A text cell as the text it holds: exactly one apostrophe taken off a cell that is
    apostrophes followed by `=`, `+`, `-`, `@`, tab or carriage return."""
    if cell.startswith(MARK) and NEEDS_MARK.match(cell, 1):
        return cell[1:]
    return cell


def _text_cell(value: Any) -> Any:
    if value is None:
        return ""
    text = str(value)
    # Only the first character can call for a mark: a cheap test before the pattern.
    return neutralised(text) if text and text[0] in MARK_OR_FORMULA else text


def _number_cell(value: Any) -> Any:
    return "" if value is None else value


def _flag_cell(value: Any) -> str:
    return TRUE if value else FALSE  # a flag left out of the exchange form is false


def _items_cell(value: Any) -> str:
    return "" if value is None else json.dumps(value, allow_nan=False)


def cell_writer(column: Column) -> Callable[[Any], Any]:
    """How a value of this column is given to the CSV writer: numbers stay numbers
    (written unquoted, `.` for the decimal point), null is an empty cell, flags are
    true/false, item answers a JSON list, text is neutralised."""
    if column.kind is Kind.FLAG:
        return _flag_cell
    if column.kind is Kind.ITEMS:
        return _items_cell
    if column.kind in (Kind.NUMBER, Kind.WHOLE):
        return _number_cell
    return _text_cell


def _flag_value(cell: str) -> Any:
    folded = cell.lower()  # a spreadsheet saves true as TRUE
    return True if folded == TRUE else False if folded == FALSE else cell


def _items_value(cell: str) -> Any:
    try:
        value, end = _DECODER.raw_decode(cell)
    except (ValueError, RecursionError):
        return cell
    return value if end == len(cell) else cell


def _text_value(cell: str) -> str:
    return restored(cell) if cell[:1] == MARK else cell


def cell_reader(column: Column) -> Callable[[str], Any]:
    """How a cell of this column is read as a value of the exchange format. An empty cell
    is the column's `empty`. A cell that does not read as its kind is handed on as text, so
    the exchange format's own check reports it ('must be a number (got text)') exactly as
    it reports the JSON file's."""
    kind, empty = column.kind, column.empty
    if kind is Kind.WHOLE:
        raise ValueError("visit_of_day is a key, read by whole_of")
    read: Callable[[str], Any] = {
        Kind.NUMBER: number_of, Kind.FLAG: _flag_value, Kind.ITEMS: _items_value,
    }.get(kind, _text_value)  # fmt: skip
    return lambda cell: read(cell) if cell else empty


def number_of(cell: str) -> Any:
    """An int or a float, or the cell itself when it is not written as a number."""
    if not NUMBER.fullmatch(cell):
        return cell
    if cell.lstrip("-").isdigit():
        try:
            return int(cell)
        except ValueError:  # past Python's 4,300 digits
            return cell
    return float(cell)  # 1e999 is infinite: the format's check says so


def whole_of(cell: str) -> int | None:
    """A visit_of_day cell as its number from 1, or None when it is not one."""
    if not WHOLE.fullmatch(cell) or len(cell) > 6:  # no patient has a million visits a day
        return None
    number = int(cell)
    return number if number >= 1 else None
