"""Opening a chart reads one patient's rows through indexes only: no statement scans a table,
so a chart opens as fast in a practice of 20,000 patients as in one of twenty (the plan is
checked, not the time)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from charting.tolerances import DEFAULT_TOLERANCES
from models.database import Database
from models.services.patients import patient_id_for_chart
from ui.chart_view import read_chart

pytestmark = pytest.mark.both_engines


@pytest.mark.sqlite_only  # the file itself: sqlite3 by hand, its query plans or upgrade
def test_opening_a_chart_searches_indexes_and_scans_no_table(demo_db: Database) -> None:
    patient = patient_id_for_chart(demo_db, "R-001")
    statements: list[tuple[str, object]] = []

    @event.listens_for(demo_db.engine, "before_cursor_execute")
    def log(_conn, _cursor, statement, parameters, *_args):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    read_chart(demo_db, patient, DEFAULT_TOLERANCES)
    event.remove(demo_db.engine, "before_cursor_execute", log)
    assert len(statements) >= 7  # the visits, each kind of child row, the patient
    used: list[str] = []
    with demo_db.engine.connect() as connection:
        for statement, parameters in statements:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            steps = [str(row[3]) for row in plan]
            used += steps
            assert steps and all(
                step.startswith(("SEARCH", "USE TEMP B-TREE")) for step in steps
            ), (
                statement,
                steps,
            )
    assert "SEARCH visit USING INDEX ix_visit_patient_date (patient_id=?)" in used
