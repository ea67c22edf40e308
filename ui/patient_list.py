"""The patient list: instant search, a thin table model, and the empty-database offer."""

from __future__ import annotations

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

from models.services.overview import PatientRow, patient_page
from models.services.search import SEARCH_TEXT_LENGTH
from ui.context import AppContext
from ui.table_model import Index, RowsModel
from ui.verdict_style import VERDICT_COLOURS, VERDICT_TEXT

ARCHIVED_COLOUR = QColor("#6b6b6b")  # greyed, still readable (contrast above 4.5:1 on white)
# Rows shown at most: a search finding thousands of patients then costs what 500 cost, so
# every keystroke answers in well under a second even in a 20,000-patient practice.
LIST_LIMIT = 500
COLUMNS = ("Chart", "Name", "Age", "Last visit", "Held?", "Drafts")
COLUMN_TIPS = ("", "", "", "", "Did the last correction hold until the next visit?",
               "Unsigned draft visits")  # fmt: skip


class PatientListModel(RowsModel[PatientRow]):
    """Rows of `PatientRow`; the model never touches the database itself."""

    columns = COLUMNS
    column_tips = COLUMN_TIPS

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
                str(s.draft_count) if s.draft_count else "",
            )
            return values[column]
        if role == Qt.ItemDataRole.BackgroundRole and column == 4 and row.last_verdict:
            return VERDICT_COLOURS[row.last_verdict]
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and s.draft_count:
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
        context.events.visits_changed.connect(lambda _id: self.refresh())
        self._generation = 0
        self.include_archived = False
        self.limit = LIST_LIMIT
        self._pending_select: int | None = None
        self._before_no_match: int | None = None  # selected again once the search matches

    def refresh(self) -> None:
        """Reload rows off the GUI thread; a stale answer (older search) is dropped."""
        self._generation += 1
        generation, text = self._generation, self.search.text()
        db, tolerances = self.context.db, self.context.settings.tolerances
        archived, limit = self.include_archived, self.limit
        self.context.runner.run(
            lambda: patient_page(db, text, archived, tolerances, limit),
            lambda page: self._show(generation, text, *page),
        )

    def _show(self, generation: int, text: str, rows: list[PatientRow], total: int) -> None:
        if generation != self._generation:
            return
        self.more.setText(
            f"Showing the first {len(rows)} of {total} patients found: type more of a name "
            "or of what you look for to narrow the list."
        )
        self.more.setVisible(total > len(rows))
        selected = self._pending_select or self.current_patient_id() or self._before_no_match
        self._pending_select = None
        self.model.set_rows(rows)
        # Every row as tall as two lines while some show a found visit: one fixed height
        # costs nothing, where measuring each of 20,000 rows would hold up the GUI.
        two_lines = any(row.summary.found_in for row in rows)
        height = self._one_line + self.fontMetrics().lineSpacing() if two_lines else self._one_line
        self.table.verticalHeader().setDefaultSectionSize(height)
        self.empty.setVisible(not rows and not text)
        if not rows and text:
            self._before_no_match = selected
            self.nothing_found.emit(text)
            return
        self._before_no_match = None
        for number, row in enumerate(rows):
            if row.summary.id == selected:
                self.table.selectRow(number)

    def current_patient_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def select_patient(self, patient_id: int) -> None:
        """Select now, or as soon as the list (still loading) contains the patient."""
        for number, row in enumerate(self.model.rows):
            if row.summary.id == patient_id:
                self.table.selectRow(number)
                return
        self._pending_select = patient_id

    def _on_activated(self, index: QModelIndex) -> None:
        """Double-click or Enter on a row the search found by a visit's text: open it."""
        if index.isValid() and (found := self.model.rows[index.row()].summary.found_in):
            self.visit_requested.emit(self.model.rows[index.row()].summary.id, found.visit_id)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        patient_id = self.model.data(current, Qt.ItemDataRole.UserRole)
        if patient_id is not None:
            self.patient_selected.emit(patient_id)
