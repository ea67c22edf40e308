"""A database in a cloud-sync folder or on a network filesystem, where SQLite files get
damaged, opens with a warning that says why and what to do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.risky_location import cloud_folder, location_warning, network_filesystem

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
//nas/practice /mnt/practice cifs rw,relatime,vers=3.1.1 0 0
server:/export/home /home/shared nfs4 rw,relatime 0 0
ana@host:/data /mnt/remote\\040files fuse.sshfs rw,nosuid 0 0
"""


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("Dropbox", "Dropbox"),
        ("Dropbox (Personal)", "Dropbox"),
        ("OneDrive - Clinic", "OneDrive"),
        ("Google Drive", "Google Drive"),
        ("My Drive", "Google Drive"),
        ("iCloud Drive", "iCloud Drive"),
        ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
        ("Library/CloudStorage/GoogleDrive-ana@example.org", "cloud storage"),
    ],
)
def test_cloud_sync_folders_are_named(tmp_path: Path, folder: str, service: str) -> None:
    assert cloud_folder(tmp_path / folder / "Holdfast" / "holdfast.sqlite3") == service


def test_network_filesystems_are_found_by_the_mount_the_folder_is_on() -> None:
    assert network_filesystem(Path("/mnt/practice/holdfast.sqlite3"), MOUNTS) == "cifs"
    assert network_filesystem(Path("/home/shared/ana/h.sqlite3"), MOUNTS) == "nfs4"
    assert network_filesystem(Path("/mnt/remote files/h.sqlite3"), MOUNTS) == "fuse.sshfs"
    assert network_filesystem(Path("/mnt/practiceX/h.sqlite3"), MOUNTS) is None  # not inside
    assert network_filesystem(Path("/tmp/h.sqlite3"), MOUNTS) is None
    warning = location_warning(Path("/mnt/practice/holdfast.sqlite3"), MOUNTS)
    assert warning is not None and "network drive (cifs)" in warning


def test_a_folder_on_this_computers_disk_gets_no_warning(tmp_path: Path) -> None:
    assert location_warning(tmp_path / "data" / "holdfast.sqlite3") is None  # real /proc/mounts


def test_the_command_line_warns_on_stderr_and_still_works(tmp_path: Path) -> None:
    db = tmp_path / "OneDrive" / "Holdfast" / "holdfast.sqlite3"
    env = {**os.environ, "HOLDFAST_DB": str(db)}
    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "patients"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0 and "No patients yet" in result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith("holdfast: warning: the database is in a folder synced by OneDrive. ")
    assert "damage" in line and "Move the data folder" in line
