"""Property-based tests: random and hostile values (text with NUL, control characters and
lone surrogates, 100,000 characters, numbers of 4,000 digits, NaN and infinity, true where a
number belongs, dates from year 1 to 9999, a datetime where a date belongs, lists and objects
where text belongs) thrown at every service that takes what a person typed or a file held.

Each call either succeeds, and then what is stored reads back equal, or raises one of our
own errors (FieldError or a ValueError of ours, naming the field, one short message), never
a SQLAlchemy, sqlite3 or other exception; the database passes integrity_check after each.
"""

from __future__ import annotations

import copy
import itertools
import os
import traceback
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from charting.errors import FieldError
from charting.muscles import MUSCLES
from charting.readings import Reading
from models.database import Database
from models.exchange_format import ImportFailed
from models.records import (
    BODY_REGIONS,
    Complaint,
    Finding,
    Outcome,
    PatientDraft,
    PlanEntry,
    SoapNote,
    VisitDraft,
)
from models.services.exchange import import_document
from models.services.overview import patient_page
from models.services.patients import (
    create_patient,
    load_patient,
    patient_id_for_chart,
    search_page,
    update_patient,
)
from models.services.visits import add_addendum, load_visit, save_draft, sign_visit
from tests.hostile_documents import base_document, paths
from tests.test_import_hostile import LINE, counts, stored_as_given

pytestmark = pytest.mark.both_engines

ROOT = Path(__file__).resolve().parent.parent
OUR_CODE = tuple(str(ROOT / package) for package in ("charting", "models"))
LONGEST_MESSAGE = 400
T = TypeVar("T")

