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
