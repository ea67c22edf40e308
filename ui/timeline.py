"""The timeline of a patient's visits with each interval's hold verdict."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from charting.explain import explain_interval
from charting.holds import IntervalHold
from charting.vocabulary import VISIT_KIND_TERMS, VISIT_STATE_TERMS
from models.records import VisitRecord
from models.services.holds import PatientCourse
from ui.table_model import Index, RowsModel
from ui.verdict_style import VERDICT_COLOURS, VERDICT_TEXT

COLUMNS = ("Date", "Kind", "Status", "Pain", "km/week", "Held?", "Why")
COLUMN_TIPS = ("", "", "", "Highest pain (NPRS 0-10)", "Running volume",
               "Did the correction of the previous visit hold until this one?", "")  # fmt: skip
# The roles answered, as plain ints: sizing 100 rows asks each cell for a dozen roles, and
# comparing each ask with Qt's enum members one by one cost more than the answers.
DISPLAY, BACKGROUND, TOOLTIP, USER = (
    Qt.ItemDataRole.DisplayRole.value, Qt.ItemDataRole.BackgroundRole.value,
    Qt.ItemDataRole.ToolTipRole.value, Qt.ItemDataRole.UserRole.value,
)  # fmt: skip
ANSWERED = frozenset((DISPLAY, BACKGROUND, TOOLTIP, USER))
VERDICT_COLUMNS = (5, 6)


class TimelineModel(RowsModel[VisitRecord]):
    """One row per visit; the verdict column shows the interval that ends at that visit.

    The texts are worked out once per course: fitting the columns and sizing the rows asks
    every cell for its text many times, and working out each explanation again on every ask
    held the GUI thread for half a second when a 100-visit chart opened.
    """

    columns = COLUMNS
    column_tips = COLUMN_TIPS

    def __init__(self) -> None:
        super().__init__()
        self.intervals: dict[int, IntervalHold] = {}
        self._texts: list[tuple[str, ...]] = []
        self._explained: dict[int, str] = {}  # row -> why the verdict, for its tooltip

    @property
    def visits(self) -> list[VisitRecord]:
        return self.rows

    def set_course(self, course: PatientCourse | None) -> None:
        intervals = course.course.intervals if course else ()
        # interval i runs from visit i to visit i + 1
        self.intervals = {i + 1: interval for i, interval in enumerate(intervals)}
        self._explained = {row: explain_interval(hold) for row, hold in self.intervals.items()}
        visits = course.visits if course else ()
        self._texts = [
            tuple(
                self._text(visit, self.intervals.get(row), column, self._explained.get(row, ""))
                for column in range(len(COLUMNS))
            )
            for row, visit in enumerate(visits)
        ]
        self.set_rows(visits)

    def visit_id(self, row: int) -> int:
        return self.visits[row].id

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in ANSWERED or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == DISPLAY:
            return self._texts[row][column]
        if role == USER:
            return self.visits[row].id
        interval = self.intervals.get(row)
        if column not in VERDICT_COLUMNS or interval is None:
            return None
        if role == BACKGROUND:
            return VERDICT_COLOURS[interval.verdict]
        return self._explained[row]  # TOOLTIP

    @staticmethod
    def _text(visit: VisitRecord, interval: IntervalHold | None, column: int, why: str) -> str:
        draft = visit.draft
        if column == 0:
            return draft.visit_date.isoformat()
        if column == 1:
            return VISIT_KIND_TERMS[draft.kind].short
        if column == 2:
            addenda = f" +{len(visit.addenda)} addendum" if visit.addenda else ""
            return VISIT_STATE_TERMS[visit.status].label + addenda
        if column == 3:
            pains = [c.pain for c in draft.complaints]
            return f"{max(pains)}/10" if pains else "—"
        if column == 4:
            km = draft.running_km_per_week
            return "—" if km is None else f"{km:g}"
        if interval is None:
            return "first visit" if column == 5 else ""
        if column == 5:
            flag = "" if interval.comparable else " (other device/rater)"
            return VERDICT_TEXT[interval.verdict] + flag
        return why
