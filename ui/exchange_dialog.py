"""File ▸ Export… and File ▸ Import…: the format, the file or folder, then the work on the
worker thread with a progress bar and Cancel, and a summary at the end.

The worker reports progress through `_Relay`'s signal, queued to the GUI thread, at most
every 50 ms (ui/exchange_formats.py `Throttled`). A cancel is read between patients
(models/exchange_progress.py): an export then leaves no file, an import rolls back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.exchange_audit import Written
from models.exchange_progress import CancelFlag
from models.exchange_read import ImportFailed
from ui import exchange_formats as formats
from ui.context import AppContext
from ui.exchange_formats import EXPORT, FORMATS, IMPORT, REFUSED, ExchangeFormat, Throttled

PURPOSE_STYLE = "color: #555; margin-left: 22px; margin-bottom: 4px"  # under its button


def _wrapped(text: str, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


class _Relay(QObject):
    """Made on the GUI thread; the worker emits, the dialog receives (queued)."""

    progressed = Signal(int, object)  # patients done, the total (None: not known)


class ExchangeDialog(QDialog):
    """Export every patient to a file, or import a file's patients (`direction`)."""

    def __init__(self, context: AppContext, direction: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.direction, self.exporting = context, direction, direction == EXPORT
        self.setWindowTitle(formats.TITLES[direction])
        self.running, self.flag = False, CancelFlag()
        self.relay = _Relay(self)
        self.relay.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Format</b>"))
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for number, choice in enumerate(FORMATS):
            radio = self.radios[choice.key] = QRadioButton(choice.label)
            self.group.addButton(radio, number)
            layout.addWidget(radio)
            layout.addWidget(_wrapped(choice.purpose, PURPOSE_STYLE))
        self.radios["json"].setChecked(True)
        layout.addSpacing(8)
        layout.addWidget(QLabel("<b>File or folder</b>"))
        self.path_field, self.choose_button = QLineEdit(), QPushButton("C&hoose…")
        self.choose_button.clicked.connect(self.choose_path)
        row = QHBoxLayout()
        row.addWidget(self.path_field, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        self.group.idToggled.connect(self._show_where)
        self._show_where()
        self.bar, self.status = QProgressBar(), _wrapped("")
        self.details = QPlainTextEdit()  # a refused import's located problems
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        for widget in (self.bar, self.status, self.details):
            layout.addWidget(widget)
        for widget in (self.bar, self.status, self.details):
            widget.hide()  # until there is something to show: no empty gap above the buttons
        self.buttons = QDialogButtonBox()
        start = "&Export" if self.exporting else "&Import"
        self.start_button = self.buttons.addButton(start, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)
        layout.addStretch(1)  # spare height (wrapped sentences are sized for a narrower width)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)  # the height follows, from the wrapped sentences at this width

    def chosen(self) -> ExchangeFormat:
        return FORMATS[self.group.checkedId()]

    def _show_where(self) -> None:
        what = "folder" if self.chosen().is_folder else "file"
        self.path_field.setPlaceholderText(f"Type the {what}'s path, or Choose…")

    def choose_path(self) -> None:
        """The system's chooser: a file with the format's filter, or a folder."""
        chosen, typed, title = self.chosen(), self.path_field.text(), self.windowTitle()
        if chosen.is_folder:  # an export's must be new or empty: StagedExport refuses others
            path = QFileDialog.getExistingDirectory(self, title, typed)
        elif self.exporting:
            suggested = typed or chosen.suggested
            path = QFileDialog.getSaveFileName(self, title, suggested, chosen.name_filter)[0]
        else:
            path = QFileDialog.getOpenFileName(self, title, typed, chosen.name_filter)[0]
        if path:
            self.path_field.setText(path)

    def start(self) -> None:
        """Run the export or import on the worker, with the bar and Cancel."""
        chosen, typed = self.chosen(), self.path_field.text().strip()
        try:
            if not typed:
                raise ValueError(f"Choose the {'folder' if chosen.is_folder else 'file'} first.")
            path = formats.target_path(chosen, typed) if self.exporting else Path(typed)
        except ValueError as error:
            self._say(str(error))
            return
        self.running = True
        for widget in (*self.radios.values(), self.path_field, self.choose_button):
            widget.setEnabled(False)
        self.start_button.setEnabled(False)
        self.bar.setRange(0, 0)  # busy until the patients are counted
        self.bar.show()
        self._say("Counting the patients…")
        db, direction, actor = self.context.db, self.direction, self.context.actor
        report, flag = self.relay.progressed.emit, self.flag

        def work() -> Written:  # on the worker: values only, no widget
            total = formats.count_patients(db, direction, chosen, path)
            report(0, total)
            progress = Throttled(report, total)
            return formats.run_exchange(db, direction, chosen, path, actor, progress, flag)

        self.context.runner.run(work, lambda w: self._finished(w, path), self._failed)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def _show_progress(self, done: int, total: int | None) -> None:
        if not self.running:  # a late report after the end
            return
        self.bar.setRange(0, max(total, done) if total else 0)  # 0, 0: busy, the total unknown
        self.bar.setValue(done)
        if not self.flag.cancelled:
            self._say(formats.progress_text(done, total))

    def _finished(self, written: Written, path: Path) -> None:
        self._ended(formats.summary(self.direction, written, path))
        self.bar.setRange(0, 1)  # full, even for a practice of no patients
        self.bar.setValue(1)
        if self.direction == IMPORT:
            self.context.events.patients_changed.emit()

    def _failed(self, error: BaseException) -> None:
        text = formats.failure_summary(self.direction, error)
        self.bar.hide()
        if isinstance(error, ImportFailed):
            self._ended(REFUSED)
            self.details.setPlainText(text)
            self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * 12)
            self.details.show()
            self.resize(max(self.width(), 760), self.height())  # the lines are long
        else:
            self._ended(text)

    def _ended(self, text: str) -> None:
        self.running = False
        self._say(text)
        self.start_button.hide()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Close")

    def reject(self) -> None:
        """Cancel the work while it runs (the dialog stays to say how it ended); else close.
        Escape and the window's close button come here too (QDialog.closeEvent)."""
        if not self.running:
            super().reject()
        elif not self.flag.cancelled:
            self.flag.cancel()
            self.cancel_button.setEnabled(False)
            self._say("Cancelling…")
