"""The first reading of a CSV import: every file checked as CSV, and where each patient's
rows are noted (a row number and a byte offset per row, by chart number), so the second
reading (models/exchange_csv_read.py) builds one patient at a time without holding the
tables in memory.

What is reported here is what makes the files unreadable as tables: a file missing, a
header naming a column twice, a column no file of the format has or one it lacks, a row
that is not CSV or not UTF-8, a row with more or fewer cells than its header, a chart
number used by two rows of patients.csv, a row of another file whose chart number is no
patient's.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from charting.errors import quoted
from models.exchange_csv_cells import restored
from models.exchange_csv_columns import CHART_NUMBER, PATIENTS, TABLES, Table
from models.exchange_csv_errors import csv_line
from models.exchange_csv_files import CsvFile, CsvSource, NotReadable, Row
from models.exchange_read import ImportFailed

NOT_A_PATIENT = "matches no patient's chart_number in patients.csv"


@dataclass
class RowIndex:
    """Where the rows are: patients in file order (chart number, row, offset), and each
    other file's rows by chart number (row and offset pairs, in file order)."""

    columns: dict[str, dict[str, int]] = field(default_factory=dict)  # file -> name -> cell
    patients: list[tuple[str, int, int]] = field(default_factory=list)
    rows: dict[str, dict[str, array[int]]] = field(default_factory=dict)


def _header(file: CsvFile, table: Table, row: Row, problems: list[str]) -> dict[str, int] | None:
    """The position of each column, or None (with the problems) when the header is wrong."""
    if row.not_utf8 is not None:
        problems.append(csv_line(file.name, 1, None, "is not UTF-8 text"))
        return None
    found: dict[str, int] = {}
    before = len(problems)
    for position, name in enumerate(row.cells):
        if name in found:
            problems.append(csv_line(file.name, 1, name, "appears twice in the header"))
        elif name not in table.names:
            problems.append(csv_line(file.name, 1, None, f"unknown column {quoted(name)}"))
        found.setdefault(name, position)
    for column in table.columns:
        if column.name not in found and not column.optional:
            problems.append(csv_line(file.name, 1, column.name, "is missing from the header"))
    return found if len(problems) == before else None


def _rows(
    file: CsvFile, table: Table, index: RowIndex, problems: list[str]
) -> Iterator[tuple[str, Row]]:
    """Each row of the file that is a row of the table, with its chart number; the
    position of each column goes to `index.columns` once the header is read."""
    rows = file.rows()
    header = next(rows, None)
    if header is None:
        problems.append(
            csv_line(file.name, None, None, "is empty: its first row must name the columns")
        )
        return
    columns = _header(file, table, header, problems)
    if columns is None:
        return
    index.columns[file.name] = columns
    index_of_chart = columns[CHART_NUMBER]
    width = len(header.cells)
    for row in rows:
        if not row.cells:  # a blank line: a spreadsheet's empty row
            continue
        if row.not_utf8 is not None:
            name = header.cells[row.not_utf8] if row.not_utf8 < width else None
            problems.append(csv_line(file.name, row.number, name, "is not UTF-8 text"))
        elif len(row.cells) != width:
            message = f"has {len(row.cells)} cells where the header has {width}"
            problems.append(csv_line(file.name, row.number, None, message))
        else:
            yield restored(row.cells[index_of_chart]), row


def index_rows(source: CsvSource, between: Callable[[], None] | None = None) -> RowIndex:
    """Read every file once and note where each patient's rows are; ImportFailed lists
    every problem that makes the files unreadable as tables (nothing is imported).
    `between()` is called before each file (an import's cancel check: this first reading
    is a good part of a large import)."""
    index, problems = (
        RowIndex(),
        [csv_line(name, None, None, "is missing") for name in source.missing],
    )
    charts: dict[str, int] = {}
    for table in TABLES:
        if between is not None:
            between()
        file = source.files.get(table.file)
        if file is None:
            continue
        # Without a readable patients.csv every row would match no patient: not said.
        joined = PATIENTS.file in index.columns
        by_chart: dict[str, array[int]] = {}
        try:
            for chart, row in _rows(file, table, index, problems):
                if table is PATIENTS:
                    if chart in charts:
                        message = f"is used by row {charts[chart]} too"
                        problems.append(csv_line(file.name, row.number, CHART_NUMBER, message))
                    charts.setdefault(chart, row.number)
                    index.patients.append((chart, row.number, row.offset))
                elif chart not in charts:
                    if joined:
                        problems.append(
                            csv_line(file.name, row.number, CHART_NUMBER, NOT_A_PATIENT)
                        )
                else:
                    by_chart.setdefault(chart, array("q")).extend((row.number, row.offset))
        except NotReadable as error:
            problems.append(csv_line(file.name, error.row, None, error.message))
        index.rows[table.file] = by_chart
    if problems:
        raise ImportFailed(problems)
    return index
