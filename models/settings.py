"""Preferences, declared once with defaults and a schema version (docs/ARCHITECTURE.md#settings).

Stored as JSON beside the database, so a practice's settings travel with its data. No
patient data lives here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from charting.course_stage import StageSettings
from charting.tolerances import Tolerances
from models.private_files import write_private

SETTINGS_VERSION = 1
NESTED = {"tolerances", "stages"}  # settings of their own kind, read field by field


@dataclass(frozen=True)
class Settings:
    practitioner_name: str = ""
    credentials: str = ""
    clinic_name: str = ""
    clinic_address: str = ""
    clinic_phone: str = ""
    logo_path: str = ""
    paper_size: str = "A4"  # or "Letter"
    default_device: str = "palm"
    backup_folder: str = ""  # empty: backups/ beside the database (models/backup_folder.py)
    app_password: str = ""  # a salted scrypt hash, never the password (models/app_password.py)
    lock_after_minutes: int = 10  # the app lock's idle time; 0: only on demand (ui/lock/)
    tolerances: Tolerances = field(default_factory=Tolerances)
    stages: StageSettings = field(default_factory=StageSettings)
    handout_says_stage: bool = False  # the handout says where the course stands, in words

    @property
    def signer(self) -> str:
        """Name and credentials as they appear on a signature."""
        return ", ".join(p for p in (self.practitioner_name.strip(), self.credentials.strip()) if p)


def settings_path(db_path: Path) -> Path:
    return db_path.parent / "settings.json"


def load_settings(db_path: Path) -> Settings:
    """Settings from disk; missing or unknown keys fall back to the defaults."""
    path = settings_path(db_path)
    if not path.exists():
        return Settings()
    data = json.loads(path.read_text(encoding="utf-8"))
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in known - NESTED}
    known_stages = {f.name for f in fields(StageSettings)}
    stages = {k: v for k, v in data.get("stages", {}).items() if k in known_stages}
    tolerances = Tolerances(**data.get("tolerances", {}))
    return Settings(**values, tolerances=tolerances, stages=StageSettings(**stages))


def save_settings(db_path: Path, settings: Settings) -> None:
    """Write atomically: a crash mid-write leaves the old file, never half a file."""
    path = settings_path(db_path)
    data = {"version": SETTINGS_VERSION, **asdict(settings)}
    temporary = path.with_suffix(".tmp")
    write_private(temporary, json.dumps(data, indent=2).encode("utf-8"))
    temporary.replace(path)
