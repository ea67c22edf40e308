"""How verdicts look in the GUI: colour-blind-safe colours plus a symbol, never colour alone."""

from __future__ import annotations

from PySide6.QtGui import QColor

from charting.course_stage import Stage
from charting.holds import Verdict
from charting.vocabulary import VERDICT_TERMS

# Okabe-Ito blue and vermillion stay apart for red-green colour-blind users.
VERDICT_COLOURS = {
    Verdict.HELD: QColor("#cfe3f3"),
    Verdict.LOST: QColor("#f6d3bf"),
    Verdict.NOT_ASSESSABLE: QColor("#e6e6e6"),
}
SYMBOLS = {Verdict.HELD: "✔", Verdict.LOST: "✘", Verdict.NOT_ASSESSABLE: "–"}
VERDICT_TEXT = {
    verdict: f"{SYMBOLS[verdict]} {VERDICT_TERMS[verdict].plain}" for verdict in Verdict
}

# A course's stage as a heading's colour (Okabe-Ito, as above); its words always with it.
STAGE_COLOURS = {
    Stage.CORRECTING: "#b34700",  # vermillion, darkened to read as text
    Stage.HOLDING: "#005a8c",  # blue
    Stage.SPACE_OUT: "#007a5a",  # bluish green
    Stage.DISCHARGE: "#007a5a",
    Stage.DISCHARGED: "#555555",
    Stage.NOT_JUDGED: "#555555",
}
