"""Hostile exchange files: each is imported whole or refused with located lines, never a
traceback, and a refused file leaves the database exactly as it was."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from models import orm
from models.database import Database
from models.exchange_format import ImportFailed, parse_document, read_document
from models.records import visit_date_range
from models.services.exchange import export_document, import_document
from models.services.integrity import check_database
from models.services.patients import patient_id_for_chart, search_patients
from models.services.tamper import tamper_report
from models.services.visits import list_visits
from tests.hostile_documents import Path_, base_document, hostile_variants

pytestmark = pytest.mark.both_engines

SOURCE = "hostile.json"
# file[:patients[i][:visits[j]]][:field.path[k].more]: message; a key no field could have
# is quoted: ["two words"].
KEY, ODD_KEY = r"[A-Za-z_][A-Za-z0-9_]*", r'\["(?:[^"\\]|\\.)*"\]'
LINE = re.compile(
    r"^hostile\.json"
    r"(?::(?:format|version|patients)(?:\[\d+\])?)?"
    r"(?::visits\[\d+\])?"
    rf"(?::(?:{KEY}|{ODD_KEY})(?:\[\d+\]|\.{KEY}|{ODD_KEY})*)?"
    r": \S.*\Z"
)
LONGEST_LINE = 400  # a message quotes a bad value, never 100,000 characters of it
TABLES = (
    orm.Patient, orm.Visit, orm.ReadingRow, orm.Complaint, orm.MuscleFinding, orm.PlanItem,
    orm.OutcomeScore, orm.Addendum, orm.AuditEvent,
)  # fmt: skip


def counts(db: Database) -> dict[str, int]:
    """Rows of every table a file can write to."""
    with db.session() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in TABLES
        }


def refusal(db: Database, document: Any) -> list[str]:
    """The lines an import of `document` is refused with (asserting it is refused)."""
    before = counts(db)
    with pytest.raises(ImportFailed) as failure:
        import_document(db, document, SOURCE, "tester")
    assert counts(db) == before
    for line in failure.value.errors:
        assert LINE.match(line) and len(line) <= LONGEST_LINE, line
    return failure.value.errors


def changed(demo_db: Database, change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    document = base_document(demo_db)
    for number, patient in enumerate(document["patients"]):
        patient["chart_number"] = f"NEW-{number}"
    change(document)
    return document


def first_visit(document: dict[str, Any]) -> dict[str, Any]:
    visit: dict[str, Any] = document["patients"][0]["visits"][0]
    return visit


# -- the findings, one test each ----------------------------------------------------------


def test_patients_that_are_not_a_list_are_refused(demo_db: Database) -> None:
    document = changed(demo_db, lambda d: d.update(patients=5))
    assert refusal(demo_db, document) == [
        "hostile.json:patients: must be a list of patients (got a number)"
    ]


def test_a_list_or_an_object_where_text_belongs_is_refused(demo_db: Database) -> None:
    def change(document: dict[str, Any]) -> None:
        document["patients"][0]["notes"] = {"a": 1}
        first_visit(document)["correction"] = ["a"]

    assert refusal(demo_db, changed(demo_db, change)) == [
        "hostile.json:patients[0]:notes: must be text (got an object)",
        "hostile.json:patients[0]:visits[0]:correction: must be text (got a list)",
    ]


def test_an_addendum_without_text_is_refused(demo_db: Database) -> None:
    def change(document: dict[str, Any]) -> None:
        document["patients"][0]["visits"][1]["addenda"][0]["text"] = None

    assert refusal(demo_db, changed(demo_db, change)) == [
        "hostile.json:patients[0]:visits[1]:addenda[0].text: must be text (got null)"
    ]


def test_a_number_of_4000_digits_is_refused_in_words(demo_db: Database) -> None:
    def change(document: dict[str, Any]) -> None:
        first_visit(document)["readings"][0]["left_tilt_deg"] = int("9" * 4000)

    (line,) = refusal(demo_db, changed(demo_db, change))
    assert line.startswith(
        "hostile.json:patients[0]:visits[0]:readings[0].left_tilt_deg: "
        "must be between -30 and +45 degrees (got a number of 4000 digits)"
    )


def test_an_exercise_that_is_a_list_is_refused(demo_db: Database) -> None:
    document = changed(demo_db, lambda d: first_visit(d)["plan"][0].update(exercise=[]))
    assert refusal(demo_db, document) == [
        "hostile.json:patients[0]:visits[0]:plan[0].exercise: must be text (got a list)"
    ]


def test_archived_must_be_true_or_false_not_the_text_false(demo_db: Database) -> None:
    document = changed(demo_db, lambda d: d["patients"][0].update(archived="false"))
    assert refusal(demo_db, document) == [
        "hostile.json:patients[0]:archived: must be true or false (got text)"
    ]


def test_a_visit_carried_over_must_be_true_or_false_not_the_text_false(
    demo_db: Database,
) -> None:
    document = changed(demo_db, lambda d: first_visit(d).update(carried_over="false"))
    assert refusal(demo_db, document) == [
        "hostile.json:patients[0]:visits[0]:carried_over: must be true or false (got text)"
    ]


def test_a_score_must_be_a_number_not_true(demo_db: Database) -> None:
    document = changed(demo_db, lambda d: first_visit(d)["outcomes"][0].update(score=True))
    assert refusal(demo_db, document) == [
        "hostile.json:patients[0]:visits[0]:outcomes[0].score: must be a number (got true)"
    ]


def test_a_visit_more_than_a_year_ahead_is_refused(demo_db: Database) -> None:
    in_a_year = visit_date_range()[1]
    assert 365 <= (in_a_year - date.today()).days <= 366
    too_late = in_a_year + timedelta(days=1)

    def dated(day: date) -> dict[str, Any]:
        def change(document: dict[str, Any]) -> None:
            visit = document["patients"][1]["visits"][0]
            visit.update(date=day.isoformat(), next_visit_date=None)

        return changed(demo_db, change)

    for day in (too_late, date(9999, 12, 31)):
        assert refusal(demo_db, dated(day)) == [
            f"hostile.json:patients[1]:visits[0]:date: must be between 1900-01-01 and "
            f"{in_a_year.isoformat()}, a year from today (got {day.isoformat()})"
        ]
    assert import_document(demo_db, dated(in_a_year), SOURCE, "tester") == 2


def test_a_birth_date_in_the_future_or_before_1900_is_refused(demo_db: Database) -> None:
    """The patient form's rule (models.records.birth_date_range), applied to imports too."""
    tomorrow = date.today() + timedelta(days=1)
    for day in (tomorrow, date(1899, 12, 31)):
        document = changed(demo_db, lambda d, day=day: d["patients"][0].update(
            date_of_birth=day.isoformat()))  # fmt: skip
        assert refusal(demo_db, document) == [
            "hostile.json:patients[0]:date_of_birth: must be between 1900-01-01 and today"
        ]


