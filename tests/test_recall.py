"""The recall list (charting/recall.py, models/services/recall.py): a missed booking and a
course that held but has not been seen lately, in that order; discharged, archived and
booked-ahead patients left out; and its CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import errno
import os
import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from charting.course_stage import DEFAULT_STAGE_SETTINGS, CourseFacts, Stage, StageSettings
from charting.readings import Device, Phase, Reading
from charting.recall import recall_reason
from charting.tolerances import DEFAULT_TOLERANCES, Tolerances
from models.database import Database
from models.records import Complaint, PatientDraft, VisitDraft
from models.services.hold_summary import bring_up_to_date
from models.services.patients import create_patient, set_archived
from models.services.recall import (
    CSV_HEADER,
    RecallEntry,
    UnwritableFile,
    recall_list,
    write_recall_csv,
)
from models.services.visits import save_draft
from tests.courses import active_statuses
from tests.test_course_status_store import add_courses

pytestmark = pytest.mark.both_engines

TODAY = date(2026, 6, 1)
LEVEL = {"left_tilt_deg": 10.0, "right_tilt_deg": 10.0, "rotation_deg": 0.0, "obliquity_deg": 0.0}
TURNED = {**LEVEL, "rotation_deg": 12.0}  # far beyond the rotation tolerance: lost


def reading(phase: Phase, values: dict[str, float]) -> Reading:
    return Reading(phase, Device.INCLINOMETER, "JR", **values)  # type: ignore[arg-type]


def add_course(
    db: Database, chart: str, days: list[date], lost: bool = False,
    booked: date | None = None, discharged: bool = False, name: str = "Ito",
    phone: str = "555-0100", email: str = "",
) -> int:  # fmt: skip
    """Weekly visits that all hold (holding after three), or lose the last interval;
    `booked` at the latest visit, which is a discharge visit when `discharged`."""
    patient = create_patient(db, PatientDraft(chart, "Ana", name, phone=phone, email=email), "me")
    for n, day in enumerate(days):
        last = n == len(days) - 1
        pre = TURNED if lost and last else LEVEL
        draft = VisitDraft(
            day,
            kind="discharge" if discharged and last else "initial" if n == 0 else "follow_up",
            readings=(reading(Phase.PRE, pre), reading(Phase.POST, LEVEL)),
            complaints=(Complaint("low_back", "left", 4),),
            no_plan_reason="rest",
            next_visit_date=booked if last else day + timedelta(days=7),
        )
        save_draft(db, patient, draft, "me")
    return patient


def weekly(first: date, count: int) -> list[date]:
    return [first + timedelta(days=7 * n) for n in range(count)]


def charts(entries: list[RecallEntry]) -> list[str]:
    return [entry.chart_number for entry in entries]


def listed(db: Database, today: date = TODAY, **settings: int) -> list[RecallEntry]:
    stages = replace(DEFAULT_STAGE_SETTINGS, **settings)
    return recall_list(db, today, DEFAULT_TOLERANCES, stages)


def test_a_missed_booking_says_when_it_was_and_when_they_were_last_seen(db: Database) -> None:
    add_course(db, "M-1", weekly(date(2026, 2, 3), 3), booked=date(2026, 3, 3))
    (entry,) = listed(db, today=date(2026, 3, 20))  # 4 weeks unseen: too soon for the other
    assert entry.why == "booked for 3 Mar, not seen since 17 Feb"
    assert (entry.last_seen, entry.booked) == (date(2026, 2, 17), date(2026, 3, 3))
    assert (entry.name, entry.phone, entry.stage) == ("Ito, Ana", "555-0100", "Holding")


def test_a_booking_today_or_ahead_is_not_missed(db: Database) -> None:
    add_course(db, "T-1", weekly(date(2026, 1, 5), 3), booked=TODAY)
    add_course(db, "A-1", weekly(date(2026, 1, 5), 3), booked=TODAY + timedelta(days=30))
    assert listed(db) == []  # holding and unseen for 19 weeks, but booked


def test_holding_and_unseen_for_the_weeks_set_is_listed(db: Database) -> None:
    last_visit = TODAY - timedelta(weeks=12)
    add_course(db, "H-1", weekly(last_visit - timedelta(weeks=2), 3))
    (entry,) = listed(db)
    assert entry.why == "holding; last seen 12 weeks ago"
    assert entry.booked is None
    assert listed(db, recall_holding_weeks=12) == [entry]
    assert listed(db, recall_holding_weeks=13) == []


def test_unseen_but_not_holding_is_not_listed(db: Database) -> None:
    add_course(db, "C-1", weekly(date(2025, 11, 3), 3), lost=True)  # correcting
    assert listed(db) == []


def test_discharged_and_archived_patients_are_left_out(db: Database) -> None:
    add_course(db, "D-1", weekly(date(2026, 1, 5), 3), booked=date(2026, 2, 9), discharged=True)
    archived = add_course(db, "X-1", weekly(date(2026, 1, 5), 3), booked=date(2026, 2, 9))
    assert charts(listed(db)) == ["X-1"]
    set_archived(db, archived, True, "me")
    assert listed(db) == []


def test_missed_bookings_come_first_oldest_first_then_the_longest_unseen(db: Database) -> None:
    add_course(db, "H-9", weekly(date(2026, 1, 5), 3))  # last seen 19 Jan
    add_course(db, "H-8", weekly(date(2025, 12, 1), 3))  # last seen 15 Dec 2025: longer
    add_course(db, "M-9", weekly(date(2026, 3, 2), 3), booked=date(2026, 4, 1))
    add_course(db, "M-8", weekly(date(2026, 1, 5), 2), booked=date(2026, 3, 1), lost=True)
    # both reasons: listed once, under the booking, with both said
    add_course(db, "B-1", weekly(date(2025, 11, 3), 3), booked=date(2025, 12, 1))
    entries = listed(db)
    assert charts(entries) == ["B-1", "M-8", "M-9", "H-8", "H-9"]
    assert entries[0].why == (
        "booked for 1 Dec 2025, not seen since 17 Nov 2025; holding; last seen 28 weeks ago"
    )
    assert entries[1].stage == "Correcting"
    assert entries[3].why == "holding; last seen 24 weeks ago"


def test_stored_facts_and_facts_judged_in_memory_give_the_same_list(db: Database) -> None:
    add_course(db, "H-1", weekly(date(2026, 1, 5), 3))
    add_course(db, "M-1", weekly(date(2026, 3, 2), 3), booked=date(2026, 4, 1))
    in_memory = listed(db)
    while bring_up_to_date(db, DEFAULT_TOLERANCES)[1]:
        pass
    assert listed(db) == in_memory and charts(in_memory) == ["M-1", "H-1"]


@pytest.mark.parametrize("stage", list(Stage))
def test_only_courses_that_held_are_recalled_for_a_long_silence(stage: Stage) -> None:
    facts = CourseFacts(date(2026, 1, 5), last_seen=date(2026, 1, 5))
    reason = recall_reason(facts, stage, TODAY, StageSettings())
    held = stage in (Stage.HOLDING, Stage.SPACE_OUT, Stage.DISCHARGE)
    assert (reason is not None) == held


def test_the_csv_has_a_header_iso_dates_and_no_formulas(db: Database, tmp_path: Path) -> None:
    add_course(db, "=HYPERLINK(1)", weekly(date(2026, 2, 3), 3), booked=date(2026, 3, 3),
               name="+Ito", phone="+44 20 7946 0000", email="@ana")  # fmt: skip
    add_course(db, "H-1", weekly(date(2026, 1, 5), 3), name="Ørsted")
    folder = tmp_path / "exports"
    folder.mkdir()
    path = write_recall_csv(listed(db, today=date(2026, 3, 20)), folder / "recall.csv")
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [
        list(CSV_HEADER),
        ["'=HYPERLINK(1)", "'+Ito, Ana", "'+44 20 7946 0000", "'@ana",
         "booked for 3 Mar, not seen since 17 Feb", "2026-02-17", "2026-03-03"],
        ["H-1", "Ørsted, Ana", "555-0100", "", "holding; last seen 8 weeks ago",
         "2026-01-19", ""],
    ]  # fmt: skip
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in folder.iterdir()] == ["recall.csv"]  # no partial file left


def test_a_file_that_cannot_be_written_is_named_with_the_cause(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file where a folder was meant")
    with pytest.raises(UnwritableFile) as raised:
        write_recall_csv([], not_a_folder / "recall.csv")
    assert str(raised.value) == (
        f"recall.csv could not be written in {not_a_folder} (not a directory). "
        "Choose another folder, or free some space, and try again."
    )


def test_a_full_disk_is_said_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("models.private_files.write_private", full)
    with pytest.raises(UnwritableFile, match=r"recall\.csv could not be written .*disk is full"):
        write_recall_csv([], tmp_path / "recall.csv")
    assert not (tmp_path / "recall.csv").exists()


def every_course_judged(db: Database, today: date, tolerances: Tolerances) -> list[tuple[int, str]]:
    """The list as judging every active course would give it (no prefilter)."""
    found = []
    for patient, course in active_statuses(db, tolerances, DEFAULT_STAGE_SETTINGS).items():
        stage = course.status.stage
        if (
            reason := recall_reason(course.facts, stage, today, DEFAULT_STAGE_SETTINGS)
        ) is not None:
            found.append((reason.order, patient, reason.why))
    return [(patient, why) for _order, patient, why in sorted(found)]


def test_judging_only_the_candidates_lists_what_judging_every_course_does(db: Database) -> None:
    """Stored facts, stale ones, and tolerances other than those stored: the same list."""
    patients = add_courses(db, random.Random(21), 30)
    set_archived(db, patients[0], True, "me")
    loose = replace(DEFAULT_TOLERANCES, rotation_deg=DEFAULT_TOLERANCES.rotation_deg * 3)
    days = [date(2025, 4, 1), date(2025, 6, 20), date(2025, 9, 1), date(2026, 1, 1)]
    for stored in (False, True):
        if stored:
            while bring_up_to_date(db, DEFAULT_TOLERANCES)[1]:
                pass
            save_draft(db, patients[1], VisitDraft(date(2025, 5, 5), no_plan_reason="x"), "me")
        for tolerances in (DEFAULT_TOLERANCES, loose):
            for today in days:
                got = recall_list(db, today, tolerances, DEFAULT_STAGE_SETTINGS)
                wanted = every_course_judged(db, today, tolerances)
                assert [(e.patient_id, e.why) for e in got] == wanted
    assert any(every_course_judged(db, day, DEFAULT_TOLERANCES) for day in days)
