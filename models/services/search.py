"""Searching what was written at visits: notes, hypotheses, complaints and addenda.

The words live in the FTS5 table `visit_search`, one row per visit, kept in step by the
triggers of migration 0005 (whatever writes a visit, the index follows in the same
transaction). A search gives, per patient, the latest visit whose text holds every word,
with a short excerpt around them for the patient list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Integer,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from models.orm import Visit

# Each word must match (FTS5 ANDs terms); a word of two or more letters also matches as the
# start of longer words ("hamstr" finds "hamstrings"), which the 2- and 3-letter prefix
# indexes of migration 0005 make cheap. One letter matches only itself: "L" or "5".
PREFIX_FROM = 2
EXCERPT_WORDS = 12
ELLIPSIS = "…"
START, END = "\x02", "\x03"  # around matched words in FTS5's snippet; never typed text
VISIT_SEARCH = table("visit_search", column("rowid", Integer))  # FTS5: no ORM class


@dataclass(frozen=True)
class VisitMatch:
    """The visit a search found in a patient's chart, with the words around the match."""

    visit_id: int
    visit_date: date
    excerpt: str

    def __str__(self) -> str:
        return f"visit {self.visit_date.isoformat()}: {self.excerpt}"


def match_expression(text_: str) -> str | None:
    """The FTS5 query for what was typed (every word, quoted so no character is syntax), or
    None when nothing searchable was typed."""
    terms = []
    for word in text_.split():
        quoted = '"' + word.replace('"', '""') + '"'
        terms.append(quoted + "*" if len(word) >= PREFIX_FROM else quoted)
    return " ".join(terms) or None


def latest_matches(session: Session, expression: str) -> dict[int, tuple[int, date]]:
    """Patient id -> (visit id, date) of their latest visit whose text matches."""
    ranked = (
        select(
            Visit.patient_id,
            Visit.id,
            Visit.visit_date,
            func.row_number()
            .over(
                partition_by=Visit.patient_id, order_by=(Visit.visit_date.desc(), Visit.id.desc())
            )
            .label("recency"),
        )
        .join(VISIT_SEARCH, VISIT_SEARCH.c.rowid == Visit.id)
        .where(text("visit_search MATCH :expression").bindparams(expression=expression))
        .subquery()
    )
    query = select(ranked.c.patient_id, ranked.c.id, ranked.c.visit_date).where(
        ranked.c.recency == 1
    )
    return {patient: (visit, day) for patient, visit, day in session.execute(query)}


def among(
    column: ColumnElement[int] | InstrumentedAttribute[int], ids: Iterable[int]
) -> ColumnElement[bool]:
    """`column IN ids` with the ids as one JSON parameter: any number of them, where a plain
    IN list would hit SQLite's limit on bound variables (32,766) in a big practice."""
    listed = func.json_each(json.dumps(list(ids))).table_valued("value")
    return column.in_(select(listed.c.value))


def excerpts(session: Session, expression: str, visit_ids: Iterable[int]) -> dict[int, str]:
    """The words around the match in each of these visits, from the column matching best.

    One pass over the matches, keeping the wanted ids: the unary `+` keeps `rowid IN (...)`
    a plain filter, where as an FTS5 constraint it would run the whole match again for
    every id (0.7 ms each).
    """
    marked = func.snippet(literal_column("visit_search"), -1, START, END, ELLIPSIS, EXCERPT_WORDS)
    query = select(VISIT_SEARCH.c.rowid, marked).where(
        text("visit_search MATCH :expression").bindparams(expression=expression),
        among(literal_column("+rowid"), visit_ids),
    )
    return {visit_id: _from_first_match(words) for visit_id, words in session.execute(query)}


def _from_first_match(marked: str) -> str:
    """The excerpt from the first word that matched, so a list cell cut short still shows
    it; line breaks between the indexed fields read as spaces."""
    words = " ".join(marked.split())
    first = words.find(START)
    if first > 0:
        words = ELLIPSIS + words[first:]
    return words.replace(START, "").replace(END, "")
