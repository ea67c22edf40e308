"""Practice dashboard: which plans keep corrections in place, and who is not holding.

Hold rate = held / assessable intervals (docs/clinical-model.md#hold-rate). Every bar says
how many intervals it rests on; bars resting on fewer than 5 are pale and hatched so small
numbers are not over-read.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from charting.course_summary import CourseCounts
from charting.errors import FieldError, check_range
from charting.figures import style
from charting.holds import Verdict
from charting.vocabulary import count

TITLE = "Which plans keep corrections in place"
NOTHING_YET = "No assessable intervals yet: hold rates appear once a correction is re-checked."
SMALL_N = 5
# Characters per line of a bar label: every exercise name and every two-part pattern
# ("right innominate anterior with right rotation") fits on one line; longer names wrap.
LABEL_WIDTH = 46
FEW_HATCH = ".."
# "Not holding": a hold rate below this share over at least this many assessable intervals
# (docs/clinical-model.md#hold-rate); one lost interval is not yet a pattern.
NOT_HOLDING_BELOW = 0.5
NOT_HOLDING_MIN_INTERVALS = 2


@dataclass(frozen=True)
class HoldRateRow:
    """One bar: a label and how many of its assessable intervals held."""

    label: str
    held: int
    assessable: int

    def __post_init__(self) -> None:
        if not 0 <= self.held <= self.assessable:
            raise FieldError("held", f"must be between 0 and {self.assessable} (got {self.held})")

    @property
    def rate(self) -> float | None:
        return self.held / self.assessable if self.assessable else None

    @property
    def few(self) -> bool:
        return self.assessable < SMALL_N


@dataclass(frozen=True)
class PatientCourse:
    """One patient's course of care, for the not-holding list."""

    patient_id: str
    name: str
    course: CourseCounts


def hold_rate_rows(counts: Mapping[str, Sequence[int]]) -> tuple[HoldRateRow, ...]:
    """One row per label of `counts` (label -> (held, assessable intervals)), in its order.

    A label whose intervals were none assessable is a row too: "nothing assessable yet".
    """
    return tuple(HoldRateRow(label, held, n) for label, (held, n) in counts.items())


def not_holding(
    patients: Iterable[PatientCourse],
    threshold: float = NOT_HOLDING_BELOW,
    min_assessable: int = NOT_HOLDING_MIN_INTERVALS,
) -> tuple[PatientCourse, ...]:
    """Patients whose hold rate is below `threshold`, worst first.

    Courses with fewer than `min_assessable` assessable intervals are left out: one lost
    interval is not yet a pattern.
    """
    threshold = check_range("threshold", threshold, 0, 1)
    found = [
        p
        for p in patients
        if p.course.assessable >= min_assessable
        and p.course.hold_rate is not None
        and p.course.hold_rate < threshold
    ]
    return tuple(sorted(found, key=lambda p: (p.course.hold_rate, -p.course.assessable, p.name)))


def lost_last(
    patients: Iterable[PatientCourse], exclude: Iterable[str] = ()
) -> tuple[PatientCourse, ...]:
    """Patients whose latest assessable interval was lost (those in `exclude` left out).

    This catches what the hold-rate list cannot yet: a course with one lost interval, or a
    good rate that has just broken.
    """
    skip = set(exclude)
    found = [
        patient
        for patient in patients
        if patient.patient_id not in skip and patient.course.latest_assessed is Verdict.LOST
    ]
    return tuple(sorted(found, key=lambda p: p.name))


def holding_summary(lost: int, assessable: int, with_any: int) -> str:
    """The sentence shown when neither list names anybody: never 'all held' after a loss.

    `lost` and `assessable` intervals of the whole practice, `with_any`: how many patients
    have an assessable interval."""
    if lost:
        earlier = "interval was" if lost == 1 else "intervals were"
        return (
            "No patient is below the hold-rate threshold or lost their latest interval; "
            f"{lost} earlier {earlier} lost."
        )
    if not assessable:
        return "No interval is assessable yet."
    return (
        f"Every assessable interval held ({count(assessable, 'interval')}, "
        f"{count(with_any, 'patient')})."
    )


def bar_label(row: HoldRateRow) -> str:
    """'62% (n = 8)'; rows with nothing assessable say so."""
    if row.rate is None:
        return "nothing assessable yet (n = 0)"
    return f"{100 * row.rate:.0f}% (n = {row.assessable})"


