"""A photo as it is kept (models/photo_files.py) and measured: the synthetic test set of
tests/synthetic_photos.py, sideways with EXIF orientation and rolled by known angles,
measures within 0.5 degrees of the angles it was drawn with."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from charting.photo_geometry import Marks, Reference, ReferenceKind, View, measure
from models.photo_files import (
    MAX_FILE_BYTES,
    MAX_SIDE_PX,
    PhotoRejected,
    kept_photo_problem,
    prepare_photo,
)
from tests.synthetic_photos import HEIGHT, WIDTH, SyntheticPhoto, draw_photo

# view, true angle, camera roll, EXIF orientation: every orientation a phone writes.
SET = [
    (View.LEFT, 12.0, 5.0, 6),
    (View.LEFT, -6.5, -9.0, 1),
    (View.RIGHT, 4.0, -7.0, 8),
    (View.RIGHT, 17.5, 2.5, 3),
    (View.POSTERIOR, 3.0, 4.0, 6),
    (View.POSTERIOR, -2.0, -11.0, 8),
    (View.ANTERIOR, -2.5, -3.0, 1),
    (View.ANTERIOR, 5.5, 6.0, 3),
]


def marker_centre(picture: Image.Image, near: tuple[float, float]) -> tuple[float, float]:
    """Where the red marker near `near` really is in the kept pixels (its centroid)."""
    x0, y0 = int(near[0]) - 25, int(near[1]) - 25
    crop = picture.crop((x0, y0, x0 + 50, y0 + 50)).convert("RGB")
    xs, ys = [], []
    for y in range(50):
        for x in range(50):
            r, g, b = crop.getpixel((x, y))  # type: ignore[misc]
            if r > 150 and g < 90 and b < 90:
                xs.append(x)
                ys.append(y)
    assert xs, f"no marker near {near}"
    return x0 + sum(xs) / len(xs), y0 + sum(ys) / len(ys)


@pytest.mark.parametrize(("view", "angle", "roll", "orientation"), SET)
def test_the_synthetic_set_measures_within_half_a_degree(
    view: View, angle: float, roll: float, orientation: int
) -> None:
    photo: SyntheticPhoto = draw_photo(view, angle, roll, orientation)
    kept = prepare_photo(photo.data)
    picture = Image.open(io.BytesIO(kept.image))
    assert (kept.width, kept.height) == picture.size == (WIDTH, HEIGHT)  # turned upright
    # The markers are where the drawing put them once upright: click those pixels.
    clicked = tuple((name, marker_centre(picture, p)) for name, p in photo.points.items())
    for (_, found), expected in zip(clicked, photo.points.values(), strict=True):
        assert found == pytest.approx(expected, abs=1.5)
    plumb = Reference(ReferenceKind.PLUMB, *photo.reference)
    measured = measure(Marks(view, clicked, plumb))
    assert measured.degrees == pytest.approx(angle, abs=0.5)
    assert not measured.level_assumed
    # Without the plumb line the camera's roll is in the angle, and the result says so.
    unreferenced = measure(Marks(view, clicked))
    assert unreferenced.level_assumed
    assert abs(unreferenced.degrees - angle) > abs(roll) - 0.5


def test_what_the_camera_wrote_besides_the_pixels_is_gone() -> None:
    photo = draw_photo(View.LEFT, 10.0, 0.0, 6)
    assert Image.open(io.BytesIO(photo.data)).getexif().get_ifd(0x8825)  # GPS in the file
    assert b"PhoneMaker" in photo.data
    kept = prepare_photo(photo.data)
    picture = Image.open(io.BytesIO(kept.image))
    assert picture.format == "JPEG" and not picture.getexif()
    assert "exif" not in picture.info and "icc_profile" not in picture.info
    assert b"PhoneMaker" not in kept.image and b"Model 7" not in kept.image
    assert kept_photo_problem(kept.image, kept.sha256) is None
    assert kept_photo_problem(photo.data, kept.sha256) == "its bytes do not match its SHA-256"
    thumbnail = Image.open(io.BytesIO(kept.thumbnail))
    assert max(thumbnail.size) == 240 and not thumbnail.getexif()


def test_a_large_photo_is_scaled_down_and_a_png_is_kept_as_jpeg() -> None:
    big = io.BytesIO()
    Image.new("RGBA", (4800, 3000), (200, 100, 50, 128)).save(big, "PNG")
    kept = prepare_photo(big.getvalue())
    assert (kept.width, kept.height) == (MAX_SIDE_PX, 1500)
    assert Image.open(io.BytesIO(kept.image)).format == "JPEG"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.7 not a photo", "not a photo Holdfast can read"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 100, "not a photo Holdfast can read"),
        (b"x" * (MAX_FILE_BYTES + 1), "photos up to 40 MB"),
    ],
)
def test_files_that_are_not_photos_say_why(data: bytes, says: str) -> None:
    with pytest.raises(PhotoRejected, match=says):
        prepare_photo(data)


def test_a_cut_short_or_tiny_photo_says_why() -> None:
    whole = draw_photo(View.LEFT, 5.0).data
    with pytest.raises(PhotoRejected, match="damaged or cut short"):
        prepare_photo(whole[: len(whole) // 3])
    tiny = io.BytesIO()
    Image.new("RGB", (150, 900)).save(tiny, "JPEG")
    with pytest.raises(PhotoRejected, match="150 x 900 pixels; at least 200"):
        prepare_photo(tiny.getvalue())


def test_a_decompression_bomb_is_refused_before_it_is_decoded() -> None:
    bomb = io.BytesIO()
    Image.new("1", (12000, 12000)).save(bomb, "PNG")  # 144 megapixels in a few kB
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(PhotoRejected, match="more than 60 megapixels"):
        prepare_photo(bomb.getvalue())
