"""The patient list with each course's stage (docs/clinical-model.md#course-stages): a page
and one row read again come with their patients' stages, and the whole search can be put in
stage order, who needs a decision first (STAGE_ORDER), then by name.

A page's stages cost a fixed few queries (models/services/course_status.py `statuses_in`:
the stale ones among the page, the stored facts, the running goals), never one per row.
The stage order needs every patient the search finds: their rows are read whole, unpaged,
and sorted here. Their latest verdicts come from the stored facts too: reading and judging
the last two visits' readings of every patient took 5 s of a 7 s sort at 20,000 patients
(benchmarks/figures_stage_list.py measures it).
"""

from __future__ import annotations

from dataclasses import replace

from charting.course_stage import STAGE_ORDER, StageSettings
from charting.tolerances import Tolerances
from models.database import Database
from models.services.course_status import statuses_in
from models.services.overview import PatientRow, patient_page, patient_row
from models.services.patient_search import ListKey, search_page

STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGE_ORDER)}
StageKey = tuple[int, ListKey]


def stage_key(row: PatientRow) -> StageKey:
    """Where the row stands in stage order: by stage, then in the list's name order."""
    return STAGE_RANK[row.stage], row.summary.list_key


def with_stages(
    db: Database, rows: list[PatientRow], tolerances: Tolerances, settings: StageSettings
) -> list[PatientRow]:
    """These rows, each with its patient's course status (None: no judged visit yet)."""
    if not rows:
        return rows
    with db.session() as session:
        ids = [row.summary.id for row in rows]
        statuses = statuses_in(session.connection(), ids, tolerances, settings)
    return [replace(row, course=statuses.get(row.summary.id)) for row in rows]


def stage_page(
    db: Database,
    text: str,
    include_archived: bool,
    tolerances: Tolerances,
    settings: StageSettings,
    limit: int | None = None,
    after: ListKey | None = None,
) -> tuple[list[PatientRow], int]:
    """`patient_page` (in name order) with each row's stage."""
    rows, total = patient_page(db, text, include_archived, tolerances, limit, after)
    return with_stages(db, rows, tolerances, settings), total


def stage_row(
    db: Database,
    patient_id: int,
    text: str,
    include_archived: bool,
    tolerances: Tolerances,
    settings: StageSettings,
) -> PatientRow | None:
    """`patient_row` with its stage: the row read again after a visit was saved or signed."""
    row = patient_row(db, patient_id, text, include_archived, tolerances)
    return None if row is None else with_stages(db, [row], tolerances, settings)[0]


def in_stage_order(
    db: Database,
    text: str,
    include_archived: bool,
    tolerances: Tolerances,
    settings: StageSettings,
) -> list[PatientRow]:
    """Every patient the search finds, with their stage, in stage order then by name."""
    found = search_page(db, text, include_archived).summaries
    rows = with_stages(db, [PatientRow(summary, None) for summary in found], tolerances, settings)
    return sorted(rows, key=stage_key)


def first_rows(
    db: Database,
    text: str,
    include_archived: bool,
    tolerances: Tolerances,
    settings: StageSettings,
    limit: int,
    by_stage: bool,
) -> tuple[list[PatientRow], int, bool]:
    """What the list shows first: its first `limit` rows in name order, or every patient
    found in stage order; with how many the search finds and whether these are all."""
    if by_stage:
        rows = in_stage_order(db, text, include_archived, tolerances, settings)
        return rows, len(rows), True
    rows, total = stage_page(db, text, include_archived, tolerances, settings, limit)
    return rows, total, len(rows) < limit
