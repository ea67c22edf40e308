"""A photo file made fit to keep in a chart (docs/clinical-model.md#photos).

What a camera writes holds more than the picture: where it was taken (GPS), the phone's
make and serial number, the time, sometimes a preview of the uncropped frame. Only the
pixels are kept: the image is decoded, turned upright by its EXIF orientation (the stored
pixels are then as the practitioner sees them, so landmark points mean the same on every
screen and in every PDF), scaled down to `MAX_SIDE_PX` and written again as a JPEG with no
metadata at all.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

MAX_FILE_BYTES = 40 * 1024 * 1024  # bigger than any phone or camera JPEG
MAX_PIXELS = 60_000_000  # a 60-megapixel frame; beyond it decoding could exhaust memory
MIN_SIDE_PX = 200  # smaller cannot show landmarks
MAX_SIDE_PX = 2400  # kept: landmarks need about 1 px in 1000; a visit's four photos ~2 MB
THUMBNAIL_PX = 240
JPEG_QUALITY = 90
MEDIA_TYPE = "image/jpeg"
TOO_MANY_PIXELS = "The photo has more than 60 megapixels; export it smaller and attach it again."


class PhotoRejected(ValueError):
    """A file that cannot be kept as a photo; the message says why and what to do."""


@dataclass(frozen=True)
class PreparedPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int
    sha256: str
    media_type: str = MEDIA_TYPE


def _jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    # No exif=, icc_profile= or comment: Pillow writes none of them unless given.
    picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _opened(data: bytes) -> Image.Image:
    from PIL import Image, UnidentifiedImageError  # with the first photo, not at start

    if len(data) > MAX_FILE_BYTES:
        size = len(data) / 1024 / 1024
        raise PhotoRejected(
            f"The file is {size:.0f} MB; photos up to {MAX_FILE_BYTES // 1024 // 1024} MB are"
            " kept. Export it smaller from the camera or phone and attach it again."
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data))
            picture.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRejected(TOO_MANY_PIXELS) from None
        except UnidentifiedImageError:
            raise PhotoRejected(
                "This file is not a photo Holdfast can read. Attach a JPEG or PNG (a HEIC"
                " photo can be exported as JPEG from the phone or a photo program)."
            ) from None
        except (OSError, SyntaxError, ValueError):
            raise PhotoRejected(
                "The photo file is damaged or cut short; copy it from the camera again."
            ) from None
    if picture.width * picture.height > MAX_PIXELS:
        raise PhotoRejected(TOO_MANY_PIXELS)
    return picture


def prepare_photo(data: bytes) -> PreparedPhoto:
    """The photo to keep; PhotoRejected when the file is not one, too big or too small."""
    from PIL import Image, ImageOps

    picture = _opened(data)
    upright = ImageOps.exif_transpose(picture) or picture
    if min(upright.size) < MIN_SIDE_PX:
        raise PhotoRejected(
            f"The photo is {upright.width} x {upright.height} pixels; at least"
            f" {MIN_SIDE_PX} on each side is needed to see the landmarks."
        )
    rgb = upright.convert("RGB")  # drops transparency and palette, and with them PNG text
    if max(rgb.size) > MAX_SIDE_PX:
        rgb.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX), Image.Resampling.LANCZOS)
    image = _jpeg(rgb)
    digest = hashlib.sha256(image).hexdigest()
    return PreparedPhoto(image, _thumbnail(rgb), rgb.width, rgb.height, digest)


def kept_photo_problem(data: bytes, sha256: str) -> str | None:
    """Why stored (or imported) photo bytes are not a kept photo, or None: the hash must
    match and the bytes must be a JPEG Holdfast could have written (no metadata)."""
    from PIL import Image

    if hashlib.sha256(data).hexdigest() != sha256:
        return "its bytes do not match its SHA-256"
    try:
        picture = Image.open(io.BytesIO(data))
        picture.verify()
    except Exception:  # any failure to decode means the same to the user
        return "it is not a readable JPEG"
    if picture.format != "JPEG":
        return "it is not a JPEG"
    if picture.info.get("exif") or picture.getexif():
        return "it still carries camera metadata"
    return None


def picture_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a kept photo's JPEG (read from its header)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as picture:
        return picture.size


def thumbnail_of(image: bytes) -> bytes:
    """The list thumbnail of a kept photo (an imported photo's, made again from its image)."""
    from PIL import Image

    with Image.open(io.BytesIO(image)) as picture:
        return _thumbnail(picture.convert("RGB"))


def _thumbnail(rgb: Image.Image) -> bytes:
    from PIL import Image

    small = rgb.copy()
    small.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX), Image.Resampling.LANCZOS)
    return _jpeg(small)
