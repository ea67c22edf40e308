"""Where the photos panel's widgets go; panel.py holds what they do."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QListView,
    QListWidget,
    QPushButton,
    QWidget,
)

from charting.photo_geometry import View
from charting.readings import Phase
from charting.vocabulary import view_title
from ui.editor.fields import hint_label
from ui.forms import row_of

PHASE_WORDS = {Phase.PRE: "Before the correction", Phase.POST: "After the correction"}
VIEW_WORDS = {view: view_title(view) for view in View}
THUMB = 80  # px: enough to tell the views apart, small enough for a row of four
DROP_HINT = "Drop photo files here to attach them with the phase and view chosen."


def thumbnail_list() -> QListWidget:
    """A row of thumbnails with captions, scrolling sideways."""
    listing = QListWidget()
    listing.setViewMode(QListView.ViewMode.IconMode)
    listing.setFlow(QListView.Flow.LeftToRight)
    listing.setWrapping(False)
    listing.setMovement(QListView.Movement.Static)
    listing.setIconSize(QSize(THUMB, THUMB))
    listing.setGridSize(QSize(THUMB + 40, THUMB + 44))
    listing.setFixedHeight(THUMB + 56)
    listing.setWordWrap(True)
    return listing


class PanelLayout:
    """The phase and view to attach as, the buttons, and one thumbnail row per phase."""

    def __init__(self, owner: QWidget) -> None:
        self.phase = QComboBox()
        for phase, words in PHASE_WORDS.items():
            self.phase.addItem(words, phase)
        self.view = QComboBox()
        for view, words in VIEW_WORDS.items():
            self.view.addItem(words, view)
        self.phase.setAccessibleName("Phase of the photo to attach")
        self.view.setAccessibleName("View of the photo to attach")
        self.attach = QPushButton("Attach photo…")
        self.camera = QPushButton("From camera folder…")
        self.measure = QPushButton("Measure…")
        self.remove = QPushButton("Remove")
        self.lists = {phase: thumbnail_list() for phase in Phase}
        for phase, listing in self.lists.items():
            listing.setAccessibleName(f"Photos {PHASE_WORDS[phase].lower()}")
        self.hint = hint_label(DROP_HINT)
        self.hint.setWordWrap(True)  # a narrow pane wraps it rather than scrolling sideways
        self.message = QLabel(wordWrap=True)
        self.message.hide()
        grid = QGridLayout(owner)
        grid.setContentsMargins(0, 0, 0, 0)
        # Two short rows, not one long one: the editor fits a narrow pane without scrolling.
        grid.addWidget(QLabel("Attach as"), 0, 0)
        grid.addWidget(row_of(self.phase, self.view, stretch=True), 0, 1)
        grid.addWidget(row_of(self.attach, self.camera, stretch=True), 1, 1)
        for row, (phase, listing) in enumerate(self.lists.items(), start=2):
            label = QLabel(PHASE_WORDS[phase].replace(" the ", "\nthe "))
            grid.addWidget(label, row, 0)
            grid.addWidget(listing, row, 1)
        grid.addWidget(row_of(self.measure, self.remove, stretch=True), 4, 1)
        grid.addWidget(self.hint, 5, 1)
        grid.addWidget(self.message, 6, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.editing = (self.phase, self.view, self.attach, self.camera)

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.editing:
            widget.setEnabled(not read_only)
        self.hint.setVisible(not read_only)

    def next_view(self, phase: Phase, taken: set[View]) -> None:
        """After an attach: the first view of `phase` without a photo, if any is left."""
        if self.phase.currentData() != phase:  # Qt hands the enum back as its str
            return
        free = [view for view in View if view not in taken]
        if free:
            self.view.setCurrentIndex(self.view.findData(free[0]))