def test_a_field_the_format_does_not_have_is_refused(demo_db: Database) -> None:
    """A misspelt `archvied: true` must not be dropped without a word."""
    document = changed(demo_db, lambda d: d["patients"][0].update(archvied=True))
    assert refusal(demo_db, document) == [
        "hostile.json:patients[0]:archvied: is not a field of the exchange format"
    ]


def test_a_required_field_left_out_is_named(demo_db: Database) -> None:
    document = changed(demo_db, lambda d: first_visit(d)["complaints"][0].pop("pain"))
    assert refusal(demo_db, document) == [
        "hostile.json:patients[0]:visits[0]:complaints[0].pain: is required"
    ]


# -- every hostile variant ----------------------------------------------------------------


def location(path: Path_) -> str:
    """hostile.json:patients[0]:visits[1]:addenda[0].text for that path in a document."""
    parts, rest = [SOURCE], list(path)
    for key in ("patients", "visits"):
        if len(rest) >= 2 and rest[0] == key and isinstance(rest[1], int):
            parts.append(f"{key}[{rest[1]}]")
            rest = rest[2:]
    field = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in rest).lstrip(".")
    return ":".join(parts + ([field] if field else []))


def stored_as_given(db: Database, document: dict[str, Any]) -> None:
    """What was imported reads back as the file gave it: the file and an export of the
    same patients parse to the same values (content hashes aside: a file may omit them)."""
    charts = [p["chart_number"].strip() for p in document["patients"]]
    exported = export_document(db, chart_numbers=charts)
    for patient in exported["patients"]:
        for visit in patient["visits"]:
            if visit["signed"]:
                visit["signed"].pop("hash")
    given = copy.deepcopy(document)
    for patient in given["patients"]:
        for visit in patient.get("visits", []):
            if visit.get("signed"):
                visit["signed"].pop("hash", None)
    assert parse_document(exported, "export") == parse_document(given, "export")


def test_every_hostile_variant_is_imported_whole_or_refused_with_located_lines(
    demo_db: Database,
) -> None:
    base = base_document(demo_db)
    originals = [p["chart_number"] for p in base["patients"]]
    imported = refused = 0
    for number, (name, document) in enumerate(hostile_variants(base)):
        patients = document.get("patients") if isinstance(document, dict) else None
        for patient in patients if isinstance(patients, list) else []:
            if isinstance(patient, dict) and patient.get("chart_number") in originals:
                patient["chart_number"] = f"V{number}-{originals.index(patient['chart_number'])}"
        before = counts(demo_db)
        try:
            import_document(demo_db, document, SOURCE, "tester")
        except ImportFailed as failure:
            refused += 1
            assert counts(demo_db) == before, name
            for line in failure.errors:
                assert LINE.match(line) and len(line) <= LONGEST_LINE, (name, line)
            if "=" in name or ":" in name:  # a change at a path: a line points near it
                path = _path_of(base, name)
                near = location(path[:-1]) if len(path) > 1 else SOURCE
                assert any(line.startswith(near) for line in failure.errors), (
                    name, failure.errors[:3],
                )  # fmt: skip
            continue
        imported += 1
        after = counts(demo_db)
        given = document["patients"]
        assert after["patient"] - before["patient"] == len(given), name
        visits = sum(len(p.get("visits", [])) for p in given)
        assert after["visit"] - before["visit"] == visits, name
        # one per patient and visit, one per signature and one per addendum
        signed = [v for p in given for v in p.get("visits", []) if v.get("signed")]
        written = len(given) + visits + len(signed) + sum(len(v.get("addenda", [])) for v in signed)
        assert after["audit_event"] - before["audit_event"] == written, name
        stored_as_given(demo_db, document)
    assert imported + refused >= 300
    assert refused > imported > 20  # both outcomes are exercised
    if demo_db.on_server:  # what `holdfast check` reads on a server (ui/cli_server.py)
        with demo_db.engine.connect() as connection:
            assert tamper_report(connection).ok
    else:
        assert check_database(demo_db).integrity == "ok"


