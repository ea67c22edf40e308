"""Pick exercises from the library: search by name or target muscle, or take a suggestion.

With the search box empty the list shows what matches the hypothesis (lengthen what is
short, strengthen what is weak, on the finding's side) plus the pattern's own exercises.
Keyboard: type, Down into the list, Enter adds; Enter in the box adds the first match.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charting.muscles import muscle_name
from models.records import Finding
from resources.library import (
    Exercise,
    exercises_for_findings,
    search_exercises,
    suggest_for_pattern,
)

SLUG_ROLE = Qt.ItemDataRole.UserRole
SIDE_ROLE = Qt.ItemDataRole.UserRole + 1


def targets_words(exercise: Exercise) -> str:
    if not exercise.targets:
        return "pelvic position"
    return ", ".join(f"{t.aim} {muscle_name(t.muscle).lower()}" for t in exercise.targets)


def suggestions(findings: Iterable[Finding], pattern_key: str) -> list[tuple[Exercise, str]]:
    """Exercises for the findings, then the pattern's own ones not already listed."""
    chosen = exercises_for_findings((f.muscle, f.side, f.state) for f in findings)
    pattern = suggest_for_pattern(pattern_key)
    for exercise, side in pattern.exercises if pattern else ():
        if all(exercise.slug != e.slug for e, _ in chosen):
            chosen.append((exercise, side))
    return chosen


class ExercisePicker(QWidget):
    picked = Signal(str, str)  # exercise slug, side

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(placeholderText="Search exercises by name or target muscle…")
        self.search.setClearButtonEnabled(True)
        self.caption = QLabel()
        self.results = QListWidget()
        self.results.setMinimumHeight(130)
        self.results.setMaximumHeight(170)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.add_button = QPushButton("Add to plan")
        self.suggested: list[tuple[Exercise, str]] = []
        self.in_plan: set[str] = set()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(self.results)
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self._add_first)
        self.search.installEventFilter(self)
        self.results.itemActivated.connect(self._add_item)
        self.add_button.clicked.connect(self._add_current)
        self.refresh()

    def focus_chain(self) -> list[QWidget]:
        return [self.search, self.add_button, self.results]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus()
                self.results.setCurrentRow(0)
                return True
        return super().eventFilter(watched, event)

    def set_suggestions(self, suggested: list[tuple[Exercise, str]], in_plan: set[str]) -> None:
        self.suggested, self.in_plan = suggested, in_plan
        self.refresh()

    def refresh(self) -> None:
        text = self.search.text().strip()
        self.results.clear()
        if text:
            found = [(e, "both") for e in search_exercises(text)]
            self.caption.setText(f"{len(found)} exercise(s) match “{text}”")
        else:
            found = self.suggested
            self.caption.setText(
                "Suggested for the hypothesis:" if found else "Add findings to see suggestions."
            )
        for exercise, side in found:
            mark = "✓ " if exercise.slug in self.in_plan else ""
            where = "" if side == "both" else f" — {side}"
            item = QListWidgetItem(f"{mark}{exercise.name}{where}   ({targets_words(exercise)})")
            item.setData(SLUG_ROLE, exercise.slug)
            item.setData(SIDE_ROLE, side)
            item.setToolTip(f"{item.text()}\n{exercise.purpose}")
            self.results.addItem(item)

    def _add_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.picked.emit(item.data(SLUG_ROLE), item.data(SIDE_ROLE))

    def _add_current(self) -> None:
        self._add_item(self.results.currentItem() or self.results.item(0))

    def _add_first(self) -> None:
        self._add_item(self.results.item(0))
