"""Searching what was written at visits: notes, hypotheses, complaints and addenda.

The words live in the FTS5 table `visit_search`, one row per visit, kept in step by the
triggers of migration 0005 (whatever writes a visit, the index follows in the same
transaction). A search gives, per patient, the latest visit whose text holds every word,
with a short excerpt around them for the patient list.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from models.dialects import among_ids, is_sqlite
from models.orm import Visit
from models.services.server_text_search import (
    SERVER_VISIT_ID,
    server_excerpts,
    server_patients_matching,
    server_visits_matching,
    with_closing_marks,
)

# Each word must match (FTS5 ANDs terms); a word ending in two or more letters also matches
# as the start of longer words ("hamstr" finds "hamstrings"), which the 2- and 3-letter
# prefix indexes of migration 0005 make cheap. One letter matches only itself: "L", "5",
# and "P-" (FTS5 reads it as "p").
PREFIX_FROM = 2
EXCERPT_WORDS = 12
# What a search looks for, at most: the first 20 words, each by its first 100 characters.
# A search is a name, a chart number, a date or a few words of a note, so no one types more;
# and each word is an OR of LIKEs and an FTS5 term, so 20 keep the SQL far below SQLite's
# expression depth of 1,000 (1,000 words exceeded it) and each LIKE pattern far below its
# 50,000 bytes. 100 characters hold the longest name the patient table declares. Fewer
# words, or the start of a word, only find more: a cap never hides what was looked for.
SEARCH_WORDS, SEARCH_WORD_LENGTH = 20, 100
SEARCH_TEXT_LENGTH = SEARCH_WORDS * (SEARCH_WORD_LENGTH + 1)  # the search box holds this
# A word: what lies between spaces, control characters (a NUL ends FTS5's query text
# mid-string) and lone surrogates (no UTF-8 form, so SQLite cannot be sent them).
WORD = re.compile(r"[^\s\x00-\x1f\x7f\ud800-\udfff]+")
TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps: letters and digits
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


def search_words(text_: str) -> list[str]:
    """The words a search looks for in what was typed, within the caps above."""
    words = itertools.islice(WORD.finditer(text_), SEARCH_WORDS)
    return [word.group()[:SEARCH_WORD_LENGTH] for word in words]


def match_expression(text_: str) -> str | None:
    """The FTS5 query for what was typed (every word, quoted so no character is syntax), or
    None when nothing searchable was typed."""
    terms = []
    for word in search_words(text_):
        quoted = '"' + word.replace('"', '""') + '"'
        terms.append(quoted + "*" if _last_token_length(word) >= PREFIX_FROM else quoted)
    return " ".join(terms) or None


def _last_token_length(word: str) -> int:
    """How many letters or digits end the word: what FTS5 takes as the start of longer words
    ("P-" is the one-letter token "p", which as a start matched nearly every visit)."""
    tokens = TOKEN.findall(word)
    return len(tokens[-1]) if tokens else 0


def patients_with_matches(
    session: Session, expression: str, among_patients: list[int] | None = None
) -> list[int]:
    """The patients (of `among_patients`, or all) with a visit whose text matches."""
    if among_patients is not None:
        return list(latest_matches(session, expression, among_patients))
    if not is_sqlite(session.connection()):
        return list(session.scalars(server_patients_matching(expression)))
    query = (
        select(Visit.patient_id)
        .distinct()
        .join(VISIT_SEARCH, VISIT_SEARCH.c.rowid == Visit.id)
        .where(text("visit_search MATCH :expression").bindparams(expression=expression))
    )
    return list(session.scalars(query))


def latest_matches(
    session: Session, expression: str, patient_ids: list[int]
) -> dict[int, tuple[int, date]]:
    """Patient id -> (visit id, date) of their latest visit whose text matches, for these
    patients (a page of the list): their visits come from ix_visit_patient_date, and one
    pass over the matches keeps theirs."""
    visits = {
        visit: (patient, day)
        for visit, patient, day in session.execute(
            select(Visit.id, Visit.patient_id, Visit.visit_date).where(
                among(Visit.patient_id, patient_ids)
            )
        )
    }
    if is_sqlite(session.connection()):
        query = select(VISIT_SEARCH.c.rowid).where(
            text("visit_search MATCH :expression").bindparams(expression=expression),
            among(literal_column("+rowid"), visits),
        )
    else:
        query = server_visits_matching(expression, among(SERVER_VISIT_ID, visits))
    matched = session.scalars(query)
    latest: dict[int, tuple[int, date]] = {}
    for visit in matched:
        patient, day = visits[visit]
        if patient not in latest or (day, visit) > (latest[patient][1], latest[patient][0]):
            latest[patient] = (visit, day)
    return latest


def among(
    column: ColumnElement[int] | InstrumentedAttribute[int], ids: Iterable[int]
) -> ColumnElement[bool]:
    """`column IN ids` with the ids as one JSON parameter: any number of them, where a plain
    IN list would hit SQLite's limit on bound variables (32,766) in a big practice."""
    return among_ids(column, literal(json.dumps(list(ids))))


def visits_of(ids: list[int]) -> Select[int]:
    """The ids of these patients' visits, as a subquery. A child table asked for the rows of
    these visits goes through its visit_id index; joined to `visit` instead, SQLite chose to
    read the whole child table (0.47 s for 20 courses of a 20,000-patient practice)."""
    return select(Visit.id).where(among(Visit.patient_id, ids))


def excerpts(session: Session, expression: str, visit_ids: Iterable[int]) -> dict[int, str]:
    """The words around the match in each of these visits, from the column matching best.

    One pass over the matches, keeping the wanted ids: the unary `+` keeps `rowid IN (...)`
    a plain filter, where as an FTS5 constraint it would run the whole match again for
    every id (0.7 ms each).
    """
    if not is_sqlite(session.connection()):
        on_server = server_excerpts(expression, among(SERVER_VISIT_ID, visit_ids), START, END)
        return {
            visit_id: _from_first_match(with_closing_marks(words, field, START, END))
            for visit_id, words, field in session.execute(on_server)
        }
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
