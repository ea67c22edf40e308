"""Marks of a photo as plain JSON values, stored with the photo and hashed when it is signed.

{"view": "left", "points": {"asis": [x, y], "psis": [x, y]},
 "reference": {"kind": "plumb", "a": [x, y], "b": [x, y]} or null}
"""

from __future__ import annotations

import json
import math
from typing import Any

from charting.errors import FieldError
from charting.photo_geometry import Marks, Point, Reference, ReferenceKind, View


def _point(value: Any, field: str) -> Point:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise FieldError(field, "must be a point [x, y]")
    x, y = value
    for number in (x, y):
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise FieldError(field, "must be a point [x, y] of numbers")
        if not math.isfinite(number):
            raise FieldError(field, "must be a point [x, y] of finite numbers")
    return float(x), float(y)


def _plain_point(p: Point) -> list[float]:
    """To a hundredth of a pixel, always as floats: the stored text is hashed at signing."""
    return [round(float(p[0]), 2) + 0.0, round(float(p[1]), 2) + 0.0]


def marks_plain(marks: Marks) -> dict[str, Any]:
    reference = marks.reference
    return {
        "view": str(marks.view),
        "points": {name: _plain_point(p) for name, p in marks.points},
        "reference": None
        if reference is None
        else {
            "kind": str(reference.kind),
            "a": _plain_point(reference.a),
            "b": _plain_point(reference.b),
        },
    }


def marks_json(marks: Marks) -> str:
    return json.dumps(marks_plain(marks), sort_keys=True, separators=(",", ":"))


def marks_from_plain(value: Any) -> Marks:
    """Marks from their plain form; FieldError names what is wrong."""
    if not isinstance(value, dict):
        raise FieldError("landmarks", "must be an object")
    try:
        view = View(str(value.get("view")))
    except ValueError:
        raise FieldError("landmarks", "view must be left, right, posterior or anterior") from None
    points = value.get("points") or {}
    if not isinstance(points, dict):
        raise FieldError("landmarks", "points must be an object")
    pairs = tuple((str(name), _point(p, f"landmark {name}")) for name, p in sorted(points.items()))
    reference = value.get("reference")
    ref = None
    if reference is not None:
        if not isinstance(reference, dict):
            raise FieldError("reference", "must be an object")
        try:
            kind = ReferenceKind(str(reference.get("kind")))
        except ValueError:
            raise FieldError("reference", "kind must be plumb or level") from None
        ref = Reference(
            kind, _point(reference.get("a"), "reference"), _point(reference.get("b"), "reference")
        )
    return Marks(view, pairs, ref)


def marks_from_json(text: str) -> Marks:
    try:
        value = json.loads(text)
    except ValueError:
        raise FieldError("landmarks", "are not readable JSON") from None
    return marks_from_plain(value)
