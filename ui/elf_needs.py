"""The shared libraries an ELF file names as needed (its DT_NEEDED entries), read from the
file itself: what `readelf -d` prints, without loading it or needing binutils."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

ELF_MAGIC = b"\x7fELF"
SHT_DYNAMIC = 6
DT_NULL, DT_NEEDED = 0, 1


class NotElf(ValueError):
    """The file is not an ELF shared object this reader understands."""


def needed_libraries(path: Path) -> list[str]:
    """The sonames `path` asks the dynamic loader for, in the file's order."""
    with path.open("rb") as elf:
        ident = elf.read(16)
        if len(ident) < 16 or ident[:4] != ELF_MAGIC or ident[4] not in (1, 2):
            raise NotElf(f"{path.name} is not an ELF file")
        wide, order = ident[4] == 2, "<" if ident[5] == 1 else ">"
        header = elf.read(48 if wide else 36)
        fields = "HHIQQQIHHHHHH" if wide else "HHIIIIIHHHHHH"
        (*_, section_table, _flags, _size, _ph_size, _ph_count, entry_size, count, _names) = (
            struct.unpack(order + fields, header)
        )
        starts = (section_table + n * entry_size for n in range(count))
        sections = [_section(elf, order, wide, start) for start in starts]
        for kind, offset, size, link in sections:
            if kind == SHT_DYNAMIC:
                _, strings_at, strings_size, _ = sections[link]
                return _needed(elf, order, wide, offset, size, strings_at, strings_size)
    return []  # linked statically: needs nothing


def _section(elf: BinaryIO, order: str, wide: bool, at: int) -> tuple[int, int, int, int]:
    """(type, offset, size, link) of the section header at `at`."""
    elf.seek(at)
    if wide:
        _, kind, _, _, offset, size, link = struct.unpack(order + "IIQQQQI", elf.read(44))
    else:
        _, kind, _, _, offset, size, link = struct.unpack(order + "IIIIIII", elf.read(28))
    return kind, offset, size, link


def _needed(
    elf: BinaryIO, order: str, wide: bool, at: int, size: int, strings_at: int, strings_size: int
) -> list[str]:
    elf.seek(strings_at)
    strings = elf.read(strings_size)
    elf.seek(at)
    entries = elf.read(size)
    entry = struct.Struct(order + ("qQ" if wide else "iI"))
    names = []
    for tag, value in entry.iter_unpack(entries[: len(entries) - len(entries) % entry.size]):
        if tag == DT_NULL:
            break
        if tag == DT_NEEDED:
            names.append(strings[value : strings.index(b"\0", value)].decode())
    return names
