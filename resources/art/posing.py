"""Helpers for authoring poses: reach a point, stand on a point, rotate, rest on the floor."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from resources.art.figure import (
    FOREARM,
    HEAD_R,
    LIMBS,
    SHANK,
    THIGH,
    UPPER_ARM,
    WIDTH,
    Limb,
    Point,
    Pose,
    heading,
    joints,
    resolve,
    step,
    trunk_width,
    with_limb,
)


def two_link(root: Point, target: Point, l1: float, l2: float, side: int) -> tuple[float, float]:
    """Angles of two segments from `root` reaching `target` (straight if out of reach).

    `side` +1 puts the middle joint on the left of the root-to-target line, -1 on the right.
    """
    d = math.dist(root, target)
    d = min(max(d, abs(l1 - l2) + 1e-9), l1 + l2)
    base = heading(root, target)
    cos_a = (l1 * l1 + d * d - l2 * l2) / (2 * l1 * d)
    a1 = base + side * math.degrees(math.acos(max(-1.0, min(1.0, cos_a))))
    mid = step(root, a1, l1)
    return a1, heading(mid, step(root, base, d))


def reach(
    pose: Pose,
    limb: str,
    target: Point,
    side: int,
    end: float | None = None,
    fore: tuple[float, float, float] = (1.0, 1.0, 1.0),
) -> Pose:
    """`pose` with `limb` bent so its ankle or wrist lands on `target`."""
    side_name, kind = limb.split("_")
    root = joints(pose)[f"{side_name}_{'hip' if kind == 'leg' else 'shoulder'}"]
    l1, l2 = (THIGH, SHANK) if kind == "leg" else (UPPER_ARM, FOREARM)
    a1, a2 = two_link(root, target, l1 * fore[0], l2 * fore[1], side)
    return with_limb(pose, limb, Limb(a1, a2, end, fore))


def moved(pose: Pose, joint: str, target: Point) -> Pose:
    """`pose` translated so that `joint` sits on `target`."""
    at = joints(pose)[joint]
    x, y = pose.pelvis
    return replace(pose, pelvis=(x + target[0] - at[0], y + target[1] - at[1]))


def straight_to(pose: Pose, limb: str, target: Point, end: float | None = None) -> Pose:
    """`limb` straight towards `target`, drawn shorter if the target is nearer than its length.

    A straight but shortened leg is how a slightly bent knee looks from the front.
    """
    side_name, kind = limb.split("_")
    root = joints(pose)[f"{side_name}_{'hip' if kind == 'leg' else 'shoulder'}"]
    length = THIGH + SHANK if kind == "leg" else UPPER_ARM + FOREARM
    fore = min(1.0, math.dist(root, target) / length)
    angle = heading(root, target)
    old = pose.limb(limb)
    return with_limb(pose, limb, Limb(angle, angle, end, (fore, fore, old.fore[2])))


def rotated(pose: Pose, delta: float) -> Pose:
    """`pose` with every angle turned by `delta` degrees (about the pelvis)."""
    r = resolve(pose)

    def turn(limb: Limb) -> Limb:
        return replace(
            limb, upper=limb.upper + delta, lower=limb.lower + delta, end=(limb.end or 0.0) + delta
        )

    limbs: dict[str, Any] = {name: turn(r.limb(name)) for name in LIMBS}
    return replace(
        r,
        trunk=r.trunk + delta,
        head=(r.head or 0.0) + delta,
        hip_axis=(r.hip_axis or 0.0) + delta,
        shoulder_axis=(r.shoulder_axis or 0.0) + delta,
        **limbs,
    )


def lowest(pose: Pose) -> float:
    """Height of the lowest drawn edge of the figure (0 means resting on the floor)."""
    at = joints(pose)
    edges = [at["head"][1] - HEAD_R]
    half = trunk_width(pose) / 2
    edges += [at[k][1] - half for k in ("pelvis", "waist", "neck")]
    edges += [at[f"{s}_{j}"][1] - half for s in ("near", "far") for j in ("hip", "shoulder")]
    pairs = (
        ("knee", "shank"),
        ("ankle", "shank"),
        ("toe", "foot"),
        ("elbow", "forearm"),
        ("wrist", "forearm"),
        ("hand", "hand"),
    )
    edges += [at[f"{s}_{j}"][1] - WIDTH[w] / 2 for s in ("near", "far") for j, w in pairs]
    return min(edges)


def grounded(pose: Pose, floor: float = 0.0) -> Pose:
    """`pose` moved up or down so that its lowest edge rests on `floor`."""
    x, y = pose.pelvis
    return replace(pose, pelvis=(x, y + floor - lowest(pose)))


def solve(f: Callable[[float], float], lo: float, hi: float) -> float:
    """A root of `f` between `lo` and `hi` by bisection (f must change sign)."""
    flo = f(lo)
    for _ in range(60):
        mid = (lo + hi) / 2
        fm = f(mid)
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


def through(pose: Pose, limb: str, mid: Point, tip: Point, end: float | None = None) -> Pose:
    """`limb` drawn through the given knee/elbow and ankle/wrist points (lengths foreshortened
    to fit, for limbs that point partly towards the viewer)."""
    side_name, kind = limb.split("_")
    root = joints(pose)[f"{side_name}_{'hip' if kind == 'leg' else 'shoulder'}"]
    l1, l2 = (THIGH, SHANK) if kind == "leg" else (UPPER_ARM, FOREARM)
    fore = (math.dist(root, mid) / l1, math.dist(mid, tip) / l2, pose.limb(limb).fore[2])
    return with_limb(pose, limb, Limb(heading(root, mid), heading(mid, tip), end, fore))
