"""Finding patients for the list, a page at a time, each path through an index.

A search finds the patients whose name, chart number or date of birth holds every word
typed, and the patients with a visit whose text holds every word. A page costs what it
shows, not what the practice holds:

- the list order is the index ix_patient_list_order (last name, first name, chart
  number); a page starts where the last one ended (keyset paging: no OFFSET re-read);
- a word of 3 or more characters is looked up in the trigram index `patient_search`
  (schema 0008), which finds it anywhere in a name, chart number or date of birth;
- a word of 1 or 2 characters has no trigram to look up: the page walks the list order
  and tests each patient, which ends as soon as the page is full (such a word is in most
  names; only the count reads the whole index);
- words of visit text go through `visit_search` (FTS5, schema 0005, models/services/search.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    column,
    func,
    or_,
    select,
    table,
    true,
    tuple_,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from models.database import Database
from models.dialects import dotted_day, either, iso_day
from models.orm import Patient, Visit
from models.records import age_in_years
from models.services.search import (
    VisitMatch,
    among,
    excerpts,
    latest_matches,
    match_expression,
    patients_with_matches,
    search_words,
)

LIST_ORDER = (Patient.last_name, Patient.first_name, Patient.chart_number)
ListKey = tuple[str, str, str]  # a patient's place in the list: LIST_ORDER's values
TRIGRAM = 3  # the shortest word the trigram index can look up
PATIENT_SEARCH = table("patient_search", column("rowid", Integer))  # FTS5: no ORM class
SERVER_PATIENT_SEARCH = table(
    "patient_search", column("patient_id", Integer), column("words", String)
)  # on a clinic server (models/server_search.py)


@dataclass(frozen=True)
class PatientSummary:
    """One row of the patient list."""

    id: int
    chart_number: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    archived: bool
    last_visit: date | None
    visit_count: int
    draft_count: int
    found_in: VisitMatch | None = None  # found by the text of this visit, not by name

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def list_key(self) -> ListKey:
        """Where the patient stands in the list."""
        return (self.last_name, self.first_name, self.chart_number)

    def age(self, today: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_in_years(self.date_of_birth, today or date.today())


@dataclass(frozen=True)
class PatientPage:
    """Patients a search finds, in list order, and how many it finds in all (counted for
    a first page only: a later page continues the same list)."""

    summaries: list[PatientSummary]
    total: int


def _like_patient(word: str) -> ColumnElement[bool]:
    """A short word found in the name, the chart number or the date of birth; `%` and `_`
    are characters like any other, not LIKE's wildcards ("R_" must not find "R-")."""
    full_name = Patient.first_name + " " + Patient.last_name
    found = [
        full_name.icontains(word, autoescape=True),
        Patient.chart_number.icontains(word, autoescape=True),
    ]
    if any(character.isdigit() for character in word):  # a date holds digits
        found += [
            iso_day(Patient.date_of_birth).contains(word, autoescape=True),
            dotted_day(Patient.date_of_birth).contains(word, autoescape=True),
        ]
    return or_(*found)


def found_by_fields(words: list[str]) -> ColumnElement[bool]:
    """Every word in the patient's name, chart number or date of birth: the long words
    through the trigram index, the short ones tested on the rows that index leaves."""
    long_words = [word for word in words if len(word) >= TRIGRAM]
    tests = [_like_patient(word) for word in words if len(word) < TRIGRAM]
    if long_words:
        phrases = " ".join('"' + word.replace('"', '""') + '"' for word in long_words)
        trigrams = select(PATIENT_SEARCH.c.rowid).where(
            sql_text("patient_search MATCH :phrases").bindparams(phrases=phrases)
        )
        # A server's index is a plain table with a trigram index on its lower case words.
        on_server = select(SERVER_PATIENT_SEARCH.c.patient_id).where(
            *(SERVER_PATIENT_SEARCH.c.words.icontains(word, autoescape=True) for word in long_words)
        )
        tests.insert(0, either(Patient.id.in_(trigrams), Patient.id.in_(on_server)))
    return and_(true(), *tests)


