"""Plain words for a pelvic position; within measurement error reads as level for patients."""

from charting.figures.words import describe_position
from charting.readings import Device, Phase, Reading
from charting.tolerances import DEFAULT_TOLERANCES


def test_exact_words_and_patient_words() -> None:
    reading = Reading(Phase.POST, Device.PALM, "AB", 12.0, 11.0, -1.2, 4.5)
    assert describe_position(reading) == (
        "left side tipped forward 1° more than right; pelvis turned left 1°; left crest higher 4°"
    )
    assert describe_position(reading, DEFAULT_TOLERANCES) == (
        "both sides tipped equally; pelvis not turned; left crest higher 4°"
    )


def test_handout_diagram_words_agree_with_the_sentence() -> None:
    from charting.figures.pelvis import pelvis_figure

    post = Reading(Phase.POST, Device.PALM, "AB", 12.0, 11.0, -1.2, 4.5)
    figure = pelvis_figure(None, post, level_within=DEFAULT_TOLERANCES)
    texts = [t.get_text() for ax in figure.axes for t in ax.texts if t.get_gid() == "description"]
    assert texts == ["both sides tipped equally\npelvis not turned\nleft crest higher 4°"]
