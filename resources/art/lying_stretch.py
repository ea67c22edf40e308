"""Stretches and holds lying down: on the back, at a bed edge, against a wall, prone."""

from __future__ import annotations

from dataclasses import replace

from resources.art.figure import TRUNK, Limb, Pose, heading, joints, step, with_limb
from resources.art.posing import moved, reach, through
from resources.art.scene import Cord, Exercise, Scene, box, path, push, table
from resources.art.supine import FOOT_X, LYING_Y, feet_on_floor, supine

NEAR_LEG = frozenset({"near_leg"})
HUG = Limb(122, -22)  # hip and knee fully bent, knee towards the chest


def _hug(pose: Pose, leg: str, arms: tuple[str, ...] = ("near_arm", "far_arm")) -> Pose:
    at = joints(with_limb(pose, leg, HUG))
    grip = step(at[leg.replace("leg", "knee")], -22, 7)
    pose = with_limb(pose, leg, HUG)
    for arm in arms:
        pose = reach(pose, arm, grip, side=-1, end=-22)
    return pose


BED_TOP = 40.0
BED_EDGE = TRUNK + 3


def supine_hip_flexor_stretch() -> Exercise:
    on_bed = moved(supine(working=NEAR_LEG), "neck", (0, BED_TOP + LYING_Y))
    bed = table(-26, BED_EDGE + 26, BED_TOP)
    start = _hug(_hug(on_bed, "far_leg"), "near_leg")
    hold = _hug(replace(on_bed, near_leg=Limb(-32, -112)), "far_leg")
    arrow = path(start, hold, "near_knee", offset=(4, 2), span=(0.62, 0.92))
    return Exercise(
        "supine_hip_flexor_stretch",
        Scene(start, bed),
        Scene(hold, (*bed, arrow), "Hold"),
    )


def _strap(pose: Pose, reach_len: float) -> tuple[Pose, Cord]:
    """Both hands on a strap looped under the near forefoot, `reach_len` from the shoulders."""
    at = joints(pose)
    ankle, shank = at["near_ankle"], pose.near_leg.lower
    ball = step(step(ankle, shank + 90, 6), shank, 3.2)
    grip = step(at["neck"], heading(at["neck"], ball), reach_len)
    pose = reach(pose, "near_arm", grip, side=-1)
    pose = reach(pose, "far_arm", grip, side=-1)
    return pose, Cord((joints(pose)["near_hand"], ball))


def supine_hamstring_stretch() -> Exercise:
    base = supine(working=NEAR_LEG)
    start, strap0 = _strap(replace(base, near_leg=Limb(48, 48)), 27)
    hold, strap1 = _strap(replace(base, near_leg=Limb(78, 78)), 24)
    arrow = path(start, hold, "near_ankle", offset=(5, 4), span=(0.1, 0.9))
    return Exercise(
        "supine_hamstring_stretch",
        Scene(start, (strap0,)),
        Scene(hold, (strap1, arrow), "Hold"),
    )


def _figure_four(pose: Pose) -> Pose:
    """The near ankle rests on the far thigh by the knee; the near knee falls out towards the
    viewer, so that leg is foreshortened: its knee shows below and beyond the far knee."""
    at = joints(pose)
    thigh = pose.far_leg.upper
    near_knee = step(at["near_hip"], thigh - 35, 18.4)
    ankle = step(at["far_knee"], thigh + 100, 3.0)
    foot = heading(near_knee, ankle) + 15
    return through(pose, "near_leg", near_knee, ankle, end=foot)


def figure_four_stretch() -> Exercise:
    base = supine(working=NEAR_LEG, order=("far_arm", "far_leg", "trunk", "near_arm", "near_leg"))
    start = _figure_four(feet_on_floor(base, FOOT_X, ("far_leg",)))
    pulled = replace(base, far_leg=Limb(98, 8))
    grip = step(joints(pulled)["far_knee"], -82, 6)
    pulled = reach(reach(pulled, "near_arm", grip, side=-1), "far_arm", grip, side=-1)
    hold = _figure_four(pulled)
    arrow = path(start, hold, "far_knee", offset=(3, 7), span=(0.1, 0.9))
    return Exercise("figure_four_stretch", Scene(start), Scene(hold, (arrow,), "Hold"))


def isometric_pelvic_self_correction() -> Exercise:
    crook = feet_on_floor(supine(), FOOT_X)
    start = replace(crook, working=frozenset({"near_leg", "near_arm"}))
    near, far = 62.0, 112.0  # thigh angles: near knee pushed away, far knee pulled in
    hold = replace(start, near_leg=Limb(near, -30), far_leg=Limb(far, 15))
    at = joints(hold)
    hold = reach(hold, "near_arm", step(at["near_knee"], near + 90, 4), side=-1, end=near - 90)
    hold = reach(hold, "far_arm", step(at["far_knee"], far + 90, 4), side=-1, end=far - 90)
    arrows = (
        push(step(at["near_knee"], near - 90, 6), near - 90, 13),
        push(step(at["far_knee"], far + 95, 12), far + 95, 13),
    )
    return Exercise("isometric_pelvic_self_correction", Scene(start), Scene(hold, arrows, "Hold"))


def ninety_ninety_hip_lift() -> Exercise:
    legs = Limb(90, 0, 90)
    base = supine(near_leg=legs, far_leg=legs, working=frozenset({"near_leg", "far_leg"}))
    ankle = joints(base)["near_ankle"]
    wall = box(ankle[0] + 2, 0, 5, 62)
    lifted = supine(lift=11, working=base.working)
    for leg in ("near_leg", "far_leg"):
        lifted = reach(lifted, leg, ankle, side=1, end=90)
    hip = joints(base)["pelvis"]
    return Exercise(
        "ninety_ninety_hip_lift",
        Scene(base, (wall,)),
        Scene(lifted, (wall, push((hip[0] + 10, 4), 90, 12)), "Finish"),
    )


def prone_hip_extension() -> Exercise:
    along = Limb(-9, 0, 0)
    prone = Pose(
        pelvis=(TRUNK, LYING_Y),
        trunk=180,
        head=174,
        facing=-1,
        near_arm=along,
        far_arm=along,
        near_leg=Limb(-4, 90),
        far_leg=Limb(-5, -1.3, 0),
        working=NEAR_LEG,
    )
    lifted = replace(prone, near_leg=Limb(14, 104))
    knee = joints(prone)["near_knee"]
    arrow = push((knee[0] + 9, 4), 90, 14)
    return Exercise("prone_hip_extension", Scene(prone), Scene(lifted, (arrow,), "Finish"))


EXERCISES = (
    supine_hip_flexor_stretch,
    supine_hamstring_stretch,
    figure_four_stretch,
    isometric_pelvic_self_correction,
    ninety_ninety_hip_lift,
    prone_hip_extension,
)
