"""How far a reading may move and still count as the same position.

Explained in docs/clinical-model.md#tolerances.

Defaults come from published measurement error: PALM SEM 1.1° (MDC95 about 3°),
digital inclinometer between-rater SEM 2.6° (MDC95 about 7°) (Beardsley 2016,
PMC4824902); frontal-plane readings are less reliable (Hagins 1998), hence the wider
obliquity tolerance.

Photos (landmarks marked on a photo, charting/photo_geometry.py) have their own tolerances
when both readings of a comparison are photo readings by the same practitioner: the software
measures a marked line to about 0.1 deg (Ferreira 2010, PMC2910855), but markers are placed
afresh and the patient stands afresh, and marker-based photo posture systems report SEMs up
to 2.7 deg for pelvic angles (PosturePrint, Chiropractic & Osteopathy 2007, 15:15), an MDC95
up to about 7.5 deg. Tilt asymmetry is the difference of two photos' angles, hence its wider
default. Rotation is not measured from photos.
"""

from __future__ import annotations

from dataclasses import dataclass

from charting.errors import check_range
from charting.readings import Device, Dimension


@dataclass(frozen=True)
class Tolerances:
    """Tolerances in degrees: same device and rater, and different device or rater."""

    asymmetry_deg: float = 3.0
    rotation_deg: float = 5.0
    obliquity_deg: float = 4.0
    asymmetry_other_setup_deg: float = 6.0
    rotation_other_setup_deg: float = 8.0
    obliquity_other_setup_deg: float = 7.0
    asymmetry_photo_deg: float = 5.0
    obliquity_photo_deg: float = 4.0

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            object.__setattr__(self, name, check_range(name, getattr(self, name), 0.5, 20, "°"))

    def for_dimension(
        self, dimension: Dimension, comparable: bool, device: Device | None = None
    ) -> float:
        """The tolerance of a dimension; wider when device or rater differ. `device`: the
        one both readings were taken with, when they were (photos have their own)."""
        if comparable and device is Device.PHOTO and dimension in PHOTO_FIELDS:
            photo: float = getattr(self, PHOTO_FIELDS[dimension])
            return photo
        suffix = "_deg" if comparable else "_other_setup_deg"
        value: float = getattr(self, dimension.value + suffix)
        return value


# The dimensions a photo measures, and their tolerance fields.
PHOTO_FIELDS = {
    Dimension.ASYMMETRY: "asymmetry_photo_deg",
    Dimension.OBLIQUITY: "obliquity_photo_deg",
}


DEFAULT_TOLERANCES = Tolerances()