def _path_of(base: dict[str, Any], name: str) -> Path_:
    """The path a variant's name gives: 'patients[0].visits[1].date=null' ->
    ('patients', 0, 'visits', 1, 'date')."""
    text = re.split(r"[=:]", name)[0]
    if text == "document":
        return ()
    path: list[str | int] = []
    for part in text.split("."):
        key, *indexes = part.split("[")
        path.append(key)
        path.extend(int(index.rstrip("]")) for index in indexes)
    if name.endswith(":extra-key"):
        path.append("unexpected")
    return tuple(path)


# -- files that are not JSON, or JSON Python reads too kindly -------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe{}", "hostile.json: not UTF-8 text (byte 0xff at position 0)"),
        (b'{"format": "holdfast",', "hostile.json: not valid JSON (Expecting property name"),
        (b"[" * 100_000 + b"]" * 100_000, "hostile.json: not valid JSON (nested too deeply)"),
        (b'{"a": ' + b"9" * 5000 + b"}", "hostile.json: not valid JSON (a number of 5000 digits"),
        (b'{"a": NaN}', "hostile.json: not valid JSON (NaN is not a JSON number)"),
        (b'{"a": -Infinity}', "hostile.json: not valid JSON (-Infinity is not a JSON number)"),
        (b'{"a": 1, "a": 2}', "hostile.json: not valid JSON (the key 'a' appears twice"),
    ],
)
def test_text_that_is_not_strict_json_is_refused_in_words(content: bytes, expected: str) -> None:
    with pytest.raises(ImportFailed) as failure:
        read_document(content, SOURCE)
    (line,) = failure.value.errors
    assert line.startswith(expected) and len(line) <= LONGEST_LINE, line


def test_a_number_beyond_a_float_is_refused(demo_db: Database) -> None:
    """1e309 reads as infinity in Python: a reading of infinity is no reading."""
    text = json.dumps(base_document(demo_db)).replace(
        '"adherence_pct": 75', '"adherence_pct": 1e309'
    )
    assert '"adherence_pct": 1e309' in text
    document = read_document(text.encode(), SOURCE)
    (line,) = refusal(demo_db, document)
    assert line.startswith("hostile.json:patients[0]:visits[1]:adherence_pct: must be a number")


def test_an_imported_file_is_whole(demo_db: Database) -> None:
    document = changed(demo_db, lambda d: None)
    assert import_document(demo_db, document, SOURCE, "tester") == 2
    stored_as_given(demo_db, document)
    new = patient_id_for_chart(demo_db, "NEW-1")
    assert [p.chart_number for p in search_patients(demo_db, "NEW", True)] == ["NEW-0", "NEW-1"]
    assert len(list_visits(demo_db, new)) == 1


CLI_SAMPLE = (
    "patients=5",
    "patients[0].notes=dict",
    "patients[0].visits[1].addenda[0].text=null",
    "patients[0].visits[0].readings[0].left_tilt_deg=huge-int",
    "patients[0].visits[0].plan[0].exercise=list",
    "patients[0].archived=empty-text",
    "patients[0].visits[0].outcomes[0].score=true",
    "patients[0].visits[0].date=long-text",
)


def test_the_command_line_refuses_hostile_files_with_exit_1_and_no_traceback(
    demo_db: Database, tmp_path: Path
) -> None:
    """A sample of the variants through the real `holdfast import`, in a child process, into
    a database of its own (the variants keep the demo's chart numbers)."""
    from tests.test_cli import run

    variants = dict(hostile_variants(base_document(demo_db)))
    target = tmp_path / "cli.sqlite3"
    for name in CLI_SAMPLE:
        file = tmp_path / SOURCE
        file.write_text(json.dumps(variants[name]))
        result = run("import", str(file), db=target)
        lines = result.stderr.splitlines()
        assert result.returncode == 1 and "Traceback" not in result.stderr, (name, lines)
        assert lines[-1] == "Nothing was imported." and lines[:-1], name
        assert all(LINE.match(line) for line in lines[:-1]), (name, lines)
    (tmp_path / SOURCE).write_bytes(b'{"format": "holdfast", "version": 1, "patients": NaN}')
    result = run("import", str(tmp_path / SOURCE), db=target)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        "hostile.json: not valid JSON (NaN is not a JSON number)"
    )
    assert "No patients yet" in run("patients", "--all", db=target).stdout
