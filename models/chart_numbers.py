"""Chart numbers name one patient whatever their case: "r-001" and "R-001" are the same chart.

The database enforces it with a unique index on `chart_number COLLATE NOCASE` (migration
0003), so even a hand-typed INSERT in sqlite3 is refused. SQLite's NOCASE folds the ASCII
letters only, and every lookup here compares the same way, so the services, the import and
the index always agree on what counts as "the same".

This module uses only the `patient` and `audit_event` columns that exist since schema 0001,
so `rename_chart_number` can repair a database that the upgrade to 0003 refused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, text

from models.audit import to_json

NOCASE_INDEX = "ux_patient_chart_number_nocase"
RENAME_ACTION = "rename chart number"
MAX_LENGTH = 40


def taken_message(typed: str, stored: str) -> str:
    """What the practitioner reads when a chart number belongs to another patient (the other
    patient's name is never shown)."""
    same = "" if typed == stored else f" (as {stored})"
    return f"{typed} is already used by another patient{same}"


def case_twins(connection: Connection) -> list[list[str]]:
    """Groups of stored chart numbers that differ only by case, each group sorted."""
    rows = connection.execute(
        text(
            "SELECT chart_number FROM patient WHERE chart_number COLLATE NOCASE IN ("
            " SELECT chart_number FROM patient GROUP BY chart_number COLLATE NOCASE"
            " HAVING count(*) > 1)"
        )
    ).scalars()
    groups: dict[str, list[str]] = {}
    for chart in rows:
        groups.setdefault(fold_case(chart), []).append(chart)
    return [sorted(group) for _key, group in sorted(groups.items())]


def fold_case(chart: str) -> str:
    """A chart number folded as SQLite's NOCASE folds it (ASCII letters only), so checks made
    in Python agree with the unique index."""
    return "".join(c.lower() if c.isascii() else c for c in chart)


def twins_message(twins: list[list[str]]) -> str:
    """Why an upgrade stops, which chart numbers clash, and how to go on."""
    pairs = "; ".join(" and ".join(group) for group in twins)
    example = twins[0][-1]
    return (
        "chart numbers must now differ by more than upper and lower case, and this database "
        f"holds {pairs}. Nothing was changed. Give one patient of each pair another chart "
        f"number with the command `holdfast --db PATH rename-chart {example} NEW-NUMBER`, then "
        "open the database again."
    )


def rename_chart_number(engine: Engine, old: str, new: str, actor: str) -> str:
    """Give the patient with chart number `old` the number `new`, audited; returns the stored
    old number. `old` is matched exactly first (it may have a case twin), then ignoring case."""
    new = new.strip()
    if not new:
        raise ValueError("new chart number: write the chart number to give")
    if len(new) > MAX_LENGTH:
        raise ValueError(f"new chart number: must be at most {MAX_LENGTH} characters")
    with engine.begin() as connection:
        row = connection.execute(
            text("SELECT id, chart_number FROM patient WHERE chart_number = :old"), {"old": old}
        ).first()
        if row is None:
            found = connection.execute(
                text(
                    "SELECT id, chart_number FROM patient WHERE chart_number = :old COLLATE NOCASE"
                ),
                {"old": old.strip()},
            ).all()
            if len(found) != 1:
                raise LookupError(f"no patient with chart number {old}")
            row = found[0]
        patient_id, stored = row
        other = connection.execute(
            text(
                "SELECT chart_number FROM patient"
                " WHERE chart_number = :new COLLATE NOCASE AND id != :id"
            ),
            {"new": new, "id": patient_id},
        ).first()
        if other is not None:
            raise ValueError(f"new chart number: {taken_message(new, other[0])}")
        now = datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy stores it
        connection.execute(
            text("UPDATE patient SET chart_number = :new, updated_at = :now WHERE id = :id"),
            {"new": new, "now": now, "id": patient_id},
        )
        connection.execute(
            text(
                "INSERT INTO audit_event (at, actor, action, entity, entity_id, before, after)"
                " VALUES (:at, :actor, :action, 'patient', :id, :before, :after)"
            ),
            {"at": now, "actor": actor or "unknown", "action": RENAME_ACTION, "id": patient_id,
             "before": to_json(stored), "after": to_json(new)},
        )  # fmt: skip
    return str(stored)
