"""The second reading of a CSV import: each patient built in its exchange form from its rows
(found by models/exchange_csv_index.py), one patient at a time, for the exchange format's
own checks and writing (models/exchange_import.py).

A patient's visits are put in order of `visit_date`, then `visit_of_day`, whatever order the
rows are in (a spreadsheet may have sorted them); the parts of a visit keep the order of
their rows. Problems of the joins are reported here: a `visit_of_day` that is not a whole
number from 1, two visits with the same key, a part whose key is no visit's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.exchange_csv_cells import restored, value_of, whole_of
from models.exchange_csv_columns import (
    ABSENT,
    PARTS,
    PATIENTS,
    VISIT_DATE,
    VISIT_OF_DAY,
    VISITS,
    Table,
)
from models.exchange_csv_errors import PatientRows, csv_line
from models.exchange_csv_files import CsvSource
from models.exchange_csv_index import RowIndex

NOT_WHOLE = "must be a whole number from 1 (1 for the first visit of that date)"
NO_VISIT = "matches no visit in visits.csv (by chart_number, visit_date and visit_of_day)"


@dataclass(frozen=True)
class BuiltPatient:
    """A patient in its exchange form, where each of its values came from, and the problems
    of its joins (when there are any, `document` is incomplete and must not be imported)."""

    document: dict[str, Any]
    rows: PatientRows
    problems: list[str]


def _put(item: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        item = item.setdefault(key, {})
    item[path[-1]] = value


def _item(table: Table, cells: list[str], columns: dict[str, int]) -> dict[str, Any]:
    """One row as an object of the exchange format (a patient, a visit, a reading, ...)."""
    item: dict[str, Any] = {}
    for column in table.columns:
        if column.path is None:
            continue
        value = value_of(column, cells[columns[column.name]])
        if value is not ABSENT:
            _put(item, column.path, value)
    return item


class PatientBuilder:
    """Builds patient `i` of patients.csv from the rows `index` found."""

    def __init__(self, source: CsvSource, index: RowIndex) -> None:
        self._source, self._index = source, index

    def _rows(self, table: Table, chart: str) -> list[tuple[int, list[str], dict[str, int]]]:
        """The rows of one patient in a file: number, cells, and where each column is."""
        entries = self._index.rows[table.file].get(chart)
        if entries is None:
            return []
        file, columns = self._source.files[table.file], self._index.columns[table.file]
        pairs = zip(entries[::2], entries[1::2], strict=True)
        return [(number, file.row_at(number, offset).cells, columns) for number, offset in pairs]

    def _key(
        self, table: Table, number: int, cells: list[str], columns: dict[str, int]
    ) -> tuple[tuple[str, int] | None, str]:
        """A row's visit key (visit_date, visit_of_day), or None and the problem."""
        of_day = whole_of(cells[columns[VISIT_OF_DAY]])
        if of_day is None:
            return None, csv_line(table.file, number, VISIT_OF_DAY, NOT_WHOLE)
        return (restored(cells[columns[VISIT_DATE]]), of_day), ""

    def patient(self, position: int) -> BuiltPatient:
        """Patient `position` (counted from 0 in patients.csv) with its visits and parts."""
        chart, number, offset = self._index.patients[position]
        columns = self._index.columns[PATIENTS.file]
        cells = self._source.files[PATIENTS.file].row_at(number, offset).cells
        document, problems = _item(PATIENTS, cells, columns), list[str]()
        visits: dict[tuple[str, int], tuple[int, dict[str, Any]]] = {}
        for row, cells, columns in self._rows(VISITS, chart):
            key, problem = self._key(VISITS, row, cells, columns)
            if key is None:
                problems.append(problem)
                continue
            if key in visits:
                message = f"is the same as row {visits[key][0]}'s (same visit_date)"
                problems.append(csv_line(VISITS.file, row, VISIT_OF_DAY, message))
            else:
                visits[key] = (row, _item(VISITS, cells, columns))
        order = sorted(visits)  # by date (ISO dates sort as days do), then visit_of_day
        rows = PatientRows(number, [visits[key][0] for key in order])
        position_of = {key: place for place, key in enumerate(order)}
        for table in PARTS:
            assert table.part_of_visit is not None
            placed: list[list[int]] = [[] for _ in order]
            for row, cells, columns in self._rows(table, chart):
                key, problem = self._key(table, row, cells, columns)
                if key is not None and key not in position_of:
                    key, problem = None, csv_line(table.file, row, VISIT_DATE, NO_VISIT)
                if key is None:
                    problems.append(problem)
                    continue
                parent = visits[key][1]
                for step in table.part_of_visit[:-1]:
                    parent = parent.setdefault(step, {})
                parent.setdefault(table.part_of_visit[-1], []).append(_item(table, cells, columns))
                placed[position_of[key]].append(row)
            rows.parts[table.file] = placed
        if order:
            document["visits"] = [visits[key][1] for key in order]
        return BuiltPatient(document, rows, problems)
