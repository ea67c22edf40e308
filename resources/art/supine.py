"""Exercises lying on the back, head to the left: bridges, dead bug, drawing-in."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from resources.art.figure import ANKLE_Y, TRUNK, Limb, Pose, direction, joints
from resources.art.posing import reach
from resources.art.scene import Block, Exercise, Scene, ellipse, path, push

LYING_Y = 5.5  # height of the trunk's centre line when lying on the floor
ARM_ALONG_SIDE = Limb(-9, 0, 0)
LEG_STRAIGHT = Limb(-5, -1.3)
BODY_PROP_GREY = 0.72  # the same grey as the trunk
BOTH_LEGS = frozenset({"near_leg", "far_leg"})


def supine(lift: float = 0.0, **kw: Any) -> Pose:
    """Lying on the back with the shoulders at x = 0; `lift` raises the pelvis (degrees)."""
    d = direction(lift)
    pelvis = (TRUNK * d[0], LYING_Y + TRUNK * d[1])
    base = Pose(
        pelvis=pelvis,
        trunk=180 + lift,
        head=175,
        near_arm=ARM_ALONG_SIDE,
        far_arm=ARM_ALONG_SIDE,
        near_leg=LEG_STRAIGHT,
        far_leg=LEG_STRAIGHT,
    )
    return replace(base, **kw)


def feet_on_floor(
    pose: Pose, heel_x: float, legs: tuple[str, ...] = ("near_leg", "far_leg")
) -> Pose:
    """Both (or the named) feet flat on the floor with the ankle at `heel_x`."""
    for leg in legs:
        pose = reach(pose, leg, (heel_x, ANKLE_Y), side=1, end=0.0)
    return pose


FOOT_X = TRUNK + 34


def glute_bridge() -> Exercise:
    start = feet_on_floor(supine(working=BOTH_LEGS), FOOT_X)
    end = feet_on_floor(supine(lift=24, working=BOTH_LEGS), FOOT_X)
    arrow = path(start, end, "pelvis", offset=(0, 17))
    return Exercise(
        "glute_bridge",
        Scene(start),
        Scene(end, (arrow,), "Finish"),
    )


def _free_leg_in_line(pose: Pose) -> Pose:
    thigh = pose.near_leg.upper
    return replace(pose, far_leg=Limb(thigh, thigh))


def single_leg_bridge() -> Exercise:
    work = frozenset({"near_leg"})
    start = _free_leg_in_line(feet_on_floor(supine(working=work), FOOT_X, ("near_leg",)))
    end = _free_leg_in_line(feet_on_floor(supine(lift=24, working=work), FOOT_X, ("near_leg",)))
    arrow = path(start, end, "pelvis", offset=(0, 17))
    return Exercise("single_leg_bridge", Scene(start), Scene(end, (arrow,), "Finish"))


def hamstring_bridge_walkout() -> Exercise:
    start = feet_on_floor(supine(lift=24, working=BOTH_LEGS), FOOT_X)
    end = feet_on_floor(supine(lift=12, working=BOTH_LEGS), FOOT_X + 16)
    toe = joints(end)["near_toe"]
    return Exercise(
        "hamstring_bridge_walkout",
        Scene(start),
        Scene(end, (push((toe[0] + 5, 5), 0, 14),), "Finish"),
    )


TABLETOP = Limb(90, 0)
ARMS_UP = Limb(90, 90)


def dead_bug() -> Exercise:
    work = frozenset({"near_arm", "far_leg"})
    start = supine(near_leg=TABLETOP, far_leg=TABLETOP, near_arm=ARMS_UP, far_arm=ARMS_UP)
    start = replace(start, working=work)
    end = replace(start, near_arm=Limb(168, 168), far_leg=Limb(14, 14))
    arrows = (
        path(start, end, "near_hand", span=(0.15, 0.85)),
        path(start, end, "far_ankle", offset=(6, 4), span=(0.25, 0.9)),
    )
    return Exercise("dead_bug", Scene(start), Scene(end, arrows, "Finish"))


def abdominal_drawing_in() -> Exercise:
    base = feet_on_floor(supine(), FOOT_X)
    hand = Limb(-8, 45, 5)  # elbow on the floor, hand on the lower belly
    start = replace(base, near_arm=hand, far_arm=hand)
    hold = replace(start, working=frozenset({"near_arm", "far_arm"}))
    arrow = push((TRUNK - 13, 30), -90, 13)

    def belly(rise: float) -> Block:  # the abdominal wall, relaxed or drawn in
        return ellipse(TRUNK - 13, LYING_Y + 3, 11, rise, grey=BODY_PROP_GREY)

    return Exercise(
        "abdominal_drawing_in",
        Scene(start, (belly(6.5),)),
        Scene(hold, (belly(3.0), arrow), "Hold"),
    )


EXERCISES = (
    glute_bridge,
    single_leg_bridge,
    hamstring_bridge_walkout,
    dead_bug,
    abdominal_drawing_in,
)
