"""Pelvic position readings and their sign conventions (docs/clinical-model.md#readings).

Signs: tilt + = anterior; asymmetry = left - right tilt, + = left more anterior;
rotation + = pelvis turned to the right (left ASIS forward); obliquity + = left crest higher.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from charting.errors import FieldError, check_range, check_text


class Phase(StrEnum):
    PRE = "pre"
    POST = "post"


class Device(StrEnum):
    PALM = "palm"
    INCLINOMETER = "inclinometer"
    PHOTO = "photo"
    PALPATION = "palpation"


class Dimension(StrEnum):
    ASYMMETRY = "asymmetry"
    ROTATION = "rotation"
    OBLIQUITY = "obliquity"


# Qualitative categories per dimension: (level/neutral, positive sign, negative sign).
CATEGORIES: dict[Dimension, tuple[str, str, str]] = {
    Dimension.ASYMMETRY: ("level", "left_anterior", "right_anterior"),
    Dimension.ROTATION: ("neutral", "right", "left"),
    Dimension.OBLIQUITY: ("level", "left_high", "right_high"),
}

TILT_RANGE = (-30.0, 45.0)
ROTATION_RANGE = (-30.0, 30.0)
OBLIQUITY_RANGE = (-30.0, 30.0)
DEGREES = " degrees"


def category_of(dimension: Dimension, value: float, level_within: float) -> str:
    """The category a numeric value implies; |value| <= level_within counts as level/neutral."""
    level, positive, negative = CATEGORIES[dimension]
    if abs(value) <= level_within:
        return level
    return positive if value > 0 else negative


@dataclass(frozen=True)
class Reading:
    """One reading of the pelvis at one phase of a visit, numeric and/or qualitative."""

    phase: Phase
    device: Device
    rater: str = ""
    left_tilt_deg: float | None = None
    right_tilt_deg: float | None = None
    rotation_deg: float | None = None
    obliquity_deg: float | None = None
    asymmetry: str | None = None
    rotation: str | None = None
    obliquity: str | None = None
    position: str = "standing"

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        try:
            set_(self, "phase", Phase(self.phase))
        except ValueError:
            raise FieldError("phase", "must be 'pre' or 'post'") from None
        try:
            set_(self, "device", Device(self.device))
        except ValueError:
            allowed = ", ".join(d.value for d in Device)
            raise FieldError("device", f"must be one of {allowed}") from None
        set_(self, "rater", check_text("rater", self.rater or "").strip())
        check_text("position", self.position)
        for name, (low, high) in (
            ("left_tilt_deg", TILT_RANGE),
            ("right_tilt_deg", TILT_RANGE),
            ("rotation_deg", ROTATION_RANGE),
            ("obliquity_deg", OBLIQUITY_RANGE),
        ):
            value = getattr(self, name)
            if value is not None:
                set_(self, name, check_range(name, value, low, high, DEGREES))
        if (self.left_tilt_deg is None) != (self.right_tilt_deg is None):
            missing = "right_tilt_deg" if self.right_tilt_deg is None else "left_tilt_deg"
            raise FieldError(missing, "left and right tilt are recorded together")
        for dimension in Dimension:
            value = getattr(self, dimension.value)
            if value is not None and value not in CATEGORIES[dimension]:
                allowed = ", ".join(CATEGORIES[dimension])
                raise FieldError(dimension.value, f"must be one of {allowed}")
        if not any(self.numeric(d) is not None or self.stated_category(d) for d in Dimension):
            raise FieldError("reading", "record at least one of tilt, rotation or obliquity")

    @property
    def tilt_asymmetry_deg(self) -> float | None:
        """Left minus right tilt; + means the left innominate is more anterior."""
        if self.left_tilt_deg is None or self.right_tilt_deg is None:
            return None
        return self.left_tilt_deg - self.right_tilt_deg

    def numeric(self, dimension: Dimension) -> float | None:
        """The measured value of a dimension in degrees, or None when not measured."""
        if dimension is Dimension.ASYMMETRY:
            return self.tilt_asymmetry_deg
        if dimension is Dimension.ROTATION:
            return self.rotation_deg
        return self.obliquity_deg

    def stated_category(self, dimension: Dimension) -> str | None:
        """The qualitative category the practitioner recorded, if any."""
        value: str | None = getattr(self, dimension.value)
        return value

    def category(self, dimension: Dimension, level_within: float) -> str | None:
        """The category: measured values win over stated ones (they carry more information)."""
        value = self.numeric(dimension)
        if value is not None:
            return category_of(dimension, value, level_within)
        return self.stated_category(dimension)

    def has(self, dimension: Dimension) -> bool:
        return self.numeric(dimension) is not None or self.stated_category(dimension) is not None

    def same_setup(self, other: Reading) -> bool:
        """Same device and rater, so the tighter tolerances apply."""
        return self.device == other.device and self.rater.casefold() == other.rater.casefold()
