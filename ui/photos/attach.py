"""Choosing photo files: the file dialog, the camera's folder, and reading a file's bytes.

The last folder used is remembered in QSettings: a folder, never a patient's data.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

FILTERS = (
    "Photos (*.jpg *.jpeg *.png *.heic *.heif *.JPG *.JPEG *.PNG *.HEIC *.HEIF);;"
    "JPEG (*.jpg *.jpeg *.JPG *.JPEG);;PNG (*.png *.PNG);;HEIC (*.heic *.heif *.HEIC *.HEIF);;"
    "All files (*)"
)
LAST_FOLDER = "photos/last_folder"
MOUNT_ROOTS = ("/media", "/run/media")


def camera_folder(home: Path | None = None, roots: tuple[str, ...] = MOUNT_ROOTS) -> Path:
    """A removable card's or phone's DCIM folder when one is mounted, else ~/Pictures."""
    home = home or Path.home()
    user = os.environ.get("USER") or getpass.getuser()
    for root in roots:
        try:
            mounts = sorted((Path(root) / user).iterdir())
        except OSError:  # no such folder, or not ours to list
            continue
        for mount in mounts:
            if (mount / "DCIM").is_dir():
                return mount / "DCIM"
    pictures = home / "Pictures"
    return pictures if pictures.is_dir() else home


def last_folder() -> Path:
    saved = QSettings().value(LAST_FOLDER, "")
    folder = Path(str(saved)) if saved else None
    return folder if folder is not None and folder.is_dir() else camera_folder()


def choose_photo(parent: QWidget, from_camera: bool) -> Path | None:
    """Ask for one photo file, in the camera's folder or the one used last."""
    start = camera_folder() if from_camera else last_folder()
    name, _filter = QFileDialog.getOpenFileName(parent, "Attach a photo", str(start), FILTERS)
    if not name:
        return None
    QSettings().setValue(LAST_FOLDER, str(Path(name).parent))
    return Path(name)


def read_photo_file(path: Path) -> bytes:
    """The file's bytes (run off the GUI thread); an OSError says which file and why."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise UnreadableFile(path, error) from error


class UnreadableFile(OSError):
    """A chosen file that could not be read: its name and the reason, in words."""

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror)
        self.path = path

    def __str__(self) -> str:
        reason = (self.strerror or "unknown reason").lower()
        return f"{self.path.name} could not be read ({reason}). Check the file and try again."
