"""Photos paired for comparison, decoded for the screen and the page.

Three comparisons of one view (docs/clinical-model.md#photos):
- `this_visit`: a visit's photo before the correction and after it;
- `since_last`: the last photo after a correction at an earlier visit, against this visit's
  photo before the correction ("where you were last week, and today");
- `first_last`: the patient's first photo of a view against their latest (each visit's
  photo before the correction when there is one: how they arrive, not the day's effect).

Picking works on photo descriptions alone (`PhotoInfo`); only the chosen photos are read and
decoded, downscaled to `PAIR_SIDE_PX` (Pillow lives here, not in charting).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from PIL import Image

from charting.figures.photo_pair import PhotoPanel
from charting.figures.words import day_label
from charting.photo_geometry import View
from charting.readings import Phase
from charting.vocabulary import PHASE_TERMS
from models.database import Database
from models.services.photos import PhotoInfo, patient_photos, photo_image

PAIR_SIDE_PX = 900  # long side: sharp on a screen half and in a 3-inch print at 300 dpi


class Comparison(StrEnum):
    THIS_VISIT = "this_visit"
    SINCE_LAST = "since_last"
    FIRST_LAST = "first_last"


@dataclass(frozen=True)
class PairChoice:
    """Two photos of one view, the earlier first; descriptions only."""

    view: View
    before: PhotoInfo
    after: PhotoInfo


@dataclass(frozen=True, eq=False)
class PairPhoto:
    """A chosen photo decoded: RGB pixels (read-only), its description and its caption."""

    info: PhotoInfo
    pixels: np.ndarray

    @property
    def caption(self) -> str:
        """'Before correction — 12 Nov 2026'."""
        return f"{PHASE_TERMS[self.info.phase].label} — {day_label(self.info.visit_date)}"

    def panel(self) -> PhotoPanel:
        size = (self.info.width, self.info.height)
        return PhotoPanel(self.pixels, self.caption, self.info.marks, size)


@dataclass(frozen=True, eq=False)
class PhotoPair:
    view: View
    before: PairPhoto
    after: PairPhoto

    def panels(self) -> tuple[PhotoPanel, PhotoPanel]:
        return self.before.panel(), self.after.panel()


def _latest(photos: Iterable[PhotoInfo], phase: Phase, view: View) -> PhotoInfo | None:
    """The last attached photo of a phase and view (a retake replaces the first try)."""
    found = [p for p in photos if p.phase is phase and p.view is view]
    return found[-1] if found else None


def _views(photos: Iterable[PhotoInfo]) -> list[View]:
    present = {p.view for p in photos}
    return [view for view in View if view in present]


def _visit_order(photos: Sequence[PhotoInfo]) -> list[int]:
    """Visit ids in date order (the photos come by visit date, then visit id)."""
    return list(dict.fromkeys(p.visit_id for p in photos))


def this_visit_pairs(photos: Sequence[PhotoInfo], visit_id: int) -> list[PairChoice]:
    """Per view with both: the visit's photo before the correction and after it."""
    own = [p for p in photos if p.visit_id == visit_id]
    pairs = []
    for view in _views(own):
        pre, post = _latest(own, Phase.PRE, view), _latest(own, Phase.POST, view)
        if pre is not None and post is not None:
            pairs.append(PairChoice(view, pre, post))
    return pairs


def since_last_pairs(photos: Sequence[PhotoInfo], visit_id: int) -> list[PairChoice]:
    """Per view: the latest photo after a correction at an earlier visit, against this
    visit's photo before the correction."""
    order = _visit_order(photos)
    if visit_id not in order:
        return []
    earlier = set(order[: order.index(visit_id)])
    own = [p for p in photos if p.visit_id == visit_id]
    pairs = []
    for view in _views(own):
        pre = _latest(own, Phase.PRE, view)
        last = _latest((p for p in photos if p.visit_id in earlier), Phase.POST, view)
        if pre is not None and last is not None:
            pairs.append(PairChoice(view, last, pre))
    return pairs


def _arrival(photos: Sequence[PhotoInfo], visit_id: int, view: View) -> PhotoInfo | None:
    """A visit's photo of a view before the correction, else after it."""
    own = [p for p in photos if p.visit_id == visit_id]
    return _latest(own, Phase.PRE, view) or _latest(own, Phase.POST, view)


def first_last_pairs(photos: Sequence[PhotoInfo]) -> list[PairChoice]:
    """Per view photographed at two visits or more: the first visit's photo against the
    latest visit's, each before the correction when there is one."""
    pairs = []
    for view in _views(photos):
        visits = _visit_order([p for p in photos if p.view is view])
        if len(visits) < 2:
            continue
        first, last = _arrival(photos, visits[0], view), _arrival(photos, visits[-1], view)
        assert first is not None and last is not None
        pairs.append(PairChoice(view, first, last))
    return pairs


def choose_pairs(
    photos: Sequence[PhotoInfo], comparison: Comparison, visit_id: int | None
) -> list[PairChoice]:
    """The pairs of one comparison; `visit_id` is ignored by `first_last`."""
    if comparison is Comparison.FIRST_LAST:
        return first_last_pairs(photos)
    if visit_id is None:
        return []
    if comparison is Comparison.THIS_VISIT:
        return this_visit_pairs(photos, visit_id)
    return since_last_pairs(photos, visit_id)


def decoded(data: bytes, side: int = PAIR_SIDE_PX) -> np.ndarray:
    """JPEG bytes as a read-only RGB array whose long side is at most `side` pixels."""
    with Image.open(io.BytesIO(data)) as picture:
        picture.draft("RGB", (side, side))  # JPEG: decode at a smaller scale, much faster
        small = picture.convert("RGB")
    small.thumbnail((side, side), Image.Resampling.LANCZOS)
    pixels = np.asarray(small, dtype=np.uint8)
    pixels.setflags(write=False)
    return pixels


def load_pair(db: Database, choice: PairChoice, side: int = PAIR_SIDE_PX) -> PhotoPair:
    """The two photos of a choice, read and decoded."""

    def photo(info: PhotoInfo) -> PairPhoto:
        return PairPhoto(info, decoded(photo_image(db, info.id), side))

    return PhotoPair(choice.view, photo(choice.before), photo(choice.after))


def pair_choices(
    db: Database, patient_id: int, comparison: Comparison, visit_id: int | None = None
) -> list[PairChoice]:
    """The pairs of one comparison, descriptions only (nothing read or decoded)."""
    return choose_pairs(patient_photos(db, patient_id), comparison, visit_id)


def photo_pairs(
    db: Database,
    patient_id: int,
    comparison: Comparison,
    visit_id: int | None = None,
    views: Sequence[View] | None = None,
) -> list[PhotoPair]:
    """The decoded pairs of a patient for one comparison, of `views` only when given."""
    choices = pair_choices(db, patient_id, comparison, visit_id)
    return [load_pair(db, c) for c in choices if views is None or c.view in views]
