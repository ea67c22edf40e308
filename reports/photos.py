"""Before/after photos on the page: each pair as the chart draws it, with its words under it.

The angles are written on the photos and again, as text, in the caption: a reader who cannot
make out the small print on a photo, or a search through the PDF, still finds them.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether

from charting.figures.photo_pair import panel_words, photo_pair_figure
from charting.vocabulary import view_title
from models.services.photo_pairs import PhotoPair
from reports import styles
from reports.figure import figure_flowable
from reports.parts import gap, para

# Printed about 6.5 inches wide, so its words stay near their own size: two portrait photos
# side by side, their captions and angles.
PAIR_INCHES = (7.5, 4.6)


def pair_caption(pair: PhotoPair) -> str:
    """'Left side. Before correction — 5 Nov 2026: Left tilt +12.0° anterior. After ...'."""
    parts = [f"{view_title(pair.view)}."]
    for photo in (pair.before, pair.after):
        words = panel_words(photo.info.marks).replace("\n", ", ")
        parts.append(f"{photo.caption}: {words}.")
    return " ".join(parts)


def photo_pairs_part(
    pairs: Sequence[PhotoPair],
    heading: str,
    intro: str,
    width: float,
    sheet: dict[str, styles.ParagraphStyle],
    max_height: float | None = None,
) -> list[Flowable]:
    """A heading, a sentence, then each pair's figure kept together with its caption."""
    if not pairs:
        return []
    story: list[Flowable] = [para(heading, "h1", sheet), para(intro, "body", sheet)]
    for pair in pairs:
        figure = photo_pair_figure(pair.panels(), view_title(pair.view), *PAIR_INCHES)
        image = figure_flowable(figure, width, max_height=max_height)
        story.append(KeepTogether([gap(2), image, para(pair_caption(pair), "caption", sheet)]))
    return story
