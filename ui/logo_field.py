"""The clinic logo in Preferences: a file typed or chosen, a preview, and what is wrong.

Whether the file prints is decided by `reports.logo.logo_problem`, the check the letterhead
itself makes, run off the GUI thread; the field shows its answer, and Save waits for the
answer about the path on screen before it stores anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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

from reports.logo import LOGO_SUFFIXES, logo_problem
from ui.editor.fields import error_label, show_text
from ui.messages import error_text
from ui.runner import Runner

PREVIEW = QSize(220, 80)
PICTURES = "Pictures ({})".format(" ".join(f"*.{suffix}" for suffix in LOGO_SUFFIXES))
Verdict = Callable[[str], object]  # gets what is wrong with the logo, empty when it prints


@dataclass(frozen=True)
class LogoCheck:
    """The answer about one path: what keeps it off a handout, and its preview."""

    path: str
    problem: str
    preview: QImage


def check_logo(path: str) -> LogoCheck:
    """Decide whether `path` prints and scale its preview (off the GUI thread)."""
    problem = logo_problem(path)
    if problem or not path:
        return LogoCheck(path, problem, QImage())
    reader = QImageReader(path)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(PREVIEW, Qt.AspectRatioMode.KeepAspectRatio))
    return LogoCheck(path, problem, reader.read())  # Qt may lack a reader: no preview then


class LogoField(QWidget):
    """Path box, Choose… and No logo buttons, a preview and a message line."""

    def __init__(self, runner: Runner, path: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.generation = 0
        self.checked: LogoCheck | None = None  # the answer about the path on screen, once in
        self._waiting: Verdict | None = None  # Save, until that answer is in
        self._asked: str | None = None  # the path of the latest check
        self.path = QLineEdit(path, placeholderText="no logo")
        self.path.setMinimumWidth(260)
        self.path.setAccessibleName("Logo file")
        self.choose = QPushButton("Choose…")
        self.clear = QPushButton("No logo")
        self.preview = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW + QSize(8, 8))
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = error_label()
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
        self.path.editingFinished.connect(lambda: self.check(again=False))
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
        """A file dialog on the pictures handouts print, starting where the current logo is."""
        start = str(Path(self.file()).parent) if self.text() else str(Path.home())
        dialog = QFileDialog(self, "Choose the clinic logo", start, PICTURES)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.set_path)
        dialog.open()
        self.dialog = dialog
        return dialog

    def problem(self) -> str | None:
        """What keeps the logo on screen off a handout ('' when it prints); None until the
        check of that path is in."""
        checked = self.checked
        return checked.problem if checked is not None and checked.path == self.file() else None

    def when_checked(self, then: Verdict) -> None:
        """Call `then(problem)` with the answer about the path on screen: at once when it is
        in, else when its check lands (a newer Save replaces an older one still waiting)."""
        self.check(again=False)  # the path may have changed without leaving the box
        if (problem := self.problem()) is not None:
            then(problem)
        else:
            self._waiting = then

    def forget_waiting(self) -> None:
        """The dialog was closed: nothing is saved when the check lands."""
        self._waiting = None

    def check(self, again: bool = True) -> None:
        """Ask off the GUI thread whether the file prints; an older answer is then dropped.
        Without `again`, a path already asked about is not read a second time."""
        path = self.file()
        if path == self._asked and not again:
            return
        self.generation += 1
        generation, self._asked, self.checked = self.generation, path, None
        self.preview.setPixmap(QPixmap())
        show_text(self.message, "")
        self.preview.setText("checking…" if path else "no logo")
        self.preview.show()
        self.runner.run(
            lambda: check_logo(path),
            lambda found: self._checked(generation, found),
            lambda error: self._checked(generation, LogoCheck(path, error_text(error), QImage())),
        )  # a check that fails is an answer too: Save must not wait for ever

    def _checked(self, generation: int, found: LogoCheck) -> None:
        if generation != self.generation or found.path != self.file():
            return  # another file was chosen meanwhile: its own check follows
        self.checked = found
        show_text(self.message, found.problem)
        self.preview.setVisible(not found.problem)
        self.preview.setText("no logo" if not found.path else "")
        if not found.preview.isNull():
            self.preview.setPixmap(QPixmap.fromImage(found.preview))
        elif found.path and not found.problem:
            self.preview.setText("prints; no preview")
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting(found.problem)
