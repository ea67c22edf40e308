"""The patient chart: header, timeline of visits with verdicts, and further tabs."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from charting.course_stage import DEFAULT_STAGE_SETTINGS, StageSettings
from charting.vocabulary import STAGE_TERMS
from models.records import PatientRecord, age_in_years
from models.services.course_status import StageShown, stage_of_course
from models.services.holds import PatientCourse, patient_course
from models.services.patients import load_patient
from ui.background import show_failure
from ui.context import AppContext
from ui.table_fit import ColumnFitter
from ui.timeline import TimelineModel
from ui.verdict_style import STAGE_COLOURS

if TYPE_CHECKING:  # the graphs and their matplotlib are imported when first needed
    from charting.figures.symptoms import SymptomHistory
    from charting.tolerances import Tolerances
    from models.database import Database
    from ui.graphs_tab import GraphsTab
    from ui.photos_tab import PhotosTab

    ChartData = tuple[PatientRecord, PatientCourse, SymptomHistory, list[str], StageShown | None]


def read_chart(
    db: Database,
    patient_id: int,
    tolerances: Tolerances,
    stages: StageSettings = DEFAULT_STAGE_SETTINGS,
) -> ChartData:
    """What the chart shows of one patient (background runner: no widget here), the course's
    stage as of today included. The symptom history's module brings matplotlib: imported
    here, at the first chart, not at start."""
    from models.services.charts import change_statements, symptom_history

    course = patient_course(db, patient_id, tolerances)
    history = symptom_history(course.visits)  # once: the graphs reuse it
    record = load_patient(db, patient_id)
    stage = stage_of_course(course, stages, record.draft.running_goal_km, date.today())
    return record, course, history, change_statements(history), stage


class ChartView(QWidget):
    """Shows one patient; loads off the GUI thread when the patient changes."""

    visit_activated = Signal(int)  # visit id (double-click / Enter in the timeline)
    loaded = Signal(int)  # patient id, once the chart shows it

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.patient_id: int | None = None
        self.patient: PatientRecord | None = None  # once loaded
        self._visit_to_open: tuple[int, int] | None = None  # (patient, visit) once loaded
        self.course: PatientCourse | None = None
        self.header = QLabel("Select a patient on the left.")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.timeline_model = TimelineModel()
        self.timeline = QTableView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.verticalHeader().hide()
        ColumnFitter(self.timeline, grow=6)  # "Why" takes the spare width and wraps
        self.timeline.activated.connect(
            lambda index: self.visit_activated.emit(self.timeline_model.visit_id(index.row()))
        )
        self.tabs = QTabWidget()
        # What changed since the first visit sits above the timeline, not in the header, so
        # the visit editor keeps the height it needs.
        self.changes = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        timeline_page = QWidget()
        timeline_layout = QVBoxLayout(timeline_page)
        timeline_layout.setContentsMargins(4, 4, 4, 4)
        timeline_layout.addWidget(self.changes)
        timeline_layout.addWidget(self.timeline, 1)
        self.tabs.addTab(timeline_page, "Timeline")
        # The Graphs tab is made when first looked at (`graphs`): until then a blank page
        # holds its place, and starting the app imports no matplotlib.
        self._graphs: GraphsTab | None = None
        self._history: SymptomHistory | None = None
        self._graphs_blank = QWidget()
        self.tabs.addTab(self._graphs_blank, "Graphs")
        self._photos: PhotosTab | None = None  # made when first looked at, as the graphs
        self._photos_blank = QWidget()
        self.tabs.addTab(self._photos_blank, "Photos")
        self.tabs.currentChanged.connect(self._make_graphs_when_chosen)
        self.timeline.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._show_photos_of_visit()
        )
        # Shown instead of header and tabs when the search matches nobody, so the chart of
        # the patient searched away from does not look like the answer.
        self.nothing = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.nothing.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.nothing, 1)
        context.events.visits_changed.connect(self._on_visits_changed)
        context.events.patients_changed.connect(self.reload)
        context.events.patient_changed.connect(lambda _id: self.reload())
        context.events.settings_changed.connect(self.reload)  # tolerances, stage thresholds

    def _swap_in(self, blank: QWidget, tab: QWidget) -> None:
        """Put `tab` in the place of the blank page that held it."""
        index = self.tabs.indexOf(blank)
        chosen = self.tabs.currentIndex() == index
        self.tabs.blockSignals(True)  # the swap is no change of tab for anyone watching
        self.tabs.insertTab(index, tab, self.tabs.tabText(index))
        self.tabs.removeTab(index + 1)
        if chosen:
            self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        blank.deleteLater()

    @property
    def graphs(self) -> GraphsTab:
        """The Graphs tab, made in its blank's place at the first need, showing the chart's
        course when one is loaded."""
        if self._graphs is None:
            from ui.graphs_tab import GraphsTab

            graphs = GraphsTab(self.context)
            self._swap_in(self._graphs_blank, graphs)
            self._graphs = graphs
            course, history = self.course, self._history
            if self.patient_id is not None and course is not None and history is not None:
                graphs.show_course(self.patient_id, course, history)
        return self._graphs

    @property
    def photos(self) -> PhotosTab:
        """The Photos tab, made in its blank's place at the first need, showing the selected
        visit (else the latest) of the chart loaded."""
        if self._photos is None:
            from ui.photos_tab import PhotosTab

            photos = PhotosTab(self.context)
            self._swap_in(self._photos_blank, photos)
            self._photos = photos
            self._show_photos_of_visit()
        return self._photos

    def _make_graphs_when_chosen(self, index: int) -> None:
        if self._graphs is None and self.tabs.widget(index) is self._graphs_blank:
            self.graphs  # noqa: B018  # made now, in place of the blank page on screen
        if self._photos is None and self.tabs.widget(index) is self._photos_blank:
            self.photos  # noqa: B018

    def photo_visit_id(self) -> int | None:
        """The visit the Photos tab shows: the timeline's selection, else the latest."""
        selected = self.selected_visit_id()
        if selected is not None or self.course is None or not self.course.visits:
            return selected
        return self.course.visits[-1].id

    def _show_photos_of_visit(self) -> None:
        if self._photos is None:
            return  # made later, with the visit then selected
        loaded = self.patient is not None
        patient_id = self.patient_id if loaded else None
        self._photos.show_visit(patient_id, self.photo_visit_id() if loaded else None)

    def show_patient(self, patient_id: int | None) -> None:
        """Show `patient_id`'s chart. The chart on screen (or loading) is not read again: the
        patient list selects it again after every refresh, and the events reload it when it
        changes."""
        self._show_nothing("")
        if patient_id is not None and patient_id == self.patient_id:
            return
        self.patient_id, self.patient = patient_id, None
        self.reload()

    def open_visit(self, patient_id: int, visit_id: int) -> None:
        """Show the patient's chart, then ask for one of their visits (`visit_activated`)
        once the chart is loaded, as a double-click in the timeline does."""
        if patient_id == self.patient_id and self.patient is not None:
            self.visit_activated.emit(visit_id)
            return
        self._visit_to_open = (patient_id, visit_id)
        if patient_id != self.patient_id:
            self.show_patient(patient_id)

    def show_no_match(self, search: str) -> None:
        """The search matches no patient: say so instead of showing the last chart. A visit
        open in the editor keeps its content and autosave; it is only out of view."""
        self.patient_id, self.patient, self.course = None, None, None
        self._show_nothing(
            f"No patient matches “{search}”.\n\nThe search looks in names, chart numbers, birth "
            "dates and what was written at visits (notes, hypotheses, complaints, addenda). "
            "Change it, or press Esc in the search box to clear it."
        )
        self.reload()

    def _show_nothing(self, message: str) -> None:
        self.nothing.setText(message)
        self.nothing.setVisible(bool(message))
        self.header.setVisible(not message)
        self.tabs.setVisible(not message)

    @property
    def archived(self) -> bool:
        """Whether the patient shown is archived (False while nothing is loaded)."""
        return self.patient is not None and self.patient.archived

    def reload(self) -> None:
        patient_id = self.patient_id
        if patient_id is None:
            self.header.setText("Select a patient on the left.")
            self.timeline_model.set_course(None)
            return
        db, settings = self.context.db, self.context.settings

        def failed(error: BaseException) -> None:
            if patient_id == self.patient_id and self.patient is None:
                self.patient_id = None  # nothing shown: choosing the patient again retries
            show_failure(error)

        self.context.runner.run(
            lambda: read_chart(db, patient_id, settings.tolerances, settings.stages),
            lambda result: self._show(patient_id, *result),
            failed,
        )

    def _on_visits_changed(self, patient_id: int) -> None:
        if patient_id == self.patient_id:
            self.reload()

    def _show(
        self,
        patient_id: int,
        patient: PatientRecord,
        course: PatientCourse,
        history: SymptomHistory,
        changes: list[str],
        stage: StageShown | None,
    ) -> None:
        if patient_id != self.patient_id:
            return  # the user moved on while this loaded
        self.patient, self.course = patient, course
        self.header.setText(_header_html(patient, course) + _stage_html(stage))
        self.changes.setText("<br>".join(f"• {escape(change)}" for change in changes))
        self.changes.setVisible(bool(changes))
        self.timeline_model.set_course(course)  # its fitter sizes the rows
        self._history = history
        if self._graphs is not None:  # else given the course when it is made
            self._graphs.show_course(patient_id, course, history)
        self._show_photos_of_visit()
        self.loaded.emit(patient_id)
        waiting, self._visit_to_open = self._visit_to_open, None
        if waiting is not None and waiting[0] == patient_id:
            self.visit_activated.emit(waiting[1])

    def selected_visit_id(self) -> int | None:
        index = self.timeline.currentIndex()
        return self.timeline_model.visit_id(index.row()) if index.isValid() else None


