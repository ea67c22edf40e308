"""The full-text index during an import: filled once at the end instead of row by row.

The triggers of schema 0005 rebuild a visit's `visit_search` row on every insert into the
visit, its complaints, findings and addenda: about a third of an import's time, spent on
rows that are deleted again by the next insert of the same visit. An import sets those
insert triggers aside inside its own transaction, and before it ends creates them again,
exactly as the schema defines them (models/lock_triggers.py), and fills the index of the
new visits with one INSERT ... SELECT of the very text the triggers build
(`DOCUMENT` of migration 0005).

Why this cannot leave the index behind or a trigger missing: DROP and CREATE TRIGGER are
part of the transaction. Until it commits, no other connection sees the triggers missing
(nor the new visits); if anything fails, the rollback brings them back with everything
else. The import's connection writes nothing but the import meanwhile, and `restore` runs
before the commit (models/exchange_import.py `ImportRun.finish`).
"""

from __future__ import annotations

import importlib

from models.dialects import DriverCursor
from models.lock_triggers import SEARCH_BODIES, create_statement

_SEARCH = importlib.import_module("models.migrations.versions.0005_visit_search")
# The insert triggers the import's rows would run; update and delete ones stay (an import
# updates a visit only to sign it, which changes no indexed column).
SET_ASIDE = (
    "visit_search_visit_insert",
    "visit_search_complaint_insert",
    "visit_search_muscle_finding_insert",
    "visit_search_addendum_insert",
)
# As the trigger does, any row already under a new visit's id goes first (none, in an index
# in step with its visits).
CLEAR = "DELETE FROM visit_search WHERE rowid > ?"
FILL = f"INSERT INTO visit_search ({_SEARCH.COLUMNS}) {_SEARCH.DOCUMENT} WHERE v.id > ?"


class DeferredIndex:
    """The index triggers set aside in the transaction `cursor` is in, for visits with ids
    above `last_visit_id` (the largest before the import)."""

    def __init__(self, cursor: DriverCursor, last_visit_id: int) -> None:
        self._cursor, self._last_visit_id = cursor, last_visit_id
        for name in SET_ASIDE:
            cursor.execute(f"DROP TRIGGER {name}")
        self.restored = False

    def restore(self) -> None:
        """The triggers back as the schema defines them, and the new visits indexed."""
        for name in SET_ASIDE:
            self._cursor.execute(create_statement(name, SEARCH_BODIES[name]))
        self._cursor.execute(CLEAR, (self._last_visit_id,))
        self._cursor.execute(FILL, (self._last_visit_id,))
        self.restored = True