# 60 examples a test in `make test`; HOLDFAST_FUZZ_EXAMPLES=2000 for a long hunt.
FUZZ = settings(
    max_examples=int(os.environ.get("HOLDFAST_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- hostile values -----------------------------------------------------------------------

CHARACTERS = st.characters(exclude_categories=())  # surrogates, NUL, controls included
ODD_TEXT = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\x1b[2J", "\r\n", "NaN", "1e309", "-0", "%", "_", '"',
    "'); DROP TABLE patient;--", "x" * 100_000, "é" * 30_000,
])  # fmt: skip
TEXT = st.one_of(st.text(max_size=40), ODD_TEXT)  # NUL and control characters included
# Text no database can hold: a lone surrogate has no UTF-8 form.
BROKEN_TEXT = st.one_of(
    st.sampled_from(["\ud800", "\udfff x", "a\udc00b"]), st.text(CHARACTERS, min_size=1)
)
# Past 4,300 digits Python will not even print an int (hypothesis could not show the
# example): test_a_number_past_4300_digits_is_named_by_its_digits has those.
HUGE = st.sampled_from([10**4000, -(10**4000), 10**400, 2**63, -(2**63) - 1])
NUMBER = st.one_of(
    st.integers(-1000, 1000), st.floats(), HUGE, st.booleans(),
    st.sampled_from(["5", "NaN", "inf", "1e309", ""]),
)  # fmt: skip
DAY = st.one_of(st.dates(), st.sampled_from([date.min, date.max, date(1899, 12, 31)]))
WRONG = st.one_of(
    st.none(), NUMBER, TEXT, BROKEN_TEXT, st.datetimes(), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)  # fmt: skip


def hostile(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A valid value, or one time in eight a wrong one: a record of a dozen fields is then
    often whole, so saving gets exercised as well as refusing."""
    roll = st.sampled_from(range(8))  # uniform, where st.integers favours 0
    return roll.flatmap(lambda side: WRONG if side == 7 else valid)


def ours(error: BaseException) -> None:
    """`error` is one of ours: our type, or a ValueError/LookupError raised in our code,
    with a short message (a message never repeats a page of text or 4,000 digits)."""
    mine = type(error).__module__.startswith(("charting.", "models."))
    if type(error) in (ValueError, LookupError):
        frames = traceback.extract_tb(error.__traceback__)
        mine = bool(frames) and frames[-1].filename.startswith(OUR_CODE)
    assert mine, f"not our error: {type(error).__name__}: {str(error)[:200]}"
    lines = error.errors if isinstance(error, ImportFailed) else [str(error)]
    assert all(len(line) <= LONGEST_MESSAGE for line in lines), lines[0][:200]
    if isinstance(error, FieldError):
        assert error.field and error.message


def attempt(action: Callable[[], T]) -> tuple[bool, T | None]:
    """(True, `action()`), or (False, None) after checking that what it raised is ours."""
    try:
        return True, action()
    except Exception as error:  # the point: any type not ours fails `ours`
        ours(error)
        return False, None


def integrity_ok(db: Database) -> None:
    if db.on_server:
        return  # SQLite's own check of its file; a server keeps its pages itself
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"


UNIQUE = itertools.count()

# -- patients -----------------------------------------------------------------------------

NAME = st.text(min_size=1, max_size=30)
PATIENT = st.fixed_dictionaries({
    "chart_number": hostile(NAME), "first_name": hostile(NAME), "last_name": hostile(NAME),
    "date_of_birth": hostile(st.one_of(st.none(), DAY)), "sex": hostile(TEXT),
    "phone": hostile(TEXT), "email": hostile(st.one_of(st.just(""), st.emails())),
    "running_profile": hostile(TEXT), "notes": hostile(TEXT),
})  # fmt: skip


VALID = {"chart_number": "A-1", "first_name": "Ida", "last_name": "Lund"}


@FUZZ
@given(first=PATIENT, second=PATIENT)
@example(first={**VALID, "first_name": "\ud800"}, second=VALID)  # UnicodeEncodeError
@example(first={**VALID, "notes": {"a": 1}}, second=VALID)  # sqlite3 ProgrammingError
@example(first=VALID, second={**VALID, "chart_number": ["A"]})  # AttributeError: strip
def test_create_and_edit_a_patient(
    db: Database, first: dict[str, Any], second: dict[str, Any]
) -> None:
    made, draft = attempt(lambda: PatientDraft(**first))
    _created, patient = attempt(lambda: create_patient(db, draft, "fuzz")) if made else (0, 0)
    if draft is not None and patient:
        assert load_patient(db, patient).draft == draft
        made, edited = attempt(lambda: PatientDraft(**second))
        if edited is not None:
            updated, _ = attempt(lambda: update_patient(db, patient, edited, "fuzz"))
            assert load_patient(db, patient).draft == (edited if updated else draft)
    integrity_ok(db)


# -- visits -------------------------------------------------------------------------------

COMPLAINT = st.fixed_dictionaries({
    "region": hostile(st.sampled_from(BODY_REGIONS)),
    "side": hostile(st.sampled_from(["left", "right", "both", "central"])),
    "pain": hostile(st.integers(0, 10)), "carried_over": hostile(st.booleans()),
})  # fmt: skip
DEGREES = st.floats(-30, 30)
READING = st.fixed_dictionaries({
    "phase": hostile(st.sampled_from(["pre", "post"])),
    "device": hostile(st.sampled_from(["palm", "inclinometer", "photo", "palpation"])),
    "rater": hostile(TEXT), "position": hostile(TEXT),
    "left_tilt_deg": hostile(DEGREES), "right_tilt_deg": hostile(DEGREES),
    "rotation_deg": hostile(st.one_of(st.none(), DEGREES)),
})  # fmt: skip
FINDING = st.fixed_dictionaries({
    "muscle": hostile(st.sampled_from(sorted(MUSCLES))),
    "side": hostile(st.sampled_from(["left", "right", "both"])),
    "state": hostile(st.sampled_from(["short_overactive", "long_weak_inhibited"])),
    "evidence": hostile(TEXT),
})  # fmt: skip
PLAN = st.fixed_dictionaries({
    "exercise": hostile(st.sampled_from(["glute_bridge", "dead_bug"])),
    "sets": hostile(st.integers(1, 20)), "per_week": hostile(st.integers(1, 21)),
    "reps": hostile(st.integers(1, 200)), "notes": hostile(TEXT),
})  # fmt: skip
OUTCOME = st.fixed_dictionaries({
    "measure": hostile(st.just("lefs")), "score": hostile(st.floats(0, 80)),
    "label": hostile(TEXT),
    "items": hostile(st.lists(st.one_of(st.none(), st.integers(0, 4), NUMBER), max_size=3)),
})  # fmt: skip
VISIT = st.fixed_dictionaries({
    "visit_date": hostile(DAY), "kind": hostile(st.sampled_from(["initial", "follow_up"])),
    "note": st.fixed_dictionaries({"subjective": hostile(TEXT), "plan": hostile(TEXT)}),
    "complaints": st.lists(COMPLAINT, max_size=2), "readings": st.lists(READING, max_size=2),
    "findings": st.lists(FINDING, max_size=2), "reasoning": hostile(TEXT),
    "plan": st.lists(PLAN, max_size=2), "outcomes": st.lists(OUTCOME, max_size=1),
    "correction": hostile(TEXT), "running_km_per_week": hostile(st.floats(0, 400)),
    "adherence_pct": hostile(st.integers(0, 100)),
    "next_visit_date": hostile(st.one_of(st.none(), DAY)),
    "carried_over": hostile(st.booleans()),
})  # fmt: skip


def visit_draft(parts: dict[str, Any]) -> VisitDraft:
    """A VisitDraft built as the editor builds one, each record checking itself."""
    values = dict(parts)
    values["note"] = SoapNote(**parts["note"])
    values["complaints"] = tuple(Complaint(**c) for c in parts["complaints"])
    values["readings"] = tuple(Reading(**r) for r in parts["readings"])
    values["findings"] = tuple(Finding(**f) for f in parts["findings"])
    values["plan"] = tuple(PlanEntry(**p) for p in parts["plan"])
    values["outcomes"] = tuple(
        Outcome(o["measure"], o["score"], o["label"], o["items"]) for o in parts["outcomes"]
    )
    return VisitDraft(**values)


PLAIN_VISIT: dict[str, Any] = {
    "visit_date": date(2026, 1, 5), "kind": "follow_up", "note": {"subjective": "", "plan": ""},
    "complaints": [], "readings": [], "findings": [], "reasoning": "", "plan": [],
    "outcomes": [], "correction": "", "running_km_per_week": None, "adherence_pct": None,
    "next_visit_date": None, "carried_over": False,
}  # fmt: skip


def plain_visit(**changes: Any) -> dict[str, Any]:
    return {**PLAIN_VISIT, **changes}


@FUZZ
@given(parts=VISIT)
@example(parts=plain_visit(findings=[  # TypeError: unhashable type: 'list'
    {"muscle": "iliopsoas", "side": [], "state": "short_overactive", "evidence": ""}
]))  # fmt: skip
@example(parts=plain_visit(outcomes=[  # NaN stored as JSON: read back, NaN != NaN
    {"measure": "lefs", "score": 40, "label": "", "items": [float("nan")]}
]))  # fmt: skip
@example(parts=plain_visit(outcomes=[  # TypeError: 'NoneType' object is not iterable
    {"measure": "lefs", "score": 0.0, "label": "", "items": None}
]))  # fmt: skip
@example(parts=plain_visit(note={"subjective": None, "plan": ""}))  # read back unequal
@example(parts=plain_visit(carried_over="false"))  # StatementError: Not a boolean value
@example(parts=plain_visit(visit_date=datetime(2026, 1, 5, 10)))  # its time was lost
@example(parts=plain_visit(running_km_per_week=10**400))  # OverflowError
def test_save_a_visit_draft(db: Database, parts: dict[str, Any]) -> None:
    patient = create_patient(db, PatientDraft(f"V-{next(UNIQUE)}", "Ida", "Lund"), "fuzz")
    _made, draft = attempt(lambda: visit_draft(parts))
    _saved, visit = attempt(lambda: save_draft(db, patient, draft, "fuzz")) if draft else (0, 0)
    if draft is not None and visit:
        event("saved")
        assert load_visit(db, visit).draft == draft
        again, _ = attempt(lambda: save_draft(db, patient, draft, "fuzz", visit_id=visit))
        assert again and load_visit(db, visit).draft == draft
    integrity_ok(db)


SIGNABLE = VisitDraft(
    date(2026, 3, 2),
    readings=(Reading("pre", "palm", "AB", 15, 8),),  # type: ignore[arg-type]
    reasoning="Short hip flexors.",
    no_plan_reason="Review first.",
)


@FUZZ
@given(signer=hostile(NAME), words=st.tuples(hostile(TEXT), hostile(TEXT), hostile(TEXT)))
@example(signer=None, words=("a", "b", "c"))  # AttributeError: signer.strip
@example(signer="Dr \ud800", words=("a", "b", "c"))  # UnicodeEncodeError in the driver
@example(signer="Dr A", words=("a", "b", None))  # the author: sqlite3 NOT NULL constraint
@example(signer="Dr A", words=(5, "b", "c"))  # AttributeError: text.strip
def test_sign_and_add_an_addendum(db: Database, signer: Any, words: tuple[Any, ...]) -> None:
    patient = create_patient(db, PatientDraft(f"S-{next(UNIQUE)}", "Ida", "Lund"), "fuzz")
    visit = save_draft(db, patient, SIGNABLE, "fuzz")
    signed, _record = attempt(lambda: sign_visit(db, visit, signer))
    if signed:
        event("signed")
        assert load_visit(db, visit).signed_by == signer
        wording, reason, author = words
        added, _ = attempt(lambda: add_addendum(db, visit, wording, reason, author))
        if added:
            event("addendum added")
            (addendum,) = load_visit(db, visit).addenda
            assert (addendum.text, addendum.reason) == (wording.strip(), reason.strip())
            assert addendum.author == author
        assert load_visit(db, visit).draft == SIGNABLE  # signed content unchanged
    integrity_ok(db)


# -- search -------------------------------------------------------------------------------


@FUZZ
@given(typed=st.one_of(TEXT, BROKEN_TEXT, st.lists(TEXT, max_size=30).map(" ".join), HUGE.map(str)))
@example(typed="calf\x00")  # a NUL ended FTS5's query mid-string: "unterminated string"
@example(typed="a " * 1000)  # "Expression tree is too large"
@example(typed="x" * 50_000)  # "LIKE or GLOB pattern too complex"
def test_search_finds_or_finds_nothing_and_never_fails(demo_db: Database, typed: str) -> None:
    page = search_page(demo_db, typed, include_archived=True, limit=50)
    assert page.total >= len(page.summaries)
    patient_page(demo_db, typed)  # what the patient list runs


@FUZZ
@given(typed=st.one_of(TEXT, BROKEN_TEXT, st.sampled_from(["r-001", " R-001 ", "R-001\x00"])))
@example(typed="\udcff")  # what argv holds for a byte that is not UTF-8: UnicodeEncodeError
@example(typed="x" * 100_000)  # the message repeated all 100,000 characters
def test_find_a_patient_by_chart_number(demo_db: Database, typed: str) -> None:
    """`holdfast holds CHART_NUMBER` and `holdfast report` look patients up by what was typed."""
    found, patient = attempt(lambda: patient_id_for_chart(demo_db, typed))
    if found:
        assert (
            load_patient(demo_db, patient).draft.chart_number.casefold() == typed.strip().casefold()
        )


# -- import -------------------------------------------------------------------------------

JSON_LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), HUGE, TEXT, BROKEN_TEXT,
    DAY.map(date.isoformat),
    st.datetimes().map(datetime.isoformat),
)  # fmt: skip
JSON = st.recursive(
    JSON_LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from models.database import open_database
    from models.services.demo import load_demo

    db = open_database(tmp_path_factory.mktemp("base") / "base.sqlite3")
    load_demo(db)
    document = base_document(db)
    db.close()
    return document


@FUZZ
@given(data=st.data())
def test_import_a_changed_export(demo_db: Database, base: dict[str, Any], data: Any) -> None:
    document = copy.deepcopy(base)
    for number, patient in enumerate(document["patients"]):
        patient["chart_number"] = f"F{next(UNIQUE)}-{number}"
    for _change in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(paths(document))))
        holder = document
        for key in path[:-1]:
            holder = holder[key]
        if data.draw(st.booleans()) and isinstance(path[-1], str):
            del holder[path[-1]]
        else:
            holder[path[-1]] = data.draw(JSON)
    before = counts(demo_db)
    try:
        import_document(demo_db, document, "hostile.json", "fuzz")
    except ImportFailed as failure:
        assert counts(demo_db) == before
        assert all(LINE.match(line) for line in failure.errors), failure.errors[:3]
        ours(failure)
    else:
        stored_as_given(demo_db, document)
    integrity_ok(demo_db)


@FUZZ
@given(document=JSON)
def test_import_anything(db: Database, document: Any) -> None:
    try:
        import_document(db, document, "hostile.json", "fuzz")
    except ImportFailed as failure:
        assert all(LINE.match(line) for line in failure.errors), failure.errors[:3]
    integrity_ok(db)


@pytest.mark.parametrize("digits", [4000, 4301, 5000])
def test_a_number_past_4300_digits_is_named_by_its_digits(digits: int) -> None:
    """str() of such a number raises ValueError, which the message once did."""
    with pytest.raises(FieldError, match=rf"^pain: must be between 0 and 10 .*{digits} digits"):
        Complaint("knee", "left", 10 ** (digits - 1))
    with pytest.raises(FieldError, match=rf"{digits} digits\)$"):
        VisitDraft(date(2026, 1, 5), running_km_per_week=-(10 ** (digits - 1)))