ARCHIVED_NOTE = (
    "<p style='margin:2px 0; color:#8a4b00'><b>Archived</b> — hidden from the patient list; "
    "Patient ▸ Restore from archive brings this chart back.</p>"
)


def _stage_html(stage: StageShown | None) -> str:
    """The course's stage, its reason and the figures it rests on; nothing before the first
    judged visit (docs/clinical-model.md#course-stages)."""
    if stage is None:
        return ""
    status, figures, _words = stage
    colour = STAGE_COLOURS.get(status.stage, "#444444")
    return (
        f"<p style='margin:2px 0'><b style='color:{colour}'>{STAGE_TERMS[status.stage].label}"
        f"</b> — {escape(status.reason)}<br>"
        f"<span style='color:#555555'>{escape(' · '.join(figures))}</span></p>"
    )


def _header_html(record: PatientRecord, course: PatientCourse) -> str:
    patient = record.draft
    born = ""
    if patient.date_of_birth:
        dob = patient.date_of_birth
        born = f" · born {dob.isoformat()} ({age_in_years(dob, date.today())})"
    hold = course.course
    if hold.hold_rate is None:
        rate = "no interval assessable yet"
    else:
        rate = (
            f"corrections held in {hold.held} of {hold.assessable} intervals ({hold.hold_rate:.0%})"
        )
    profile = f"{escape(patient.running_profile)} · " if patient.running_profile else ""
    name = escape(f"{patient.first_name} {patient.last_name}")
    return (
        f"<h2 style='margin:0'>{name}"
        f" <span style='font-weight:normal'>· {escape(patient.chart_number)}{born}</span></h2>"
        f"{ARCHIVED_NOTE if record.archived else ''}{profile}<b>{rate}</b>"
    )