def row_positions(labels: Sequence[str]) -> tuple[list[float], float]:
    """Centre of each row and the section's height, in label lines: a label wrapped onto
    two lines gets a row two lines high, so it never runs into its neighbours."""
    centres, top = [], 0.0
    for label in labels:
        height = float(label.count("\n") + 1)
        centres.append(top + height / 2)
        top += height
    return centres, top


def _draw_rows(axes: Axes, title: str, rows: Sequence[HoldRateRow]) -> None:
    style.style_axes(axes)
    axes.grid(False, axis="y")
    labels = [wrap_label(row.label) for row in rows]
    centres, height = row_positions(labels)
    for y, row in zip(centres, rows, strict=True):
        width = 100 * (row.rate or 0)
        if row.rate is not None:
            axes.barh(
                y, width, height=0.6, color=style.HELD, alpha=0.35 if row.few else 0.9,
                hatch=FEW_HATCH if row.few else None, edgecolor=style.HELD,
                gid="few" if row.few else "bar",
            )  # fmt: skip
        axes.text(width + 2, y, bar_label(row), va="center", fontsize=style.NOTE_SIZE,
                  color=style.MUTED if row.few else style.INK, gid="n-label")  # fmt: skip
    axes.set_yticks(centres, labels, fontsize=style.LABEL_SIZE)
    axes.set_ylim(height, 0)  # first row on top
    axes.set_xlim(0, 135)  # room for the labels right of a 100% bar
    axes.set_xticks(range(0, 101, 25))
    axes.spines["bottom"].set_bounds(0, 100)
    axes.set_title(title, fontsize=style.LABEL_SIZE, loc="left", color=style.INK)


def wrap_label(label: str) -> str:
    """A bar label on one line up to LABEL_WIDTH characters; a longer pattern breaks before
    'with' ('left innominate anterior / with left iliac crest high'), anything else wraps."""
    if len(label) <= LABEL_WIDTH:
        return label
    head, with_, tail = label.partition(" with ")
    parts = [head, f"with {tail}"] if with_ else [label]
    return "\n".join(textwrap.fill(part, LABEL_WIDTH) for part in parts)


def dashboard_figure(
    by_exercise: Sequence[HoldRateRow],
    by_pattern: Sequence[HoldRateRow],
    by_weeks: Sequence[HoldRateRow],
) -> Figure:
    """Hold rate per exercise plan, per hypothesis pattern and per weeks-in-plan bucket."""
    sections = [
        (title, list(rows))
        for title, rows in (
            ("By exercise plan", by_exercise),
            ("By hypothesis pattern", by_pattern),
            ("By weeks in plan", by_weeks),
        )
        if rows
    ]
    if not any(row.assessable for _, rows in sections for row in rows):
        return style.message_figure(NOTHING_YET, TITLE)
    # Sections share one height per label line, so rows look alike in every section.
    sizes = [row_positions([wrap_label(r.label) for r in rows])[1] for _, rows in sections]
    figure = style.new_figure(9.0, 1.6 + 0.45 * sum(sizes) + 0.5 * len(sizes))
    grid = figure.add_gridspec(len(sections), 1, height_ratios=sizes)
    axes_list = [figure.add_subplot(grid[i]) for i in range(len(sections))]
    for axes, (title, rows) in zip(axes_list, sections, strict=True):
        _draw_rows(axes, title, rows)
        axes.sharex(axes_list[0])
    for axes in axes_list[:-1]:
        axes.tick_params(labelbottom=False)
    axes_list[-1].set_xlabel("Hold rate (% of assessable intervals that held)",
                             fontsize=style.LABEL_SIZE, color=style.INK)  # fmt: skip
    figure.suptitle(TITLE, fontsize=style.TITLE_SIZE, color=style.INK)
    handles = [
        Patch(color=style.HELD, alpha=0.9, label=f"{SMALL_N} or more intervals"),
        Patch(facecolor=style.HELD, alpha=0.35, hatch=FEW_HATCH, edgecolor=style.HELD,
              label=f"Fewer than {SMALL_N} intervals: read with care"),
    ]  # fmt: skip
    figure.legend(handles=handles, loc="outside lower center", ncols=2,
                  fontsize=style.NOTE_SIZE, frameon=False)  # fmt: skip
    return figure
