"""The photos of a visit in an exchange file: checked as values (the shape is
models/exchange_v1.py's `PHOTO`), and written out with their images one at a time.

An imported image must be a photo as Holdfast keeps it: its bytes hash to its `sha256`, it
is a JPEG without metadata (models/photo_files.py `kept_photo_problem`) and its size is the
one the file gives. Landmarks are read by charting/photo_marks.py and stored in its JSON
form, which is what a signed visit's content hash covers; so a signed visit's hash
recomputes from the file's photos exactly as from the exporting database's.

Problems name where they are (`photos[1].image`) and what is wrong, never the bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from charting.errors import FieldError, quoted
from charting.photo_geometry import View
from charting.photo_marks import marks_from_plain, marks_json
from charting.readings import Phase
from models.exchange_schema import Path, Problem
from models.photo_files import MAX_SIDE_PX, MEDIA_TYPE, kept_photo_problem, picture_size
from models.records import PhotoSeal


@dataclass(frozen=True)
class ImportedPhoto:
    """A checked photo of an imported visit, with its image."""

    phase: Phase
    view: View
    width: int
    height: int
    sha256: str
    landmarks: str  # charting/photo_marks.py JSON, or "" for none
    image: bytes
    media_type: str = MEDIA_TYPE

    @property
    def seal(self) -> PhotoSeal:
        """What the visit's content hash covers of it."""
        return PhotoSeal(str(self.phase), str(self.view), self.sha256, self.landmarks)

    @property
    def stored_bytes(self) -> int:
        return len(self.image)


def photo_of(data: dict[str, Any], at: Path) -> ImportedPhoto | list[Problem]:
    """One photo of a file whose shape is right, or its problems."""
    problems: list[Problem] = []
    phase = view = None
    try:
        phase = Phase(data["phase"])
    except ValueError:
        got = quoted(data["phase"])
        problems.append(Problem((*at, "phase"), f"must be 'pre' or 'post' (got {got})"))
    try:
        view = View(data["view"])
    except ValueError:
        got = quoted(data["view"])
        message = f"must be left, right, posterior or anterior (got {got})"
        problems.append(Problem((*at, "view"), message))
    if data["media_type"] != MEDIA_TYPE:
        problems.append(Problem((*at, "media_type"), f"must be {MEDIA_TYPE!r}"))
    landmarks = ""
    if data.get("landmarks") is not None:
        try:
            marks = marks_from_plain(data["landmarks"])
        except FieldError as error:
            problems.append(Problem((*at, "landmarks"), f"{error.field}: {error.message}"))
        else:
            if view is not None and marks.view != view:
                message = f"are marks of the {marks.view} view, and the photo is of the {view} view"
                problems.append(Problem((*at, "landmarks", "view"), message))
            landmarks = marks_json(marks)
    try:
        image = base64.b64decode(data["image"], validate=True)
    except (binascii.Error, ValueError):
        return [*problems, Problem((*at, "image"), "must be a JPEG as base64 text")]
    if (wrong := kept_photo_problem(image, data["sha256"])) is not None:
        return [*problems, Problem((*at, "image"), f"is not a photo Holdfast kept: {wrong}")]
    size = picture_size(image)
    if max(size) > MAX_SIDE_PX:
        message = f"is not a photo Holdfast kept: it is larger than {MAX_SIDE_PX} px a side"
        return [*problems, Problem((*at, "image"), message)]
    if size != (data["width"], data["height"]):
        given = f"{data['width']} x {data['height']}"
        message = f"the image is {size[0]} x {size[1]} pixels, not {given} as the file says"
        problems.append(Problem(at, message))
    if problems:
        return problems
    assert phase is not None and view is not None
    return ImportedPhoto(
        phase, view, size[0], size[1], data["sha256"], landmarks, image, data["media_type"]
    )


def photos_of(values: list[Any], at: Path, problems: list[Problem]) -> tuple[ImportedPhoto, ...]:
    """Every photo of a visit's `photos` list, each problem added to `problems`."""
    photos = []
    for index, data in enumerate(values):
        checked = photo_of(data, (*at, index))
        if isinstance(checked, list):
            problems.extend(checked)
        else:
            photos.append(checked)
    return tuple(photos)


# -- writing: images streamed one at a time -------------------------------------------------


@dataclass(frozen=True)
class PhotoImage:
    """A photo's image in an exported patient, read only when it is written."""

    photo_id: int


ImageReader = Callable[[int], bytes]


def as_base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def with_images(patient: dict[str, Any], read: ImageReader) -> dict[str, Any]:
    """The patient with every photo's image read, as base64 text (for a document in memory)."""
    for visit in patient.get("visits", []):
        for photo in visit.get("photos", []):
            if isinstance(photo["image"], PhotoImage):
                photo["image"] = as_base64(read(photo["image"].photo_id))
    return patient


class ImageSlots:
    """Writes JSON text with each PhotoImage in it replaced by its image, read and encoded
    one at a time (a patient with hundreds of photos never has them all in memory).

    A PhotoImage is first written as a slot: text no stored value can hold (a NUL, which the
    records refuse in any text, and a nonce of this export), found again and filled."""

    def __init__(self, read: ImageReader) -> None:
        self._read = read
        nonce = secrets.token_hex(8)
        self._slot = f"\x00photo-{nonce}-{{}}\x00"
        self._found = re.compile(rf'"\\u0000photo-{nonce}-(\d+)\\u0000"')

    def default(self, value: Any) -> Any:
        """The `default` of json.dumps: a PhotoImage as its slot."""
        if isinstance(value, PhotoImage):
            return self._slot.format(value.photo_id)
        raise TypeError(f"{type(value).__name__} is not JSON")

    def pieces(self, text: str) -> Iterator[str]:
        """`text` with every slot filled, in pieces."""
        at = 0
        for match in self._found.finditer(text):
            yield text[at : match.start()]
            yield f'"{as_base64(self._read(int(match.group(1))))}"'
            at = match.end()
        yield text[at:]


def landmarks_plain(stored: str) -> Any:
    """A photo's stored landmarks as the file holds them (null for none)."""
    return json.loads(stored) if stored else None
