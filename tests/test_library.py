"""The bundled exercise and pattern libraries: content checks, lookups and validation."""

import copy
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from charting.muscles import MUSCLES
from resources.library import (
    Exercise,
    _parse_exercises,
    _parse_patterns,
    _read,
    exercise_by_slug,
    exercises_for_findings,
    load_exercises,
    load_patterns,
    search_exercises,
    suggest_for_pattern,
)

SLUGS = [
    "half_kneeling_hip_flexor_stretch",
    "couch_stretch",
    "supine_hip_flexor_stretch",
    "standing_tfl_stretch",
    "glute_bridge",
    "single_leg_bridge",
    "quadruped_hip_extension",
    "prone_hip_extension",
    "side_lying_hip_abduction",
    "clamshell",
    "lateral_band_walk",
    "hip_hitch",
    "side_plank",
    "supine_hamstring_stretch",
    "single_leg_romanian_deadlift",
    "hamstring_bridge_walkout",
    "adductor_rock_back",
    "short_lever_copenhagen",
    "side_lying_ql_stretch",
    "suitcase_carry",
    "dead_bug",
    "bird_dog",
    "abdominal_drawing_in",
    "pallof_press",
    "figure_four_stretch",
    "isometric_pelvic_self_correction",
    "ninety_ninety_hip_lift",
    "a_skip",
    "lateral_step_down",
    "calf_raise_eccentric",
]


Change = Callable[[Any], object]


def slugs(items: Iterable[Exercise | tuple[Exercise, str]]) -> list[str]:
    return [(item[0] if isinstance(item, tuple) else item).slug for item in items]


def test_library_holds_exactly_the_agreed_exercises_in_order() -> None:
    assert [exercise.slug for exercise in load_exercises()] == SLUGS


def test_every_target_muscle_is_in_the_catalogue() -> None:
    for exercise in load_exercises():
        for target in exercise.targets:
            assert target.muscle in MUSCLES, exercise.slug


def test_exercises_are_complete_for_a_handout() -> None:
    for exercise in load_exercises():
        assert exercise.name and exercise.purpose, exercise.slug
        assert 3 <= len(exercise.steps) <= 6, exercise.slug
        assert 1 <= len(exercise.cautions) <= 3, exercise.slug
        assert not any(step[0].isdigit() for step in exercise.steps), exercise.slug
        assert 1 <= exercise.dosage.per_week <= 14


@pytest.mark.parametrize(
    ("muscles", "aim"),
    [
        ({"iliopsoas", "rectus_femoris"}, "lengthen"),  # hip flexors
        ({"gluteus_maximus"}, "strengthen"),
        ({"gluteus_medius"}, "strengthen"),
        ({"hamstrings"}, "lengthen"),
        ({"hamstrings"}, "strengthen"),
        ({"adductors"}, "lengthen"),
        ({"adductors"}, "strengthen"),
        ({"quadratus_lumborum"}, "lengthen"),
        ({"transversus_abdominis", "multifidus"}, "strengthen"),  # deep core
    ],
)
def test_every_muscle_group_of_the_domain_is_covered(muscles: set[str], aim: str) -> None:
    assert any(
        target.muscle in muscles and target.aim == aim
        for exercise in load_exercises()
        for target in exercise.targets
    )


def test_running_drills_are_included() -> None:
    assert any(exercise.category == "running_drill" for exercise in load_exercises())


def test_every_pattern_exercise_exists_and_keys_are_unique() -> None:
    patterns = load_patterns()
    assert len(patterns) >= 10
    assert len({pattern.key for pattern in patterns}) == len(patterns)
    known = set(SLUGS)
    for pattern in patterns:
        assert all(exercise.slug in known for exercise, _ in pattern.exercises), pattern.key


def test_most_common_pattern_has_the_richest_entry() -> None:
    pattern = suggest_for_pattern("left_anterior+right")
    assert pattern is not None and pattern.key == "left_anterior+right"
    findings = {(f.muscle, f.side, f.state) for f in pattern.findings}
    assert ("iliopsoas", "left", "short_overactive") in findings
    assert ("rectus_femoris", "left", "short_overactive") in findings
    assert ("gluteus_maximus", "left", "long_weak_inhibited") in findings
    assert ("transversus_abdominis", "both", "long_weak_inhibited") in findings
    assert len(pattern.findings) == max(len(p.findings) for p in load_patterns())
    assert ("isometric_pelvic_self_correction", "left") in [
        (exercise.slug, side) for exercise, side in pattern.exercises
    ]


def test_mirror_patterns_mirror_sides() -> None:
    left = suggest_for_pattern("left_anterior+right")
    right = suggest_for_pattern("right_anterior+left")
    assert left is not None and right is not None
    flip = {"left": "right", "right": "left", "both": "both"}
    assert [(f.muscle, flip[f.side]) for f in left.findings] == [
        (f.muscle, f.side) for f in right.findings
    ]


