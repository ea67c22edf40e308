"""Places where a database file gets damaged: cloud-sync folders and network filesystems.

A sync program copies the file while Holdfast writes it (and its -wal beside it) and can
upload half a transaction or bring an older copy back; SQLite's locking is not reliable over
network filesystems (sqlite.org: "How To Corrupt An SQLite Database File", sections 2 and
6). Holdfast still opens such a database, but says so, so the practitioner can move it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Folder names the sync programs create, lower case, with the product's name.
CLOUD_FOLDERS = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "mobile documents": "iCloud Drive",  # macOS: ~/Library/Mobile Documents
    "com~apple~clouddocs": "iCloud Drive",
    "cloudstorage": "cloud storage",  # macOS: ~/Library/CloudStorage/<provider>
}
# Linux filesystem types that reach the disk over a network.
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "sshfs", "fuse.sshfs", "afs", "ncpfs",
    "ceph", "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2", "fuse.rclone", "lustre",
}  # fmt: skip
MOVE_IT = (
    "Move the data folder to a folder on this computer's own disk that is not synced "
    "(backups can still go to an external or network drive)."
)


def cloud_folder(path: Path) -> str | None:
    """The sync service whose folder holds `path` ('Dropbox', 'OneDrive'...), or None."""
    for part in Path(os.path.abspath(path)).parts:
        name = part.lower()
        for folder, service in CLOUD_FOLDERS.items():
            # "Dropbox (Personal)", "OneDrive - Clinic", "GoogleDrive-ana@example.org"
            if name == folder or name.startswith((f"{folder} ", f"{folder}-")):
                return service
    return None


def network_filesystem(path: Path, mounts: str) -> str | None:
    """The network filesystem type `path` is on, from the text of /proc/mounts, or None."""
    resolved = str(Path(os.path.abspath(path)).resolve())
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")  # /proc/mounts escapes spaces
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind if kind in NETWORK_FILESYSTEMS else None


def _mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""  # not Linux: no table to read


def _windows_network_drive(path: Path) -> bool:
    absolute = os.path.abspath(path)
    if absolute.startswith("\\\\"):
        return True  # \\server\share
    if sys.platform != "win32":
        return False
    import ctypes

    drive_remote = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(absolute[:3]) == drive_remote)


def location_warning(path: Path, mounts: str | None = None) -> str | None:
    """What to tell the practitioner when the database sits in a cloud-sync folder or on a
    network drive, or None when its place is safe. `mounts`: /proc/mounts (read if None)."""
    service = cloud_folder(path)
    if service is not None:
        return (
            f"the database is in a folder synced by {service}. Sync programs copy the file while "
            f"Holdfast writes it and can damage it or bring back an older copy. {MOVE_IT}"
        )
    network = network_filesystem(path, _mounts() if mounts is None else mounts)
    if network is not None or _windows_network_drive(path):
        where = f" ({network})" if network else ""
        return (
            f"the database is on a network drive{where}. SQLite's file locking is not "
            f"reliable over a network, so the file can be damaged. {MOVE_IT}"
        )
    return None
