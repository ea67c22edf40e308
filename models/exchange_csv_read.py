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

from models.exchange_csv_cells import cell_reader, restored, whole_of
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

VisitKey = tuple[str, int]  # visit_date as written, visit_of_day
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


class _ItemMaker:
    """Turns a row of one file into an object of the exchange format (a patient, a visit,
    a reading, ...), with where each column is and how it reads found once."""

    def __init__(self, table: Table, columns: dict[str, int]) -> None:
        self._cells = [
            (columns[column.name], column.path, cell_reader(column))
            for column in table.columns
            if column.path is not None and column.name in columns  # an optional one may lack
        ]

    def __call__(self, cells: list[str]) -> dict[str, Any]:
        item: dict[str, Any] = {}
        for position, path, read in self._cells:
            value = read(cells[position])
            if value is ABSENT:
                continue
            if len(path) == 1:
                item[path[0]] = value
            else:
                _put(item, path, value)
        return item


class PatientBuilder:
    """Builds patient `i` of patients.csv from the rows `index` found."""

    def __init__(self, source: CsvSource, index: RowIndex) -> None:
        self._source, self._index = source, index
        self._make = {
            table.file: _ItemMaker(table, index.columns[table.file])
            for table in (PATIENTS, VISITS, *PARTS)
        }

    def _rows(self, table: Table, chart: str) -> list[tuple[int, list[str]]]:
        """The rows of one patient in a file: their numbers and cells, in file order."""
        entries = self._index.rows[table.file].get(chart)
        if entries is None:
            return []
        places = zip(entries[::2], entries[1::2], strict=True)
        return [(row.number, row.cells) for row in self._source.files[table.file].rows_at(places)]

    def _key(self, table: Table, number: int, cells: list[str]) -> tuple[VisitKey | None, str]:
        """A row's visit key (visit_date, visit_of_day), or None and the problem."""
        columns = self._index.columns[table.file]
        of_day = whole_of(cells[columns[VISIT_OF_DAY]])
        if of_day is None:
            return None, csv_line(table.file, number, VISIT_OF_DAY, NOT_WHOLE)
        return (restored(cells[columns[VISIT_DATE]]), of_day), ""

    def patient(self, position: int) -> BuiltPatient:
        """Patient `position` (counted from 0 in patients.csv) with its visits and parts."""
        chart, number, offset = self._index.patients[position]
        cells = self._source.files[PATIENTS.file].row_at(number, offset).cells
        document, problems = self._make[PATIENTS.file](cells), list[str]()
        visits: dict[VisitKey, tuple[int, dict[str, Any]]] = {}
        for row, cells in self._rows(VISITS, chart):
            key, problem = self._key(VISITS, row, cells)
            if key is None:
                problems.append(problem)
            elif key in visits:
                message = f"is the same as row {visits[key][0]}'s (same visit_date)"
                problems.append(csv_line(VISITS.file, row, VISIT_OF_DAY, message))
            else:
                visits[key] = (row, self._make[VISITS.file](cells))
        order = sorted(visits)  # by date (ISO dates sort as days do), then visit_of_day
        rows = PatientRows(number, [visits[key][0] for key in order])
        place = {key: at for at, key in enumerate(order)}
        for table in PARTS:
            problems.extend(self._parts(table, chart, visits, place, rows))
        if order:
            document["visits"] = [visits[key][1] for key in order]
        return BuiltPatient(document, rows, problems)

    def _parts(
        self,
        table: Table,
        chart: str,
        visits: dict[VisitKey, tuple[int, dict[str, Any]]],
        place: dict[VisitKey, int],
        rows: PatientRows,
    ) -> list[str]:
        """Put each row of a parts file in its visit (noting its row); returns the problems."""
        assert table.part_of_visit is not None
        *within, name = table.part_of_visit
        placed: list[list[int]] = [[] for _ in place]
        problems = []
        for row, cells in self._rows(table, chart):
            key, problem = self._key(table, row, cells)
            if key is not None and key not in place:
                key, problem = None, csv_line(table.file, row, VISIT_DATE, NO_VISIT)
            if key is None:
                problems.append(problem)
                continue
            parent = visits[key][1]
            for step in within:
                parent = parent.setdefault(step, {})
            parent.setdefault(name, []).append(self._make[table.file](cells))
            placed[place[key]].append(row)
        rows.parts[table.file] = placed
        return problems
