"""Standing exercises seen from the front (the near side is on the viewer's left)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from resources.art.figure import ANKLE_Y, SHANK, THIGH, Limb, Point, Pose, joints, step
from resources.art.posing import reach, straight_to, through
from resources.art.scene import Cord, Exercise, Scene, box, path, push

FRONT = 1.0
NEAR_FOOT, FAR_FOOT = 180.0, 0.0  # feet seen from the front point a little outwards
LEG = THIGH + SHANK
STEP_TOP = 14.0


def facing_viewer(pelvis: Point, **kw: Any) -> Pose:
    """Standing, seen from the front, arms hanging."""
    base = Pose(
        pelvis=pelvis,
        breadth=FRONT,
        facing=0,
        near_arm=Limb(-97, -93),
        far_arm=Limb(-83, -87),
        near_leg=Limb(-90, -90, NEAR_FOOT, (1, 1, 0.45)),
        far_leg=Limb(-90, -90, FAR_FOOT, (1, 1, 0.45)),
    )
    return replace(base, **kw)


def hands_on_hips(pose: Pose) -> Pose:
    """Both hands on the iliac crests, elbows out."""
    at = joints(pose)
    pose = reach(pose, "near_arm", step(at["near_hip"], 95, 7), side=-1, end=-60)
    return reach(pose, "far_arm", step(at["far_hip"], 85, 7), side=1, end=240)


def feet_at(pose: Pose, near: Point, far: Point) -> Pose:
    """Straight legs to the two ankles (a leg drawn shorter is a knee bent towards us)."""
    pose = straight_to(pose, "near_leg", near, end=NEAR_FOOT)
    return straight_to(pose, "far_leg", far, end=FAR_FOOT)


def on_step(hip_axis: float, stance_fore: float = 1.0) -> Pose:
    """Standing on the far leg on a step; the near leg hangs beside it."""
    far_ankle = (0.0, STEP_TOP + ANKLE_Y)
    far_hip = (0.0, far_ankle[1] + LEG * stance_fore)
    pelvis = step(far_hip, hip_axis, 5.5)
    pose = facing_viewer(pelvis, hip_axis=hip_axis, working=frozenset({"far_leg"}))
    return straight_to(pose, "far_leg", far_ankle, end=FAR_FOOT)


STEP_BOX = box(-6.0, 0.0, 32.0, STEP_TOP)


def hip_hitch() -> Exercise:
    dropped = hands_on_hips(on_step(197))
    hitched = hands_on_hips(on_step(163))
    foot = joints(hitched)["near_ankle"]
    arrow = push((foot[0] - 9, foot[1] - 6), 90, 14)
    return Exercise(
        "hip_hitch",
        Scene(dropped, (STEP_BOX,)),
        Scene(hitched, (STEP_BOX, arrow), "Finish"),
    )


def lateral_step_down() -> Exercise:
    tall = hands_on_hips(on_step(180))
    squat = on_step(180, stance_fore=(LEG - STEP_TOP) / LEG)
    at = joints(squat)
    knee = (
        (at["far_hip"][0] + at["far_ankle"][0]) / 2 + 2.5,
        (at["far_hip"][1] + at["far_ankle"][1]) / 2,
    )
    squat = hands_on_hips(through(squat, "far_leg", knee, at["far_ankle"], end=FAR_FOOT))
    arrow = path(tall, squat, "near_ankle", offset=(-11, 0), span=(0.0, 1.0))
    return Exercise(
        "lateral_step_down",
        Scene(tall, (STEP_BOX,)),
        Scene(squat, (STEP_BOX, arrow), "Finish"),
    )


def _band(pose: Pose) -> Cord:
    at = joints(pose)

    def shin(side: str) -> Point:
        a, k = at[f"{side}_ankle"], at[f"{side}_knee"]
        return (a[0] + 0.3 * (k[0] - a[0]), a[1] + 0.3 * (k[1] - a[1]))

    return Cord((shin("near"), shin("far")), width=2.2)


def lateral_band_walk() -> Exercise:
    work = frozenset({"near_leg"})
    start = hands_on_hips(
        feet_at(facing_viewer((0, LEG - 2), working=work), (-9, ANKLE_Y), (9, ANKLE_Y))
    )
    wide = hands_on_hips(
        feet_at(facing_viewer((-5, LEG - 3), working=work), (-25, ANKLE_Y), (9, ANKLE_Y))
    )
    toe = joints(wide)["near_toe"]
    return Exercise(
        "lateral_band_walk",
        Scene(start, (_band(start),)),
        Scene(wide, (_band(wide), push((toe[0] - 4, 9), 180, 13)), "Finish"),
    )


def standing_tfl_stretch() -> Exercise:
    order = ("near_leg", "far_leg", "trunk", "far_arm", "near_arm")
    work = frozenset({"near_leg", "near_arm"})
    crossed = facing_viewer((0, LEG - 1), order=order, working=work)
    start = feet_at(crossed, (12, ANKLE_Y), (4, ANKLE_Y))
    lean = replace(crossed, pelvis=(-7, LEG - 3), trunk=82, bend=-16, hip_axis=180)
    lean = feet_at(lean, (12, ANKLE_Y), (4, ANKLE_Y))
    lean = replace(lean, near_arm=Limb(64, 28, 20))
    at = joints(lean)
    lean = reach(lean, "far_arm", step(at["far_hip"], 80, 7), side=1, end=240)
    return Exercise(
        "standing_tfl_stretch",
        Scene(start),
        Scene(lean, (push((at["near_hip"][0] - 12, at["near_hip"][1]), 180, 11),), "Hold"),
    )


def pallof_press() -> Exercise:
    # A three-quarter view: the figure faces right and towards us, the band comes from the
    # post on its side, so pressing the hands out moves them away from the post.
    turn = 0.7
    feet = Limb(-90, -90, 0, (1, 1, 0.7))
    stand = Pose(
        pelvis=(0, LEG - 1),
        breadth=turn,
        near_leg=feet,
        far_leg=feet,
        working=frozenset({"near_arm", "far_arm"}),
    )
    stand = feet_at(stand, (-5, ANKLE_Y), (5, ANKLE_Y))
    stand = replace(
        stand, near_leg=replace(stand.near_leg, end=0), far_leg=replace(stand.far_leg, end=0)
    )
    neck = joints(stand)["neck"]
    chest = (neck[0] + 5, neck[1] - 10)
    start = reach(reach(stand, "near_arm", chest, side=-1, end=0), "far_arm", chest, side=-1, end=0)
    fore = (turn, turn, turn)
    out = (neck[0] + 40, neck[1] - 8)
    press = reach(stand, "near_arm", out, side=1, end=0, fore=fore)
    press = reach(press, "far_arm", out, side=1, end=0, fore=fore)
    post = box(-52, 0, 5, 80)
    anchor = (-47.0, chest[1] + 1)

    def band(pose: Pose) -> Cord:
        return Cord((anchor, joints(pose)["near_wrist"]))

    arrow = push((neck[0] + 12, neck[1] - 17), 0, 20)
    return Exercise(
        "pallof_press",
        Scene(start, (post, band(start))),
        Scene(press, (post, band(press), arrow), "Finish"),
    )


EXERCISES = (
    standing_tfl_stretch,
    lateral_band_walk,
    hip_hitch,
    pallof_press,
    lateral_step_down,
)
