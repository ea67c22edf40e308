"""The words of the clinical vocabulary, spelled once for the forms, the figures and the PDFs.

Each stored value (a category, a device, a visit kind, a side, a verdict) has one `Term`:
`label` is what a form, a table or a document heading calls it, `short` fits a figure axis or
a narrow column, and `plain` is the sentence form a patient reads. Sign conventions are in
docs/clinical-model.md#sign-conventions.
"""

from __future__ import annotations

from dataclasses import dataclass

from charting.course_stage import Stage
from charting.holds import Verdict
from charting.patterns import LEVEL_CATEGORIES
from charting.photo_geometry import View
from charting.readings import Device, Dimension, Phase


@dataclass(frozen=True)
class Term:
    label: str
    short: str = ""
    plain: str = ""
    glossed: bool = False  # a sentence naming the term on its own adds the label in brackets

    def __post_init__(self) -> None:
        # An omitted form falls back to the label, so each word is still written once.
        if not self.short:
            object.__setattr__(self, "short", self.label)
        if not self.plain:
            object.__setattr__(self, "plain", self.label.lower())

    @property
    def plain_alone(self) -> str:
        """The plain words where a sentence names the term on its own: 'crest height
        (obliquity)', so the practitioner knows which measurement is meant."""
        return f"{self.plain} ({self.label.lower()})" if self.glossed else self.plain


DIMENSION_TERMS = {
    Dimension.ASYMMETRY: Term("Tilt asymmetry", plain="tilt difference between the sides"),
    Dimension.ROTATION: Term("Rotation"),
    Dimension.OBLIQUITY: Term("Obliquity", plain="crest height", glossed=True),
}
SIGNS = {
    Dimension.ASYMMETRY: "+ = left more anterior",
    Dimension.ROTATION: "+ = turned right",
    Dimension.OBLIQUITY: "+ = left crest higher",
}
TILT_SIGN = "+ anterior / − posterior"

# Fields of a reading as forms and messages name them.
FIELD_LABELS = {
    "left_tilt_deg": "Left tilt (°)",
    "right_tilt_deg": "Right tilt (°)",
    "rotation_deg": "Rotation (°)",
    "obliquity_deg": "Obliquity (°)",
}

# A qualitative reading: `label` in the form's "or by eye" box, `short` on a figure axis,
# `plain` in a sentence ("the pelvis stayed turned right").
CATEGORY_TERMS = {
    "level": Term("Level", "level", "level"),
    "neutral": Term("Neutral", "neutral", "not turned"),
    "left_anterior": Term("Left anterior", "left forward", "left side tipped forward"),
    "right_anterior": Term("Right anterior", "right forward", "right side tipped forward"),
    "left": Term("Turned left", "turned left", "turned left"),
    "right": Term("Turned right", "turned right", "turned right"),
    "left_high": Term("Left crest high", "left high", "left crest higher"),
    "right_high": Term("Right crest high", "right high", "right crest higher"),
}

DEVICE_TERMS = {
    Device.PALM: Term("PALM (palpation meter)", "PALM", "palpation meter"),
    Device.INCLINOMETER: Term("Inclinometer"),
    Device.PHOTO: Term("Photo"),
    Device.PALPATION: Term("Palpation / by eye only", "Palpation", "felt by hand"),
}


def quantity_name(field: str) -> str:
    """'left tilt', 'obliquity': a reading field in a sentence, without its unit."""
    return FIELD_LABELS[field].split(" (")[0].lower()


def view_title(view: View) -> str:
    """'Left side', 'Posterior view': the view a photo shows, in lists and figure titles
    (lower case in a sentence: 'Remove the photo pre, left side')."""
    view = View(view)
    return f"{view.value.capitalize()} {'side' if view.is_side else 'view'}"


PHASE_TERMS = {
    Phase.PRE: Term("Before correction"),
    Phase.POST: Term("After correction"),
}

VISIT_KIND_TERMS = {
    "initial": Term("Initial visit", "Initial"),
    "follow_up": Term("Follow-up visit", "Follow-up"),
    "discharge": Term("Discharge visit", "Discharge"),
}

SIDE_TERMS = {
    "left": Term("Left"),
    "right": Term("Right"),
    "both": Term("Both"),
    "central": Term("Central"),
}

REGION_TERMS = {
    "low_back": Term("Low back"),
    "buttock_sciatic": Term("Buttock / sciatic"),
    "hip": Term("Hip"),
    "groin": Term("Groin"),
    "thigh": Term("Thigh"),
    "knee": Term("Knee"),
    "shin": Term("Shin"),
    "calf": Term("Calf"),
    "ankle": Term("Ankle"),
    "foot": Term("Foot"),
    "mid_back": Term("Mid back"),
    "neck": Term("Neck"),
}


def complaint_place(region: str, side: str) -> str:
    """Where a complaint is, in running text: 'right buttock / sciatic', 'central low back',
    'left and right knee' (both sides). A key this version does not know is read as words."""
    region_words = REGION_TERMS[region].plain if region in REGION_TERMS else _words(region)
    if side == "both":
        side_words = f"{SIDE_TERMS['left'].plain} and {SIDE_TERMS['right'].plain}"
    else:
        side_words = SIDE_TERMS[side].plain if side in SIDE_TERMS else _words(side)
    return f"{side_words} {region_words}".strip()


def complaint_label(region: str, side: str) -> str:
    """'Pain, right buttock / sciatic': a complaint's pain rating as tables name it."""
    return f"Pain, {complaint_place(region, side)}"


def _words(key: str) -> str:
    return key.replace("_", " ")


VERDICT_TERMS = {
    Verdict.HELD: Term("Held"),
    Verdict.LOST: Term("Lost"),
    Verdict.NOT_ASSESSABLE: Term("Not assessable"),
}

# A course's stage (charting/course_stage.py); `short` fits the patient list's column.
STAGE_TERMS = {
    Stage.NOT_JUDGED: Term("Not judged yet", "Not judged"),
    Stage.CORRECTING: Term("Correcting"),
    Stage.HOLDING: Term("Holding"),
    Stage.SPACE_OUT: Term("Ready to space out", "Space out"),
    Stage.DISCHARGE: Term("Ready for discharge", "Discharge?"),
    Stage.DISCHARGED: Term("Discharged"),
}

VISIT_STATE_TERMS = {"draft": Term("Draft"), "signed": Term("Signed")}

# The level category in words, per dimension ("level" is shared by asymmetry and obliquity).
LEVEL_PHRASES = {
    Dimension.ASYMMETRY: "both sides tipped equally",
    Dimension.ROTATION: "pelvis not turned",
    Dimension.OBLIQUITY: "crests level",
}


def position_phrase(dimension: Dimension, category: str) -> str:
    """A category as a clause with its subject: 'pelvis turned right', 'crests level'."""
    if category in LEVEL_CATEGORIES:
        return LEVEL_PHRASES[dimension]
    plain = CATEGORY_TERMS[category].plain
    return f"pelvis {plain}" if dimension is Dimension.ROTATION else plain


def count(number: int, thing: str) -> str:
    """'1 set', '3 sets', '2 assessable intervals'."""
    return f"{number} {thing}{'' if number == 1 else 's'}"


def joined(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def sentence_start(words: str) -> str:
    """'tilt difference between the sides' -> 'Tilt difference between the sides'."""
    return words[:1].upper() + words[1:]
