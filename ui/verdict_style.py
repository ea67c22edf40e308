"""How verdicts look in the GUI: colour-blind-safe colours plus a symbol, never colour alone."""

from __future__ import annotations

from PySide6.QtGui import QColor

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
