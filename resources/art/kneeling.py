"""Exercises on hands and knees or kneeling, facing right."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from resources.art.figure import (
    ANKLE_Y,
    FOREARM,
    THIGH,
    TRUNK,
    UPPER_ARM,
    Limb,
    Pose,
    heading,
    joints,
    step,
)
from resources.art.posing import moved, reach, solve, straight_to
from resources.art.scene import Exercise, Scene, box, ellipse, mat, path, push

KNEE = (0.0, 2.6)  # a knee resting on the floor
WRIST_Y = 2.0
KNEEL = Limb(-90, 180, 180)  # thigh upright, shin and foot flat behind
HAND_DOWN = Limb(-90, -90, 0)


def quadruped(**kw: Any) -> Pose:
    """On hands and knees: knees under the hips, hands under the shoulders."""
    hip_y = KNEE[1] + THIGH
    shoulder_y = WRIST_Y + UPPER_ARM + FOREARM
    lean = math.degrees(math.asin((shoulder_y - hip_y) / TRUNK))
    base = Pose(
        pelvis=(KNEE[0], hip_y),
        trunk=lean,
        head=8,
        near_leg=KNEEL,
        far_leg=KNEEL,
        near_arm=HAND_DOWN,
        far_arm=HAND_DOWN,
    )
    return replace(base, **kw)


def bird_dog() -> Exercise:
    start = quadruped(working=frozenset({"near_arm", "far_leg"}))
    end = replace(start, near_arm=Limb(6, 6, 6), far_leg=Limb(-182, 178, 268))
    arrows = (
        path(start, end, "near_hand", span=(0.2, 0.92)),
        path(start, end, "far_ankle", span=(0.25, 0.92)),
    )
    return Exercise("bird_dog", Scene(start), Scene(end, arrows, "Finish"))


def quadruped_hip_extension() -> Exercise:
    start = quadruped(working=frozenset({"near_leg"}))
    end = replace(start, near_leg=Limb(-182, 88))
    arrow = path(start, end, "near_knee", offset=(-3, -8), span=(0.1, 0.9))
    return Exercise("quadruped_hip_extension", Scene(start), Scene(end, (arrow,), "Finish"))


def adductor_rock_back() -> Exercise:
    # Seen from slightly above: the near leg reaches out sideways towards the viewer, so its
    # foot lands on the floor in front of the kneeling knee, lower in the picture.
    lift = 20.0
    foot = (KNEE[0] + 4, ANKLE_Y)
    knee = (KNEE[0], KNEE[1] + lift)
    work = frozenset({"near_leg"})
    base = moved(quadruped(working=work), "far_knee", knee)
    start = straight_to(base, "near_leg", foot, end=0.0)
    wrist = joints(start)["near_wrist"]
    arm = 128.0  # straight arms, leaning forward as the hips sink back
    shoulder = step(wrist, arm, UPPER_ARM + FOREARM)

    def sunk(trunk: float) -> Pose:
        pelvis = step(shoulder, trunk + 180, TRUNK)
        return replace(start, pelvis=pelvis, trunk=trunk, head=trunk - 4)

    back = sunk(solve(lambda t: math.dist(sunk(t).pelvis, knee) - THIGH, -10, 40))
    straight_arm = Limb(arm - 180, arm - 180, 0.0)
    back = replace(
        back,
        far_leg=Limb(heading(back.pelvis, knee), 180, 180),
        near_arm=straight_arm,
        far_arm=straight_arm,
    )
    back = straight_to(back, "near_leg", foot, end=0.0)
    floor = mat(knee[0] - 48, wrist[0] + 16, lift + 6)
    arrow = path(start, back, "pelvis", offset=(0, 13), span=(0.05, 0.95))
    return Exercise(
        "adductor_rock_back", Scene(start, (floor,)), Scene(back, (floor, arrow), "Finish")
    )


def half_kneeling_hip_flexor_stretch() -> Exercise:
    work = frozenset({"near_leg", "near_arm"})
    front_foot = (THIGH + 1, ANKLE_Y)
    upright = Pose(pelvis=(KNEE[0], KNEE[1] + THIGH), near_leg=KNEEL, working=work)
    upright = reach(upright, "far_leg", front_foot, side=1, end=0.0)
    knee_top = joints(upright)["far_knee"]
    start = reach(upright, "near_arm", (knee_top[0] - 2, knee_top[1] + 4), side=-1, end=0)
    start = reach(start, "far_arm", (knee_top[0] - 2, knee_top[1] + 4), side=-1, end=0)
    shift = 9.0
    hip = (KNEE[0] + shift, KNEE[1] + math.sqrt(THIGH**2 - shift**2))
    hold = replace(upright, pelvis=hip, trunk=93, near_leg=Limb(heading(hip, KNEE), 180, 180))
    hold = reach(hold, "far_leg", front_foot, side=1, end=0.0)
    knee_top = joints(hold)["far_knee"]
    hold = reach(hold, "far_arm", (knee_top[0] - 2, knee_top[1] + 4), side=-1, end=0)
    hold = replace(hold, near_arm=Limb(104, 101, 100))
    arrow = push((hip[0] - 22, hip[1]), 0, 12)
    return Exercise(
        "half_kneeling_hip_flexor_stretch",
        Scene(start),
        Scene(hold, (arrow,), "Hold"),
    )


def couch_stretch() -> Exercise:
    work = frozenset({"near_leg"})
    wall = box(-9.5, 0, 6.5, 64)
    pad = ellipse(2, 1.3, 7, 1.3)
    shin_up = (90.0, 90.0)

    def kneel(thigh: float, trunk: float) -> Pose:
        a = math.radians(thigh)
        hip = (KNEE[0] + THIGH * math.cos(a), KNEE[1] + THIGH * math.sin(a))
        pose = Pose(
            pelvis=hip,
            trunk=trunk,
            near_leg=Limb(thigh + 180, shin_up[0], shin_up[1]),
            working=work,
        )
        pose = reach(pose, "far_leg", (hip[0] + 30, ANKLE_Y), side=1, end=0.0)
        knee_top = joints(pose)["far_knee"]
        grip = (knee_top[0] - 1, knee_top[1] + 4)
        for arm in ("near_arm", "far_arm"):
            pose = reach(pose, arm, grip, side=-1, end=-20)
        return pose

    start = kneel(52, 48)
    hold = kneel(70, 92)
    arrow = path(start, hold, "head", offset=(-4, 6), span=(0.1, 0.9))
    return Exercise(
        "couch_stretch",
        Scene(start, (wall, pad)),
        Scene(hold, (wall, pad, arrow), "Hold"),
    )


EXERCISES = (
    half_kneeling_hip_flexor_stretch,
    couch_stretch,
    quadruped_hip_extension,
    adductor_rock_back,
    bird_dog,
)
