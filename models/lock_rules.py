"""The words of the locks both engines enforce (SQLite's triggers in models/lock_triggers.py,
a clinic server's PL/pgSQL in models/server_triggers.py), spelled once."""

SIGNED = "signed visit is locked: record a correction as an addendum"
CHILD_TABLES = ("reading", "complaint", "muscle_finding", "plan_item", "outcome_score")
# Locked like the child tables, by triggers schema 0010 adds (0009 made the others).
PHOTO_TABLES = ("photo",)
