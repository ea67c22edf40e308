"""Private files and folders are 0600/0700 whatever the umask (models/private_files.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from models.private_files import (
    create_private_file,
    make_private,
    open_to_others,
    private_folder,
    write_private,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_folders_are_private_and_existing_ones_keep_their_mode(
    tmp_path: Path, loose_umask: None
) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir(mode=0o755)
    private_folder(chosen / "a" / "b")
    assert mode(chosen) == 0o755
    assert mode(chosen / "a") == 0o700
    assert mode(chosen / "a" / "b") == 0o700


def test_files_are_created_private(tmp_path: Path, loose_umask: None) -> None:
    create_private_file(tmp_path / "db")
    write_private(tmp_path / "settings.json", b"{}")
    assert mode(tmp_path / "db") == 0o600
    assert mode(tmp_path / "settings.json") == 0o600
    assert (tmp_path / "settings.json").read_bytes() == b"{}"


def test_loose_files_are_noticed_and_tightened(tmp_path: Path, loose_umask: None) -> None:
    loose = tmp_path / "copy"
    loose.write_bytes(b"x")
    assert open_to_others(loose)
    make_private(loose)
    assert not open_to_others(loose)
