"""Search finds what was written at visits (notes, hypotheses, complaints, addenda), and the
full-text index follows every way a visit is written, even a hand edit in sqlite3."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from charting.readings import Device, Phase, Reading
from models.database import Database, open_database
from models.migrate import current_revision, head_revision
from models.paths import backups_dir
from models.records import Complaint, Finding, PatientDraft, PlanEntry, SoapNote, VisitDraft
from models.services.exchange import export_document, import_document
from models.services.patients import create_patient, search_patients, set_archived
from models.services.search import SEARCH_WORD_LENGTH
from models.services.visits import add_addendum, delete_draft, save_draft, sign_visit
from tests.schemas import downgrade_to

pytestmark = pytest.mark.both_engines  # the search on SQLite's FTS5 and on a clinic server

FIRST = date(2026, 3, 2)
LATER = date(2026, 3, 16)


def signable(day: date, subjective: str = "", **changes: object) -> VisitDraft:
    draft = VisitDraft(
        day,
        "follow_up",
        note=SoapNote(subjective=subjective),
        readings=(Reading(Phase.PRE, Device.PALM, "AB", 15, 8, 6, 0),),
        findings=(Finding("iliopsoas", "left", "short_overactive", "Thomas test positive"),),
        plan=(PlanEntry("glute_bridge", 3, 5, reps=12),),
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def found(db: Database, text: str, include_archived: bool = False) -> dict[str, str | None]:
    """Chart number -> the visit line the list shows (None: found by name, not by a visit)."""
    return {
        p.chart_number: str(p.found_in) if p.found_in else None
        for p in search_patients(db, text, include_archived)
    }


def test_search_finds_notes_hypotheses_complaints_and_addenda(db: Database) -> None:
    lena = create_patient(db, PatientDraft("L-1", "Lena", "Berg"), "me")
    create_patient(db, PatientDraft("O-1", "Other", "Runner"), "me")
    draft = signable(
        FIRST,
        "Hamstring tightness after the hill repeats.",
        reasoning="Weak gluteus medius lets the pelvis drop.",
        complaints=(Complaint("buttock_sciatic", "right", 4),),
    )
    visit = save_draft(db, lena, draft, "me")
    assert found(db, "hamstring") == {
        "L-1": "visit 2026-03-02: Hamstring tightness after the hill repeats."
    }
    assert set(found(db, "hamstr")) == {"L-1"}  # the start of a word is enough
    assert set(found(db, "gluteus medius")) == {"L-1"}  # reasoning
    assert set(found(db, "thomas")) == {"L-1"}  # a finding's evidence
    assert set(found(db, "rectus")) == set()
    assert set(found(db, "iliopsoas")) == {"L-1"}  # a finding's muscle, in words
    assert set(found(db, "sciatic")) == {"L-1"}  # a complaint's region, in words
    assert found(db, "hamstring sciatic") == found(db, "hamstring")  # every word, one visit
    assert found(db, "hamstring knee") == {}
    sign_visit(db, visit, "Dr Test")
    add_addendum(db, visit, "Ran a trail marathon on the weekend.", "Told by phone", "Dr Test")
    excerpt = found(db, "marathon")["L-1"]
    if db.on_server:  # PostgreSQL's ts_headline chooses the words around a match its own way
        assert excerpt is not None and excerpt.startswith("visit 2026-03-02: ")
        assert "marathon on the weekend" in excerpt
    else:
        assert excerpt == "visit 2026-03-02: …marathon on the weekend. Told by phone"
    assert found(db, "berg") == {"L-1": None}  # found by name: no visit line


def test_the_latest_matching_visit_is_named_and_edits_are_followed(db: Database) -> None:
    lena = create_patient(db, PatientDraft("L-1", "Lena", "Berg"), "me")
    save_draft(db, lena, signable(FIRST, "Calf cramps on long runs."), "me")
    later = save_draft(db, lena, signable(LATER, "Calf better, some knee ache."), "me")
    assert found(db, "calf")["L-1"] == "visit 2026-03-16: Calf better, some knee ache."
    save_draft(db, lena, signable(LATER, "Shin splints now."), "me", visit_id=later)
    assert found(db, "calf")["L-1"] == "visit 2026-03-02: Calf cramps on long runs."
    assert set(found(db, "shin")) == {"L-1"} and found(db, "knee") == {}
    delete_draft(db, later, "me")
    assert found(db, "shin") == {}


@pytest.mark.sqlite_only  # sqlite3 by hand, or a file's own upgrade and check
def test_the_index_follows_a_hand_edit_of_a_draft(db: Database, db_path: Path) -> None:
    lena = create_patient(db, PatientDraft("L-1", "Lena", "Berg"), "me")
    visit = save_draft(db, lena, signable(FIRST, "Calf cramps."), "me")
    with sqlite3.connect(db_path) as connection:
        connection.execute(f"UPDATE visit SET subjective = 'Plantar fascia' WHERE id = {visit}")
        connection.execute(f"DELETE FROM muscle_finding WHERE visit_id = {visit}")
    connection.close()
    assert set(found(db, "plantar")) == {"L-1"}
    assert found(db, "calf") == {} and found(db, "thomas") == {}


def test_archived_patients_are_found_only_when_shown(db: Database) -> None:
    lena = create_patient(db, PatientDraft("L-1", "Lena", "Berg"), "me")
    save_draft(db, lena, signable(FIRST, "Calf cramps."), "me")
    set_archived(db, lena, True, "me")
    assert found(db, "calf") == {}
    assert set(found(db, "calf", include_archived=True)) == {"L-1"}


def test_search_words_are_never_query_syntax(db: Database) -> None:
    lena = create_patient(db, PatientDraft("L-1", "Lena", "Berg"), "me")
    save_draft(db, lena, signable(FIRST, 'Said "NOT" (twice) near: the AND-gate*'), "me")
    for typed in ('"', "NOT", "(twice", "near:", "AND-gate*", "a OR b", "^x", "-"):
        search_patients(db, typed)  # no FTS5 syntax error, whatever is typed
    assert set(found(db, '"NOT"')) == {"L-1"}


def test_percent_and_underscore_are_typed_characters_not_wildcards(db: Database) -> None:
    for chart, first in (("R_1", "Ida"), ("R-1", "Una"), ("R%2", "Per")):
        create_patient(db, PatientDraft(chart, first, "Lund"), "test")
    assert [p.chart_number for p in search_patients(db, "r_1")] == ["R_1"]
    assert [p.chart_number for p in search_patients(db, "%")] == ["R%2"]
    assert [p.chart_number for p in search_patients(db, "_")] == ["R_1"]


def test_imported_visits_are_searchable(db: Database, tmp_path: Path) -> None:
    lena = create_patient(db, PatientDraft("L-1", "Lena", "Berg"), "me")
    visit = save_draft(db, lena, signable(FIRST, "Calf cramps."), "me")
    sign_visit(db, visit, "Dr Test")
    other = open_database(tmp_path / "other.sqlite3")
    import_document(other, export_document(db), "export.json", "me")
    assert set(found(other, "calf")) == {"L-1"}
    other.close()


@pytest.mark.sqlite_only  # sqlite3 by hand, or a file's own upgrade and check
def test_an_older_database_gets_its_visits_indexed_on_upgrade(
    demo_db: Database, db_path: Path
) -> None:
    before = found(demo_db, "hilly")
    assert set(before) == {"R-001"}
    demo_db.close()
    engine = open_database(db_path).engine
    downgrade_to(engine, "0003")
    assert current_revision(engine) == "0003"
    engine.dispose()
    upgraded = open_database(db_path)
    assert current_revision(upgraded.engine) == head_revision()
    assert found(upgraded, "hilly") == before
    upgraded.close()
    assert list(backups_dir(db_path).glob("*before-upgrade-from-0003*"))


@pytest.mark.sqlite_only  # sqlite3 by hand, or a file's own upgrade and check
def test_cli_lists_the_found_visit_and_check_sees_a_damaged_index(
    demo_db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui.cli import main

    demo_db.close()
    assert main(["--db", str(db_path), "patients", "--search", "hilly"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("R-001") and "Okafor, Maya" in lines[0]
    assert lines[1].strip() == (
        "found in the visit 2026-03-09: …hilly 21 km on the weekend. Information received after…"
    )
    assert main(["--db", str(db_path), "check"]) == 0
    assert "search index  ok" in capsys.readouterr().out
    with sqlite3.connect(db_path) as connection:
        connection.execute("DELETE FROM visit_search WHERE rowid = (SELECT max(id) FROM visit)")
    connection.close()
    assert main(["--db", str(db_path), "check"]) == 1
    assert "search index  1 visit(s) not indexed" in capsys.readouterr().out


def test_a_page_holds_the_first_patients_by_name_and_counts_them_all(demo_db: Database) -> None:
    from models.services.patients import search_page

    page = search_page(demo_db, "", limit=2)
    assert [p.last_name for p in page.summaries] == ["Brandt", "Lindqvist"]
    assert page.total == 5
    page = search_page(demo_db, "thomas", limit=2)
    assert [p.chart_number for p in page.summaries] == ["R-002", "R-001"] and page.total == 3
    assert all(p.found_in for p in page.summaries)
    assert search_page(demo_db, "thomas", limit=10).total == 3


def test_a_thousand_words_search_the_first_words_and_never_fail(db: Database) -> None:
    """1,000 words once gave SQLite's "Expression tree is too large"; the first words are
    searched (fewer words find more, never less)."""
    create_patient(db, PatientDraft("L-1", "Lena", "Berg"), "me")
    assert set(found(db, "lena " + "berg " * 999)) == {"L-1"}
    assert set(found(db, "nobody " + "x " * 999)) == set()


def test_a_word_of_50000_characters_searches_its_start_and_never_fails(db: Database) -> None:
    """Once "LIKE or GLOB pattern too complex": a word is searched by its first characters."""
    lena = create_patient(db, PatientDraft("L-1", "Lena", "Berg"), "me")
    save_draft(db, lena, signable(FIRST, "Calf"), "me")
    assert found(db, "x" * 50_000) == {}
    assert found(db, "é" * 50_000) == {}
    long_name = "Berg" + "x" * (SEARCH_WORD_LENGTH - 4)
    create_patient(db, PatientDraft("L-2", "Ida", long_name), "me")
    assert set(found(db, long_name + "y" * 50_000)) == {"L-2"}


def test_a_control_character_or_a_lone_surrogate_in_a_search_is_a_space(db: Database) -> None:
    """A NUL once ended FTS5's query mid-string ("unterminated string"); a lone surrogate
    (no UTF-8 form) could not be sent to SQLite at all."""
    lena = create_patient(db, PatientDraft("L-1", "Lena", "Berg"), "me")
    save_draft(db, lena, signable(FIRST, "Calf cramps."), "me")
    for typed in ("calf\x00", "\x00calf", "calf\ud800", "\ud800 calf"):
        assert found(db, typed) == {"L-1": "visit 2026-03-02: Calf cramps."}
    assert found(db, "cal\x1bf") == {}  # two words, "cal" and "f": none of the visit's
    assert found(db, "lena\x00berg") == {"L-1": None}


def test_p_dash_is_one_letter_and_finds_charts_not_every_visit_with_a_p_word(
    db: Database,
) -> None:
    """FTS5 reads "P-" as the one-letter word "p"; taken as the start of words it found every
    patient whose notes hold "pain" or "pelvis" (6.7 s in a 20,000-patient practice)."""
    lena = create_patient(db, PatientDraft("R-1", "Lena", "Berg"), "me")
    save_draft(db, lena, signable(FIRST, "Pain at the pelvis, plantar fascia."), "me")
    create_patient(db, PatientDraft("P-7", "Ida", "Lund"), "me")
    assert found(db, "P-") == {"P-7": None}
    assert set(found(db, "pelv")) == {"R-1"}  # two letters or more: still a word's start


def test_a_name_is_found_whatever_the_case_of_letters_beyond_ascii(db: Database) -> None:
    """The trigram index folds case as Unicode does; SQLite's lower() folded only A-Z, so
    "ødeg" missed "Ødegaard"."""
    create_patient(db, PatientDraft("N-1", "Martin", "Ødegaard"), "me")
    create_patient(db, PatientDraft("N-2", "Émile", "Zola"), "me")
    assert found(db, "ødeg") == {"N-1": None}
    assert found(db, "éMILE") == {"N-2": None}
    assert found(db, "egaa") == {"N-1": None}  # inside the name, not only its start


@pytest.mark.sqlite_only  # sqlite3 by hand, or a file's own upgrade and check
def test_the_name_index_follows_a_rename_an_archive_and_a_hand_edit(
    db: Database, db_path: Path
) -> None:
    from models.services.patients import update_patient

    ida = create_patient(db, PatientDraft("L-2", "Ida", "Lund"), "me")
    update_patient(db, ida, PatientDraft("L-2", "Ida", "Berglund", date(1990, 5, 14)), "me")
    assert found(db, "lund") == {"L-2": None} and found(db, "Berglund") == {"L-2": None}
    assert found(db, "14.05.1990") == {"L-2": None} and found(db, "1990-05") == {"L-2": None}
    with sqlite3.connect(db_path) as connection:
        connection.execute(f"UPDATE patient SET last_name = 'Moss' WHERE id = {ida}")
    connection.close()
    assert found(db, "berglund") == {} and found(db, "moss") == {"L-2": None}
    set_archived(db, ida, True, "me")
    assert found(db, "moss") == {} and found(db, "moss", include_archived=True)
