"""Exercises lying on the left side, seen from the front; head to the left, near = bottom."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from resources.art.figure import HIP_HALF, THIGH, Limb, Point, Pose, joints, step
from resources.art.posing import grounded, moved, rotated, solve, straight_to, through
from resources.art.scene import Exercise, Scene, arc, ellipse, mat, path, table

TOP = frozenset({"far_leg"})
BOTTOM = frozenset({"near_leg", "near_arm"})
PILLOW_ARM = Limb(178, 200, 180, (0.6, 0.6, 1.0))  # the bottom arm bent under the head
ORDER = ("near_arm", "near_leg", "far_leg", "trunk", "far_arm")


def side_lying(**kw: Any) -> Pose:
    """On the left side, the bottom arm under the head, the top hand on the floor in front."""
    base = Pose(
        pelvis=(0.0, 11.0),
        trunk=174,
        head=182,
        breadth=1.0,
        facing=0,
        near_arm=PILLOW_ARM,
        near_leg=Limb(-2, -1),
        far_leg=Limb(-9, -9),
        order=ORDER,
    )
    base = replace(base, **kw)
    at = joints(base)
    base = straight_to(base, "far_arm", (at["neck"][0] + 9, 2.5), end=0)
    return grounded(straight_to(base, "far_leg", step(at["near_ankle"], 90, 5.5)))


def side_lying_hip_abduction() -> Exercise:
    start = side_lying(working=TOP)
    lifted = replace(start, far_leg=Limb(22, 22))
    arrow = path(start, lifted, "far_ankle", offset=(8, 0), span=(0.1, 0.95))
    return Exercise("side_lying_hip_abduction", Scene(start), Scene(lifted, (arrow,), "Finish"))


# The clamshell is drawn from above and in front (camera raised by CAMERA degrees), so the
# bent knees and the lifted top knee both show. Legs are placed in 3-D, then projected.
CAMERA = math.radians(52)
Vec = tuple[float, float, float]


def _pic(p: Vec) -> Point:
    x, y, z = p
    return (x, y * math.cos(CAMERA) - z * math.sin(CAMERA))


def _add(a: Vec, b: Vec, k: float = 1.0) -> Vec:
    return (a[0] + k * b[0], a[1] + k * b[1], a[2] + k * b[2])


def _turn_about(p: Vec, origin: Vec, axis_to: Vec, angle: float) -> Vec:
    """Rodrigues rotation of `p` by `angle` degrees about the line origin -> axis_to."""
    k = _add(axis_to, origin, -1)
    n = math.sqrt(sum(c * c for c in k))
    k = (k[0] / n, k[1] / n, k[2] / n)
    v = _add(p, origin, -1)
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    cross = (k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0])
    dot = sum(a * b for a, b in zip(k, v, strict=True))
    r = tuple(v[i] * c + cross[i] * s + k[i] * dot * (1 - c) for i in range(3))
    return _add(origin, (r[0], r[1], r[2]))


def _clam(opening: float) -> Pose:
    hip_low: Vec = (0.0, HIP_HALF, 0.0)
    hip_high: Vec = (0.0, 3 * HIP_HALF, 0.0)
    thigh: Vec = (math.cos(math.radians(45)), 0.0, math.sin(math.radians(45)))
    shin: Vec = (math.cos(math.radians(-45)), 0.0, math.sin(math.radians(-45)))
    knee_low = _add(hip_low, thigh, THIGH)
    ankle_low = _add(knee_low, shin, 26.5)
    ankle_high = _add(ankle_low, (0.0, 5.0, 0.0))
    knee_high = _turn_about(_add(knee_low, (0.0, 6.0, 0.0)), hip_high, ankle_high, -opening)
    pose = side_lying(
        pelvis=_pic((0.0, 2 * HIP_HALF, 0.0)),
        trunk=178,
        breadth=math.cos(CAMERA),
        working=TOP,
    )
    pose = through(pose, "near_leg", _pic(knee_low), _pic(ankle_low))
    pose = through(pose, "far_leg", _pic(knee_high), _pic(ankle_high))
    at = joints(pose)
    pose = straight_to(pose, "far_arm", step(at["far_hip"], 160, 2), end=-10)
    return grounded(pose)


def clamshell() -> Exercise:
    closed, open_ = _clam(0), _clam(34)
    hip = joints(closed)["pelvis"]
    floor = mat(hip[0] - 46, hip[0] + 22, hip[1] + 2)
    arrow = path(closed, open_, "far_knee", offset=(1, -6), span=(0.0, 0.9))
    return Exercise("clamshell", Scene(closed, (floor,)), Scene(open_, (floor, arrow), "Finish"))


ELBOW = (0.0, 2.2)
PROP_ARM = Limb(-90, 0, 0, (1, 0.3, 0.6))  # upper arm upright, forearm towards the viewer


def _plank(top_leg: Limb | None = None) -> Pose:
    """A straight side plank on the near forearm, feet (or the top knee) on the far end."""
    flat = Pose(pelvis=(0, 0), trunk=180, head=180, breadth=1.0, facing=0, order=ORDER)
    flat = replace(flat, near_leg=Limb(0, 0), far_leg=top_leg or Limb(0, 0))

    def tilted(delta: float) -> Pose:
        pose = rotated(flat, delta)
        return moved(
            replace(pose, near_arm=PROP_ARM, far_arm=Limb(90, 90, 90)), "near_elbow", ELBOW
        )

    delta = solve(lambda d: joints(tilted(d))["near_ankle"][1] - 4.0, -40, 0)
    return tilted(delta)


def _hips_down(plank: Pose, knee_on: float | None = None) -> Pose:
    """The plank with the hips resting on the floor (the trunk pivots on the elbow)."""

    def pose_at(trunk: float) -> Pose:
        pose = replace(plank, trunk=trunk, head=trunk, hip_axis=None, shoulder_axis=None)
        pose = replace(pose, near_arm=PROP_ARM, near_leg=Limb(-1, -1))
        return moved(pose, "near_elbow", ELBOW)

    trunk = solve(lambda t: joints(pose_at(t))["near_hip"][1] - 5.5, 120, 180)
    pose = pose_at(trunk)
    at = joints(pose)
    pose = straight_to(pose, "far_arm", step(at["far_hip"], 10, 4), end=0)
    if knee_on is None:
        return straight_to(pose, "far_leg", step(at["near_ankle"], 90, 6))
    hip = at["far_hip"]
    rise = math.degrees(math.asin(max(-1.0, min(1.0, (knee_on - hip[1]) / THIGH))))
    return replace(pose, far_leg=replace(plank.far_leg, upper=rise))


def side_plank() -> Exercise:
    up = replace(_plank(), working=BOTTOM)
    down = _hips_down(up)
    arrow = path(down, up, "pelvis", offset=(0, -9), span=(0.15, 1.0))
    return Exercise("side_plank", Scene(down), Scene(up, (arrow,), "Finish"))


def short_lever_copenhagen() -> Exercise:
    top = Limb(0, -20, 0, (1, 0.35, 0.5))  # top knee bent, shin along the bench away from us
    up = replace(_plank(top), working=frozenset({"far_leg"}))
    knee = joints(up)["far_knee"]
    bench_top = knee[1] - 3.4
    bench = table(knee[0] - 7, 30, bench_top)
    down = _hips_down(up, knee_on=knee[1])
    arrow = path(down, up, "pelvis", offset=(0, -10), span=(0.15, 1.0))
    return Exercise(
        "short_lever_copenhagen",
        Scene(down, bench),
        Scene(up, (*bench, arrow), "Finish"),
    )


def side_lying_ql_stretch() -> Exercise:
    # Draped over a pillow under the waist: hips and shoulders sink, the top side lengthens.
    over = side_lying(pelvis=(0, 10), trunk=180, bend=58, head=192)
    at = joints(over)
    over = straight_to(over, "far_arm", (at["neck"][0] - 3, 2.5), end=180)
    waist = joints(over)["waist"]
    pillow = ellipse(waist[0] - 1, 6.0, 13, 6.0, grey=1.0)
    start = replace(over, working=frozenset({"far_arm", "far_leg"}))
    hold = replace(start, far_arm=Limb(166, 172, 176))
    hold = straight_to(hold, "far_leg", step(at["near_ankle"], 205, 4))
    arrow = arc(at["neck"], 30, 60, 150)
    return Exercise(
        "side_lying_ql_stretch",
        Scene(start, (pillow,)),
        Scene(hold, (pillow, arrow), "Hold"),
    )


EXERCISES = (
    side_lying_hip_abduction,
    clamshell,
    side_plank,
    short_lever_copenhagen,
    side_lying_ql_stretch,
)
