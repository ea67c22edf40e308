"""How far a reading may move and still count as the same position.

Explained in docs/clinical-model.md#tolerances.

Defaults come from published measurement error: PALM SEM 1.1° (MDC95 about 3°),
digital inclinometer between-rater SEM 2.6° (MDC95 about 7°) (Beardsley 2016,
PMC4824902); frontal-plane readings are less reliable (Hagins 1998), hence the wider
obliquity tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

from charting.errors import check_range
from charting.readings import Dimension


@dataclass(frozen=True)
class Tolerances:
    """Tolerances in degrees: same device and rater, and different device or rater."""

    asymmetry_deg: float = 3.0
    rotation_deg: float = 5.0
    obliquity_deg: float = 4.0
    asymmetry_other_setup_deg: float = 6.0
    rotation_other_setup_deg: float = 8.0
    obliquity_other_setup_deg: float = 7.0

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            object.__setattr__(self, name, check_range(name, getattr(self, name), 0.5, 20, "°"))

    def for_dimension(self, dimension: Dimension, comparable: bool) -> float:
        """The tolerance of a dimension; wider when device or rater differ."""
        suffix = "_deg" if comparable else "_other_setup_deg"
        value: float = getattr(self, dimension.value + suffix)
        return value


DEFAULT_TOLERANCES = Tolerances()
