"""The editor's frame: header with date and buttons, the scrolling SOAP form, the side column.

Kept apart from editor.py so that one holds behaviour and this one only places widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from charting.vocabulary import VISIT_STATE_TERMS
from models.records import VisitRecord
from models.services.tamper import verify_visit
from ui.context import AppContext
from ui.editor.body_diagram import BodyDiagram
from ui.editor.pelvis_view import PelvisView
from ui.editor.reflow import ReflowBox, part
from ui.editor.widgets import heading

EMPTY_TEXT = (
    "No visit open.\n\nSelect a patient, then press Ctrl+Shift+N for a new visit "
    "(it starts from the last visit's hypothesis and plan),\nor double-click a visit in the "
    "timeline to open it."
)
# Read-only boxes look read-only, so a signed note does not invite typing.
READ_ONLY_STYLE = (
    'QLineEdit[readOnly="true"]:enabled, QPlainTextEdit[readOnly="true"]:enabled, '
    'QAbstractSpinBox[readOnly="true"]:enabled { background: #efefef; color: #333; }'
)
BANNER = "background: #fff4d6; border: 1px solid #e0c060; padding: 4px"
MESSAGE_ERROR = "color: #b00020; font-weight: 600; padding: 2px 4px"
MESSAGE_INFO = "color: #333; padding: 2px 4px"
SIGNED_BANNER = "background: #e4eef8; border: 1px solid #8fb0d0; padding: 4px"
BROKEN_BANNER = "background: #fbe9e7; border: 1px solid #d55e00; color: #8a2b00; padding: 4px"
BROKEN_SIGNATURE = (
    "<b>This note does not match its signature.</b> Its content was changed after it was "
    "signed by {signer} on {when}, outside Holdfast: do not rely on it as the signed record. "
    "Run <i>holdfast check</i> and restore the database from a backup made before the change."
)
SECTION_TITLES = (
    ("S", "Subjective"),
    ("O", "Objective"),
    ("A", "Assessment: muscle-imbalance hypothesis"),
    ("P", "Plan"),
)


class EditorLayout:
    """Widgets around the sections; `place` puts the sections in."""

    def __init__(self, context: AppContext) -> None:
        self.title = QLabel()
        self.status = QLabel()  # save state: saved, unsaved, saved except…
        self.message = QLabel(wordWrap=True)  # the last action's outcome, kept until the next
        self.message.hide()
        self.save_button = QToolButton()
        self.sign_button = QToolButton()
        self.addendum_button = QToolButton()
        self.carried = QWidget()
        self.carried_text = QLabel(wordWrap=True)  # long words must not widen the form
        self.keep_button = QPushButton("Keep as is")
        self.signed = QLabel()
        self.signed.setStyleSheet(SIGNED_BANNER)
        self.signed.setWordWrap(True)
        self.addenda = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.body_diagram = BodyDiagram()
        self.pelvis = PelvisView(context.runner)
        self.pelvis.setMinimumHeight(330)
        self.pelvis.setMaximumHeight(440)
        self.empty = QLabel(EMPTY_TEXT, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.stack = QStackedLayout()

    def place(
        self,
        owner: QWidget,
        header_fields: Sequence[QWidget],
        soap: Sequence[QWidget],
        outcomes: QWidget,
    ) -> None:
        """Lay out `owner`: the header with its fields, then S, O, A, P and the outcomes."""
        # The buttons go under the date when the pane is too narrow for one line.
        header = ReflowBox(
            part(self.title, *header_fields, end_stretch=True),
            part(self.status, *self.buttons()),
            stretch=(1, 0),
        )
        banner = QHBoxLayout(self.carried)
        banner.setContentsMargins(4, 2, 4, 2)
        banner.addWidget(self.carried_text, 1)
        banner.addWidget(self.keep_button)
        self.carried.setStyleSheet(BANNER)
        form = QWidget()
        column = QVBoxLayout(form)
        for (letter, title), section in zip(SECTION_TITLES, soap, strict=True):
            column.addWidget(heading(letter, title))
            column.addWidget(section)
        column.addWidget(outcomes)
        column.addWidget(self.addenda)
        column.addStretch(1)
        self.scroll = scroll = QScrollArea()
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(header)
        page_layout.addWidget(self.message)
        page_layout.addWidget(self.signed)
        page_layout.addWidget(self.carried)
        page_layout.addWidget(scroll, 1)
        # On `owner` before the pages go in: a layout with no widget cannot adopt the first
        # page, which it shows, so it showed as a window of its own for an instant.
        owner.setLayout(self.stack)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        owner.setStyleSheet(READ_ONLY_STYLE)

    def restyle(self, editor: QWidget) -> None:
        """Re-read [readOnly="true"] after a switch between draft and signed."""
        for box in editor.findChildren(QWidget):
            if isinstance(box, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
                box.style().unpolish(box)
                box.style().polish(box)

    def buttons(self) -> list[QWidget]:
        return [self.save_button, self.sign_button, self.addendum_button]

    def set_tab_order(self, chain: list[QWidget]) -> None:
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_empty(self, empty: bool) -> None:
        self.stack.setCurrentIndex(0 if empty else 1)
        self.scroll.verticalScrollBar().setValue(0)  # each visit opens at S

    def set_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(MESSAGE_ERROR if error else MESSAGE_INFO)
        self.message.setVisible(bool(text))

    def set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020" if error else "color: #555")

    def show_carried(self, complaints: bool, hypothesis_and_plan: bool) -> None:
        """The banner over what came from the last visit and still waits for a look."""
        self.carried.setVisible(complaints or hypothesis_and_plan)
        self.carried_text.setText(carried_words(complaints, hypothesis_and_plan))

    def show_visit(self, record: VisitRecord | None) -> None:
        state = "new, not saved yet" if record is None else record.status
        self.title.setText(f"<b>Visit</b> ({state})")
        self.signed.setVisible(bool(record and record.signed))
        self.set_message("")
        self.addenda.setText(addenda_html(record))
        if record and record.signed:
            when = record.signed_at.strftime("%Y-%m-%d %H:%M") if record.signed_at else ""
            signer = escape(record.signed_by or "")
            holds = verify_visit(record)  # a hash of one note: well under a millisecond
            self.signed.setStyleSheet(SIGNED_BANNER if holds else BROKEN_BANNER)
            self.signed.setText(
                f"Signed by {signer} on {when}. The note is read-only; corrections go into "
                "an addendum (Visit ▸ Add addendum, Ctrl+Shift+A)."
                if holds
                else BROKEN_SIGNATURE.format(signer=signer, when=when)
            )
            self.set_status(VISIT_STATE_TERMS["signed"].label)
        else:
            self.set_status(VISIT_STATE_TERMS["draft"].label if record else "New visit")


def carried_words(complaints: bool, hypothesis_and_plan: bool) -> str:
    """What the carried-over banner asks for; the rows it means are in italics."""
    if complaints and hypothesis_and_plan:
        return (
            "Complaints, hypothesis and plan carried over from the last visit (in italics): "
            "re-rate each complaint's pain for today and edit the rest, or keep them as they "
            "are. Readings are never carried over."
        )
    if complaints:
        return (
            "Complaints carried over from the last visit (in italics): re-rate each one's "
            "pain for today, or keep them as they are."
        )
    return (
        "Hypothesis and plan carried over from the last visit (in italics): edit them, or "
        "keep them as they are. Readings are never carried over."
    )


def addenda_html(record: VisitRecord | None) -> str:
    """Addenda below the unchanged original: time, author, reason, text."""
    if record is None or not record.addenda:
        return ""
    parts = ["<h3 style='margin-bottom:2px'>Addenda</h3>"]
    for addendum in record.addenda:
        when = addendum.created_at.strftime("%Y-%m-%d %H:%M")
        parts.append(
            f"<p style='margin:4px 0'><b>{when} · {escape(addendum.author)}</b> — reason: "
            f"{escape(addendum.reason)}<br>{escape(addendum.text).replace(chr(10), '<br>')}</p>"
        )
    return "".join(parts)
