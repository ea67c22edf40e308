"""Chart numbers name one patient whatever their case: "r-001" and "R-001" are the same chart.

The database enforces it with a unique index on `chart_number COLLATE NOCASE` (migration
0003), so even a hand-typed INSERT in sqlite3 is refused. SQLite's NOCASE folds the ASCII
letters only, and every lookup here compares the same way, so the services, the import and
the index always agree on what counts as "the same".

`rename_chart_number` uses only the `patient` and `audit_event` columns that exist since
schema 0001 (the audit event's patient where the file has it), so it can repair a database
that the upgrade to 0003 refused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    func,
    insert,
    inspect,
    literal,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from charting.errors import FieldError
from models import audit
from models.audit_chain import append_event
from models.dialects import folded
from models.orm import AuditEvent, Patient
from models.records import chart_number_too_long

NOCASE_INDEX = "ux_patient_chart_number_nocase"
RENAME_ACTION = "rename chart number"


def taken_message(typed: str, stored: str) -> str:
    """What the practitioner reads when a chart number belongs to another patient (the other
    patient's name is never shown)."""
    same = "" if typed == stored else f" (as {stored})"
    return f"{typed} is already used by another patient{same}"


def case_twins(connection: Connection) -> list[list[str]]:
    """Groups of stored chart numbers that differ only by case, each group sorted."""
    key = folded(Patient.chart_number)
    twins = select(key).group_by(key).having(func.count() > 1)
    rows = connection.execute(select(Patient.chart_number).where(key.in_(twins))).scalars()
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


def same_chart(chart_number: str) -> ColumnElement[bool]:
    """The chart number compared as the unique index compares it: ignoring case."""
    return folded(Patient.chart_number) == folded(literal(chart_number.strip()))


def refuse_taken(session: Session, chart_number: str, patient_id: int | None = None) -> None:
    """FieldError if another patient has this chart number, whatever its case."""
    query = select(Patient.chart_number).where(same_chart(chart_number))
    if patient_id is not None:
        query = query.where(Patient.id != patient_id)
    stored = session.scalar(query)
    if stored is not None:
        raise FieldError("chart_number", taken_message(chart_number, stored))


def write_unless_taken_meanwhile(
    session: Session, chart_number: str, patient_id: int | None = None
) -> None:
    """Flush the session. Another Holdfast on the same file may give the chart number to a
    patient between our check and this write: the unique index refuses the write, and the
    practitioner reads the same FieldError as for a number taken before (never SQL)."""
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        refuse_taken(session, chart_number, patient_id)
        raise  # refused for another reason: a defect, not a typing mistake


def rename_chart_number(engine: Engine, old: str, new: str, actor: str) -> str:
    """Give the patient with chart number `old` the number `new`, audited; returns the stored
    old number. `old` is matched exactly first (it may have a case twin), then ignoring case."""
    new = new.strip()
    try:
        if not new:
            raise FieldError("chart_number", "write the chart number to give")
        if too_long := chart_number_too_long(new):
            raise too_long
        with Session(engine) as session:  # closing it uncommitted rolls back
            patient_id, stored = _patient_numbered(session, old)
            refuse_taken(session, new, patient_id)
            # Only the columns every schema has: the file may be older than the ORM's.
            renamed = {"chart_number": new, "updated_at": datetime.now()}
            session.execute(update(Patient).where(Patient.id == patient_id).values(renamed))
            write_unless_taken_meanwhile(session, new, patient_id)
            _audit_rename(session, actor, patient_id, stored, new)
            session.commit()
    except FieldError as problem:
        raise ValueError(f"new chart number: {problem.message}") from None
    return stored


def _patient_numbered(session: Session, chart_number: str) -> tuple[int, str]:
    """The id and stored chart number of the patient `chart_number` names."""
    numbered = select(Patient.id, Patient.chart_number)
    exact = session.execute(numbered.where(Patient.chart_number == chart_number)).first()
    if exact is not None:
        return exact.id, exact.chart_number
    found = session.execute(numbered.where(same_chart(chart_number))).all()
    if len(found) != 1:  # none, or case twins of which none is spelled as typed
        raise LookupError(f"no patient with chart number {chart_number}")
    return found[0].id, found[0].chart_number


def _audit_rename(session: Session, actor: str, patient_id: int, old: str, new: str) -> None:
    """The rename's audit event, written as `audit.record` writes it. A database the upgrade
    refused is older than schema 0006, and its audit_event has no patient_id column (the ORM
    would write one): there the event goes without it, and 0006 fills it in on the upgrade
    (a patient's events are their own)."""
    event = audit.event_values(
        actor, RENAME_ACTION, "patient", patient_id,
        {"chart_number": old}, {"chart_number": new}, patient_id=patient_id,
    )  # fmt: skip
    columns = {
        column["name"] for column in inspect(session.connection()).get_columns("audit_event")
    }
    if "hash" in columns:  # schema 0007 on: the event links into the chain
        session.flush()
        append_event(session.connection(), event)
        return
    if "patient_id" not in columns:
        del event["patient_id"]
    session.execute(insert(AuditEvent).values(event))
