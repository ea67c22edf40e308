"""The files of a CSV import: found in a folder or a zip, read row by row, and read again
at a row's place in the file (models/exchange_csv_read.py reads each file twice: once to
check it and note where each patient's rows are, once to build each patient).

Rows are numbered as a spreadsheet numbers them: the header is row 1, a row that spans
lines (a note with line breaks) is one row, a blank line is a row with nothing in it.
Bytes are decoded a line at a time, so a byte that is not UTF-8 is reported at its row and
column instead of somewhere in the file.
"""

from __future__ import annotations

import codecs
import csv
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from models.exchange_csv_columns import TABLES

MOST_LINE_BYTES = 1 << 24  # 16 MiB: a line of seven 100,000-character notes fits many times


class NotReadable(ValueError):
    """A file cannot be read on from here; `row` is where (None: the file as a whole)."""

    def __init__(self, row: int | None, message: str) -> None:
        super().__init__(message)
        self.row, self.message = row, message


@dataclass(frozen=True)
class Row:
    """One row: its number, the byte where it starts, its cells, and the position of a cell
    that held bytes that are not UTF-8 (None when every byte was)."""

    number: int
    offset: int
    cells: list[str]
    not_utf8: int | None


class CsvFile:
    """One table's file, open for reading (binary, seekable)."""

    def __init__(self, name: str, handle: IO[bytes]) -> None:
        self.name, self._handle = name, handle
        self._bad_line = False
        self._offset = 0

    def _lines(self) -> Iterator[str]:
        """The file's lines from where it is, decoded; a line with bytes that are not UTF-8
        keeps them as surrogates (and says so), so the row it is in can name the cell."""
        while raw := self._handle.readline(MOST_LINE_BYTES):
            if len(raw) == MOST_LINE_BYTES and not raw.endswith(b"\n"):
                raise NotReadable(None, f"has a line longer than {MOST_LINE_BYTES:,} bytes")
            start, self._offset = self._offset, self._offset + len(raw)
            if start == 0 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                self._bad_line = True
                yield raw.decode("utf-8", "surrogateescape")

    def rows(self, offset: int = 0, first: int = 1) -> Iterator[Row]:
        """The rows from byte `offset` on (numbered from `first`), blank ones included."""
        self._handle.seek(offset)
        self._offset = offset
        reader = csv.reader(self._lines(), strict=True)
        number = first
        while True:
            start, self._bad_line = self._offset, False
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise NotReadable(number, f"is not a CSV row ({error})") from None
            bad = _not_utf8(cells) if self._bad_line else None
            yield Row(number, start, cells, bad)
            number += 1

    def row_at(self, number: int, offset: int) -> Row:
        """The row that starts at byte `offset` (checked when the file was first read)."""
        return next(self.rows(offset, number))

    def rows_at(self, places: Iterable[tuple[int, int]]) -> Iterator[Row]:
        """The rows at these (number, offset) places, read on without seeking while each
        starts where the one before ended (a file in export order is read straight on)."""
        rows: Iterator[Row] | None = None
        for number, offset in places:
            if rows is None or offset != self._offset:
                rows = self.rows(offset, number)
            yield next(rows)


def _not_utf8(cells: list[str]) -> int:
    """The first cell holding a byte that was not UTF-8 (kept as a surrogate)."""
    for position, cell in enumerate(cells):
        try:
            cell.encode("utf-8")
        except UnicodeEncodeError:
            return position
    return 0  # not reached: a strict reader puts every byte of a row in one of its cells


class CsvSource:
    """The eight files of an import, from a folder or a zip (each member copied into an
    anonymous temporary file, which the system removes however the import ends, so it can be
    read at any row again). Missing files are listed in `missing`."""

    files: dict[str, CsvFile]
    missing: list[str]

    def __init__(self, path: Path) -> None:
        self.path, self.files, self.missing = path, {}, []
        self._stack = ExitStack()
        try:
            if path.is_dir():
                self._open_folder(path)
            elif zipfile.is_zipfile(path):
                self._open_zip(path)
            elif path.exists():
                raise NotReadable(None, "is neither a folder nor a zip file")
            else:
                raise FileNotFoundError(f"no such folder or zip file: {path}")
        except BaseException:
            self._stack.close()
            raise

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> CsvSource:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _open_folder(self, folder: Path) -> None:
        for table in TABLES:
            file = folder / table.file
            if not file.is_file():
                self.missing.append(table.file)
                continue
            handle = self._stack.enter_context(file.open("rb"))
            self.files[table.file] = CsvFile(table.file, handle)

    def _open_zip(self, path: Path) -> None:
        try:
            archive = self._stack.enter_context(zipfile.ZipFile(path))
            for table in TABLES:
                member = _member(archive.namelist(), table.file)
                if member is None:
                    self.missing.append(table.file)
                    continue
                # Closed (and so removed) with the source.
                copy = self._stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
                with archive.open(member) as packed:
                    shutil.copyfileobj(packed, copy, 1 << 20)
                self.files[table.file] = CsvFile(table.file, copy)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as error:
            raise NotReadable(None, f"is a damaged or unsupported zip file ({error})") from None


def _member(names: list[str], file: str) -> str | None:
    """The zip member that is this table's file: at the top of the zip, or else the only
    one in a folder (a zipped export folder puts them there)."""
    if file in names:
        return file
    found = [name for name in names if name.endswith("/" + file)]
    if len(found) > 1:
        raise NotReadable(None, f"holds {file} in more than one folder")
    return found[0] if found else None
