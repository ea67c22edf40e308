"""A 2-D stick figure built from joint angles.

World units: percent of standing height (H = 100), x to the right, y UP, floor at y = 0.
Angles are absolute, in degrees, counter-clockwise from +x (0 = right, 90 = up).
A pose is a handful of angles, so every limb keeps its length in every pose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

Point = tuple[float, float]

# Segment lengths as fractions of standing height x 100, after Winter, "Biomechanics and
# Motor Control of Human Movement" (4th ed., 2009), fig. 4.1. The shank runs from the knee to
# the middle of the foot stroke (Winter's 24.6 plus ankle height 3.9, minus half a foot width),
# so a standing figure's hip sits at 53, as in Winter.
THIGH = 24.5
SHANK = 26.5
FOOT = 12.0
ANKLE_Y = 2.6  # ankle height of a flat foot: the shank's round end just touches the floor
UPPER_ARM = 18.6
FOREARM = 14.6
HAND = 6.0
TRUNK = 28.8  # hip centre to shoulder centre (0.818 - 0.530)
NECK = 11.0  # shoulder centre to head centre
HEAD_R = 6.5
HIP_HALF = 5.5  # seen from the front: hip joint to mid-pelvis
SHOULDER_HALF = 8.5
FRONT_FOOT = 0.35  # a foot pointing at the viewer is drawn at this fraction of its length

# Stroke widths of the drawn capsules, world units.
WIDTH = {
    "thigh": 6.4,
    "shank": 5.2,
    "foot": 4.0,
    "upper_arm": 4.4,
    "forearm": 3.8,
    "hand": 3.4,
    "trunk": 11.0,
    "neck": 4.6,
}
LEG_SEGMENTS = (("hip", "knee", "thigh"), ("knee", "ankle", "shank"), ("ankle", "toe", "foot"))
ARM_SEGMENTS = (
    ("shoulder", "elbow", "upper_arm"),
    ("elbow", "wrist", "forearm"),
    ("wrist", "hand", "hand"),
)
LIMBS = ("near_arm", "far_arm", "near_leg", "far_leg")


def direction(angle: float) -> Point:
    """Unit vector at `angle` degrees (counter-clockwise from +x, y up)."""
    rad = math.radians(angle)
    return (math.cos(rad), math.sin(rad))


def step(p: Point, angle: float, length: float) -> Point:
    """The point `length` from `p` in direction `angle`."""
    d = direction(angle)
    return (p[0] + length * d[0], p[1] + length * d[1])


def heading(a: Point, b: Point) -> float:
    """Angle in degrees of the vector from `a` to `b`."""
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


@dataclass(frozen=True)
class Limb:
    """An arm or leg: absolute angles of the upper, lower and end (hand/foot) segments.

    `end` None means the default: a hand continues the forearm, a foot sits at 90 degrees
    to the shank (toes forward). `fore` scales each drawn segment length (1 = in the picture
    plane, less where the segment points towards the viewer).
    """

    upper: float
    lower: float
    end: float | None = None
    fore: tuple[float, float, float] = (1.0, 1.0, 1.0)


ARM_DOWN = Limb(-90, -90)
LEG_DOWN = Limb(-90, -90)


@dataclass(frozen=True)
class Pose:
    """A whole figure, rooted at the mid-point between the hip joints (`pelvis`).

    `facing` is +1 or -1 in a side view (the face is on the clockwise (+1) or anticlockwise
    (-1) side of the head direction) and 0 in a front view. `breadth` spreads hips and
    shoulders apart: 0 side view, 1 front view. `bend` bends the trunk at the waist.
    `working` names the limbs drawn darker; `order` is the back-to-front drawing order.
    """

    pelvis: Point
    trunk: float = 90.0
    head: float | None = None
    near_arm: Limb = ARM_DOWN
    far_arm: Limb = ARM_DOWN
    near_leg: Limb = LEG_DOWN
    far_leg: Limb = LEG_DOWN
    facing: int = 1
    breadth: float = 0.0
    hip_axis: float | None = None
    shoulder_axis: float | None = None
    bend: float = 0.0
    working: frozenset[str] = field(default_factory=frozenset)
    order: tuple[str, ...] = ("far_arm", "far_leg", "trunk", "near_leg", "near_arm")

    def limb(self, name: str) -> Limb:
        """The limb called `name` (one of LIMBS)."""
        limb: Limb = getattr(self, name)
        return limb


def with_limb(pose: Pose, name: str, limb: Limb) -> Pose:
    """`pose` with the limb called `name` replaced."""
    if name not in LIMBS:
        raise KeyError(f"no limb called {name!r}")
    changes: dict[str, Any] = {name: limb}
    return replace(pose, **changes)


def joints(pose: Pose) -> dict[str, Point]:
    """World positions of every joint, keyed 'pelvis', 'waist', 'neck', 'head', 'near_knee'..."""
    upper_trunk = pose.trunk + pose.bend / 2
    pelvis = pose.pelvis
    waist = step(pelvis, pose.trunk - pose.bend / 2, TRUNK / 2)
    neck = step(waist, upper_trunk, TRUNK / 2)
    head_angle = upper_trunk if pose.head is None else pose.head
    out: dict[str, Point] = {
        "pelvis": pelvis,
        "waist": waist,
        "neck": neck,
        "head": step(neck, head_angle, NECK),
    }
    hip_axis = pose.trunk + 90 if pose.hip_axis is None else pose.hip_axis
    shoulder_axis = upper_trunk + 90 if pose.shoulder_axis is None else pose.shoulder_axis
    for side, sign in (("near", 1.0), ("far", -1.0)):
        hip = step(pelvis, hip_axis, sign * pose.breadth * HIP_HALF)
        shoulder = step(neck, shoulder_axis, sign * pose.breadth * SHOULDER_HALF)
        leg, arm = pose.limb(f"{side}_leg"), pose.limb(f"{side}_arm")
        knee = step(hip, leg.upper, THIGH * leg.fore[0])
        ankle = step(knee, leg.lower, SHANK * leg.fore[1])
        if leg.end is not None:
            toe = step(ankle, leg.end, FOOT * leg.fore[2])
        elif pose.facing == 0:
            toe = step(ankle, leg.lower, FOOT * FRONT_FOOT)
        else:
            toe = step(ankle, leg.lower + 90 * pose.facing, FOOT * leg.fore[2])
        elbow = step(shoulder, arm.upper, UPPER_ARM * arm.fore[0])
        wrist = step(elbow, arm.lower, FOREARM * arm.fore[1])
        hand = step(wrist, arm.lower if arm.end is None else arm.end, HAND * arm.fore[2])
        out |= {
            f"{side}_hip": hip,
            f"{side}_knee": knee,
            f"{side}_ankle": ankle,
            f"{side}_toe": toe,
            f"{side}_shoulder": shoulder,
            f"{side}_elbow": elbow,
            f"{side}_wrist": wrist,
            f"{side}_hand": hand,
        }
    return out


def trunk_width(pose: Pose) -> float:
    """Stroke width of the torso: its full depth from the side, thinner as it turns to face us
    (the outline then spans the shoulders and hips itself)."""
    return WIDTH["trunk"] * (1 - 0.45 * pose.breadth)


def face_direction(pose: Pose) -> float | None:
    """Angle the face points to in a side view; None in a front view."""
    if pose.facing == 0:
        return None
    head = pose.trunk + pose.bend / 2 if pose.head is None else pose.head
    return head - 90 * pose.facing


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def between(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction `t` of the way from `a` to `b` (angles interpolated)."""
    ja, jb = resolve(a), resolve(b)

    def limb(name: str) -> Limb:
        la, lb = ja.limb(name), jb.limb(name)
        return Limb(
            _lerp(la.upper, lb.upper, t),
            _lerp(la.lower, lb.lower, t),
            _lerp(la.end or 0.0, lb.end or 0.0, t),
            (
                _lerp(la.fore[0], lb.fore[0], t),
                _lerp(la.fore[1], lb.fore[1], t),
                _lerp(la.fore[2], lb.fore[2], t),
            ),
        )

    limbs: dict[str, Any] = {name: limb(name) for name in LIMBS}
    return replace(
        ja,
        pelvis=(_lerp(ja.pelvis[0], jb.pelvis[0], t), _lerp(ja.pelvis[1], jb.pelvis[1], t)),
        trunk=_lerp(ja.trunk, jb.trunk, t),
        head=_lerp(ja.head or 0.0, jb.head or 0.0, t),
        bend=_lerp(ja.bend, jb.bend, t),
        breadth=_lerp(ja.breadth, jb.breadth, t),
        hip_axis=_lerp(ja.hip_axis or 0.0, jb.hip_axis or 0.0, t),
        shoulder_axis=_lerp(ja.shoulder_axis or 0.0, jb.shoulder_axis or 0.0, t),
        **limbs,
    )


def resolve(pose: Pose) -> Pose:
    """`pose` with every default angle (None) replaced by its value."""
    upper_trunk = pose.trunk + pose.bend / 2

    def leg(limb: Limb) -> Limb:
        if limb.end is not None:
            return limb
        if pose.facing == 0:
            f = limb.fore
            return Limb(limb.upper, limb.lower, limb.lower, (f[0], f[1], f[2] * FRONT_FOOT))
        return replace(limb, end=limb.lower + 90 * pose.facing)

    def arm(limb: Limb) -> Limb:
        return limb if limb.end is not None else replace(limb, end=limb.lower)

    return replace(
        pose,
        head=upper_trunk if pose.head is None else pose.head,
        hip_axis=pose.trunk + 90 if pose.hip_axis is None else pose.hip_axis,
        shoulder_axis=upper_trunk + 90 if pose.shoulder_axis is None else pose.shoulder_axis,
        near_arm=arm(pose.near_arm),
        far_arm=arm(pose.far_arm),
        near_leg=leg(pose.near_leg),
        far_leg=leg(pose.far_leg),
    )
