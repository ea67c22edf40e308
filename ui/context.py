"""What every window needs, passed explicitly (no global app object: Picard's regret)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from models.database import Database
from models.practitioner import practitioner
from models.settings import Settings, load_settings, save_settings
from ui.runner import Runner


class DataEvents(QObject):
    """Broadcasts that stored data changed, so views refresh without knowing each other."""

    patients_changed = Signal()  # any number of patients (an import, the demo)
    patient_changed = Signal(int)  # one patient's own record: created, edited, archived
    visits_changed = Signal(int)  # patient id
    settings_changed = Signal()


@dataclass
class AppContext:
    db: Database
    runner: Runner
    events: DataEvents = field(default_factory=DataEvents)
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        """Read from disk once; Preferences replaces it through `save_settings`."""
        if self._settings is None:
            self._settings = load_settings(self.db.path)
        return self._settings

    def save_settings(self, settings: Settings) -> None:
        save_settings(self.db.path, settings)
        self._settings = settings
        self.events.settings_changed.emit()

    @property
    def actor(self) -> str:
        """Who the audit trail names for changes made in the GUI (models/practitioner.py)."""
        return practitioner(self.settings)
