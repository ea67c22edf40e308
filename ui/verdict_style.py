"""How verdicts look in the GUI: colour-blind-safe colours plus a symbol, never colour alone."""

from __future__ import annotations

from PySide6.QtGui import QColor

from charting.holds import Verdict

# Okabe-Ito blue and vermillion stay apart for red-green colour-blind users.
VERDICT_COLOURS = {
    Verdict.HELD: QColor("#cfe3f3"),
    Verdict.LOST: QColor("#f6d3bf"),
    Verdict.NOT_ASSESSABLE: QColor("#e6e6e6"),
}
VERDICT_TEXT = {
    Verdict.HELD: "✔ held",
    Verdict.LOST: "✘ lost",
    Verdict.NOT_ASSESSABLE: "– not assessable",
}
