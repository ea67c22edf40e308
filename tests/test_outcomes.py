"""Outcome measure scoring, missing-item rules and clinically important change."""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from charting.errors import FieldError
from charting.outcomes import (
    MEASURES,
    ChangeVerdict,
    Measure,
    UnscorableError,
    describe_change,
    describe_scores,
    grc_words,
    important_change,
    important_threshold,
    measure_name,
    psfs_activity_changes,
    score_grc,
    score_lefs,
    score_nprs,
    score_psfs,
    score_roland_morris,
    score_words,
)


def test_measure_values() -> None:
    assert [m.value for m in Measure] == ["nprs", "psfs", "lefs", "roland_morris", "grc"]


def test_nprs_label_and_range() -> None:
    score = score_nprs(6, "low back", "left")
    assert (score.measure, score.value, score.label) == (
        Measure.NPRS,
        6,
        "Pain (low back, left): 6/10",
    )
    assert score_nprs("3").value == 3
    with pytest.raises(FieldError, match=r"^nprs: must be between 0 and 10 \(got 11\)$"):
        score_nprs(11)
    with pytest.raises(FieldError, match="whole number"):
        score_nprs(6.5)
    with pytest.raises(FieldError, match="whole number"):
        score_nprs(True)


def test_psfs_mean_and_activities() -> None:
    score = score_psfs([("Running 10 km", 2), ("Stairs", 5), ("Sitting at work", 7)])
    assert score.value == pytest.approx(14 / 3)
    assert score.label == "PSFS 4.7/10"
    assert score.activities == (("Running 10 km", 2), ("Stairs", 5), ("Sitting at work", 7))


@pytest.mark.parametrize(
    ("activities", "message"),
    [
        ([("a", 1), ("b", 2)], "psfs: name 3 to 5 activities (got 2)"),
        ([("a", 1)] + [(str(i), 1) for i in range(5)], "psfs: name 3 to 5 activities (got 6)"),
        ([("a", 1), (" ", 2), ("c", 3)], "psfs activity 2: name the activity"),
        ([("a", 1), ("b", 2), ("A", 3)], "psfs activity 3: 'A' is named twice"),
        ([("a", 1), ("b", 12), ("c", 3)], "psfs activity 2: must be between 0 and 10 (got 12)"),
    ],
)
def test_psfs_errors(activities: list[tuple[str, int]], message: str) -> None:
    with pytest.raises(FieldError) as error:
        score_psfs(activities)
    assert str(error.value) == message


def test_psfs_single_activity_needs_three_points() -> None:
    before = score_psfs([("Running", 2), ("Stairs", 5), ("Hopping", 4)])
    after = score_psfs([("running", 5), ("Stairs", 7), ("Squatting", 9)])
    changes = psfs_activity_changes(before, after)
    assert [(c.activity, c.baseline, c.current, c.verdict) for c in changes] == [
        ("running", 2, 5, ChangeVerdict.IMPROVED),
        ("Stairs", 5, 7, ChangeVerdict.NO_IMPORTANT_CHANGE),
    ]


def test_psfs_mean_change_of_two_counts_despite_rounding() -> None:
    before = score_psfs([("a", 3), ("b", 3), ("c", 4)])
    after = score_psfs([("a", 5), ("b", 6), ("c", 5)])
    assert important_change(Measure.PSFS, before, after) is ChangeVerdict.IMPROVED


def test_lefs_sum() -> None:
    score = score_lefs([3] * 10 + [2] * 10)
    assert (score.value, score.label, score.missing_items) == (50, "LEFS 50/80", 0)


def test_lefs_prorates_up_to_four_missing() -> None:
    items: list[int | None] = [3] * 15 + [4] + [None] * 4
    score = score_lefs(items)
    # Mean of answered = 49 / 16 = 3.0625; x 20 = 61.25, rounded to 61.
    assert score.value == 61
    assert score.missing_items == 4
    assert score.label == "LEFS 61/80 (4 missing items pro-rated)"
    assert score_lefs([2] * 19 + [None]).label == "LEFS 40/80 (1 missing item pro-rated)"


def test_lefs_rounds_half_up() -> None:
    # 16 answered summing to 26: 26/16*20 = 32.5 -> 33 (half up, not banker's 32).
    assert score_lefs([2] * 10 + [1] * 6 + [None] * 4).value == 33


