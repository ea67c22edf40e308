"""Every way the patient list searches and sorts goes through an index: SQLite's own query
plan for each shape of search, on the real schema. A full scan of a table (a plan line
`SCAN patient` or `SCAN visit` without an index) is what made the list take seconds in a
20,000-patient practice; a walk along an index in list order is how a page is read."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import Select, event, func, select, text

from models.database import Database
from models.services.patient_search import ListKey, matching, page_query
from models.services.search import latest_matches, patients_with_matches

FULL_SCAN = re.compile(r"\bSCAN (patient|visit|reading|p|v)\b(?! USING)")


def plan(db: Database, statement: Select[Any]) -> list[str]:
    sql = statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    with db.engine.connect() as connection:
        return [row[-1] for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]


SEARCHES: list[tuple[list[str], list[int], bool, ListKey | None, str]] = [
    ([], [], False, None, "SCAN patient USING COVERING INDEX ix_patient_list_order"),
    ([], [], True, ("Okafor", "Maya", "R-001"),
     "SEARCH patient USING COVERING INDEX ix_patient_list_order ((last_name,first_name,"
     "chart_number)>(?,?,?))"),
    (["whit"], [], False, None, "SCAN patient_search VIRTUAL TABLE"),
    (["okafor", "ma"], [], False, None, "SCAN patient_search VIRTUAL TABLE"),
    (["e"], [], False, None, "SCAN patient USING COVERING INDEX ix_patient_list_order"),
    (["thomas"], [1, 2], False, ("A", "B", "C"), "SCAN patient_search VIRTUAL TABLE"),
]  # fmt: skip


@pytest.mark.parametrize(("words", "by_text", "archived", "after", "expected"), SEARCHES)
def test_a_page_and_its_count_read_through_indexes(
    demo_db: Database,
    words: list[str],
    by_text: list[int],
    archived: bool,
    after: ListKey | None,
    expected: str,
) -> None:
    query = matching(words, by_text, archived)
    page = plan(demo_db, page_query(query, after, 50))
    count = plan(demo_db, select(func.count()).select_from(query.subquery()))
    assert any(line.startswith(expected) for line in page), page
    for line in page + count:
        assert not FULL_SCAN.search(line), (words, line)


def test_visit_text_is_found_through_the_full_text_index_and_the_visit_key(
    demo_db: Database,
) -> None:
    """The patients a visit's words find, and the latest such visit of the patients on a
    page: the statements the service runs, each explained with the values it ran with."""
    ran: list[tuple[str, object]] = []
    with demo_db.session() as session:
        connection = session.connection()

        def keep(*args: object) -> None:
            ran.append((str(args[2]), args[3]))  # (conn, cursor, statement, parameters, …)

        event.listen(connection, "before_cursor_execute", keep)
        patients_with_matches(session, '"thomas"*')
        latest_matches(session, '"thomas"*', [1, 2, 3])
        event.remove(connection, "before_cursor_execute", keep)
        lines = [
            row[-1]
            for sql, values in ran
            for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", values)  # type: ignore[arg-type]
        ]
    assert any(line.startswith("SCAN visit_search VIRTUAL TABLE") for line in lines), lines
    assert any("ix_visit_patient_date" in line for line in lines), lines
    for line in lines:
        assert not FULL_SCAN.search(line), line
