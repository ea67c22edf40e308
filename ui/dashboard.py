"""The practice dashboard: which plans and patterns keep corrections in place, who needs a
rethink, and how long courses take until they hold (ui/holding_tab.py). Built off the GUI
thread.

Opening it first brings the stored hold verdicts up to date (models/services/hold_summary.py):
the courses changed since the last opening, or every course after the tolerances changed or
the database was upgraded. That runs a chunk per background job, with its progress shown, so
saves queued meanwhile are not kept waiting; then the numbers are counted from what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from charting.figures.dashboard import (
    NOT_HOLDING_BELOW,
    NOT_HOLDING_MIN_INTERVALS,
    dashboard_figure,
)
from charting.figures.style import message_figure
from charting.tolerances import Tolerances
from models.database import Database
from models.services.dashboard import Dashboard, practice_dashboard
from models.services.hold_summary import bring_up_to_date
from ui.context import AppContext
from ui.figure_canvas import FigureView, PixelSize, RenderedFigure, render_offscreen
from ui.holding_tab import HoldingTab
from ui.review_list import ReviewEntry, ReviewList, review_entries

JUDGING = "Judging courses changed since the dashboard was last opened: %v of %m"
RULE = (
    "<b>Patients to review</b> (double-click to open)<br>"
    f"<i>Not holding</i>: hold rate below {NOT_HOLDING_BELOW:.0%} over at least "
    f"{NOT_HOLDING_MIN_INTERVALS} assessable intervals.<br>"
    "<i>Lost their latest interval</i>: anyone else whose latest assessable interval was lost."
)


@dataclass(frozen=True)
class DashboardView:
    data: Dashboard
    figure: RenderedFigure
    entries: list[ReviewEntry]  # the patients to review, as listed


def render_dashboard(data: Dashboard, size: PixelSize) -> RenderedFigure:
    """Build and draw the figure of `data` off the GUI thread."""
    figure = dashboard_figure(data.by_exercise, data.by_pattern, data.by_weeks)
    return render_offscreen(figure, size)


def build_dashboard(db: Database, tolerances: Tolerances, size: PixelSize) -> DashboardView:
    """Count, build and draw off the GUI thread."""
    data = practice_dashboard(db, tolerances)
    return DashboardView(data, render_dashboard(data, size), review_entries(data))


class DashboardWindow(QDialog):
    """Non-modal window; `chart_requested(chart_number)` asks the main window to open a chart."""

    chart_requested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Practice dashboard")
        self.resize(1200, 820)
        self.context = context
        self.canvas = FigureView(message_figure("Loading the practice dashboard…"))
        self._loaded = False
        self.data: Dashboard | None = None  # once read
        self.canvas.rerender = self._rerender
        self.not_holding = ReviewList()
        self.not_holding.chart_requested.connect(self.chart_requested)
        # Said instead of the lists when they name nobody.
        self.summary = QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignTop)
        self.summary.hide()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        self.rule = QLabel(RULE)
        self.rule.setWordWrap(True)
        side_layout.addWidget(self.rule)
        side_layout.addWidget(self.not_holding, 1)
        side_layout.addWidget(self.summary, 1)
        splitter = QSplitter()
        splitter.addWidget(self.canvas)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 300])
        self.progress = QProgressBar()
        self.progress.setFormat(JUDGING)
        self.progress.hide()
        self._judged = 0  # courses judged again in this refresh
        self._generation = 0  # a refresh started later drops the steps of an earlier one
        self._tolerances = context.settings.tolerances  # those the numbers shown were judged with
        context.events.settings_changed.connect(self._settings_changed)
        self.holding = HoldingTab(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "Hold rates")
        self.tabs.addTab(self.holding, "Time to holding")
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs)

    def showEvent(self, event: QShowEvent) -> None:
        """Load once the window has its size, so the figure is drawn at that size."""
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def _rerender(self, size: PixelSize) -> None:
        """The canvas settled at a new size: draw the numbers already read at that size,
        without reading the practice again."""
        if (data := self.data) is not None:
            self.context.runner.run(lambda: render_dashboard(data, size), self.canvas.show_rendered)

    def _settings_changed(self) -> None:
        """New tolerances change verdicts: judge every course again, shown as it goes; new
        stage thresholds only change the time to holding."""
        if self.context.settings.tolerances == self._tolerances:
            if self._loaded and self.holding.times is not None:
                self.holding.refresh()
            return
        if self.isVisible():
            self.refresh()
        else:  # a closed window judges nothing: it refreshes if it is shown again
            self._loaded = False

    def refresh(self) -> None:
        """Bring the stored verdicts up to date (a writable database), then count them."""
        self._generation += 1
        self._judged = 0
        self._tolerances = self.context.settings.tolerances
        if self.context.db.read_only:  # counted as they are, the rest judged in memory
            self._build()
        else:
            self._bring_up_to_date()

    def _bring_up_to_date(self) -> None:
        db, tolerances, generation = self.context.db, self._tolerances, self._generation
        self.context.runner.run(
            lambda: bring_up_to_date(db, tolerances),
            lambda progress: self._stepped(generation, progress),
            lambda _error: self._build(),
        )  # a step that cannot write (the file turned read-only) leaves the judging to the count

    def _stepped(self, generation: int, progress: tuple[int, int]) -> None:
        if generation != self._generation:
            return
        judged, remaining = progress
        self._judged += judged
        if not remaining:
            self.progress.hide()
            self._build()
            return
        self.progress.setRange(0, self._judged + remaining)
        self.progress.setValue(self._judged)
        self.progress.show()
        if self.isVisible():
            self._bring_up_to_date()
        else:  # closed meanwhile: go on when it is shown again
            self._loaded = False

    def _build(self) -> None:
        context, size, tolerances = self.context, self.canvas.pixel_size(), self._tolerances
        self.context.runner.run(lambda: build_dashboard(context.db, tolerances, size), self._show)

    def _show(self, view: DashboardView) -> None:
        self.canvas.show_rendered(view.figure)
        self.data = view.data
        self.not_holding.review.set_entries(view.entries)
        self.not_holding.setVisible(bool(view.entries))
        self.summary.setText(view.data.summary)
        self.summary.setVisible(not view.entries)
        self.holding.refresh()  # from the verdicts just brought up to date
