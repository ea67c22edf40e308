"""Verifying a copied practice inside the target's transaction, before it commits (`holdfast
migrate`): a copy that does not verify is rolled back and leaves the target as it was.

In this order, each check cheaper to explain once the one before it passed:

1. every copied table holds the source's rows, value for value (count and digest);
2. the derived tables cover every visit and patient, and the locks are back as the schema
   defines them (on a server: present and enabled);
3. every signed visit's stored content hash recomputes from the target's rows;
4. the audit chain is unbroken and its head (event count and last hash) is the source's.

Once 1 holds, the copy is the source row for row, so a signed visit or a chain that fails 3
or 4 was already broken in the source; the message says which it is (the source is checked
again only then) and never quotes patient data: visits by id and chart number, events by id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from models.dialects import among_ids, is_sqlite
from models.lock_triggers import trigger_state
from models.mapping import visit_record
from models.orm import Patient, Visit
from models.practice_copy import MigrateFailed, Progress
from models.practice_rows import COPIED_TABLES, PLURALS, TableDigest, counted, table_digest
from models.server_search import COURSE_STALE_FUNCTIONS, SEARCH_FUNCTIONS
from models.server_triggers import LOCK_FUNCTIONS, PHOTO_FUNCTIONS, trigger_names
from models.services.chain import ChainHead, first_break, head_of
from models.services.tamper import SHOWN, verify_visit
from models.services.visits import VISIT_CHILDREN

VISITS_AT_ONCE = 500  # signed visits loaded, verified and let go at a time
RUN_CHECK = "Run `holdfast check` on the source"
DERIVED = (
    ("the search index of visit text", "visit_search", "visit"),
    ("the search index of patients", "patient_search", "patient"),
)
STALE = "SELECT count(*) FROM hold_stale WHERE patient_id IN (SELECT id FROM patient)"
SERVER_TRIGGERS = """SELECT t.tgname, t.tgenabled FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND c.relnamespace = to_regnamespace(current_schema())"""


@dataclass(frozen=True)
class Verified:
    """What the verification found equal in source and copy."""

    rows: dict[str, int]  # per copied table
    signed_visits: int  # each recomputes to its stored hash
    head: ChainHead  # the copy's chain head, the source's


def verify_copy(
    source: Connection, target: Connection, digests: dict[str, TableDigest], progress: Progress
) -> Verified:
    """Every check of the module docstring; raises MigrateFailed at the first that fails."""
    for name in COPIED_TABLES:
        copied = table_digest(target, name)
        read = digests[name]
        if copied.rows != read.rows:
            raise MigrateFailed(
                f"the copy holds {counted(copied.rows, name)}, the source {read.rows:,}"
            )
        if not copied.same_as(read):
            raise MigrateFailed(f"the copied {PLURALS[name]} differ from the source's")
        progress(f"checked {counted(copied.rows, name)}: as in the source", True)
    _derived_tables(target)
    _locks_back(target)
    signed = _signed_visits(source, target, progress)
    head = _chain(source, target)
    return Verified({name: d.rows for name, d in digests.items()}, signed, head)


def _count(connection: Connection, sql: str) -> int:
    return int(connection.execute(text(sql)).scalar_one())


def _derived_tables(target: Connection) -> None:
    for what, index, table in DERIVED:
        if _count(target, f"SELECT count(*) FROM {index}") != _count(
            target, f"SELECT count(*) FROM {table}"
        ):
            raise MigrateFailed(f"{what} does not cover every {table} of the copy")
    if _count(target, STALE) != _count(target, "SELECT count(*) FROM patient"):
        raise MigrateFailed("not every patient of the copy is marked for the dashboard")


def _locks_back(target: Connection) -> None:
    """The locks as the schema defines them: SQLite's triggers, a server's enabled."""
    if is_sqlite(target):
        state = trigger_state(target)
        wrong = (*state.missing, *state.altered, *state.unexpected)
    else:
        found = {name: enabled for name, enabled in target.execute(text(SERVER_TRIGGERS))}
        expected = [
            *trigger_names(LOCK_FUNCTIONS), *trigger_names(PHOTO_FUNCTIONS),
            *trigger_names(SEARCH_FUNCTIONS), *trigger_names(COURSE_STALE_FUNCTIONS),
        ]  # fmt: skip
        wrong = tuple(name for name in expected if found.get(name) != "O")
    if wrong:
        raise MigrateFailed(
            f"the target's triggers are not as the schema defines them after the copy "
            f"({', '.join(wrong[:SHOWN])})"
        )


def _unverified(connection: Connection, ids: list[int] | None = None) -> tuple[int, list[int]]:
    """The number of signed visits (of `ids`, or all) and those whose content does not
    recompute to their stored hash, loaded a few hundred at a time."""
    count, last = 0, 0
    wrong: list[int] = []
    with Session(bind=connection) as session:
        while True:
            query = select(Visit).where(Visit.status == "signed", Visit.id > last)
            if ids is not None:  # one JSON value, however many
                query = query.where(among_ids(Visit.id, json.dumps(ids)))
            batch = session.scalars(
                query.order_by(Visit.id).limit(VISITS_AT_ONCE).options(*VISIT_CHILDREN)
            ).all()
            if not batch:
                return count, wrong
            count, last = count + len(batch), batch[-1].id
            wrong.extend(row.id for row in batch if not verify_visit(visit_record(row)))
            session.expunge_all()  # memory stays flat however many visits were signed


def _named(connection: Connection, ids: list[int]) -> str:
    """'visit 12 (chart R-003), …' for the first few of `ids`."""
    query = (
        select(Visit.id, Patient.chart_number)
        .join(Patient, Patient.id == Visit.patient_id)
        .where(Visit.id.in_(ids[:SHOWN]))
        .order_by(Visit.id)
    )
    shown = ", ".join(f"visit {id_} (chart {chart})" for id_, chart in connection.execute(query))
    return shown + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")


def _signed_visits(source: Connection, target: Connection, progress: Progress) -> int:
    count, wrong = _unverified(target)
    if wrong:
        named = _named(target, wrong)
        if _unverified(source, wrong)[1] == wrong:
            raise MigrateFailed(
                f"{len(wrong)} signed visit(s) of the source no longer match their hash "
                f"(changed since signing): {named}. {RUN_CHECK}"
            )
        raise MigrateFailed(
            f"{len(wrong)} signed visit(s) match their hash in the source but not in the "
            f"copy: {named}"
        )
    progress(f"checked {count:,} signed visit(s): each matches its hash", True)
    return count


def _chain(source: Connection, target: Connection) -> ChainHead:
    # Events are read through a cursor on a server, not sent all at once.
    broken = first_break(target.execution_options(stream_results=True))
    if broken is not None:
        before = first_break(source.execution_options(stream_results=True))
        where = f"the source's audit chain is {before}. {RUN_CHECK}" if before else (
            f"the copy's audit chain is {broken}, the source's is whole"
        )  # fmt: skip
        raise MigrateFailed(where)
    head, expected = head_of(target), head_of(source)
    if head != expected:
        raise MigrateFailed(f"the copy's chain head is {head}, the source's {expected}")
    return head
