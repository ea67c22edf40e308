"""The patient list: instant search, a thin table model read a page at a time, and the
empty-database offer."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.services.overview import PatientRow
from models.services.patient_search import search_count
from models.services.search import SEARCH_TEXT_LENGTH
from models.services.stage_list import first_rows, stage_page, stage_row
from ui.context import AppContext
from ui.list_order import (
    NAME_TIP,
    STAGE_COLUMN,
    STAGE_TIP,
    ListOrder,
    OrderHeader,
    row_key,
    stage_text,
    stage_tip,
)
from ui.table_model import Index, RowsModel
from ui.verdict_style import VERDICT_COLOURS, VERDICT_TEXT

ARCHIVED_COLOUR = QColor("#6b6b6b")  # greyed, still readable (contrast above 4.5:1 on white)
# Rows read at a time, two screens of the list: a search finding thousands of patients costs
# what a page costs, and scrolling to the end reads the next (Qt's canFetchMore/fetchMore).
PAGE_ROWS = 50
COLUMNS = ("Chart", "Name", "Age", "Last visit", "Held?", "Stage", "Drafts")
COLUMN_TIPS = ("", NAME_TIP, "", "", "Did the last correction hold until the next visit?",
               STAGE_TIP, "Unsigned draft visits")  # fmt: skip
DRAFTS_COLUMN = 6


class PatientListModel(RowsModel[PatientRow]):
    """Rows of `PatientRow`, the pages read so far; the model never touches the database
    itself: it asks for the next page with `more_wanted` when the view scrolls to its end."""

    columns = COLUMNS
    column_tips = COLUMN_TIPS
    more_wanted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.complete = True  # every row the search finds is loaded
        self.fetching = False  # a page is being read
        self.row_key: Callable[[PatientRow], Any] = row_key(ListOrder.NAME)  # the rows' order

    def set_rows(self, rows: Sequence[PatientRow], complete: bool = True) -> None:
        self.complete, self.fetching = complete, False
        super().set_rows(rows)

    def append_rows(self, rows: Sequence[PatientRow], complete: bool) -> None:
        """The next page, after the rows loaded."""
        self.complete, self.fetching = complete, False
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.complete and not self.fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self.fetching = True
            self.more_wanted.emit()

    def position_of(self, patient_id: int) -> int | None:
        for number, row in enumerate(self.rows):
            if row.summary.id == patient_id:
                return number
        return None

    def put_row(self, patient_id: int, row: PatientRow | None) -> None:
        """The patient's row read again: changed in place, moved to where it now sorts (its
        name, or its stage in stage order), added, or taken out (None: the search no longer
        finds them). A row that now sorts past the pages loaded is left to the page that
        will bring it."""
        old = self.position_of(patient_id)
        keys = [self.row_key(r) for number, r in enumerate(self.rows) if number != old]
        new = None if row is None else bisect_left(keys, self.row_key(row))
        if row is None or new is None or (new == len(keys) and not self.complete):
            if old is not None:
                self.beginRemoveRows(QModelIndex(), old, old)
                del self.rows[old]
                self.endRemoveRows()
            return
        if old is None:
            self.beginInsertRows(QModelIndex(), new, new)
            self.rows.insert(new, row)
            self.endInsertRows()
            return
        if new != old:  # a move keeps the selection on the row (a remove would drop it)
            self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), new + (new > old))
            del self.rows[old]
            self.rows.insert(new, row)
            self.endMoveRows()
        self.rows[new] = row
        self.dataChanged.emit(self.index(new, 0), self.index(new, len(self.columns) - 1))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        s, column = row.summary, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            age = s.age(date.today())
            name = s.display_name + (" (archived)" if s.archived else "")
            values = (
                s.chart_number,
                f"{name}\n{s.found_in}" if s.found_in else name,
                "" if age is None else str(age),
                s.last_visit.isoformat() if s.last_visit else "—",
                VERDICT_TEXT[row.last_verdict] if row.last_verdict else "—",
                stage_text(row),
                str(s.draft_count) if s.draft_count else "",
            )
            return values[column]
        if role == Qt.ItemDataRole.BackgroundRole and column == 4 and row.last_verdict:
            return VERDICT_COLOURS[row.last_verdict]
        if role == Qt.ItemDataRole.ToolTipRole and column == STAGE_COLUMN:
            return stage_tip(row)
        if role == Qt.ItemDataRole.ToolTipRole and column == DRAFTS_COLUMN and s.draft_count:
            return f"{s.draft_count} unsigned draft visit(s)"
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and s.found_in:
            return f"Found in the {s.found_in}\nDouble-click or press Enter to open that visit."
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and not s.archived:
            return s.display_name  # the whole name when the column is too narrow for it
        if s.archived and role == Qt.ItemDataRole.ForegroundRole:
            return ARCHIVED_COLOUR
        if s.archived and role == Qt.ItemDataRole.ToolTipRole:
            return "Archived: Patient ▸ Restore from archive brings the chart back to the list"
        if role == Qt.ItemDataRole.UserRole:
            return s.id
        return None


class PatientListView(QWidget):
    """Search box over the list; emits `patient_selected(id)`, or `nothing_found(text)` when a
    search matches no patient."""

    patient_selected = Signal(int)
    nothing_found = Signal(str)
    visit_requested = Signal(int, int)  # patient id, visit id: a visit the search found
    load_demo_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = PatientListModel()
        self._quiet = False  # the list itself moves the current row: no patient chosen
        self.search = QLineEdit(placeholderText="Search names, chart numbers, birth dates, notes…")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(SEARCH_TEXT_LENGTH)  # a pasted page is cut to what is read
        clear = QAction("Clear search", self.search, shortcut=QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.search.clear)
        self.search.addAction(clear)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.order = OrderHeader(self.table)  # the Name and Stage headers sort the list
        self.order.chosen.connect(self._order_chosen)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The name takes what the other columns leave and elides (its tooltip has it all),
        # so a narrow list never scrolls sideways.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Columns sized from the rows in view: measuring Qt's default 1,000 rows held the
        # GUI thread for 0.3-0.8 s on every search of a big practice (make bench).
        header.setResizeContentsPrecision(0)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self._one_line = self.table.verticalHeader().defaultSectionSize()
        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addWidget(
            QLabel(
                "No patients yet. Create one with Patient ▸ New patient,\n"
                "or load five demo runners to look around."
            )
        )
        self.demo_button = QPushButton("Load demo patients")
        empty_layout.addWidget(self.demo_button)
        self.empty.hide()
        self.more = QLabel()  # "the first 500 of 12000": shown when the list is cut
        self.more.setWordWrap(True)
        self.more.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addWidget(self.more)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.activated.connect(self._on_activated)
        self.demo_button.clicked.connect(self.load_demo_requested)
        context.events.patients_changed.connect(self.refresh)
        # A saved or signed visit changes one row: read that row again, not the list.
        context.events.visits_changed.connect(self.refresh_patient)
        context.events.patient_changed.connect(self.refresh_patient)  # created, renamed…
        context.events.settings_changed.connect(self.refresh)  # tolerances judge the verdicts
        self.model.more_wanted.connect(self._fetch_more)
        self._generation = 0
        self.include_archived = False
        self.limit = PAGE_ROWS
        self.total = 0  # how many patients the search finds
        self._pending_select: int | None = None
        self._before_no_match: int | None = None  # selected again once the search matches

    def _order_chosen(self, order: ListOrder) -> None:
        self.model.row_key = row_key(order)
        if order is ListOrder.STAGE:  # a second or two in a big practice: say what comes
            self.more.setText("Putting every patient found in stage order…")
            self.more.show()
        self.refresh()

    def refresh(self) -> None:
        """Read the first page off the GUI thread (in stage order: every patient found, at
        once). Each search counts one generation: an answer to an older one is dropped,
        and a search still queued when a newer one comes is skipped without reading."""
        self._debounce.stop()
        self._generation += 1
        generation, text = self._generation, self.search.text()
        db, settings = self.context.db, self.context.settings
        archived, limit = self.include_archived, self.limit
        by_stage = self.order.order is ListOrder.STAGE

        def first_page() -> tuple[list[PatientRow], int, bool] | None:
            if generation != self._generation:
                return None
            tolerances, stages = settings.tolerances, settings.stages
            return first_rows(db, text, archived, tolerances, stages, limit, by_stage)

        def show(page: tuple[list[PatientRow], int, bool] | None) -> None:
            if page is not None:  # None: skipped, a newer search is queued
                self._show(generation, text, *page)

        self.context.runner.run(first_page, show)

    def _fetch_more(self) -> None:
        """The next page, read when the view scrolled to the end of the rows loaded."""
        if not self.model.rows:
            self.model.fetching = False
            return
        generation, text = self._generation, self.search.text()
        db, settings = self.context.db, self.context.settings
        archived, limit = self.include_archived, self.limit
        after = self.model.rows[-1].summary.list_key

        def next_page() -> list[PatientRow] | None:
            if generation != self._generation:
                return None
            tolerances, stages = settings.tolerances, settings.stages
            return stage_page(db, text, archived, tolerances, stages, limit, after)[0]

        self.context.runner.run(next_page, lambda rows: self._append(generation, rows))

    def _append(self, generation: int, rows: list[PatientRow] | None) -> None:
        if rows is None or generation != self._generation:
            return  # a newer search reset the list (and what it is fetching)
        self.model.append_rows(rows, complete=len(rows) < self.limit)
        self._show_count()
        self._fit_row_height()

    def refresh_patient(self, patient_id: int) -> None:
        """Read one patient's row again (after the patient or their visit was saved), and
        put it where it now belongs; the count changes only if the search stopped or
        started finding them."""
        generation, text = self._generation, self.search.text()
        db, settings = self.context.db, self.context.settings
        archived = self.include_archived
        was_found = self.model.position_of(patient_id) is not None
        # Not among the rows loaded and the list not complete: only a count says whether
        # the search found them before.
        recount = not was_found and not self.model.complete

        def read() -> tuple[PatientRow | None, int | None]:
            row = stage_row(db, patient_id, text, archived, settings.tolerances, settings.stages)
            return row, search_count(db, text, archived) if recount else None

        def put(answer: tuple[PatientRow | None, int | None]) -> None:
            if generation != self._generation:
                return  # a new search is on its way: it shows this row as it is now
            row, total = answer
            if total is None:
                total = self.total + (row is not None) - was_found
            self.total = total
            removed = row is None and self.current_patient_id() == patient_id
            self._quiet = True  # Qt moves the current row off a removed one: not a choice
            try:
                self.model.put_row(patient_id, row)
                if removed:  # as after a new search: no patient chosen in the list
                    self.table.selectionModel().clear()
            finally:
                self._quiet = False
            self.empty.setVisible(not self.model.rows and not text)  # the first patient
            self._show_count()
            self._fit_row_height()

        self.context.runner.run(read, put)

    def _show_count(self) -> None:
        loaded = self.model.rowCount()
        self.more.setText(
            f"Showing the first {loaded} of {self.total} patients found: scroll down for "
            "more, or type more of a name or of what you look for to narrow the list."
        )
        self.more.setVisible(self.total > loaded)

    def _fit_row_height(self) -> None:
        # Every row as tall as two lines while some show a found visit: one fixed height
        # costs nothing, where measuring each row would hold up the GUI.
        two_lines = any(row.summary.found_in for row in self.model.rows)
        height = self._one_line + self.fontMetrics().lineSpacing() if two_lines else self._one_line
        self.table.verticalHeader().setDefaultSectionSize(height)

    def _show(
        self, generation: int, text: str, rows: list[PatientRow], total: int, complete: bool
    ) -> None:
        if generation != self._generation:
            return
        selected = self._pending_select or self.current_patient_id() or self._before_no_match
        self._pending_select = None
        self.total = total
        self.model.set_rows(rows, complete=complete)
        self._show_count()
        self._fit_row_height()
        self.empty.setVisible(not rows and not text)
        if not rows and text:
            self._before_no_match = selected
            self.nothing_found.emit(text)
            return
        self._before_no_match = None
        if selected is not None and (number := self.model.position_of(selected)) is not None:
            self.table.selectRow(number)

    def current_patient_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def select_patient(self, patient_id: int) -> None:
        """Select now, or as soon as the list (still loading) contains the patient."""
        if (number := self.model.position_of(patient_id)) is not None:
            self.table.selectRow(number)
            return
        self._pending_select = patient_id

    def _on_activated(self, index: QModelIndex) -> None:
        """Double-click or Enter on a row the search found by a visit's text: open it."""
        if index.isValid() and (found := self.model.rows[index.row()].summary.found_in):
            self.visit_requested.emit(self.model.rows[index.row()].summary.id, found.visit_id)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        patient_id = self.model.data(current, Qt.ItemDataRole.UserRole)
        if patient_id is not None:
            self.patient_selected.emit(patient_id)