def test_lookup_by_slug_and_unknown_slug() -> None:
    assert exercise_by_slug("clamshell").name == "Clamshell"
    with pytest.raises(KeyError, match="no_such_move"):
        exercise_by_slug("no_such_move")


def test_search_by_muscle_display_name_finds_clamshell() -> None:
    assert "clamshell" in slugs(search_exercises("gluteus medius"))
    assert "clamshell" in slugs(search_exercises("  GLUTEUS_MEDIUS "))


def test_search_by_name_purpose_and_empty_text() -> None:
    assert slugs(search_exercises("copenhagen")) == ["short_lever_copenhagen"]
    assert "supine_hamstring_stretch" in slugs(search_exercises("back of the thigh"))
    assert len(search_exercises("")) == len(SLUGS)
    assert search_exercises("zzz nothing") == []


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("left_anterior+right", "left_anterior+right"),
        ("left_anterior+right+right_high", "left_anterior+right"),
        ("right_anterior+left+left_high", "right_anterior+left"),
        ("left_anterior+left", "left_anterior"),
        ("level", "level"),
    ],
)
def test_suggestion_falls_back_to_the_largest_known_subset(key: str, expected: str) -> None:
    suggestion = suggest_for_pattern(key)
    assert suggestion is not None and suggestion.key == expected


def test_suggestion_is_none_when_nothing_matches() -> None:
    assert suggest_for_pattern("sideways") is None


def test_short_iliopsoas_maps_to_stretches_on_its_side() -> None:
    chosen = exercises_for_findings([("iliopsoas", "left", "short_overactive")])
    assert chosen and all(exercise.category == "stretch" for exercise, _ in chosen)
    assert {"half_kneeling_hip_flexor_stretch", "couch_stretch"} <= set(slugs(chosen))
    assert {side for _, side in chosen} == {"left"}


def test_weak_gluteus_maximus_maps_to_bridges() -> None:
    chosen = exercises_for_findings([("gluteus_maximus", "right", "long_weak_inhibited")])
    assert {"glute_bridge", "single_leg_bridge"} <= set(slugs(chosen))
    assert "half_kneeling_hip_flexor_stretch" not in slugs(chosen)


def test_findings_are_deduplicated_in_library_order() -> None:
    chosen = exercises_for_findings(
        [
            ("gluteus_maximus", "left", "long_weak_inhibited"),
            ("iliopsoas", "left", "short_overactive"),
            ("rectus_femoris", "left", "short_overactive"),
        ]
    )
    names = slugs(chosen)
    assert len(names) == len(set(names))
    assert names == sorted(names, key=SLUGS.index)
    with pytest.raises(ValueError):
        exercises_for_findings([("iliopsoas", "left", "tight")])


def broken_copy(tmp_path: Path, change: Change) -> Any:
    """Write a changed copy of the exercise file into tmp_path and read it back."""
    data = copy.deepcopy(_read("exercises.json"))
    change(data)
    path = tmp_path / "exercises.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d[9]["targets"].append({"muscle": "glutes", "aim": "strengthen"}), "clamshell"),
        (lambda d: d[0]["dosage"].update(per_week=21), "dosage"),
        (lambda d: d[0]["dosage"].update(sets=True), "sets"),
        (lambda d: d[4].update(category="cardio"), "category"),
        (lambda d: d[4].update(steps=["Lift."]), "steps"),
        (lambda d: d[4].pop("purpose"), "purpose"),
        (lambda d: d.append(d[0]), "duplicated"),
    ],
)
def test_loader_rejects_a_broken_exercise_file(
    tmp_path: Path, change: Change, message: str
) -> None:
    data = broken_copy(tmp_path, change)
    with pytest.raises(ValueError, match=message):
        _parse_exercises(data)


def test_unknown_muscle_message_names_slug_and_field(tmp_path: Path) -> None:
    data = broken_copy(tmp_path, lambda d: d[9]["targets"].append({"muscle": "glutes", "aim": "x"}))
    with pytest.raises(ValueError, match=r"'clamshell'.*'muscle'.*'glutes'"):
        _parse_exercises(data)


def test_pattern_loader_rejects_an_unknown_exercise() -> None:
    data = copy.deepcopy(_read("patterns.json"))
    data[0]["exercises"].append({"slug": "moonwalk", "side": "left"})
    with pytest.raises(ValueError, match=r"left_anterior\+right.*'slug'.*moonwalk"):
        _parse_patterns(data, load_exercises())


def test_pattern_loader_rejects_an_unknown_key_part() -> None:
    data = copy.deepcopy(_read("patterns.json"))
    data[0]["key"] = "left_anterior+upside_down"
    with pytest.raises(ValueError, match="upside_down"):
        _parse_patterns(data, load_exercises())