def matching(words: list[str], by_text: list[int], include_archived: bool) -> Select[Any]:
    """The ids of the patients found: by their fields, or by a visit's text (`by_text`)."""
    found = found_by_fields(words)
    query = select(Patient.id).where(or_(found, among(Patient.id, by_text)) if by_text else found)
    return query if include_archived else query.where(Patient.archived.is_(False))


def page_query(query: Select[Any], after: ListKey | None, limit: int | None) -> Select[Any]:
    """The next `limit` of `query`'s patients in list order, after the patient at `after`."""
    if after is not None:
        query = query.where(tuple_(*LIST_ORDER) > tuple_(*after))
    return query.order_by(*LIST_ORDER).limit(limit)


def search_page(
    db: Database,
    text: str = "",
    include_archived: bool = False,
    limit: int | None = None,
    after: ListKey | None = None,
    only: int | None = None,
) -> PatientPage:
    """Patients whose name, chart number or date of birth (ISO or dd.mm.yyyy, or part of
    it) holds every word typed, and patients with a visit whose text holds every word
    (`found_in` names the latest such visit, for patients the first test did not find);
    the first `limit` in list order after `after`. `only`: this patient, if found (one
    row of the list read again after a save)."""
    words = search_words(text)
    expression = match_expression(text)
    with db.session() as session:
        by_text: list[int] = []
        if expression is not None:
            restrict = None if only is None else [only]
            by_text = patients_with_matches(session, expression, restrict)
        query = matching(words, by_text, include_archived)
        if only is not None:
            query = query.where(Patient.id == only)
        page = list(session.scalars(page_query(query, after, limit)))
        total = len(page)
        if after is None and limit is not None and total == limit:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        summaries = _summaries(session, page, words, expression)
    return PatientPage(summaries, total)


def search_count(db: Database, text: str = "", include_archived: bool = False) -> int:
    """How many patients a search finds."""
    expression = match_expression(text)
    with db.session() as session:
        by_text = [] if expression is None else patients_with_matches(session, expression)
        query = matching(search_words(text), by_text, include_archived)
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _summaries(
    session: Session, page: list[int], words: list[str], expression: str | None
) -> list[PatientSummary]:
    """What the list shows of these patients, with the visit that found each patient its
    name did not."""
    query = _summary_query(found_by_fields(words)).where(among(Patient.id, page))
    rows = session.execute(query).all()
    by_visit = [row[0] for row in rows if not row[-1]]
    shown: dict[int, tuple[int, date]] = {}
    words_at: dict[int, str] = {}
    if expression is not None and by_visit:
        shown = latest_matches(session, expression, by_visit)
        words_at = excerpts(session, expression, [visit for visit, _day in shown.values()])
    summaries = []
    for *fields, _by_name in rows:
        summary = PatientSummary(*fields)
        if (visit := shown.get(summary.id)) is not None:
            match = VisitMatch(visit[0], visit[1], words_at.get(visit[0], ""))
            summary = replace(summary, found_in=match)
        summaries.append(summary)
    return summaries


def search_patients(
    db: Database, text: str = "", include_archived: bool = False
) -> list[PatientSummary]:
    """Every patient a search finds (see `search_page`), in list order."""
    return search_page(db, text, include_archived).summaries


def _summary_query(by_fields: ColumnElement[bool]) -> Select[tuple[Any, ...]]:
    """What the list shows of each patient, in list order; visit counts are each a seek in
    ix_visit_patient_date, so only the patients shown cost anything."""
    of_patient = Visit.patient_id == Patient.id
    last_visit = select(func.max(Visit.visit_date)).where(of_patient).scalar_subquery()
    visit_count = select(func.count()).where(of_patient).scalar_subquery()
    drafts = select(func.count()).where(of_patient, Visit.status == "draft").scalar_subquery()
    return select(
        Patient.id, Patient.chart_number, Patient.first_name, Patient.last_name,
        Patient.date_of_birth, Patient.archived, last_visit, visit_count, drafts, by_fields,
    ).order_by(*LIST_ORDER)  # fmt: skip
