"""Standing exercises seen from the side, facing right."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from resources.art.figure import ANKLE_Y, SHANK, THIGH, Limb, Pose, joints, step
from resources.art.posing import grounded, moved, reach
from resources.art.scene import Exercise, Inset, Scene, box, kettlebell, path, push

HIP_Y = ANKLE_Y + SHANK + THIGH  # hip height when standing on a flat foot
NEAR_LEG = frozenset({"near_leg"})


def standing(**kw: Any) -> Pose:
    """Standing tall on the floor, arms by the sides."""
    base = Pose(pelvis=(0.0, HIP_Y), near_arm=Limb(-92, -88), far_arm=Limb(-88, -92))
    return replace(base, **kw)


def single_leg_romanian_deadlift() -> Exercise:
    arm = Limb(-90, -90, -90)
    start = standing(
        near_leg=Limb(-92, -86),
        far_leg=Limb(-104, -112, -8),
        near_arm=Limb(-86, -80),
        far_arm=arm,
        working=NEAR_LEG,
    )
    start = grounded(start)
    ankle = joints(start)["near_ankle"]
    hinge = replace(
        start,
        trunk=14,
        head=20,
        far_leg=Limb(196, 196, 286),
        near_arm=Limb(-84, -84),
        far_arm=arm,
    )
    hinge = moved(hinge, "pelvis", (ankle[0] - 6, HIP_Y - 3))
    hinge = reach(hinge, "near_leg", ankle, side=1, end=0.0)
    bells = [kettlebell(joints(p)["far_hand"]) for p in (start, hinge)]
    arrow = path(start, hinge, "head", offset=(6, 8), span=(0.1, 0.85))
    return Exercise(
        "single_leg_romanian_deadlift",
        Scene(start, bells[0]),
        Scene(hinge, (*bells[1], arrow), "Finish"),
    )


def suitcase_carry() -> Exercise:
    loaded = Limb(-90, -90, -90)
    work = frozenset({"near_arm"})
    start = grounded(standing(near_arm=loaded, far_arm=Limb(-94, -86), working=work))
    walk = standing(
        near_arm=loaded,
        far_arm=Limb(-70, -45),
        near_leg=Limb(-72, -84, 12),
        far_leg=Limb(-108, -124, -35),
        working=work,
    )
    walk = grounded(walk)
    neck = joints(walk)["neck"]
    return Exercise(
        "suitcase_carry",
        Scene(start, kettlebell(joints(start)["near_hand"])),
        Scene(
            walk,
            (*kettlebell(joints(walk)["near_hand"]), push((neck[0] + 14, neck[1] - 6), 0, 16)),
            "Finish",
        ),
    )


def a_skip() -> Exercise:
    knee_up = Limb(2, -88, 8)
    toes = Limb(-90, -97, -55)
    forward, back = Limb(-50, 35), Limb(-125, -45)
    start = Pose(
        pelvis=(0, HIP_Y),
        trunk=86,
        near_leg=knee_up,
        far_leg=toes,
        near_arm=back,
        far_arm=forward,
        working=NEAR_LEG,
    )
    start = grounded(start)
    end = replace(
        start, near_leg=Limb(-84, -100, -50), far_leg=knee_up, near_arm=forward, far_arm=back
    )
    end = grounded(end)
    arrow = path(start, end, "near_toe", offset=(7, 0), span=(0.08, 0.8))
    return Exercise("a_skip", Scene(start), Scene(end, (arrow,), "Finish"))


STEP_TOP = 14.0
STEP_EDGE = 0.0


def calf_raise_eccentric() -> Exercise:
    stair = box(STEP_EDGE, 0, 22, STEP_TOP)
    corner = (STEP_EDGE, STEP_TOP)
    detail = Inset(centre=(STEP_EDGE - 1, STEP_TOP + 6), half=12, zoom=2.0, at=(190, 100))

    def on_edge(foot: float, ankle: tuple[float, float]) -> Pose:
        leg = Limb(-90, -90, foot)
        pose = standing(near_leg=leg, far_leg=leg, working=NEAR_LEG)
        return moved(pose, "near_ankle", ankle)

    up_toe = (STEP_EDGE + 6.0, STEP_TOP + 2.0)
    up = on_edge(-45, step(up_toe, 135, 12.0))
    rest = step(step(corner, 110, 2.0), 200, 5.0)
    down = on_edge(20, rest)
    heel = joints(up)["near_ankle"]
    arrow = push((heel[0] - 9, heel[1] + 2), -90, 14)
    return Exercise(
        "calf_raise_eccentric",
        Scene(up, (stair,), inset=detail),
        Scene(down, (stair, arrow), "Finish", inset=detail),
    )


EXERCISES = (single_leg_romanian_deadlift, suitcase_carry, a_skip, calf_raise_eccentric)
