"""Searching visit text on a clinic server (models/server_search.py keeps its index).

The search services build one FTS5 query for what was typed (models/services/search.py
`match_expression`: each word quoted, `*` after a word that also matches as the start of
longer ones). On a server the same query is read back into a `tsquery` of the `simple`
configuration: a word's letters-and-digits runs must follow each other (`<->`, as FTS5
reads a quoted phrase), every word must be there (`&`), and `:*` marks a prefix. What
matches is what FTS5 would match, accents apart (FTS5 folds them, `simple` does not).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    case,
    column,
    false,
    func,
    literal,
    select,
    table,
)

SERVER_VISIT_SEARCH = table(
    "visit_search",
    column("visit_id", Integer),
    column("notes", String),
    column("hypothesis", String),
    column("complaints", String),
    column("addenda", String),
    column("words", String),
)
SERVER_VISIT_ID = SERVER_VISIT_SEARCH.c.visit_id
_PHRASE = re.compile(r'"((?:[^"]|"")*)"(\*?)')
_TOKEN = re.compile(r"[^\W_]+")
EXCERPT_WORDS = 12  # as FTS5's snippet in models/services/search.py


def tsquery_text(expression: str) -> str | None:
    """The FTS5 query of `match_expression` as the text of a `tsquery` (no character of
    what was typed is syntax: only letters and digits reach it, each quoted); None when a
    word holds no letter or digit, so nothing matches."""
    words = []
    for phrase, prefix in _PHRASE.findall(expression):
        tokens = [token.lower() for token in _TOKEN.findall(phrase.replace('""', '"'))]
        if not tokens:
            return None  # a word of no letters or digits is in no text (as in FTS5)
        quoted = [f"'{token}'" for token in tokens]
        if prefix:
            quoted[-1] += ":*"
        words.append("(" + " <-> ".join(quoted) + ")")
    return " & ".join(words) or None


def _query(expression: str) -> ColumnElement[Any]:
    return func.to_tsquery("simple", literal(tsquery_text(expression) or "nothing"))


def _matches(expression: str) -> ColumnElement[bool]:
    if tsquery_text(expression) is None:
        return false()
    return SERVER_VISIT_SEARCH.c.words.op("@@")(_query(expression))


def server_patients_matching(expression: str) -> Select[Any]:
    """The patients with a visit whose text matches."""
    from models.orm import Visit

    return (
        select(Visit.patient_id)
        .distinct()
        .join(SERVER_VISIT_SEARCH, Visit.id == SERVER_VISIT_ID)
        .where(_matches(expression))
    )


def server_visits_matching(expression: str, among: ColumnElement[bool]) -> Select[Any]:
    """The visits (of those `among` lets through) whose text matches."""
    return select(SERVER_VISIT_ID).where(_matches(expression), among)


def server_excerpts(
    expression: str, among: ColumnElement[bool], start: str, end: str
) -> Select[Any]:
    """Each matching visit's words around the match, the matched words between `start` and
    `end`, from the first field that matches (as FTS5's snippet takes one column)."""
    c = SERVER_VISIT_SEARCH.c
    query = _query(expression)
    options = literal(
        f"StartSel={start}, StopSel={end}, MaxWords={EXCERPT_WORDS}, "
        f"MinWords={EXCERPT_WORDS // 2}, ShortWord=0"
    )
    fields = (c.notes, c.hypothesis, c.complaints, c.addenda)
    matching = [func.to_tsvector("simple", field).op("@@")(query) for field in fields]
    field = case(*zip(matching, fields, strict=True), else_=c.notes)
    marked = func.ts_headline("simple", field, query, options)
    return select(SERVER_VISIT_ID, marked, field).where(_matches(expression), among)


def with_closing_marks(marked: str, field: str, start: str, end: str) -> str:
    """ts_headline ends an excerpt at its last word; where the field goes on with only a
    closing mark or two ("repeats."), they are kept, as FTS5's snippet keeps them."""
    plain = marked.replace(start, "").replace(end, "")
    at = field.find(plain)
    rest = field[at + len(plain) :].rstrip() if at >= 0 else ""
    if rest and len(rest) <= 3 and not any(character.isalnum() for character in rest):
        return marked + rest
    return marked