def test_lefs_unscorable_with_five_missing() -> None:
    with pytest.raises(UnscorableError) as error:
        score_lefs([3] * 15 + [None] * 5)
    assert error.value.field == "lefs"
    assert "5 items unanswered; at most 4" in str(error.value)
    assert isinstance(error.value, FieldError)


def test_lefs_item_errors() -> None:
    items: list[object] = [1] * 20
    items[6] = 5
    with pytest.raises(FieldError) as error:
        score_lefs(items)
    assert str(error.value) == "lefs item 7: must be between 0 and 4 (got 5)"
    items[6] = "x"
    with pytest.raises(FieldError, match="lefs item 7: must be a whole number between 0 and 4"):
        score_lefs(items)
    with pytest.raises(FieldError, match=r"lefs: expected 20 items \(got 19\)"):
        score_lefs([1] * 19)


def test_roland_morris_counts_ticks() -> None:
    score = score_roland_morris([True] * 7 + [False] * 17)
    assert (score.value, score.label) == (7, "Roland-Morris 7/24")
    assert score_roland_morris([1] * 3 + [0] * 21).value == 3


def test_roland_morris_missing_rule() -> None:
    # 2 unanswered: 11 of 22 ticked -> 12 of 24.
    score = score_roland_morris([True] * 11 + [False] * 11 + [None] * 2)
    assert (score.value, score.missing_items) == (12, 2)
    with pytest.raises(UnscorableError, match="3 items unanswered; at most 2"):
        score_roland_morris([True] * 11 + [False] * 10 + [None] * 3)


def test_roland_morris_item_error() -> None:
    items: list[object] = [False] * 24
    items[2] = 2
    with pytest.raises(FieldError) as error:
        score_roland_morris(items)
    assert str(error.value) == "roland_morris item 3: must be yes or no (got 2)"


def test_grc() -> None:
    assert score_grc(3).label == "Global rating of change +3 (somewhat better)"
    assert grc_words(-7) == "a very great deal worse"
    assert grc_words(0) == "about the same"
    with pytest.raises(FieldError, match=r"^grc: must be between -7 and 7 \(got 8\)$"):
        score_grc(8)
    assert important_change(Measure.GRC, 0, 5) is ChangeVerdict.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("measure", "baseline", "current", "verdict"),
    [
        (Measure.NPRS, 7, 5, ChangeVerdict.IMPROVED),  # lower is better
        (Measure.NPRS, 7, 6, ChangeVerdict.NO_IMPORTANT_CHANGE),
        (Measure.NPRS, 3, 6, ChangeVerdict.WORSENED),
        (Measure.LEFS, 40, 49, ChangeVerdict.IMPROVED),  # higher is better; 9 counts
        (Measure.LEFS, 40, 48, ChangeVerdict.NO_IMPORTANT_CHANGE),
        (Measure.LEFS, 40, 30, ChangeVerdict.WORSENED),
        (Measure.PSFS, 4, 6, ChangeVerdict.IMPROVED),
        (Measure.PSFS, 4, 2.5, ChangeVerdict.NO_IMPORTANT_CHANGE),
        (Measure.ROLAND_MORRIS, 20, 15, ChangeVerdict.IMPROVED),  # 5 points
        (Measure.ROLAND_MORRIS, 20, 16, ChangeVerdict.NO_IMPORTANT_CHANGE),  # 4 = 20%
        (Measure.ROLAND_MORRIS, 10, 7, ChangeVerdict.IMPROVED),  # 3 = 30% of 10
        (Measure.ROLAND_MORRIS, 10, 14, ChangeVerdict.NO_IMPORTANT_CHANGE),  # worse: 5 points
        (Measure.ROLAND_MORRIS, 10, 15, ChangeVerdict.WORSENED),
        (Measure.ROLAND_MORRIS, 0, 0, ChangeVerdict.NO_IMPORTANT_CHANGE),
    ],
)
def test_important_change(
    measure: Measure, baseline: float, current: float, verdict: ChangeVerdict
) -> None:
    assert important_change(measure, baseline, current) is verdict


def test_important_threshold() -> None:
    assert important_threshold(Measure.ROLAND_MORRIS, 10) == pytest.approx(3)
    assert important_threshold(Measure.ROLAND_MORRIS, 24) == 5
    assert important_threshold(Measure.ROLAND_MORRIS, 10, improving=False) == 5
    assert important_threshold(Measure.GRC, 0) is None


