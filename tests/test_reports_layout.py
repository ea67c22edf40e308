"""Nothing printed is cut off or printed over.

For each document the text it means to print is read from its flowables (paragraphs, table
cells, drawings) and its page furniture, then compared with the text drawn on the pages as
pdfplumber reads it back, with positions: running header above the frame, footer below it,
everything else inside the frame, no word on top of another. Figures reach the page as
pictures, so their texts are checked where they are drawn: every title, label, tick label,
legend entry and note must lie inside the figure, at the resolution the page uses.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Any

import pdfplumber
import pytest
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from reportlab.graphics.shapes import Group, String
from reportlab.platypus import KeepTogether, Paragraph, Table

from charting.readings import Reading
from models.database import Database, open_database
from models.records import Complaint, Finding, Outcome, PlanEntry, SoapNote, VisitDraft, VisitRecord
from models.services.demo import load_demo
from models.services.patients import patient_id_for_chart
from models.settings import Settings, save_settings
from reports import page
from reports.data import (
    Clinic,
    HandoutData,
    PatientHeader,
    ProgressData,
    VisitSummaryData,
    handout_exercise,
)
from reports.figure import DPI, FigureImage
from reports.generate import report_document
from reports.handout import handout_document
from reports.progress import progress_document
from reports.visit_summary import visit_summary_document

TOLERANCE = 0.5  # points: rounding in the PDF's text positions
DEMO_CHARTS = ("R-001", "R-002", "R-003", "R-004", "R-005")
KINDS = ("handout", "visit", "progress")


@dataclass
class Intended:
    """What a document means to print: words of its story, and its figures."""

    words: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def add(self, markup: str) -> None:
        plain = html.unescape(re.sub(r"<[^>]+>", " ", markup))
        self.words += plain.split()


def intended(item: Any, found: Intended) -> Intended:
    """Walk flowables, table cells and drawings, collecting every text they will draw."""
    if isinstance(item, str):
        found.add(item)
    elif isinstance(item, list | tuple):
        for part in item:
            intended(part, found)
    elif isinstance(item, Paragraph):
        found.add(item.bulletText or "")
        found.add(item.text)
    elif isinstance(item, Table):
        intended(item._cellvalues, found)
    elif isinstance(item, KeepTogether):
        intended(item._content, found)
    elif isinstance(item, Group):  # a Drawing is a Group too
        intended(item.contents, found)
    elif isinstance(item, String):
        found.add(item.text)
    elif isinstance(item, FigureImage):
        assert item.figure is not None
        found.figures.append(item.figure)
    return found


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def overlapping(words: list[Word]) -> Iterator[tuple[Word, Word]]:
    """Pairs of words whose boxes cover each other by more than the tolerance."""
    ordered = sorted(words, key=lambda w: w.top)
    for index, word in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.top >= word.bottom - TOLERANCE:
                break
            across = min(word.x1, other.x1) - max(word.x0, other.x0)
            down = min(word.bottom, other.bottom) - max(word.top, other.top)
            if across > TOLERANCE and down > TOLERANCE:
                yield word, other


def level(char: dict[str, Any]) -> bool:
    """Horizontal text; the DRAFT watermark is drawn at 45 degrees over the page on purpose."""
    _, b, c, *_ = char["matrix"]
    return b == c == 0


def check_pages(pdf: bytes, document: page.Document) -> None:
    """The drawn text is the intended text, each part in its place on the page."""
    setup = document.setup
    story = intended(document.story, Intended())
    assert story.words, "the walk found no text in the story"
    width, height = page.page_size(setup.paper)
    frame_top, frame_bottom = page.MARGIN + page.HEADER_GAP, height - page.MARGIN
    left, right = page.MARGIN - TOLERANCE, width - page.MARGIN + TOLERANCE
    body: list[str] = []
    problems: list[str] = []
    with pdfplumber.open(BytesIO(pdf)) as opened:
        total = len(opened.pages)
        for number, sheet in enumerate(opened.pages, start=1):
            upright = sheet.filter(lambda o: o.get("object_type") != "char" or level(o))
            words = [
                Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
                for w in upright.extract_words(use_text_flow=False)
            ]
            regions: dict[str, list[Word]] = {"header": [], "footer": [], "frame": [], "": []}
            for word in words:
                if word.bottom <= frame_top + TOLERANCE:
                    regions["header"].append(word)
                elif word.top >= frame_bottom - TOLERANCE:
                    regions["footer"].append(word)
                elif word.top >= frame_top - TOLERANCE and word.bottom <= frame_bottom + TOLERANCE:
                    regions["frame"].append(word)
                else:
                    regions[""].append(word)  # across the frame's top or bottom edge
            header = sorted(w.text for w in regions["header"])
            footer = sorted(w.text for w in regions["footer"])
            expected_header = f"{setup.running_header} {setup.heading or setup.title}".split()
            chain = f"Audit chain when printed: {setup.chain_head}" if setup.chain_head else ""
            expected_footer = f"{setup.footer_left} page {number} of {total} {chain}".split()
            if header != sorted(expected_header):
                problems.append(f"page {number} header: {header} != {sorted(expected_header)}")
            if footer != sorted(expected_footer):
                problems.append(f"page {number} footer: {footer} != {sorted(expected_footer)}")
            if regions[""]:
                across = [w.text for w in regions[""]]
                problems.append(f"page {number}: words across the frame's edge: {across}")
            problems += [
                f"page {number}: {w.text!r} runs off the frame ({w.x0:.1f}-{w.x1:.1f})"
                for w in words
                if w.x0 < left or w.x1 > right
            ]
            problems += [
                f"page {number}: {a.text!r} is printed over {b.text!r}"
                for a, b in overlapping(words)
            ]
            for image in sheet.images:
                off_side = image["x0"] < left or image["x1"] > right
                if (
                    off_side
                    or not frame_top - 1 <= image["top"] <= image["bottom"] <= frame_bottom + 1
                ):
                    problems.append(f"page {number}: a picture runs off the frame")
            body += [w.text for w in regions["frame"]]
    missing = Counter(story.words) - Counter(body)
    unexpected = set(body) - set(story.words)
    assert not missing, f"intended but not drawn: {sorted(missing.elements())}"
    assert not unexpected, f"drawn but not intended (cut words?): {sorted(unexpected)}"
    assert not problems, "\n".join(problems)
    for figure in story.figures:
        problems = figure_problems(figure)
        assert not problems, "\n".join(problems)


def shown_tick_labels(axis: Axis) -> list[Text]:
    """Labels of the ticks inside the axis's view: a locator may place more, undrawn."""
    low, high = sorted(axis.get_view_interval())
    span = (high - low) * 1e-9
    ticks = [*axis.get_major_ticks(len(axis.get_majorticklocs())), *axis.get_minor_ticks()]
    return [
        label
        for tick in ticks
        if low - span <= tick.get_loc() <= high + span
        for label in (tick.label1, tick.label2)
        if label.get_visible()
    ]


