"""Which photos are paired, and how they are decoded for the screen and the page."""

from __future__ import annotations

import numpy as np
import pytest

from charting.figures.photo_pair import panel_words
from charting.photo_geometry import View
from charting.readings import Phase
from models.database import Database
from models.services.photo_pairs import (
    PAIR_SIDE_PX,
    Comparison,
    choose_pairs,
    decoded,
    photo_pairs,
)
from models.services.photos import patient_photos, photo_image
from tests.photo_charts import DAYS, photographed_patient


def described(pairs) -> list[tuple]:
    return [
        (p.view, (p.before.visit_date, p.before.phase), (p.after.visit_date, p.after.phase))
        for p in pairs
    ]


def test_pairs_of_each_comparison(db: Database):
    patient, visits = photographed_patient(db)
    photos = patient_photos(db, patient)
    pre, post = Phase.PRE, Phase.POST
    assert described(choose_pairs(photos, Comparison.THIS_VISIT, visits[1])) == [
        (View.LEFT, (DAYS[1], pre), (DAYS[1], post))
    ]
    # The back has no photo after the correction at the first visit: no pair of it there.
    assert described(choose_pairs(photos, Comparison.THIS_VISIT, visits[0])) == [
        (View.LEFT, (DAYS[0], pre), (DAYS[0], post))
    ]
    assert described(choose_pairs(photos, Comparison.SINCE_LAST, visits[2])) == [
        (View.LEFT, (DAYS[1], post), (DAYS[2], pre))
    ]
    assert choose_pairs(photos, Comparison.SINCE_LAST, visits[0]) == []  # nothing earlier
    assert described(choose_pairs(photos, Comparison.FIRST_LAST, None)) == [
        (View.LEFT, (DAYS[0], pre), (DAYS[2], pre)),
        (View.POSTERIOR, (DAYS[0], pre), (DAYS[2], pre)),
    ]
    assert choose_pairs(photos, Comparison.THIS_VISIT, None) == []


def test_since_last_skips_a_visit_without_photos(db: Database):
    photos = ((0, "post", View.RIGHT, 5.0), (2, "pre", View.RIGHT, 7.0))
    patient, visits = photographed_patient(db, photos=photos)
    pairs = choose_pairs(patient_photos(db, patient), Comparison.SINCE_LAST, visits[2])
    assert described(pairs) == [(View.RIGHT, (DAYS[0], Phase.POST), (DAYS[2], Phase.PRE))]


def test_a_retake_replaces_the_first_try(db: Database):
    photos = ((0, "pre", View.LEFT, 5.0), (0, "pre", View.LEFT, 8.0), (0, "post", View.LEFT, 1.0))
    patient, visits = photographed_patient(db, photos=photos)
    photos_now = patient_photos(db, patient)
    (pair,) = choose_pairs(photos_now, Comparison.THIS_VISIT, visits[0])
    assert pair.before.id == photos_now[1].id


def test_decoded_pairs_are_small_read_only_and_keep_the_stored_marks(db: Database):
    patient, visits = photographed_patient(db)
    (pair,) = photo_pairs(db, patient, Comparison.THIS_VISIT, visits[0])
    pixels = pair.before.pixels
    assert pixels.dtype == np.uint8 and pixels.ndim == 3 and pixels.shape[2] == 3
    assert max(pixels.shape[:2]) == PAIR_SIDE_PX
    assert not pixels.flags.writeable
    info = pair.before.info
    height, width = pixels.shape[:2]
    assert width / height == pytest.approx(info.width / info.height, rel=0.01)  # aspect kept
    before, after = pair.panels()
    assert before.extent == (info.width, info.height)  # marks stay in the stored pixels
    assert before.caption == "Before correction — 5 Nov 2026"
    assert after.caption == "After correction — 5 Nov 2026"
    assert panel_words(before.marks).startswith("Left tilt +12.0° anterior")
    assert panel_words(after.marks) == "Left tilt +4.0° anterior"
    assert photo_pairs(db, patient, Comparison.FIRST_LAST, views=[View.POSTERIOR])[0].view is (
        View.POSTERIOR
    )


def test_decoded_small_photo_is_not_enlarged(db: Database):
    patient, _ = photographed_patient(db)
    data = photo_image(db, patient_photos(db, patient)[0].id)
    assert max(decoded(data, 5000).shape[:2]) <= 2400
