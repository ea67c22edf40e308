"""Demo patients: five runners whose courses of care show the patterns Holdfast tracks.

The seed case (R-001) has the pattern seen most often
(docs/clinical-model.md#clinical-picture): left innominate tipped forward with the pelvis
rotated right. Core work alone does not keep the correction in place; once hip-flexor
lengthening and gluteus maximus strengthening start (visit 4) it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.records import PatientDraft


@dataclass(frozen=True)
class DemoPatient:
    patient: PatientDraft
    start: date
    every_days: int
    pattern: tuple[float, float, float]  # pre-correction asymmetry, rotation, obliquity
    base_tilt: float  # the patient's own right-side tilt (people are rarely level)
    holds: str  # one letter per interval: H holds, L lost
    device: str
    rater: str
    findings: tuple[tuple[str, str, str, str], ...]
    reasoning: str
    plans: tuple[tuple[int, tuple[tuple[str, str], ...]], ...]  # (from visit, exercises)
    complaint: tuple[str, str]
    pain: tuple[int, int]
    km: tuple[float, float]
    switch_device_at: int | None = None
    qualitative_at: int | None = None
    draft_last: bool = False


PATIENTS = (
    DemoPatient(
        PatientDraft(
            "R-001", "Maya", "Okafor", date(1991, 5, 14), "female", "555-0101",
            "maya.okafor@example.org", "Half-marathon, 4 runs a week; goal race in spring",
            running_goal_km=40.0,
        ),
        date(2026, 3, 2), 7, (8.0, 7.0, 1.0), 11.0, "LLLHHHH", "palm", "J. Reyes",
        (
            ("iliopsoas", "left", "short_overactive", "Thomas test positive on the left"),
            ("rectus_femoris", "left", "short_overactive", "Modified Thomas: knee 60°"),
            ("gluteus_maximus", "left", "long_weak_inhibited", "MMT 3+/5 left, 5/5 right"),
            ("transversus_abdominis", "both", "long_weak_inhibited", "Poor drawing-in control"),
        ),
        "Short left hip flexors pull the left innominate forward; a weak left gluteus "
        "maximus cannot counter them, so the pelvis drifts back into anterior tilt and "
        "right rotation between visits.",
        (
            (1, (("dead_bug", "both"), ("bird_dog", "both"), ("abdominal_drawing_in", "both"))),
            (4, (
                ("half_kneeling_hip_flexor_stretch", "left"), ("couch_stretch", "left"),
                ("glute_bridge", "both"), ("single_leg_bridge", "left"),
                ("isometric_pelvic_self_correction", "left"), ("dead_bug", "both"),
            )),
        ),
        ("low_back", "left"), (6, 1), (15, 45),
    ),
    DemoPatient(
        PatientDraft(
            "R-002", "Daniel", "Brandt", date(1981, 9, 2), "male", "555-0102",
            "d.brandt@example.org", "Marathon, 60-70 km/week in build-up",
            running_goal_km=60.0,
        ),
        date(2026, 2, 16), 10, (-7.0, -6.0, 0.0), 12.0, "HLHHH", "palm", "J. Reyes",
        (
            ("iliopsoas", "right", "short_overactive", "Thomas test positive on the right"),
            ("gluteus_maximus", "right", "long_weak_inhibited", "MMT 4-/5 right"),
        ),
        "Mirror image of the common pattern: right hip flexors short, right gluteus "
        "maximus slow to fire on single-leg stance.",
        ((1, (("half_kneeling_hip_flexor_stretch", "right"), ("glute_bridge", "both"),
              ("single_leg_romanian_deadlift", "right"))),),
        ("buttock_sciatic", "right"), (5, 1), (30, 65),
    ),
    DemoPatient(
        PatientDraft(
            "R-003", "Sofia", "Lindqvist", date(1997, 1, 23), "female", "555-0103",
            "sofia.l@example.org", "Trail runner, hilly routes, 40 km/week",
            running_goal_km=40.0,
        ),
        date(2026, 4, 6), 14, (0.0, 0.0, 6.0), 9.0, "LHLHHH", "inclinometer", "J. Reyes",
        (
            ("quadratus_lumborum", "left", "short_overactive", "Side-bend to the right limited"),
            ("gluteus_medius", "right", "long_weak_inhibited", "Trendelenburg sign on the right"),
        ),
        "A tight left quadratus lumborum hitches the left crest up while a weak right "
        "gluteus medius lets the right side drop in stance.",
        ((1, (("side_lying_ql_stretch", "left"), ("side_lying_hip_abduction", "right"),
              ("hip_hitch", "right"), ("side_plank", "both"))),),
        ("hip", "right"), (5, 2), (20, 40), switch_device_at=3, qualitative_at=5,
    ),
    DemoPatient(
        PatientDraft(
            "R-004", "Tom", "Whitfield", date(1974, 11, 30), "male", "555-0104",
            "", "10 km races, returning after a long break",
        ),
        date(2026, 5, 4), 7, (6.0, 2.0, 0.0), 13.0, "LLLL", "palm", "J. Reyes",
        (
            ("iliopsoas", "left", "short_overactive", "Thomas test positive on the left"),
            ("hamstrings", "left", "long_weak_inhibited", "MMT 4/5, cramping on bridge"),
        ),
        "Left hip flexors short after years of desk work; home programme rarely done.",
        ((1, (("half_kneeling_hip_flexor_stretch", "left"),
              ("hamstring_bridge_walkout", "both"))),),
        ("knee", "left"), (4, 4), (10, 12), draft_last=True,
    ),
    DemoPatient(
        PatientDraft(
            "R-005", "Aiko", "Tanaka", date(1987, 7, 8), "female", "555-0105",
            "aiko.t@example.org", "Ultra-distance, 80 km/week, back-to-back long runs",
        ),
        date(2026, 1, 12), 10, (1.0, 8.0, 0.0), 10.0, "LHHHHHHH", "palm", "J. Reyes",
        (
            ("obliques", "left", "long_weak_inhibited", "Poor control in side plank"),
            ("piriformis", "right", "short_overactive", "FAIR test tender on the right"),
            ("adductors", "left", "short_overactive", "Reduced abduction range on the left"),
        ),
        "Trunk rotators on the left do not hold the pelvis square; a tight right "
        "piriformis and left adductors keep it turned to the right.",
        ((1, (("pallof_press", "both"), ("figure_four_stretch", "right"),
              ("adductor_rock_back", "left"), ("side_plank", "both"))),),
        ("hip", "right"), (6, 0), (35, 80),
    ),
)  # fmt: skip