def drawn_texts(figure: Figure) -> Iterable[Text]:
    """Every visible text of the figure; tick labels only of the ticks actually drawn."""
    not_drawn: set[int] = set()
    shown: list[Text] = []
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            for tick in (*axis.majorTicks, *axis.minorTicks):
                not_drawn |= {id(tick.label1), id(tick.label2)}
            if axes.axison:
                shown += shown_tick_labels(axis)
            else:  # an axis turned off draws neither its ticks nor its label
                not_drawn |= {id(axis.label), id(axis.offsetText)}
    for text in figure.findobj(Text):
        if id(text) not in not_drawn:
            shown.append(text)
    return [t for t in shown if t.get_visible() and t.get_text().strip()]


def figure_problems(figure: Figure) -> list[str]:
    """Texts that reach past the figure's edge or print over another text, drawn at the
    resolution the page renders the figure at."""
    figure.set_dpi(DPI)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    edge = figure.bbox
    boxes = [(text.get_text(), text.get_window_extent(renderer)) for text in drawn_texts(figure)]
    problems = [
        f"cut at the figure's edge: {words!r}"
        for words, box in boxes
        if box.x0 < -1 or box.y0 < -1 or box.x1 > edge.x1 + 1 or box.y1 > edge.y1 + 1
    ]
    for index, (words, box) in enumerate(boxes):
        for other_words, other in boxes[index + 1 :]:
            across = min(box.x1, other.x1) - max(box.x0, other.x0)
            down = min(box.y1, other.y1) - max(box.y0, other.y0)
            if across > 1 and down > 1:
                problems.append(f"{words!r} printed over {other_words!r}")
    return problems


def check(document: page.Document) -> None:
    """Lay the document out and compare what was drawn with what it meant to draw."""
    check_pages(page.render(*document), document)


# Documents from the demo patients ------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(tmp_path_factory.mktemp("layout") / "holdfast.sqlite3")
    load_demo(database)
    save_settings(
        database.path,
        Settings(practitioner_name="J. Reyes", credentials="DC", clinic_name="Riverside Running"),
    )
    yield database
    database.close()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("chart", DEMO_CHARTS)
