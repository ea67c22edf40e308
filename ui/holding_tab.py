"""The dashboard's "Time to holding" tab: Kaplan–Meier curves of how long courses took until
their corrections were holding, per presenting pattern or per exercise of the first plan,
in weeks or in visits; the medians with their intervals; relapses after holding against
the published figure (docs/clinical-model.md#time-to-holding). Read and drawn off the GUI
thread."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from charting.figures.style import message_figure
from charting.figures.time_to_holding import VISITS, WEEKS, CurveGroup, time_to_holding_figure
from charting.holding_times import PUBLISHED_RELAPSE_SHARE, PUBLISHED_RELAPSE_SOURCE
from charting.survival import KaplanMeier, too_few
from models.services.time_to_holding import GroupTimes, HoldingTimes, practice_holding_times
from ui.context import AppContext
from ui.figure_canvas import FigureView, PixelSize, RenderedFigure, render_offscreen

GROUPINGS = {"Presenting pattern": "by_pattern", "Exercise of the first plan": "by_exercise"}
AXES = {"Weeks": WEEKS, "Visits": VISITS}
COLUMNS = ("Group", "n", "Reached holding", "Median, weeks [95% CI]", "Median, visits [95% CI]")
TOO_FEW = "too few to say"


@dataclass(frozen=True)
class Choice:
    grouping: str  # a key of GROUPINGS
    axis: str  # a key of AXES


def groups_of(times: HoldingTimes, choice: Choice) -> tuple[GroupTimes, ...]:
    grouped: tuple[GroupTimes, ...] = getattr(times, GROUPINGS[choice.grouping])
    return grouped


def render_curves(times: HoldingTimes, choice: Choice, size: PixelSize) -> RenderedFigure:
    """Build and draw the chosen curves (background runner: no widget here)."""
    weeks = choice.axis == "Weeks"
    groups = [
        CurveGroup(group.label, group.weeks if weeks else group.visits)
        for group in groups_of(times, choice)
    ]
    title = f"Time to holding, by {choice.grouping.lower()}"
    figure = time_to_holding_figure(groups, title, axis=AXES[choice.axis])
    return render_offscreen(figure, size)


def median_text(curve: KaplanMeier) -> str:
    if too_few(curve):
        return TOO_FEW
    if curve.median is None:
        return "not reached"
    low, high = (f"{t:g}" if t is not None else "not reached" for t in curve.median_ci)
    return f"{curve.median:g} [{low}–{high}]"


def relapse_text(times: HoldingTimes, relapse_after: int) -> str:
    counted = times.relapses
    published = f"published: {PUBLISHED_RELAPSE_SHARE:.0%} in {PUBLISHED_RELAPSE_SOURCE}"
    rule = f"lost after holding {relapse_after} or more times in a row"
    if counted.share is None:
        return f"Relapses ({rule}): no course has held that long yet ({published})."
    share = f"{counted.relapsed} of {counted.held_long} courses ({counted.share:.0%})"
    return f"Relapses ({rule}): {share}; {published}."


class HoldingTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.times: HoldingTimes | None = None
        self.grouping = QComboBox()
        self.grouping.addItems(list(GROUPINGS))
        self.axis = QComboBox()
        self.axis.addItems(list(AXES))
        for box in (self.grouping, self.axis):
            box.currentTextChanged.connect(lambda _text: self._redraw())
        self.canvas = FigureView(message_figure("Loading the time to holding…"))
        self.canvas.rerender = lambda size: self._redraw(size)
        self.relapses = QLabel(wordWrap=True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        controls = QHBoxLayout()
        for label, box in (("Group by", self.grouping), ("Time in", self.axis)):
            controls.addWidget(QLabel(label))
            controls.addWidget(box)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.canvas, 3)
        layout.addWidget(self.relapses)
        layout.addWidget(self.table, 1)

    def choice(self) -> Choice:
        return Choice(self.grouping.currentText(), self.axis.currentText())

    def refresh(self) -> None:
        """Read the practice's courses (once the dashboard has brought them up to date)."""
        db, settings = self.context.db, self.context.settings
        self.context.runner.run(
            lambda: practice_holding_times(db, settings.tolerances, settings.stages), self._read
        )

    def _read(self, times: HoldingTimes) -> None:
        self.times = times
        self.relapses.setText(relapse_text(times, self.context.settings.stages.relapse_after))
        self._redraw()

    def _redraw(self, size: PixelSize | None = None) -> None:
        times = self.times
        if times is None:
            return
        choice, pixels = self.choice(), size or self.canvas.pixel_size()
        self._fill_table(times, choice)
        self.context.runner.run(
            lambda: render_curves(times, choice, pixels), self.canvas.show_rendered
        )

    def _fill_table(self, times: HoldingTimes, choice: Choice) -> None:
        groups = (times.overall, *groups_of(times, choice))
        self.table.setRowCount(len(groups))
        for row, group in enumerate(groups):
            cells = (
                group.label, str(group.weeks.n), str(group.weeks.events),
                median_text(group.weeks), median_text(group.visits),
            )  # fmt: skip
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
