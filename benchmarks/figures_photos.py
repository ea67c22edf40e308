"""Photos (issue 14): attaching a phone photo, and drawing a visit's before/after pair.

- photo_attach: a 12-megapixel phone JPEG (sideways, with EXIF orientation) attached to a
  draft visit: decoded, turned upright, scaled to 2,400 px, re-encoded without metadata,
  thumbnailed and stored with its audit event (`attach_photo`, run off the GUI thread);
  floor: Pillow decoding and re-encoding the same file, nothing else.
- photo_pair: the chart's Photos tab for that visit, as its renderer runs it: the pair
  chosen, both photos read and decoded small, the figure drawn to pixels
  (`ui.photos_tab.render_pairs`); floor: the two JPEGs decoded and drawn by matplotlib with
  nothing on them.

Both run on the background runner; the targets keep them well under what a practitioner
notices after a click (1 s), at any practice size (neither reads more than one visit).
"""

from __future__ import annotations

import io
from datetime import date
from functools import cache

from benchmarks.suite import Figure, Practice
from models.database import Database, open_database

ATTACH_S = 1.0
PAIR_S = 1.0
SIZE = (1000, 700)


@cache
def phone_photo() -> bytes:
    """A 4000 x 3000 photo stored sideways (orientation 6) with camera metadata, noisy
    enough to compress like a real one."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(14)
    pixels = rng.integers(90, 170, size=(750, 1000, 3), dtype=np.uint8)
    picture = Image.fromarray(pixels).resize((4000, 3000), Image.Resampling.BILINEAR)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


class _Visit:
    """A consenting patient's draft visit in the practice, with a marked pre/post pair."""

    def __init__(self, practice: Practice) -> None:
        from charting.photo_geometry import Marks, View
        from models.records import PatientDraft, VisitDraft
        from models.services.patients import create_patient
        from models.services.photos import attach_photo, save_marks
        from models.services.visits import save_draft

        self.db: Database = open_database(practice.path)
        draft = PatientDraft("PHOTO-BENCH", "Pia", "Bench", photo_consent=True)
        self.patient_id = create_patient(self.db, draft, "bench")
        self.visit_id = save_draft(self.db, self.patient_id, VisitDraft(date(2026, 11, 2)), "bench")
        marks = Marks(View.LEFT, (("asis", (900.0, 1300.0)), ("psis", (1500.0, 1220.0))))
        for phase in ("pre", "post"):
            info = attach_photo(self.db, self.visit_id, phase, "left", phone_photo(), "bench")
            save_marks(self.db, info.id, marks, "bench")

    def attach(self) -> object:
        from models.services.photos import attach_photo

        return attach_photo(self.db, self.visit_id, "pre", "right", phone_photo(), "bench")

    def pair(self) -> object:
        from models.services.photo_pairs import Comparison
        from ui.figure_canvas import PixelSize
        from ui.photos_tab import render_pairs

        return render_pairs(
            self.db, self.patient_id, self.visit_id, Comparison.THIS_VISIT, None, PixelSize(*SIZE)
        )


def _bare_recode() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(phone_photo())).save(out, "JPEG", quality=90)
    return out.getvalue()


def _bare_pair(images: tuple[bytes, bytes]) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure
    from PIL import Image

    figure = MplFigure(figsize=(SIZE[0] / 100, SIZE[1] / 100), dpi=100)
    for number, data in enumerate(images, start=1):
        picture = Image.open(io.BytesIO(data))
        picture.draft("RGB", (900, 900))  # the JPEG decoder's own cheap downscale
        figure.add_subplot(1, 2, number).imshow(picture)
    FigureCanvasAgg(figure).draw()


def figures(practice: Practice) -> list[Figure]:
    """photo_attach and photo_pair for a visit added to `practice`."""

    @cache
    def visit() -> _Visit:
        return _Visit(practice)

    @cache
    def stored() -> tuple[bytes, bytes]:
        from models.services.photos import photo_image, visit_photos

        pre, post = visit_photos(visit().db, visit().visit_id)[:2]
        return photo_image(visit().db, pre.id), photo_image(visit().db, post.id)

    return [
        Figure(
            key="photo_attach",
            label="attach a 12-MP phone photo",
            target=f"<= {ATTACH_S * 1000:.0f} ms",
            work=lambda: visit().attach(),
            floor=_bare_recode,
            meets=lambda value, _floor: value <= ATTACH_S,
            repeat=3,
        ),
        Figure(
            key="photo_pair",
            label="draw a visit's before/after photos",
            target=f"<= {PAIR_S * 1000:.0f} ms",
            work=lambda: visit().pair(),
            floor=lambda: _bare_pair(stored()),
            meets=lambda value, _floor: value <= PAIR_S,
            repeat=3,
        ),
    ]
