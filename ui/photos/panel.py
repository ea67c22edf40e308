"""The visit editor's photos: thumbnails before and after the correction, attach (file
dialog, camera folder, or dropped files), remove, and open the measuring view.

The panel holds no session: every read and write (and the decoding of thumbnails) goes
through the runner; a result for a visit no longer shown is dropped (generation counter).
A photo needs a stored visit: a new visit is saved first, through the editor's own path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListWidgetItem, QWidget
from shiboken6 import isValid

from charting.errors import FieldError
from charting.photo_geometry import View, measure
from charting.readings import Phase, Reading
from models.services.photos import PhotoInfo, attach_photo, photo_thumbnail, remove_photo
from models.services.photos import visit_photos as stored_photos
from ui.actions.confirm import confirm
from ui.context import AppContext
from ui.editor.fields import ERROR_STYLE, HINT_STYLE, show_text
from ui.messages import error_text
from ui.photos.attach import choose_photo, read_photo_file
from ui.photos.measure_view import MeasureDialog
from ui.photos.panel_layout import VIEW_WORDS, PanelLayout

NOT_SAVED = "The visit could not be saved, so no photo was attached: {why}"


class PhotoHost(Protocol):
    """What the panel needs from the visit editor."""

    @property
    def visit_id(self) -> int | None: ...
    @property
    def read_only(self) -> bool: ...
    def save_first(self, then: Callable[[int | None], object]) -> None: ...
    def use_photo_reading(self, reading: Reading) -> list[str]: ...


def caption(info: PhotoInfo) -> str:
    """'Left side' and, once marked, its angle: '+12.0°'."""
    words = VIEW_WORDS[info.view]
    if info.marks is None or not info.marks.complete:
        return words
    try:
        return f"{words}\n{measure(info.marks).degrees:+.1f}°"
    except FieldError:
        return words


class PhotosPanel(QWidget):
    """A visit's photos; `load()` when another visit is shown."""

    def __init__(self, context: AppContext, host: PhotoHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.host = context, host
        self.photos: list[PhotoInfo] = []
        self.generation = 0
        self.measure_dialog: MeasureDialog | None = None
        self.ui = PanelLayout(self)
        self.setAcceptDrops(True)
        self.ui.attach.clicked.connect(lambda: self.attach_chosen(from_camera=False))
        self.ui.camera.clicked.connect(lambda: self.attach_chosen(from_camera=True))
        self.ui.measure.clicked.connect(self.measure_selected)
        self.ui.remove.clicked.connect(self.remove_selected)
        for phase, listing in self.ui.lists.items():
            listing.itemSelectionChanged.connect(lambda phase=phase: self._selected_in(phase))
            listing.itemDoubleClicked.connect(lambda _item: self.measure_selected())
        self._update_buttons()

    # -- showing ----------------------------------------------------------------------------

    def load(self) -> None:
        """Show the photos of the host's visit (none while it is not stored)."""
        self.generation += 1
        generation, visit_id, db = self.generation, self.host.visit_id, self.context.db
        self.ui.set_read_only(self.host.read_only)
        if visit_id is None:
            self._show([])
            return

        def op() -> list[tuple[PhotoInfo, QImage]]:
            infos = stored_photos(db, visit_id)
            return [(info, QImage.fromData(photo_thumbnail(db, info.id))) for info in infos]

        def done(shown: list[tuple[PhotoInfo, QImage]]) -> None:
            if generation == self.generation:
                self._show(shown)

        self.context.runner.run(op, done, self._failed)

    def _show(self, shown: list[tuple[PhotoInfo, QImage]]) -> None:
        self.photos = [info for info, _image in shown]
        for listing in self.ui.lists.values():
            listing.clear()
        for info, image in shown:
            item = QListWidgetItem(QIcon(QPixmap.fromImage(image)), caption(info))
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(info.label)
            self.ui.lists[info.phase].addItem(item)
        self._update_buttons()

    def _selected_in(self, phase: Phase) -> None:
        """One selection across both lists: picking in one clears the other."""
        if self.ui.lists[phase].selectedItems():
            for other, listing in self.ui.lists.items():
                if other is not phase:
                    listing.clearSelection()
        self._update_buttons()

    def selected(self) -> PhotoInfo | None:
        for listing in self.ui.lists.values():
            for item in listing.selectedItems():
                photo_id = item.data(Qt.ItemDataRole.UserRole)
                return next((p for p in self.photos if p.id == photo_id), None)
        return None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.ui.measure.setEnabled(chosen)
        self.ui.remove.setEnabled(chosen and not self.host.read_only)

    # -- attaching --------------------------------------------------------------------------

    def attach_chosen(self, from_camera: bool) -> None:
        path = choose_photo(self, from_camera)
        if path is not None:
            self.attach_files([path])

    def attach_files(self, paths: list[Path]) -> None:
        """Attach `paths` one after another with the phase and view chosen on the panel (the
        view moves on to the next one not yet taken after each)."""
        if self.host.read_only or not paths:
            return
        self.say("Attaching…")
        if self.host.visit_id is None:
            self.host.save_first(lambda visit_id: self._attach(visit_id, paths))
        else:
            self._attach(self.host.visit_id, paths)

    def _attach(self, visit_id: int | None, paths: list[Path]) -> None:
        if visit_id is None:
            self.say(NOT_SAVED.format(why="see the message under the visit's header."), True)
            return
        path, rest = paths[0], paths[1:]
        phase, view = Phase(self.ui.phase.currentData()), View(self.ui.view.currentData())
        db, actor = self.context.db, self.context.actor

        def op() -> PhotoInfo:
            return attach_photo(db, visit_id, phase, view, read_photo_file(path), actor)

        def done(info: PhotoInfo) -> None:
            self.say(f"Attached {path.name} as {info.label}.")
            taken = {p.view for p in self.photos if p.phase is phase} | {view}
            self.ui.next_view(info.phase, taken)
            self.load()
            if rest:
                self._attach(visit_id, rest)

        def failed(error: BaseException) -> None:
            self.say(f"{path.name} was not attached. {error_text(error)}", error=True)

        self.context.runner.run(op, done, failed)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if not self.host.read_only and any(url.isLocalFile() for url in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.attach_files(paths)

    # -- measuring and removing ---------------------------------------------------------------

    def measure_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        use = None if self.host.read_only else self.host.use_photo_reading
        old = self.measure_dialog
        if old is not None and isValid(old) and not old.isVisible():
            old.deleteLater()  # a closed one holds its photo at full size: keep none around
        dialog = MeasureDialog(self.context, info, self.photos, use, lambda _i: self.load(), self)
        self.measure_dialog = dialog
        dialog.open()

    def remove_selected(self) -> None:
        info = self.selected()
        if info is None or self.host.read_only:
            return
        db, actor = self.context.db, self.context.actor

        def remove() -> None:
            self.context.runner.run(lambda: remove_photo(db, info.id, actor), removed, self._failed)

        def removed(_none: None) -> None:
            self.say(f"Removed the photo {info.label}.")
            self.load()

        text = f"Remove the photo {info.label} from this visit? Its marks go with it."
        confirm(self, "Remove photo", text, "Remove", remove)

    def _failed(self, error: BaseException) -> None:
        self.say(error_text(error), error=True)

    def say(self, text: str, error: bool = False) -> None:
        self.ui.message.setStyleSheet(ERROR_STYLE if error else HINT_STYLE)
        show_text(self.ui.message, text)
