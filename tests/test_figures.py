"""Figures: what is drawn (markers, colours, line styles, bands, labels), not mere existence."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.collections import Collection, LineCollection, PolyCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from charting.course_summary import WEEK_BUCKETS, CourseCounts, weeks_bucket
from charting.errors import FieldError
from charting.figures import style
from charting.figures.alignment import alignment_figure
from charting.figures.dashboard import (
    HoldRateRow,
    PatientCourse,
    dashboard_figure,
    hold_rate_rows,
    not_holding,
    wrap_label,
)
from charting.figures.pelvis import describe_position, pelvis_figure, pelvis_outline
from charting.figures.retention import retention_bars, retention_figure
from charting.figures.symptoms import (
    DatedScore,
    PainRating,
    RunningVolume,
    SymptomHistory,
    symptoms_figure,
)
from charting.holds import CourseHold, IntervalHold, Verdict, VisitReadings, analyse_course
from charting.outcomes import score_lefs, score_psfs, score_roland_morris
from charting.readings import Device, Phase, Reading

DAYS = [date(2026, 3, 2) + timedelta(days=7 * i) for i in range(6)]


def palm(phase: Phase, left: float, right: float, rot: float, obl: float, rater="AB") -> Reading:
    return Reading(phase, Device.PALM, rater, left, right, rot, obl)


def texts(figure: Figure) -> list[str]:
    """Every text on the figure, tick labels included (they exist only after a draw)."""
    figure.draw_without_rendering()
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def lines(axes: Axes, gid: str) -> list[Line2D]:
    return [line for line in axes.get_lines() if line.get_gid() == gid]


def points(axes: Axes, gid: str) -> int:
    return sum(len(line.get_xdata()) for line in lines(axes, gid))


def collections(axes: Axes, gid: str) -> list[Collection]:
    return [c for c in axes.collections if c.get_gid() == gid]


Segment = list[tuple[float, float]]


def drift(axes: Axes, gid: str) -> list[tuple[str, bool, list[Segment]]]:
    """(colour, dashed, segments) of each drift LineCollection tagged `gid`."""
    found = []
    for collection in collections(axes, gid):
        assert isinstance(collection, LineCollection)
        (colour,) = {to_hex(c).upper() for c in collection.get_colors()}
        (dashes,) = {str(d) for _, d in collection.get_linestyle()}
        segments = [[(float(x), float(y)) for x, y in s] for s in collection.get_segments()]
        found.append((colour, dashes != "None", segments))
    return found


def boxes(collection: Collection) -> list[tuple[float, float, float, float]]:
    """(x0, x1, y0, y1) of each rectangle in a PolyCollection."""
    return [
        (e.x0, e.x1, e.y0, e.y1) for e in (path.get_extents() for path in collection.get_paths())
    ]


def three_visits() -> list[VisitReadings]:
    """Lost (asymmetry drifts 5 > 3), then held but measured with another device."""
    return [
        VisitReadings(DAYS[0], palm(Phase.PRE, 16, 8, 7, 1), palm(Phase.POST, 12, 11, 1, 0)),
        VisitReadings(DAYS[1], palm(Phase.PRE, 15, 9, 5, 1), palm(Phase.POST, 12, 11, 0, 0)),
        VisitReadings(
            DAYS[2],
            Reading(Phase.PRE, Device.INCLINOMETER, "AB", 13, 11, 2, 1),
            Reading(Phase.POST, Device.INCLINOMETER, "AB", 12, 12, 0, 0),
        ),
    ]


# Alignment ------------------------------------------------------------------------------


def test_alignment_markers_per_panel() -> None:
    visits = three_visits()
    drawn = alignment_figure(visits, analyse_course(visits))
    panels = drawn.figure.axes
    assert len(panels) == 3
    for axes in panels:
        assert points(axes, "pre") == 3 and points(axes, "post") == 3
        (pre,) = lines(axes, "pre")
        assert pre.get_markerfacecolor() == "white"  # hollow
        (post,) = lines(axes, "post")
        assert post.get_markerfacecolor() == post.get_markeredgecolor() != "white"  # filled
        (correction,) = drift(axes, "correction")
        assert correction[0] == style.INK and len(correction[2]) == 3
        assert all(x0 == x1 for (x0, _), (x1, _) in correction[2])  # vertical, at the visit
    # Tilt asymmetry: pre 8, 6, 2 joined to post 1, 1, 0 (left minus right tilt).
    (corrections,) = collections(panels[0], "correction")
    assert [[y for _, y in s] for s in corrections.get_segments()] == [[8, 1], [6, 1], [2, 0]]


def test_alignment_segments_follow_verdict_and_comparability() -> None:
    visits = three_visits()
    course = analyse_course(visits)
    assert [i.comparable for i in course.intervals] == [True, False]
    asymmetry, rotation, _ = alignment_figure(visits, course).figure.axes
    # Post 1 on 2 Mar to pre 6 on 9 Mar: lost, solid (same device).
    assert drift(asymmetry, "lost") == [(style.LOST, False, [[(20514.0, 1.0), (20521.0, 6.0)]])]
    (cross,) = lines(asymmetry, "lost-mark")  # told apart by marker, not colour alone
    assert cross.get_marker() == "X" and list(cross.get_xydata()[0]) == [20517.5, 3.5]
    # Post 1 on 9 Mar to pre 2 on 16 Mar: held, dashed (other device: less comparable).
    assert drift(asymmetry, "held") == [(style.HELD, True, [[(20521.0, 1.0), (20528.0, 2.0)]])]
    # Rotation drifted 4 (within 5) in the lost interval: its own segment reads held.
    assert sorted((dashed, len(s)) for _, dashed, s in drift(rotation, "held")) == [
        (False, 1),
        (True, 1),
    ]
    assert not collections(rotation, "lost") and not lines(rotation, "lost-mark")


def test_alignment_tolerance_bands() -> None:
    visits = three_visits()
    asymmetry = alignment_figure(visits, analyse_course(visits)).figure.axes[0]
    (bands,) = collections(asymmetry, "band")  # every band of the panel in one collection
    assert isinstance(bands, PolyCollection)
    assert to_hex(bands.get_facecolor()[0]).upper() == style.BAND
    # First band: post asymmetry 1 deg +/- 3 deg (same device); second: 1 +/- 6 (other device).
    assert boxes(bands) == [(20514, 20521, -2, 4), (20521, 20528, -5, 7)]
    low, high = asymmetry.get_ylim()  # limits set once, around every marker and band
    assert low < -5 and 8 < high < 9


def test_alignment_labels_title_legend() -> None:
    visits = three_visits()
    figure = alignment_figure(visits, analyse_course(visits)).figure
    words = texts(figure)
    assert "Pelvic alignment over time" in words
    assert "Tilt asymmetry (°)\n+ = left more anterior" in words
    assert "Rotation (°)\n+ = turned right" in words
    assert "Obliquity (°)\n+ = left crest higher" in words
    assert "Visit date (2026)" in words
    assert {"2 Mar", "9 Mar", "16 Mar"} <= set(words)
    assert "Correction held in 1 of 2 assessable intervals." in words
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert "Lost by next visit" in legend and "Held until next visit" in legend
    assert "Different device or examiner (wider tolerance)" in legend
    assert "Recorded in words (placed, not measured)" not in legend


def test_alignment_hover_points() -> None:
    visits = three_visits()
    drawn = alignment_figure(visits, analyse_course(visits))
    assert len(drawn.hover_points) == 18  # 3 panels x 3 visits x pre and post
    post_first = next(h for h in drawn.hover_points if h.axes_index == 0 and h.y == 1)
    assert post_first.text.startswith("2 Mar 2026, after correction\nTilt asymmetry: +1.0°")
    assert "Until 9 Mar: The correction was lost." in post_first.text
    assert "drifted 5.0° back toward the left side tipping forward" in post_first.text


def test_alignment_qualitative_readings() -> None:
    post = Reading(Phase.POST, Device.PALPATION, "AB", rotation="neutral")
    pre = Reading(Phase.PRE, Device.PALPATION, "AB", rotation="right")
    visits = [VisitReadings(DAYS[0], None, post), VisitReadings(DAYS[1], pre)]
    figure = alignment_figure(visits, analyse_course(visits)).figure
    rotation = figure.axes[1]
    assert points(rotation, "post-words") == 1 and points(rotation, "pre-words") == 1
    (pre,) = lines(rotation, "pre-words")
    assert pre.get_marker() == "D" and list(pre.get_ydata()) == [10.0]  # 2 x 5 deg tolerance
    assert pre.get_markerfacecolor() == "white" and pre.get_markeredgecolor() == style.QUALITATIVE
    assert drift(rotation, "lost") == [(style.LOST, False, [[(20514.0, 0.0), (20521.0, 10.0)]])]
    assert not collections(rotation, "band")  # no degrees to band
    notes = {t.get_text(): t.xy for t in rotation.texts if t.get_gid() == "words-note"}
    assert notes == {"neutral": (20514.0, 0.0), "turned right": (20521.0, 10.0)}
    words = texts(figure)
    assert words.count("Not recorded at any visit") == 2
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert "Recorded in words (placed, not measured)" in legend


@pytest.mark.parametrize("count", [0, 1])
def test_alignment_needs_two_visits(count: int) -> None:
    visits = three_visits()[:count]
    drawn = alignment_figure(visits, analyse_course(visits))
    assert "Record a second visit to see whether the correction held." in texts(drawn.figure)
    assert drawn.hover_points == ()


def test_alignment_rejects_a_course_of_other_visits() -> None:
    visits = three_visits()
    with pytest.raises(ValueError, match="analyse_course"):
        alignment_figure(visits, analyse_course(visits[:2]))


# Retention ------------------------------------------------------------------------------


def test_retention_bars_values() -> None:
    course = analyse_course(three_visits())
    bars = retention_bars(course)
    # Asymmetry corrected 8 -> 1 then drifted 5: 1 - 5/7; rotation 7 -> 1, drift 4: 1 - 4/6.
    assert bars[0].retention_pct == pytest.approx(100 * ((1 - 5 / 7) + (1 - 4 / 6)) / 2)
    assert [b.verdict for b in bars] == [Verdict.LOST, Verdict.HELD]
    assert [b.hold_rate_pct for b in bars] == [0, 50]


def test_retention_figure_bars_and_hold_rate() -> None:
    course = analyse_course(three_visits())
    figure = retention_figure(course)
    axes, _ = figure.axes
    (lost,) = collections(axes, "lost")
    (held,) = collections(axes, "held")
    assert lost.get_hatch() == style.LOST_HATCH and not held.get_hatch()
    assert to_hex(lost.get_facecolor()[0]).upper() == style.LOST
    assert to_hex(held.get_facecolor()[0]).upper() == style.HELD
    expected = [b.retention_pct for b in retention_bars(course)]
    (lost_box,) = boxes(lost)
    (held_box,) = boxes(held)
    assert lost_box == pytest.approx((-0.3, 0.3, 0, expected[0]))  # first interval, lost
    assert held_box == pytest.approx((0.7, 1.3, 0, expected[1]))
    (line,) = lines(axes, "hold-rate")
    assert list(line.get_ydata()) == [0, 50]
    words = texts(figure)
    assert {"2–9 Mar", "9–16 Mar", "Correction remaining (%)", "Hold rate so far (%)"} <= set(words)
    assert f"{expected[0]:.0f}%" in words
    assert "How much of each correction remained" in words


def test_retention_no_bar_when_undefined() -> None:
    tiny = [
        VisitReadings(DAYS[0], palm(Phase.PRE, 11, 10, 1, 0), palm(Phase.POST, 10, 10, 0, 0)),
        VisitReadings(DAYS[1], palm(Phase.PRE, 10, 10, 0, 0)),
        VisitReadings(DAYS[2], palm(Phase.PRE, 10, 10, 0, 0)),  # no post before: not assessable
    ]
    figure = retention_figure(analyse_course(tiny))
    axes = figure.axes[0]
    assert not collections(axes, "held") and not collections(axes, "lost")
    assert [t.get_text() for t in axes.texts if t.get_gid() == "no-bar"] == [
        "n/a\n(held)",
        "not\nassessable",
    ]


def test_retention_empty() -> None:
    figure = retention_figure(analyse_course(three_visits()[:1]))
    assert "Record a second visit to see whether the correction held." in texts(figure)


# Symptoms -------------------------------------------------------------------------------


def symptom_history() -> SymptomHistory:
    back = [PainRating(DAYS[i], "low back", "left", v) for i, v in enumerate([7, 6, 4])]
    knee = [PainRating(DAYS[i], "knee", "right", v) for i, v in enumerate([3, 3])]
    running = tuple(RunningVolume(DAYS[i], km) for i, km in enumerate([10, 15, 25]))
    outcomes = (
        DatedScore(DAYS[0], score_lefs([2] * 20)),  # 40
        DatedScore(DAYS[2], score_lefs([3] * 14 + [2] * 6)),  # 54
        DatedScore(DAYS[0], score_roland_morris([True] * 10 + [False] * 14)),  # 10
        DatedScore(DAYS[2], score_roland_morris([True] * 12 + [False] * 12)),  # 12
    )
    return SymptomHistory((*back, *knee), running, outcomes)


def test_symptoms_panels_and_lines() -> None:
    figure = symptoms_figure(symptom_history())
    pain, running, lefs, _ = figure.axes
    assert sorted(line.get_label() for line in lines(pain, "pain")) == [
        "Left low back",
        "Right knee",
    ]
    assert [t.get_text() for t in pain.get_legend().get_texts()] == [
        "Left low back",
        "Right knee",
    ]
    (km,) = lines(running, "running")
    assert list(km.get_ydata()) == [10, 15, 25]
    assert running.get_ylabel() == "Running\n(km/week)"
    assert list(lines(lefs, "lefs")[0].get_ydata()) == [40, 54]
    words = texts(figure)
    assert "Symptoms and function over time" in words
    assert "Pain (NPRS, 0-10)" in words and "LEFS (0-80)\nhigher = better" in words
    assert (
        "LEFS improved by 14 points since the first visit, more than the 9 points that matter "
        "clinically." in words
    )
    assert (
        "Roland-Morris rose by 2 points since the first visit, less than the 5 points that "
        "matter clinically." in words
    )


def test_symptoms_important_change_marked_in_better_direction() -> None:
    _, _, lefs, roland = symptoms_figure(symptom_history()).axes
    (lefs_edge,) = lines(lefs, "important-improvement")
    assert list(lefs_edge.get_ydata()) == [49, 49]  # 40 + 9: higher is better
    (lefs_first,) = lines(lefs, "baseline")
    assert list(lefs_first.get_ydata()) == [40, 40]
    (roland_edge,) = lines(roland, "important-improvement")
    assert list(roland_edge.get_ydata()) == pytest.approx([7, 7])  # 10 - 30%: lower is better
    (band,) = [p for p in roland.patches if p.get_gid() == "no-important-change"]
    extent = band.get_window_extent().transformed(roland.transData.inverted())
    assert (extent.y0, extent.y1) == pytest.approx((7, 15))  # worsening needs 5 points


def test_symptoms_a_score_measured_once_is_not_called_unchanged() -> None:
    """One PSFS score at the second of two visits: 'scored once', as the progress report says."""
    pain = tuple(PainRating(DAYS[i], "knee", "right", v) for i, v in enumerate([5, 3]))
    psfs = score_psfs([("Running", 4), ("Stairs", 5), ("Hopping", 4)])  # mean 4.333...
    figure = symptoms_figure(SymptomHistory(pain, (), (DatedScore(DAYS[1], psfs),)))
    (panel,) = [axes for axes in figure.axes if lines(axes, "psfs")]
    title = panel.get_title(loc="left")
    assert title == "PSFS scored once so far (4.3): a later score will show any change."
    assert "4.33" not in " ".join(texts(figure))


def test_symptoms_messages() -> None:
    assert "No pain ratings, running volume or outcome scores recorded yet." in texts(
        symptoms_figure(SymptomHistory())
    )
    one_visit = SymptomHistory(running=(RunningVolume(DAYS[0], 20),))
    assert "Record a second visit to see how symptoms change." in texts(symptoms_figure(one_visit))


def test_symptom_values_are_checked() -> None:
    with pytest.raises(FieldError, match="nprs"):
        PainRating(DAYS[0], "knee", "left", 11)
    with pytest.raises(FieldError, match="km_per_week"):
        RunningVolume(DAYS[0], -1)


# Dashboard ------------------------------------------------------------------------------


def interval(verdict: Verdict) -> IntervalHold:
    return IntervalHold(DAYS[0], DAYS[1], verdict, True)


def test_hold_rate_rows_keep_their_order_and_labels_with_nothing_assessable() -> None:
    rows = hold_rate_rows({"stretch": (0, 0), "bridge": (2, 3), "plank": (0, 1)})
    assert rows == (
        HoldRateRow("stretch", 0, 0),
        HoldRateRow("bridge", 2, 3),
        HoldRateRow("plank", 0, 1),
    )
    assert rows[0].rate is None and rows[1].rate == pytest.approx(2 / 3) and rows[2].few
    with pytest.raises(FieldError, match="held: must be between 0 and 2"):
        HoldRateRow("x", 3, 2)


def test_weeks_bucket() -> None:
    assert [weeks_bucket(w) for w in (0, 2.9, 3, 4, 5, 8, 9, 30)] == [
        "0-2 weeks", "0-2 weeks", "3-4 weeks", "3-4 weeks", "5-8 weeks", "5-8 weeks",
        "9+ weeks", "9+ weeks",
    ]  # fmt: skip


def test_dashboard_bars_and_n_labels() -> None:
    exercises = (HoldRateRow("Glute bridge", 6, 8), HoldRateRow("Dead bug", 1, 3))
    patterns = (HoldRateRow("left innominate anterior with right rotation", 7, 11),)
    weeks = (HoldRateRow("0-2 weeks", 2, 5), HoldRateRow("3-4 weeks", 0, 0))
    figure = dashboard_figure(exercises, patterns, weeks)
    exercise_axes, _, week_axes = figure.axes
    bars = [p for p in exercise_axes.patches if p.get_gid() in ("bar", "few")]
    assert [p.get_gid() for p in bars] == ["bar", "few"]
    assert [p.get_width() for p in bars] == pytest.approx([75, 100 / 3])
    few = bars[1]
    assert few.get_hatch() == ".." and few.get_alpha() < bars[0].get_alpha()
    labels = [t.get_text() for t in exercise_axes.texts if t.get_gid() == "n-label"]
    assert labels == ["75% (n = 8)", "33% (n = 3)"]
    week_labels = [t.get_text() for t in week_axes.texts if t.get_gid() == "n-label"]
    assert week_labels == ["40% (n = 5)", "nothing assessable yet (n = 0)"]
    assert len([p for p in week_axes.patches if p.get_gid() == "bar"]) == 1  # n = 5 is not few
    words = texts(figure)
    assert {"By exercise plan", "By hypothesis pattern", "By weeks in plan"} <= set(words)
    assert "Glute bridge" in words and "Hold rate (% of assessable intervals that held)" in words
    assert "Fewer than 5 intervals: read with care" in words
    assert "Which plans keep corrections in place" in words


def test_dashboard_long_labels_get_a_taller_row() -> None:
    three_part = "right innominate anterior with right rotation and right iliac crest high"
    assert wrap_label(three_part) == (
        "right innominate anterior\nwith right rotation and right iliac crest high"
    )
    assert wrap_label("left innominate anterior with right rotation") == (
        "left innominate anterior with right rotation"  # two-part patterns stay on one line
    )
    patterns = (
        HoldRateRow("right rotation", 7, 8),
        HoldRateRow(three_part, 4, 5),
        HoldRateRow("left innominate anterior with right rotation", 4, 7),
    )
    figure = dashboard_figure((HoldRateRow("Glute bridge", 6, 8),), patterns, ())
    _, axes = figure.axes
    assert list(axes.get_yticks()) == [0.5, 2.0, 3.5]  # the wrapped row is two lines high
    assert axes.get_ylim() == (4.0, 0.0)
    bars = [p for p in axes.patches if p.get_gid() in ("bar", "few")]
    assert [p.get_y() + p.get_height() / 2 for p in bars] == pytest.approx([0.5, 2.0, 3.5])
    labels = [t for t in axes.texts if t.get_gid() == "n-label"]
    assert [t.get_position()[1] for t in labels] == [0.5, 2.0, 3.5]


def test_dashboard_labels_do_not_overlap_in_a_small_window() -> None:
    """The dashboard window squeezes the figure to its own size (about 900 x 780 px)."""
    exercises = tuple(HoldRateRow(f"Exercise number {i}", i % 5, 5) for i in range(17))
    long = "left innominate anterior with right rotation and left iliac crest high"
    patterns = (HoldRateRow("right rotation", 7, 8), HoldRateRow(long, 4, 5),
                HoldRateRow(long.replace("left", "right"), 3, 5),
                HoldRateRow("left innominate anterior", 0, 4))  # fmt: skip
    weeks = tuple(HoldRateRow(w, 2, 5) for w in WEEK_BUCKETS)
    figure = dashboard_figure(exercises, patterns, weeks)
    figure.set_size_inches(9, 7.8)
    figure.draw_without_rendering()
    for axes in figure.axes:
        extents = sorted(
            (t.get_window_extent() for t in axes.get_yticklabels()), key=lambda e: -e.y1
        )
        assert len(extents) > 1
        for upper, lower in pairwise(extents):
            assert lower.y1 <= upper.y0, axes.get_title()


def test_dashboard_empty_sections_are_skipped_and_all_empty_says_so() -> None:
    figure = dashboard_figure((HoldRateRow("Glute bridge", 6, 8),), (), ())
    assert len(figure.axes) == 1
    empty = dashboard_figure((HoldRateRow("New plan", 0, 0),), (), ())
    assert "No assessable intervals yet" in " ".join(texts(empty))


def course_of(*verdicts: Verdict) -> CourseCounts:
    return CourseCounts.of(CourseHold(tuple(interval(v) for v in verdicts)))


def test_not_holding() -> None:
    held, lost = Verdict.HELD, Verdict.LOST
    patients = [
        PatientCourse("1", "Ana", course_of(held, held, lost)),  # 67%
        PatientCourse("2", "Ben", course_of(lost, lost, held)),  # 33%
        PatientCourse("3", "Cai", course_of(lost)),  # one interval: not yet a pattern
        PatientCourse("4", "Dee", course_of(lost, lost)),  # 0%
        PatientCourse("5", "Eve", course_of(held, lost)),  # 50%: not below 50%
    ]
    assert [p.name for p in not_holding(patients, 0.5)] == ["Dee", "Ben"]
    assert [p.name for p in not_holding(patients, 0.5, min_assessable=1)] == ["Dee", "Cai", "Ben"]
    assert [p.name for p in not_holding(patients, 0.7)] == ["Dee", "Ben", "Eve", "Ana"]
    with pytest.raises(FieldError, match="threshold"):
        not_holding(patients, 50)


# Pelvis ---------------------------------------------------------------------------------


def test_describe_position_words() -> None:
    reading = palm(Phase.PRE, 16, 9, 6, 2)
    assert describe_position(reading) == (
        "left side tipped forward 7° more than right; pelvis turned right 6°; left crest higher 2°"
    )
    mirrored = palm(Phase.PRE, 9, 16, -6, -2)
    assert describe_position(mirrored) == (
        "right side tipped forward 7° more than left; pelvis turned left 6°; right crest higher 2°"
    )
    level = palm(Phase.POST, 12, 12.2, 0.4, 0)
    assert describe_position(level) == "both sides tipped equally; pelvis not turned; crests level"
    words = Reading(Phase.PRE, Device.PALPATION, "AB", asymmetry="left_anterior", rotation="right")
    assert describe_position(words) == "left side tipped forward; pelvis turned right"
    assert describe_position(None) == "not recorded"


def test_pelvis_outline_follows_sign_conventions() -> None:
    level = pelvis_outline(None)
    assert level["left_asis"][0][1] == pytest.approx(level["right_asis"][0][1])
    # Left more anterior: the left ASIS (picture right, x > 0) sits lower.
    tipped = pelvis_outline(Reading(Phase.PRE, Device.PALM, "", 14, 7))
    (lx, ly), (rx, ry) = tipped["left_asis"][0], tipped["right_asis"][0]
    assert lx > 0 > rx and ly < ry
    # Left crest higher: the whole left side rises.
    oblique = pelvis_outline(Reading(Phase.PRE, Device.PALM, "", obliquity_deg=3))
    assert max(y for _, y in oblique["left"]) > max(y for _, y in oblique["right"])
    # Turned right: the left ASIS comes forward, so it is foreshortened toward the midline.
    turned = pelvis_outline(Reading(Phase.PRE, Device.PALM, "", rotation_deg=6))
    assert turned["left_asis"][0][0] < -turned["right_asis"][0][0]


def test_pelvis_figure_panels() -> None:
    pre, post = palm(Phase.PRE, 16, 9, 6, 2), palm(Phase.POST, 12, 11, 1, 0)
    figure = pelvis_figure(pre, post)
    before, after = figure.axes
    assert before.get_title() == "Before correction" and after.get_title() == "After correction"
    for axes in (before, after):
        assert len([p for p in axes.patches if p.get_gid() == "pelvis"]) == 3
        assert len([p for p in axes.patches if p.get_gid() == "neutral"]) == 3
    (description,) = [t for t in before.texts if t.get_gid() == "description"]
    assert description.get_text() == (
        "left side tipped forward 7° more than right\npelvis turned right 6°\nleft crest higher 2°"
    )
    words = texts(figure)
    assert "Pelvic position at this visit" in words
    assert any("Angles drawn 3 times larger" in w for w in words)


def test_pelvis_figure_missing_reading() -> None:
    figure = pelvis_figure(None, palm(Phase.POST, 12, 11, 1, 0))
    before, after = figure.axes
    assert [t.get_text() for t in before.texts] == ["not recorded"]
    assert not before.patches and after.patches
    words_only = Reading(Phase.PRE, Device.PALPATION, "AB", rotation="left")
    (description,) = [t for t in pelvis_figure(words_only, None).axes[0].texts
                      if t.get_gid() == "description"]  # fmt: skip
    assert description.get_text() == "pelvis turned left\n(recorded in words: drawn, not measured)"


# Any course draws ------------------------------------------------------------------------

angle = st.one_of(st.none(), st.floats(-20, 20, allow_nan=False).map(lambda x: round(x, 1)))


@st.composite
def any_reading(draw: st.DrawFn, phase: Phase) -> Reading | None:
    """Numeric, in words, mixed or missing, from one of two devices and raters."""
    if draw(st.booleans()) and draw(st.booleans()):
        return None
    device = draw(st.sampled_from([Device.PALM, Device.PALPATION]))
    rater = draw(st.sampled_from(["AB", "CD"]))
    tilt = draw(angle)
    values = {
        "left_tilt_deg": None if tilt is None else 10 + tilt,
        "right_tilt_deg": None if tilt is None else 10.0,
        "rotation_deg": draw(angle),
        "obliquity_deg": draw(angle),
        "rotation": draw(st.sampled_from([None, "neutral", "left", "right"])),
    }
    if all(v is None for v in values.values()):
        values["obliquity"] = "left_high"
    return Reading(phase, device, rater, **values)


@settings(max_examples=12, deadline=None)
@given(st.lists(st.tuples(any_reading(Phase.PRE), any_reading(Phase.POST)), max_size=5))
def test_alignment_draws_any_course(pairs: list[tuple[Reading | None, Reading | None]]) -> None:
    visits = [VisitReadings(DAYS[i], pre, post) for i, (pre, post) in enumerate(pairs)]
    drawn = alignment_figure(visits, analyse_course(visits))
    markers = sum(
        points(axes, gid)
        for axes in drawn.figure.axes
        for gid in ("pre", "post", "pre-words", "post-words")
    )
    assert markers == len(drawn.hover_points)
    drawn.figure.draw_without_rendering()
    retention_figure(analyse_course(visits)).draw_without_rendering()
