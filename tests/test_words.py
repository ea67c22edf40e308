"""Plain words for a pelvic position; within measurement error is said as such for patients."""

from charting.figures.words import describe_position
from charting.readings import Device, Phase, Reading
from charting.tolerances import DEFAULT_TOLERANCES


def test_exact_words_and_patient_words() -> None:
    reading = Reading(Phase.POST, Device.PALM, "AB", 12.0, 11.0, -1.2, 4.5)
    assert describe_position(reading) == (
        "left side tipped forward 1° more than right; pelvis turned left 1°; left crest higher 4°"
    )
    assert describe_position(reading, DEFAULT_TOLERANCES) == (
        "left side tipped forward 1° more than right and pelvis turned left 1°, both within "
        "what we can measure; left crest higher 4°"
    )


def test_patient_words_group_every_value_within_error() -> None:
    reading = Reading(Phase.PRE, Device.PALM, "AB", 11.0, 10.2, 0.9, -1.1)
    assert describe_position(reading, DEFAULT_TOLERANCES) == (
        "left side tipped forward 1° more than right, pelvis turned right 1° and right crest "
        "higher 1°, all within what we can measure"
    )
    level = Reading(Phase.PRE, Device.PALM, "AB", 10.0, 10.0, 0.0, 0.2)
    assert describe_position(level, DEFAULT_TOLERANCES) == (
        "both sides tipped equally; pelvis not turned; crests level"
    )


def test_handout_diagram_words_agree_with_the_sentence() -> None:
    from charting.figures.pelvis import pelvis_figure

    post = Reading(Phase.POST, Device.PALM, "AB", 12.0, 11.0, -1.2, 4.5)
    figure = pelvis_figure(None, post, within_error=DEFAULT_TOLERANCES)
    texts = [t.get_text() for ax in figure.axes for t in ax.texts if t.get_gid() == "description"]
    sentence = describe_position(post, DEFAULT_TOLERANCES)
    assert [" ".join(t.split()) for t in texts] == [sentence.replace("; ", " ")]


def test_dose_finding_and_reading_words_from_plain_values() -> None:
    """The formatters documents and the audit trail share take plain values, no records."""
    from charting.dosage import amount, dosage_line, how_often
    from charting.figures.words import signed_degrees
    from charting.muscles import finding_line

    assert amount(3, reps=10) == "3 sets of 10 repetitions"
    assert amount(1, hold_s=30) == "1 set, hold 30 seconds"
    assert amount(2, reps=8, hold_s=5) == "2 sets of 8, hold each 5 seconds"
    assert (how_often(1), how_often(7), how_often(14)) == (
        "1 time a week",
        "every day (7 times a week)",
        "twice a day (14 times a week)",
    )
    assert dosage_line(3, 4, reps=12) == "3 sets of 12 repetitions · 4 times a week"
    assert dosage_line(3, 7, hold_s=30, side="left") == (
        "3 sets, hold 30 seconds · every day (7 times a week) · left"
    )
    assert finding_line("iliopsoas", "left", "short_overactive") == (
        "Iliopsoas (left): short / overactive"
    )
    assert finding_line("gluteus_minimus", "right", "tender") == "Gluteus minimus (right): tender"
    assert [signed_degrees(v) for v in (8, -2.25, 0.04, -0.04)] == [
        "+8.0°",
        "-2.2°",
        "0.0°",
        "0.0°",
    ]


def test_a_zero_reading_has_no_sign_in_the_documents_as_in_the_figures() -> None:
    from reports.words import DASH, degrees

    assert (degrees(0.0), degrees(-0.02), degrees(1.25), degrees(None)) == (
        "0.0°", "0.0°", "+1.2°", DASH,
    )  # fmt: skip
