"""Documents do each piece of work once: the visits are read once per report, figures are
rendered at the resolution they print at, illustrations and exercise layouts are made once
per process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from reportlab.platypus import Flowable, KeepTogether, Table
from sqlalchemy import event

from models.database import Database
from models.services.patients import patient_id_for_chart
from reports import exercise_block
from reports.data import progress_data
from reports.figure import DPI, FigureImage
from reports.generate import make_report
from reports.illustration import illustration_drawing
from reports.progress import progress_document
from reports.styles import styles
from resources.illustrations import SLUGS, illustration_shapes

pytestmark = pytest.mark.both_engines


def visit_reads(db: Database) -> list[str]:
    """Every statement that reads visit rows, from now on."""
    seen: list[str] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def log(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().startswith("SELECT visit."):
            seen.append(statement)

    return seen


@pytest.mark.parametrize("kind", ["progress", "handout", "visit"])
def test_a_report_reads_the_visits_once(demo_db: Database, kind: str) -> None:
    patient = patient_id_for_chart(demo_db, "R-001")
    reads = visit_reads(demo_db)
    report = make_report(demo_db, kind, patient)
    assert len(reads) == 1
    assert report.pdf.startswith(b"%PDF") and report.filename.startswith("R-001 ")


def flowables(items: list[Flowable]) -> Iterator[Flowable]:
    for item in items:
        yield item
        if isinstance(item, KeepTogether):
            yield from flowables(item._content)


def test_figures_are_rendered_at_220_pixels_to_the_printed_inch(demo_db: Database) -> None:
    data = progress_data(demo_db, patient_id_for_chart(demo_db, "R-001"))
    images = [f for f in flowables(progress_document(data).story) if isinstance(f, FigureImage)]
    assert len(images) >= 2
    for image in images:
        printed_inches = image.width / 72
        assert image.pixels.width == pytest.approx(DPI * printed_inches, abs=1.5)


def test_an_illustration_is_made_once_and_shared_by_its_drawings() -> None:
    shapes = illustration_shapes(SLUGS[0])
    first, second = illustration_drawing(shapes, 150.0), illustration_drawing(shapes, 150.0)
    assert first is not second  # each table cell gets its own drawing ...
    assert len(first.contents) == len(second.contents) > len(shapes) // 2
    assert all(a is b for a, b in zip(first.contents, second.contents, strict=True))  # ... of it
    wider = illustration_drawing(shapes, 200.0)
    assert wider.width == 200.0 and wider.contents[0] is not first.contents[0]


def test_an_exercise_is_split_into_columns_once_per_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reports.data import handout_exercise
    from resources.library import load_exercises

    entry = load_exercises()[1]
    from models.records import PlanEntry

    exercise = handout_exercise(PlanEntry(entry.slug, 2, 3, 10, None, "left", "Note."))
    tried: list[tuple[float, bool]] = []
    original = exercise_block._columns

    def counted(exercise, width, share, cautions_left, sheet):  # type: ignore[no-untyped-def]
        tried.append((share, cautions_left))
        return original(exercise, width, share, cautions_left, sheet)

    monkeypatch.setattr(exercise_block, "_columns", counted)
    monkeypatch.setattr(exercise_block, "_splits", {})
    sheet = styles(11.0)
    first = exercise_block.exercise_block(1, exercise, 480.0, sheet)
    assert len(tried) == 6  # every split tried, the shortest kept
    chosen = first._content[2]
    assert isinstance(chosen, Table)
    again = exercise_block.exercise_block(1, exercise, 480.0, styles(11.0))
    assert len(tried) == 7  # only the split found before
    assert tried[-1] in tried[:-1]
    assert again._content[2].wrap(480.0, 10_000)[1] == chosen.wrap(480.0, 10_000)[1]
    exercise_block.exercise_block(1, exercise, 400.0, sheet)  # another width: tried afresh
    assert len(tried) == 13


def test_a_figure_on_the_page_is_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.figure import Figure

    from charting.figures.pelvis import pelvis_figure
    from charting.readings import Reading
    from reports.figure import figure_pixels

    drawn: list[object] = []
    original = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, r: drawn.append(r) or original(self, r))
    figure = pelvis_figure(Reading("pre", "palm", "BM", 16.0, 9.0, 6.0, 1.0), None)
    dpi = figure.dpi
    image = figure_pixels(figure, 150)
    assert len(drawn) == 1  # savefig drew it twice: once without output, once for the pixels
    assert image.size == (int(figure.get_figwidth() * 150), int(figure.get_figheight() * 150))
    assert figure.dpi == dpi  # its own resolution is given back
