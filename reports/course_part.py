"""Where the course stands, in the reports (docs/clinical-model.md#course-stages): the stage
with its reason and figures on the progress report, and the patient's sentence on the
progress report and, when asked for, the handout. As of the latest visit printed, never the
day of printing, so a report printed again is the same document."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph

from charting.course_stage import StageSettings
from charting.tolerances import Tolerances
from charting.vocabulary import STAGE_TERMS
from models.records import VisitRecord
from models.services.course_status import stage_of_visits
from reports import styles
from reports.parts import para, text

HEADING = "Where the course stands"


def course_stage_part(
    visits: Sequence[VisitRecord],
    tolerances: Tolerances,
    stages: StageSettings,
    goal: float | None,
    sheet: dict[str, styles.ParagraphStyle],
) -> list[Flowable]:
    """The progress report's section: the patient's sentence, then the stage as the
    practitioner sees it, with the figures it rests on."""
    found = stage_of_visits(visits, tolerances, stages, goal)
    if found is None:
        return []
    status, figures, words = found
    stage = f"<b>{text(STAGE_TERMS[status.stage].label)}.</b> {text(status.reason)}"
    parts: list[Flowable] = [para(HEADING, "h1", sheet)]
    if words:
        parts.append(para(words, "body", sheet))
    parts += [Paragraph(stage, sheet["body"]), para("; ".join(figures) + ".", "caption", sheet)]
    return parts
