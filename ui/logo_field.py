"""The clinic logo in Preferences: a file typed or chosen, a preview, and what is wrong.

Handouts print PNG and JPEG logos, so those are the files taken; anything else is named
beside the field in words, and Preferences is not saved until it is fixed or cleared.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.runner import Runner

PRINTABLE = {b"png": "PNG", b"jpeg": "JPEG"}  # what the PDF letterhead can draw
PREVIEW = QSize(220, 80)
CHOOSE_HINT = "Choose a PNG or JPEG file, or leave the field empty for no logo."


def logo_problem(text: str) -> str:
    """What is wrong with the logo file at `text`, in words; empty when it can be printed.

    Reads the file's header only (fast); `read_preview` decodes the whole picture.
    """
    path = Path(text.strip()).expanduser()
    if not text.strip():
        return ""
    if not path.exists():
        return f"There is no file at {path}. {CHOOSE_HINT}"
    if path.is_dir():
        return f"{path} is a folder, not a picture. {CHOOSE_HINT}"
    if not os.access(path, os.R_OK):
        return f"{path.name} cannot be opened (no permission to read it). {CHOOSE_HINT}"
    reader = QImageReader(str(path))
    if not reader.canRead():
        return f"{path.name} is not a picture. {CHOOSE_HINT}"
    kind = bytes(reader.format().data())
    if kind not in PRINTABLE:
        return f"{path.name} is a {kind.decode().upper()} picture; handouts print PNG or JPEG."
    return ""


def read_preview(text: str) -> tuple[QImage, str]:
    """The picture scaled to the preview, or a null image and why (off the GUI thread)."""
    reader = QImageReader(str(Path(text.strip()).expanduser()))
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(PREVIEW, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return image, f"The picture could not be read ({reader.errorString()}). {CHOOSE_HINT}"
    return image, ""


class LogoField(QWidget):
    """Path box, Choose… and No logo buttons, a preview and a message line."""

    def __init__(self, runner: Runner, path: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.generation = 0
        self.decode_problem = ""
        self.path = QLineEdit(path, placeholderText="no logo")
        self.path.setMinimumWidth(260)
        self.path.setAccessibleName("Logo file")
        self.choose = QPushButton("Choose…")
        self.clear = QPushButton("No logo")
        self.preview = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW + QSize(8, 8))
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.dialog: QFileDialog | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.path, self.choose, self.clear):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.preview)
        self.setFocusProxy(self.path)
        self.choose.clicked.connect(self.open_chooser)
        self.clear.clicked.connect(lambda: self.set_path(""))
        self.path.editingFinished.connect(self.check)
        self.check()

    def text(self) -> str:
        return self.path.text().strip()

    def file(self) -> str:
        """The path to store: '~' expanded, empty for no logo."""
        return str(Path(self.text()).expanduser()) if self.text() else ""

    def set_path(self, path: str) -> None:
        self.path.setText(path)
        self.check()

    def open_chooser(self) -> QFileDialog:
        """A file dialog on PNG and JPEG files, starting where the current logo is."""
        start = str(Path(self.text()).expanduser().parent) if self.text() else str(Path.home())
        dialog = QFileDialog(self, "Choose the clinic logo", start, "Pictures (*.png *.jpg *.jpeg)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.set_path)
        dialog.open()
        self.dialog = dialog
        return dialog

    def problem(self) -> str:
        """What Save must refuse: the header check, or a picture that failed to decode."""
        return logo_problem(self.text()) or self.decode_problem

    def check(self) -> None:
        """Say what is wrong, or show the preview (decoded off the GUI thread)."""
        self.generation += 1
        generation, text = self.generation, self.text()
        self.decode_problem = ""
        self.preview.setPixmap(QPixmap())
        problem = logo_problem(text)
        self._say(problem)
        self.preview.setText("no logo" if not text else "")
        self.preview.setVisible(not problem)
        if text and not problem:
            self.runner.run(lambda: read_preview(text), lambda r: self._previewed(generation, *r))

    def _previewed(self, generation: int, image: QImage, problem: str) -> None:
        if generation != self.generation:
            return  # another file was chosen meanwhile
        self.decode_problem = problem
        self._say(problem)
        self.preview.setVisible(not problem)
        if not image.isNull():
            self.preview.setPixmap(QPixmap.fromImage(image))

    def _say(self, problem: str) -> None:
        self.message.setText(problem)
        self.message.setVisible(bool(problem))