def test_demo_documents_print_every_word_inside_the_page(
    demo: Database, chart: str, kind: str
) -> None:
    check(report_document(demo, kind, patient_id_for_chart(demo, chart)))


# Long words where the text is tight ------------------------------------------------------

CLINIC = Clinic(
    "Harbour and Hillside Running Injury Clinic of the Northern Coast",
    "Unit 14, The Old Rope Works, 221 Long Harbour Road\nPortside Heights",
    "+44 (0)1632 960 123",
    "",
    "Alexandra Montgomery-Lane, MSc PT, Sports Physiotherapist",
)
PATIENT = PatientHeader(
    "LONG-2026-000123",
    "Maximiliana Alessandra Featherstonehaugh-Worthington",
    date(1979, 12, 31),
    "Ultramarathon and mountain trail runner, 110 km a week, two races this season",
)


def long_visits() -> tuple[VisitRecord, ...]:
    plan = (
        PlanEntry("half_kneeling_hip_flexor_stretch", 3, 7, hold_s=30, side="left",
                  notes="Keep the back knee well padded; slower on the days after long runs."),
        PlanEntry("glute_bridge", 3, 4, reps=12, notes="Squeeze before lifting."),
    )  # fmt: skip
    drafts = [
        VisitDraft(
            visit_date=date(2026, 3, 2 + 7 * n),
            kind="initial" if n == 0 else "follow_up",
            note=SoapNote(
                "Lateral hip and low back pain after descents; worse on the morning after.",
                "Standing, PALM; single-leg squat with the knee drifting inward on the left.",
                "",
                "Review loading; keep the weekly long run under two and a half hours.",
            ),
            complaints=(
                Complaint("buttock_sciatic", "left", 6 - n),
                Complaint("knee", "right", 3),
            ),
            readings=(
                Reading("pre", "inclinometer", "Alexandra M-L", 16.5, 9.0, 6.5, 2.5),
                Reading("post", "inclinometer", "Alexandra M-L", 11.5, 10.5, 1.5, 0.5),
            ),
            findings=(
                Finding(
                    "tensor_fasciae_latae",
                    "left",
                    "short_overactive",
                    "Ober test positive, lateral thigh tender to palpation",
                ),
                Finding(
                    "gluteus_medius",
                    "left",
                    "long_weak_inhibited",
                    "MMT 3+/5 in side-lying abduction, Trendelenburg sign positive",
                ),
            ),
            reasoning="Tight left hip flexors and TFL with a weak gluteus medius " * 3,
            plan=plan,
            outcomes=(Outcome("psfs", 13 / 3 + n), Outcome("lefs", 41.0 + 7 * n)),
            correction="Muscle energy technique, then re-measured.",
            running_km_per_week=60.0 + 12.5 * n,
            adherence_pct=80,
            next_visit_date=date(2026, 3, 9 + 7 * n),
        )
        for n in range(3)
    ]
    return tuple(VisitRecord(n + 1, 1, d, "draft") for n, d in enumerate(drafts))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_long_names_and_notes_stay_inside_the_page(paper: str) -> None:
    visits = long_visits()
    last = visits[-1].draft
    names = (
        ("glute_bridge", "Glute bridge"),
        ("half_kneeling_hip_flexor_stretch", "Half-kneeling hip flexor stretch"),
    )
    exercises = tuple(handout_exercise(entry) for entry in last.plan)
    handout = HandoutData(
        CLINIC, PATIENT, last.visit_date, last.readings[0], last.readings[1], exercises,
        last.next_visit_date,
    )  # fmt: skip
    check(handout_document(handout, paper))
    summary = VisitSummaryData(CLINIC, PATIENT, visits[-1], names, ("First score.",) * 2)
    check(visit_summary_document(summary, paper))
    check(progress_document(ProgressData(CLINIC, PATIENT, visits, exercise_names=names), paper))


def test_a_bare_first_visit_prints_inside_the_page() -> None:
    bare = VisitRecord(2, 1, VisitDraft(visit_date=date(2026, 3, 2), kind="initial"), "draft")
    empty = HandoutData(CLINIC, PATIENT, date(2026, 3, 2), None, None, (), None, "Rest first.")
    check(handout_document(empty))
    check(visit_summary_document(VisitSummaryData(CLINIC, PATIENT, bare), "Letter"))
    check(progress_document(ProgressData(CLINIC, PATIENT, (bare,))))