def test_change_values_are_checked() -> None:
    with pytest.raises(FieldError, match=r"current: must be between 0 and 80 \(got 81\)"):
        important_change(Measure.LEFS, 40, 81)
    with pytest.raises(FieldError, match="baseline: is a nprs score, not lefs"):
        important_change(Measure.LEFS, score_nprs(3), 40)


@pytest.mark.parametrize(
    ("measure", "baseline", "current", "sentence"),
    [
        (Measure.LEFS, 38, 52, "LEFS improved by 14 points since the first visit, more than the "
         "9 points that matter clinically."),
        (Measure.LEFS, 38, 47, "LEFS improved by 9 points since the first visit, reaching the "
         "9 points that matter clinically."),
        (Measure.LEFS, 38, 42, "LEFS rose by 4 points since the first visit, less than the "
         "9 points that matter clinically."),
        (Measure.NPRS, 3, 6, "Pain (NPRS) worsened by 3 points since the first visit, more "
         "than the 2 points that matter clinically."),
        (Measure.NPRS, 4, 3, "Pain (NPRS) fell by 1 point since the first visit, less than the "
         "2 points that matter clinically."),
        (Measure.ROLAND_MORRIS, 8, 5, "Roland-Morris improved by 3 points (38% of the first "
         "score) since the first visit, more than the 30% that matters clinically."),
        (Measure.ROLAND_MORRIS, 20, 17, "Roland-Morris fell by 3 points (15% of the first "
         "score) since the first visit, less than the 5 points or 30% that matter clinically."),
        (Measure.PSFS, 4, 4, "PSFS is unchanged since the first visit (4.0)."),
        (Measure.GRC, 0, -2, "Global rating of change: -2 (a little bit worse), reported as "
         "the patient rated it."),
    ],
)  # fmt: skip
def test_describe_change(measure: Measure, baseline: float, current: float, sentence: str) -> None:
    assert describe_change(measure, baseline, current) == sentence


def test_describe_change_since() -> None:
    text = describe_change(Measure.LEFS, 30, 60, since="6 weeks ago")
    assert text.startswith("LEFS improved by 30 points since 6 weeks ago")


items = st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=20, max_size=20)


@given(items)
def test_lefs_in_range_or_unscorable(answers: list[int | None]) -> None:
    missing = answers.count(None)
    if missing > 4:
        with pytest.raises(UnscorableError):
            score_lefs(answers)
        return
    score = score_lefs(answers)
    answered = [a for a in answers if a is not None]
    assert 0 <= score.value <= 80
    # Pro-rating stays between "every missing item 0" and "every missing item 4".
    assert sum(answered) <= score.value <= sum(answered) + 4 * missing


@given(
    st.sampled_from([Measure.NPRS, Measure.LEFS, Measure.ROLAND_MORRIS, Measure.PSFS]), st.data()
)
def test_verdict_flips_when_swapped(measure: Measure, data: st.DataObject) -> None:
    high = {Measure.NPRS: 10, Measure.LEFS: 80, Measure.ROLAND_MORRIS: 24, Measure.PSFS: 10}
    a = data.draw(st.integers(0, high[measure]))
    b = data.draw(st.integers(0, high[measure]))
    forward, backward = important_change(measure, a, b), important_change(measure, b, a)
    if measure is not Measure.ROLAND_MORRIS:  # its 30% rule depends on the baseline
        flipped = {
            ChangeVerdict.IMPROVED: ChangeVerdict.WORSENED,
            ChangeVerdict.WORSENED: ChangeVerdict.IMPROVED,
            ChangeVerdict.NO_IMPORTANT_CHANGE: ChangeVerdict.NO_IMPORTANT_CHANGE,
        }
        assert backward is flipped[forward]
    assert forward is not ChangeVerdict.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("measure", "value", "shown"),
    [
        (Measure.PSFS, 13 / 3, "4.3"),  # a mean: one decimal, as the PSFS sheet reports it
        (Measure.PSFS, 17 / 4, "4.3"),  # half up
        (Measure.PSFS, 4, "4.0"),
        (Measure.LEFS, 52.0, "52"),
        (Measure.ROLAND_MORRIS, 7.0, "7"),
        (Measure.NPRS, 6.0, "6"),
        (Measure.GRC, 3.0, "+3"),
        (Measure.GRC, -2.0, "-2"),
        (Measure.GRC, 0.0, "0"),
    ],
)
def test_each_measure_prints_with_its_own_precision(
    measure: Measure, value: float, shown: str
) -> None:
    assert MEASURES[measure].format(value) == shown


