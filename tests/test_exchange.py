"""Exchange format: lossless round trip, and all-or-nothing import with located errors."""

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from models.database import Database, open_database
from models.exchange_format import ImportFailed
from models.services.demo import demo_document
from models.services.exchange import export_document, import_document
from models.services.patients import patient_id_for_chart, search_patients
from models.services.visits import copy_forward, list_visits, save_draft

pytestmark = pytest.mark.both_engines  # the services on SQLite and on a clinic server


def test_round_trip_is_lossless(demo_db: Database, tmp_path: Path) -> None:
    exported = export_document(demo_db)
    assert [p["chart_number"] for p in exported["patients"]] == [f"R-00{i}" for i in range(1, 6)]
    other = open_database(tmp_path / "other.sqlite3")
    import_document(other, json.loads(json.dumps(exported)), "export.json", "tester")
    assert export_document(other) == exported
    other.close()


def test_export_keeps_signatures_addenda_and_drafts(demo_db: Database) -> None:
    seed = export_document(demo_db)["patients"][0]
    assert seed["visits"][0]["signed"]["by"] == "J. Reyes, DC"
    assert len(seed["visits"][0]["signed"]["hash"]) == 64
    assert seed["visits"][1]["addenda"][0]["reason"] == "Information received after signing"
    r004 = export_document(demo_db)["patients"][3]
    assert r004["visits"][-1]["signed"] is False


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["patients"][2]["visits"][3]["readings"][0].update(left_tilt_deg=60),
            "demo.json:patients[2]:visits[3]:readings[0].left_tilt_deg: "
            "must be between -30 and +45 degrees",
        ),
        (
            lambda d: d["patients"][0]["visits"][0]["complaints"][0].update(pain=11),
            "demo.json:patients[0]:visits[0]:complaints[0].pain: must be between 0 and 10",
        ),
        (
            lambda d: d["patients"][1].update(date_of_birth="14/05/1991"),
            "demo.json:patients[1]:date_of_birth: must be a date like 2026-03-14",
        ),
        (
            lambda d: d["patients"][4]["visits"][0]["plan"][0].update(exercise="moonwalk"),
            "demo.json:patients[4]:visits[0]:plan[0].exercise: unknown exercise 'moonwalk'",
        ),
        (
            lambda d: d["patients"][0]["visits"][0]["outcomes"][0].update(score=95),
            "demo.json:patients[0]:visits[0]:outcomes[0].score: must be between 0 and 80",
        ),
        (
            lambda d: d["patients"][0]["visits"][1]["complaints"][0].update(carried_over="yes"),
            "demo.json:patients[0]:visits[1]:complaints[0].carried_over: must be true or false",
        ),
        (
            lambda d: d["patients"][0].update(running_goal_km=500),
            "demo.json:patients[0]:running_goal_km: must be between 0 and 400 km/week (got 500)",
        ),
        (
            lambda d: d["patients"][2].update(running_goal_km="40"),
            "demo.json:patients[2]:running_goal_km: must be a number (got text)",
        ),
        (lambda d: d.update(version=2), "demo.json:version: must be 1 (got 2)"),
    ],
)
def test_one_bad_field_imports_nothing(db: Database, mutate, expected: str) -> None:  # type: ignore[no-untyped-def]
    document = copy.deepcopy(demo_document())
    mutate(document)
    with pytest.raises(ImportFailed) as failure:
        import_document(db, document, "demo.json", "tester")
    assert any(line.startswith(expected) for line in failure.value.errors), failure.value.errors
    assert search_patients(db, include_archived=True) == []


def test_running_goals_round_trip_and_a_file_without_them_imports(
    db: Database, tmp_path: Path
) -> None:
    document = demo_document()
    document["patients"][3]["running_goal_km"] = 0  # none wanted back yet is a goal too
    import_document(db, document, "demo.json", "tester")
    exported = export_document(db)
    goals = [p["running_goal_km"] for p in exported["patients"]]
    assert goals == [40.0, 60.0, 40.0, 0.0, None]
    other = open_database(tmp_path / "other.sqlite3")
    import_document(other, json.loads(json.dumps(exported)), "export.json", "tester")
    assert export_document(other) == exported
    older = demo_document()  # as written before schema 0011: no key at all
    for patient in older["patients"]:
        del patient["running_goal_km"]
        patient["chart_number"] += "-OLD"
    import_document(other, older, "old.json", "tester")
    again = export_document(other)["patients"]
    assert [p["running_goal_km"] for p in again if p["chart_number"].endswith("-OLD")] == [None] * 5
    other.close()


def test_duplicate_chart_number_imports_nothing(demo_db: Database) -> None:
    document = demo_document()
    document["patients"] = document["patients"][:1]
    document["patients"][0]["chart_number"] = "NEW-1"
    document["patients"].append(demo_document()["patients"][1])  # R-002 exists already
    with pytest.raises(ImportFailed, match="R-002 is already used by another patient"):
        import_document(demo_db, document, "f.json", "tester")
    assert "NEW-1" not in [p.chart_number for p in search_patients(demo_db)]


@pytest.mark.sqlite_only  # it searches, and the search is FTS5 so far
def test_a_carried_over_complaint_round_trips_and_files_without_the_mark_stay_as_they_were(
    demo_db: Database, tmp_path: Path
) -> None:
    exported = export_document(demo_db)
    complaints = [c for p in exported["patients"] for v in p["visits"] for c in v["complaints"]]
    assert complaints and all("carried_over" not in c for c in complaints)  # as before 0006
    text = json.dumps(exported, indent=2, ensure_ascii=False)
    other = open_database(tmp_path / "other.sqlite3")
    import_document(other, json.loads(text), "export.json", "tester")
    assert json.dumps(export_document(other), indent=2, ensure_ascii=False) == text  # bytes
    patient = patient_id_for_chart(other, "R-001")
    draft = copy_forward(other, patient, date(2026, 6, 1))
    save_draft(other, patient, draft, "tester")
    carried = export_document(other)
    last = next(p for p in carried["patients"] if p["chart_number"] == "R-001")["visits"][-1]
    assert [c["carried_over"] for c in last["complaints"]] == [True] * len(draft.complaints)
    third = open_database(tmp_path / "third.sqlite3")
    import_document(third, json.loads(json.dumps(carried)), "carried.json", "tester")
    assert export_document(third) == carried
    (stored,) = [v for v in list_visits(third, patient_id_for_chart(third, "R-001"))
                 if v.draft.visit_date == date(2026, 6, 1)]  # fmt: skip
    assert stored.draft.complaints == draft.complaints and all(
        c.carried_over for c in stored.draft.complaints
    )
    other.close()
    third.close()
