"""Byte-stable documents: fixed plain records in, the same PDF bytes out, every time.

The fixed inputs use no clock, no database and no figure (matplotlib's rasteriser is not
part of the promise). The committed hashes in golden/reports.json were made with the
reportlab and matplotlib (DejaVu font) versions recorded beside them, which are the versions
pinned in constraints.txt (`make` installs exactly those). With other versions the bytes may
legitimately differ: on a developer's machine the comparison is then skipped, but in CI
(HOLDFAST_CI=1, set by .ci/run) it fails, so a release of either library can never switch
the check off unnoticed.

Renew the hashes after any intended change to a document, or after `make constraints`:
    make .venv/.installed
    HOLDFAST_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_reports_golden.py
then look at the documents (see tests/test_reports_layout.py) and commit reports.json.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import matplotlib
import pytest
import reportlab
from pypdf import PdfReader

from charting.readings import Reading
from models.canonical import visit_hash
from models.records import (
    AddendumRecord,
    Complaint,
    Finding,
    Outcome,
    PlanEntry,
    SoapNote,
    VisitDraft,
    VisitRecord,
)
from models.version import VERSION
from reports import page
from reports.data import (
    Clinic,
    HandoutData,
    HandoutExercise,
    PatientHeader,
    ProgressData,
    VisitSummaryData,
)
from reports.handout import build_handout
from reports.progress import build_progress_report
from reports.visit_summary import build_visit_summary
from resources.illustrations import Arrow, Circle, Label, Line, Polyline
from tests.conftest import skip_here_fail_in_ci

GOLDEN = Path(__file__).parent / "golden" / "reports.json"
ROOT = Path(__file__).parent.parent
CLINIC = Clinic("Harbour Run Clinic", "1 Quay Street\nPortside", "555-0199", "", "A. Lane, PT")
PATIENT = PatientHeader("G-001", "Robin Golden", date(1990, 1, 2), "Trail runner, 30 km/week")
BRIDGE = PlanEntry("glute_bridge", sets=3, per_week=4, reps=12, side="both")
STRETCH = PlanEntry("couch_stretch", sets=2, per_week=7, hold_s=45, side="left", notes="Slowly.")
SHAPES = (
    Line(10, 180, 470, 180, 2.0),
    Circle(60, 150, 12, True, 0.5),
    Polyline(((80, 170), (160, 120), (240, 170)), 6.0),
    Polyline(((300, 100), (340, 60), (380, 100)), 2.0, closed=True, fill=0.8),
    Arrow(((200, 60), (200, 20))),
    Label(240, 195, "Finish", 12.0, "middle"),
)


def handout_data() -> HandoutData:
    exercises = (
        HandoutExercise(
            "Glute bridge", "Strengthens the big buttock muscle.",
            ("Lie on your back.", "Lift your hips.", "Lower slowly."),
            ("Stop if your back hurts.",), BRIDGE, False, SHAPES,
        ),
        HandoutExercise(
            "Couch stretch", "Stretches the front of the thigh.",
            ("Kneel by a sofa.", "Tuck your tailbone.", "Come upright.", "Hold and breathe."),
            ("Pad the knee.", "Never into pain."), STRETCH, True,
        ),
    )  # fmt: skip
    return HandoutData(CLINIC, PATIENT, date(2026, 3, 9), None, None, exercises, date(2026, 3, 16))


def visit_record(signed: bool) -> VisitRecord:
    draft = VisitDraft(
        visit_date=date(2026, 3, 9),
        note=SoapNote("Sore after long runs.", "Standing, PALM.", "Left anterior.", "Review."),
        complaints=(Complaint("low_back", "left", 5),),
        readings=(
            Reading("pre", "palm", "AL", 16.0, 10.0, 6.0, 1.0),
            Reading("post", "palm", "AL", 11.0, 10.0, 1.0, 0.0),
        ),
        findings=(Finding("iliopsoas", "left", "short_overactive", "Thomas test positive"),),
        reasoning="Short left hip flexor.",
        plan=(BRIDGE, STRETCH),
        outcomes=(Outcome("lefs", 50.0),),
        correction="Muscle energy technique.",
        running_km_per_week=20.0,
        next_visit_date=date(2026, 3, 16),
    )
    addendum = AddendumRecord("Raced on Sunday.", "Told after signing", "A. Lane, PT",
                              datetime(2026, 3, 10, 9, 30))  # fmt: skip
    if not signed:
        return VisitRecord(1, 1, draft, "draft")
    signed_at, signer = datetime(2026, 3, 9, 17, 45), "A. Lane, PT"
    digest = visit_hash(draft, signer, signed_at)  # a signature the page can vouch for
    return VisitRecord(1, 1, draft, "signed", signed_at, signer, digest, (addendum,))


def summary_data(signed: bool) -> VisitSummaryData:
    names = (("couch_stretch", "Couch stretch"), ("glute_bridge", "Glute bridge"))
    return VisitSummaryData(CLINIC, PATIENT, visit_record(signed), names, ("First score.",))


BUILDS = {
    "handout_a4": lambda: build_handout(handout_data(), "A4"),
    "handout_letter": lambda: build_handout(handout_data(), "Letter"),
    "visit_signed": lambda: build_visit_summary(summary_data(True), "A4"),
    "visit_draft": lambda: build_visit_summary(summary_data(False), "A4"),
}


def versions() -> dict[str, str]:
    return {"reportlab": reportlab.Version, "matplotlib": matplotlib.__version__}


def test_the_pdf_names_the_holdfast_that_made_it() -> None:
    metadata = PdfReader(BytesIO(BUILDS["visit_signed"]())).metadata
    assert metadata is not None and metadata.creator == f"Holdfast {VERSION}"


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_built_twice_gives_identical_bytes(name: str) -> None:
    assert BUILDS[name]() == BUILDS[name]()


def same_versions_or_stop(made_with: dict[str, str], running: dict[str, str]) -> None:
    """Return when the golden hashes were made with the running versions; otherwise skip,
    or fail in CI, where the versions are pinned and a difference means a stale golden."""
    if made_with == running:
        return
    skip_here_fail_in_ci(f"golden made with {made_with}, running {running}: renew it (see top)")


def test_golden_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    # The PDFs name the Holdfast that made them (creator); a release must not renew the hashes.
    monkeypatch.setattr(page, "VERSION", "golden")
    hashes = {name: hashlib.sha256(build()).hexdigest() for name, build in BUILDS.items()}
    if os.environ.get("HOLDFAST_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps({**versions(), "sha256": hashes}, indent=2) + "\n")
    golden = json.loads(GOLDEN.read_text())
    same_versions_or_stop({key: golden[key] for key in versions()}, versions())
    assert hashes == golden["sha256"]


def test_other_versions_fail_in_ci_and_skip_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    made_with, running = {"reportlab": "4.0.0"}, {"reportlab": "5.1.0"}
    monkeypatch.setenv("HOLDFAST_CI", "1")
    with pytest.raises(pytest.fail.Exception, match="renew"):
        same_versions_or_stop(made_with, running)
    monkeypatch.delenv("HOLDFAST_CI")
    with pytest.raises(pytest.skip.Exception, match="renew"):
        same_versions_or_stop(made_with, running)
    same_versions_or_stop(running, running)


def pins() -> dict[str, str]:
    """constraints.txt as {normalised name: version}."""
    found = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            found[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return found


def test_constraints_pin_every_dependency_and_the_golden_versions() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    names = {re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ;]", w)[0]).lower() for w in wanted}
    pinned = pins()
    assert names <= set(pinned), f"not pinned: {sorted(names - set(pinned))}"
    for qt in ("pyside6-essentials", "pyside6-addons"):  # 6.12 aborts on Python 3.11
        assert tuple(int(p) for p in pinned[qt].split(".")[:2]) < (6, 12), pinned[qt]
    golden = json.loads(GOLDEN.read_text())
    assert {key: pinned[key] for key in versions()} == {key: golden[key] for key in versions()}


def test_golden_inputs_read_back() -> None:
    handout = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(BytesIO(BUILDS["handout_a4"]())).pages
    )
    for phrase in ("Harbour Run Clinic", "For Robin Golden", "1. Glute bridge",
                   "3 sets of 12 repetitions", "2 sets, hold 45 seconds", "every day",
                   "left side only", "Note from your practitioner: Slowly.",
                   "Next visit Monday 16 March 2026", "A. Lane, PT", "page 1 of"):  # fmt: skip
        assert phrase in handout, phrase
    signed = PdfReader(BytesIO(BUILDS["visit_signed"]())).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in signed)
    assert "16.0° 10.0° +6.0° +6.0° +1.0°" in text  # tilts, asymmetry 16 - 10, rotation, obliquity
    assert "10 March 2026 at 09:30, by A. Lane, PT" in text
    assert summary_data(True).visit.content_hash in text.replace(" ", "")
    assert "Signed by A. Lane, PT" in text


def test_sparse_records_still_make_sensible_documents() -> None:
    """One visit with nothing measured or prescribed: every document says so in words."""
    bare = VisitRecord(2, 1, VisitDraft(visit_date=date(2026, 3, 2), kind="initial"), "draft")
    empty = HandoutData(CLINIC, PATIENT, date(2026, 3, 2), None, None, (), None, "Rest first.")
    handout = PdfReader(BytesIO(build_handout(empty)))
    text = " ".join(page.extract_text() for page in handout.pages)
    assert "Your pelvis was not measured today." in text and "Rest first." in text
    assert "tracker" not in text and len(handout.pages) == 1
    summary = build_visit_summary(VisitSummaryData(CLINIC, PATIENT, bare), "Letter")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(summary)).pages)
    assert "No readings recorded." in text and "No hypothesis recorded." in text
    progress = build_progress_report(ProgressData(CLINIC, PATIENT, (bare,)))
    pages = PdfReader(BytesIO(progress)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Robin Golden attended 1 visit, on 2 March 2026." in text
    assert "Only one visit so far" in text and "No home exercises" in text
    assert "Record a second visit" in text and "No pain ratings" in text and len(pages) == 1
    assert f"page {len(pages)} of {len(pages)}" in text