def test_psfs_change_has_the_precision_of_the_mean() -> None:
    assert describe_change(Measure.PSFS, 10 / 3, 16 / 3).startswith("PSFS improved by 2.0 points")
    assert describe_change(Measure.PSFS, 13 / 3, 13 / 3) == (
        "PSFS is unchanged since the first visit (4.3)."
    )


def test_a_measure_scored_once_is_not_called_unchanged() -> None:
    assert describe_scores(Measure.PSFS, [13 / 3]) == (
        "PSFS scored once so far (4.3): a later score will show any change."
    )
    assert (
        describe_scores(Measure.LEFS, [40, 40]) == "LEFS is unchanged since the first visit (40)."
    )
    assert describe_scores(Measure.LEFS, [40, 31, 52], since="2 March 2026") == (
        "LEFS improved by 12 points since 2 March 2026, more than the 9 points that matter "
        "clinically."
    )
    assert describe_scores(Measure.GRC, [2]) == (
        "Global rating of change: +2 (a little bit better), reported as the patient rated it."
    )
    with pytest.raises(ValueError, match="no scores"):
        describe_scores(Measure.LEFS, [])


def test_the_change_printed_is_the_change_judged() -> None:
    """PSFS 4.25 then 6.2 prints as 4.3 then 6.2: a change of 1.9, short of the 2 points, in
    the sentence and in the verdict alike (it once said "rose by 2.0 ... less than 2")."""
    assert describe_change(Measure.PSFS, 4.25, 6.2) == (
        "PSFS rose by 1.9 points since the first visit, less than the 2 points that matter "
        "clinically."
    )
    assert important_change(Measure.PSFS, 4.25, 6.2) is ChangeVerdict.NO_IMPORTANT_CHANGE
    # 4.34 then 6.25 prints as 4.3 then 6.3: 2.0 points, which is an important change.
    assert important_change(Measure.PSFS, 4.34, 6.25) is ChangeVerdict.IMPROVED
    assert describe_change(Measure.PSFS, 4.34, 6.25).startswith(
        "PSFS improved by 2.0 points since the first visit, reaching the 2 points"
    )


psfs_means = st.builds(lambda total, count: total / count, st.integers(0, 50), st.integers(3, 5))


@given(psfs_means.filter(lambda v: v <= 10), psfs_means.filter(lambda v: v <= 10))
@example(4.25, 6.2)
def test_psfs_sentence_agrees_with_its_scores_and_verdict(first: float, latest: float) -> None:
    """The number in the sentence is the difference of the scores as printed, and the words
    around it (less than / reaching / more than) agree with the verdict."""
    sentence = describe_change(Measure.PSFS, first, latest)
    psfs = MEASURES[Measure.PSFS]
    shown = float(psfs.format(latest)) - float(psfs.format(first))
    verdict = important_change(Measure.PSFS, first, latest)
    found = re.search(r"by (\d+\.\d) points?", sentence)
    if found is None:
        assert "unchanged" in sentence and round(shown, 1) == 0
        assert verdict is ChangeVerdict.NO_IMPORTANT_CHANGE
        return
    printed = float(found.group(1))
    assert printed == pytest.approx(abs(shown))
    if "less than" in sentence:
        assert printed < 2 and verdict is ChangeVerdict.NO_IMPORTANT_CHANGE
    else:
        assert printed >= 2 and verdict is not ChangeVerdict.NO_IMPORTANT_CHANGE


def test_a_rating_of_no_change_reads_the_same_in_every_text() -> None:
    """GRC 0 once read '+0' in sentences and labels but '0' as its score."""
    assert score_words(Measure.GRC, 0) == "0 (about the same)"
    assert score_grc(0).label == "Global rating of change 0 (about the same)"
    assert describe_scores(Measure.GRC, [0]) == (
        "Global rating of change: 0 (about the same), reported as the patient rated it."
    )
    assert score_words(Measure.GRC, 3) == "+3 (somewhat better)"
    assert score_words(Measure.PSFS, 13 / 3) == "4.3/10"
    assert score_words(Measure.LEFS, 52, out_of=" / ") == "52 / 80"
    assert score_words("sf36", 47.5) == "47.5"  # a measure this version does not know
    assert (measure_name("nprs"), measure_name("sf_36")) == ("Pain (NPRS)", "Sf 36")
