"""Demo data from the GUI (off the GUI thread), and File ▸ Export… / Import…, which open
ui/exchange_dialog.py; backups are in ui/actions/backups.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from models.services.demo import load_demo
from ui.context import AppContext
from ui.messages import refusal_text

if TYPE_CHECKING:  # imported when first opened
    from ui.exchange_dialog import ExchangeDialog


def _fail(parent: QWidget, title: str) -> Callable[[BaseException], None]:
    def show(error: BaseException) -> None:
        QMessageBox.warning(parent, title, refusal_text(error))

    return show


def load_demo_patients(context: AppContext, parent: QWidget) -> None:
    context.runner.run(
        lambda: load_demo(context.db, context.actor),
        lambda _count: context.events.patients_changed.emit(),
        _fail(parent, "Demo patients"),
    )


def open_exchange(context: AppContext, parent: QWidget, direction: str) -> ExchangeDialog:
    """File ▸ Export… or Import… (`direction`: 'export' or 'import'); imported when first
    used, so the first screen does not wait for the formats' modules."""
    from ui.exchange_dialog import ExchangeDialog

    dialog = ExchangeDialog(context, direction, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # it cannot close while working
    dialog.open()
    return dialog
