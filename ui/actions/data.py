"""Demo data from the GUI (off the GUI thread). Export and import are in
ui/exchange_dialog.py, backups in ui/actions/backups.py."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from models.services.demo import load_demo
from ui.context import AppContext
from ui.messages import refusal_text


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


def open_exchange(context: AppContext, parent: QWidget, direction: str) -> None:
    """File ▸ Export… or Import… (`direction`: 'export' or 'import'); imported when first
    used, so the first screen does not wait for the formats' modules."""
    from ui.exchange_dialog import ExchangeDialog

    ExchangeDialog(context, direction, parent).open()
