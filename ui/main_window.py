"""The main window: wires the patient list, the chart and the actions together. Nothing more."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter

from models.backup_files import when_made
from models.restore import Restored
from models.services.patients import patient_id_for_chart
from ui.actions import backups, data, patients
from ui.change_watch import ChangeWatcher
from ui.chart_view import ChartView
from ui.context import AppContext
from ui.help import install_help_menu
from ui.lock.app_lock import AppLock
from ui.messages import NO_PATIENT
from ui.patient_list import PatientListView
from ui.shortcuts import LOCK_KEYS, WindowShortcuts

if TYPE_CHECKING:  # windows and dialogs are imported when opened: the first screen needs
    from ui.backups_dialog import BackupsDialog  # none of them (nor the dashboard's figures)
    from ui.dashboard import DashboardWindow
    from ui.editor.editor import VisitEditor
    from ui.recall_dialog import RecallDialog

# The patient list's width on a first start (no saved layout), in logical pixels: the widest
# already at a 1024-pixel window, where the Stage column left the names 4 letters at 0.36.
LIST_SHARE, LIST_NARROWEST, LIST_WIDEST = 0.42, 260, 430


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle(f"Holdfast — {context.db.short_name}")
        self.patient_list = PatientListView(context)
        self.chart = ChartView(context)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.patient_list)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.patient_list.patient_selected.connect(self.chart.show_patient)
        self.patient_list.nothing_found.connect(self.chart.show_no_match)
        self.patient_list.visit_requested.connect(self.chart.open_visit)
        self.patient_list.load_demo_requested.connect(
            lambda: data.load_demo_patients(context, self)
        )
        self._split_pending = False  # the list's share is set at the first show
        self.backup_on_close = False  # set by start_automatic_backups
        self.successor: MainWindow | None = None  # the window a restore opened in its place
        self._editor: VisitEditor | None = None
        self._visit_actions: dict[str, QAction] = {}
        self._build_menus()
        self.shortcuts = WindowShortcuts(self)  # the menus' keys work from any field
        self.app_lock = AppLock(self, context)  # Ctrl+L and the idle time hide patient data
        self.watcher = self._watch_others() if context.db.on_server else None
        self.statusBar().showMessage(f"Database: {context.db.location}")
        self._restore_layout()
        self.patient_list.refresh()
        # The visit editor (a hidden tab) and its menus are built after the list's first
        # page, queued behind it: the first screen does not wait for them (issue 11).
        context.runner.run(lambda: None, lambda _none: self._build_editor())

    def _watch_others(self) -> ChangeWatcher:
        """On a clinic server: the list and chart follow what other practitioners write."""
        watcher = ChangeWatcher(self.context, self)
        location = f"Database: {self.context.db.location}"
        watcher.trouble.connect(lambda text: self.statusBar().showMessage(text or location))
        watcher.start()
        return watcher

    def _action(
        self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        c, bar = self.context, self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&Import…", lambda: data.open_exchange(c, self, "import"))
        self._action(file, "&Export…", lambda: data.open_exchange(c, self, "export"))
        for action in (
            self._action(file, "&Back up now", self.back_up_now),
            self._action(file, "Bac&kups…", self.open_backups),
        ):
            if c.db.on_server:  # the server's own schedule backs it up (README)
                action.setEnabled(False)
                action.setStatusTip("A clinic server is backed up on the server (pg_dump).")
        file.addSeparator()
        self._action(file, "&Preferences…", self.open_preferences, "Ctrl+,")
        self._action(file, "&Lock Holdfast", lambda: self.app_lock.lock(), LOCK_KEYS)
        self._action(file, "&Quit", self.close, "Ctrl+Q")
        patient = bar.addMenu("&Patient")
        self._action(patient, "&New patient…", self.new_patient, "Ctrl+N")
        self._action(patient, "&Edit patient…", self.edit_patient, "Ctrl+E")
        patients.install_archive_action(self, patient, self.chart, c)
        self._action(patient, "&Find patient", self.focus_search, "Ctrl+F")
        self._action(patient, "A&udit trail…", self.show_audit_trail)
        self.visit_menu = bar.addMenu("&Visit")  # filled by _build_editor
        self.reports_menu = bar.addMenu("&Reports")
        view = bar.addMenu("V&iew")
        self.show_archived = self._action(view, "Show &archived patients", self._toggle_archived)
        self.show_archived.setCheckable(True)
        dashboard = self._action(view, "Practice &dashboard", self.open_dashboard, "Ctrl+D")
        self._action(view, "&Recall list…", self.open_recall, "Ctrl+R")
        self.help = install_help_menu(self, bar.addMenu("&Help"), c)
        self._build_toolbar(patient.actions()[0], dashboard)

    def _build_toolbar(self, new_patient: QAction, dashboard: QAction) -> None:
        """The everyday actions in view, so nobody has to discover them in menus (the
        visit's and the reports' are put in their places by _build_editor)."""
        self.toolbar = self.addToolBar("Main")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(new_patient)
        self._visit_place = self.toolbar.addSeparator()
        self._reports_place = self.toolbar.addSeparator()
        self.toolbar.addAction(dashboard)

    def _build_editor(self) -> None:
        """The visit editor in the chart's tabs, the Visit and Reports menus and their
        toolbar buttons; once (queued at start, or at the first use of `editor`)."""
        if self._editor is not None:
            return
        from ui.actions.reports import install_reports_menu
        from ui.editor.editor import VisitEditor
        from ui.editor.visit_menu import install_visit_menu

        self._editor = editor = VisitEditor(self.context)
        self._visit_actions = install_visit_menu(self, self.visit_menu, self.chart, editor)
        report_actions = install_reports_menu(self, self.reports_menu, self.chart, editor)
        # save and sign sit on the editor itself
        self.toolbar.insertAction(self._visit_place, self._visit_actions["new"])
        for action in report_actions.values():
            self.toolbar.insertAction(self._reports_place, action)

    @property
    def editor(self) -> VisitEditor:
        """The visit editor (built now if the start has not built it yet)."""
        self._build_editor()
        assert self._editor is not None
        return self._editor

    @property
    def visit_actions(self) -> dict[str, QAction]:
        """The Visit menu's actions by name ("new", "save", "sign", …)."""
        self._build_editor()
        return self._visit_actions

    def back_up_now(self) -> None:
        def made(path: Path) -> None:
            self.statusBar().showMessage(f"Backed up and checked: {path}", 10000)

        backups.backup_now(self.context, self, made)

    def open_preferences(self) -> None:
        from ui.preferences import PreferencesDialog

        PreferencesDialog(self.context, self).open()

    def open_backups(self) -> BackupsDialog:
        from ui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.context, self, self.restore_backup)
        dialog.open()
        return dialog

    def restore_backup(self, backup: Path, failed: Callable[[BaseException | str], object]) -> None:
        """Restore `backup` (File ▸ Backups…); this window then gives way to a new one."""

        def reopen(restored: Restored) -> None:
            self.reopen(restored, backup)

        backups.restore_in_window(self.context, self.editor.session, backup, reopen, failed)

    def start_automatic_backups(self) -> None:
        """Back up at start-up now and on close later, when something changed (run_app)."""
        self.backup_on_close = True
        backups.backup_at_start(self.context, self)

    def reopen(self, restored: Restored, backup: Path) -> MainWindow:
        """A new main window on the restored database in place of this one: every view, the
        editor included, starts from the restored records rather than from what it held."""
        successor = MainWindow(AppContext(restored.db, self.context.runner))
        successor.backup_on_close = self.backup_on_close
        successor.restoreGeometry(self.saveGeometry())
        locked = self.app_lock.locked
        self.app_lock.stop_watching()
        successor.show()
        if locked:  # the restore finished behind the lock: the restored records stay hidden
            successor.app_lock.lock()
        said = f"Restored the backup made {when_made(backup):%Y-%m-%d %H:%M}"
        if restored.kept_current is not None:
            said += f"; the database as it was is kept as {restored.kept_current.name}"
        successor.statusBar().showMessage(f"{said}.", 30000)
        self.successor = successor  # run_app holds only the first window: this one holds it
        self.backup_on_close = False  # its database was replaced
        self.close()
        self.deleteLater()
        return successor

    def current_patient(self) -> int | None:
        """The patient on the right; None (with a hint in the status bar) when there is none."""
        if self.chart.patient_id is None:
            self.statusBar().showMessage(NO_PATIENT, 8000)
        return self.chart.patient_id

    def new_patient(self) -> None:
        def created(patient_id: int) -> None:
            self.chart.show_patient(patient_id)

        patients.new_patient(self.context, self, created)

    def edit_patient(self) -> None:
        if (patient_id := self.current_patient()) is not None:
            patients.edit_patient(self.context, self, patient_id)

    def show_audit_trail(self) -> None:
        """The trail of the patient on screen, or of every patient when none is."""
        from ui.audit_dialog import AuditDialog

        AuditDialog(self.context, self.chart.patient_id, self).open()

    def focus_search(self) -> None:
        self.patient_list.search.setFocus()
        self.patient_list.search.selectAll()

    def open_dashboard(self) -> DashboardWindow:
        from ui.dashboard import DashboardWindow

        window = DashboardWindow(self.context, self)
        window.chart_requested.connect(self.open_chart)
        window.show()
        return window

    def open_recall(self) -> RecallDialog:
        from ui.recall_dialog import RecallDialog

        dialog = RecallDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chart_requested.connect(self.open_chart)
        dialog.show()
        return dialog

    def open_chart(self, chart_number: str) -> None:
        """Select a patient by chart number (clears a search that would hide them)."""
        self.patient_list.search.clear()
        self.context.runner.run(
            lambda: patient_id_for_chart(self.context.db, chart_number),
            self._select_after_refresh,
        )

    def _select_after_refresh(self, patient_id: int) -> None:
        self.patient_list.refresh()
        self.patient_list.select_patient(patient_id)
        self.chart.show_patient(patient_id)

    def _toggle_archived(self) -> None:
        self.patient_list.include_archived = self.show_archived.isChecked()
        self.patient_list.refresh()

    def _restore_layout(self) -> None:
        # Window layout only: QSettings never holds patient data (docs/ARCHITECTURE.md#settings).
        settings = QSettings("Holdfast", "Holdfast")
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:  # shared out once the window has the size the screen gave it
            self._split_pending = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._split_pending:
            self._split_pending = False
            self.splitter.setSizes(list(split_sizes(self.splitter.width())))

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings("Holdfast", "Holdfast")
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        if self.backup_on_close:
            backups.backup_on_close(self.context)
        super().closeEvent(event)


def split_sizes(width: int) -> tuple[int, int]:
    """The patient list's and the chart's share of a window `width` wide: the list takes
    less in a small window, so the visit form keeps room beside it."""
    patients = min(LIST_WIDEST, max(LIST_NARROWEST, round(width * LIST_SHARE)))
    return patients, width - patients
