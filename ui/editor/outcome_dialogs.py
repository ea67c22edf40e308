"""One small dialog per questionnaire: item scores by number, scored by charting.outcomes.

Item wording is not bundled (docs/clinical-model.md#questionnaire-wording): the practitioner
reads the patient's paper form and enters the item scores, and each dialog says so (keyboard
entry and pro-rating notices: ui/editor/measure_dialog.py). An unscorable form keeps its input
and says why.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QSpinBox, QWidget

from charting.outcomes import (
    LEFS_ITEMS,
    LEFS_MAX_MISSING,
    ROLAND_MORRIS_ITEMS,
    Measure,
    grc_words,
    score_grc,
    score_lefs,
    score_psfs,
    score_roland_morris,
)
from models.records import Outcome
from ui.editor.fields import NumberField
from ui.editor.measure_dialog import ItemSpinBox, MeasureDialog

PSFS_ROWS = 5
PAPER = "Read the answers from the patient's paper form (the item wording is not in Holdfast)."


class PsfsDialog(MeasureDialog):
    def __init__(self, previous: Outcome | None, parent: QWidget | None = None) -> None:
        super().__init__("PSFS", "Name 3 to 5 activities the patient finds hard; rate each "
                         "0 (unable) to 10 (as before the problem).", parent)  # fmt: skip
        self.names = [QLineEdit(placeholderText=f"activity {n + 1}") for n in range(PSFS_ROWS)]
        self.ratings = [NumberField(f"PSFS activity {n + 1}", 0, 10, "", whole=True)
                        for n in range(PSFS_ROWS)]  # fmt: skip
        for row, (name, rating) in enumerate(zip(self.names, self.ratings, strict=True)):
            name.setMinimumWidth(240)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(rating, row, 1)
        self.grid.setColumnStretch(1, 1)
        self.setMinimumWidth(680)  # room for a rating's message beside its activity
        for row, (activity, value) in enumerate(psfs_activities(previous)[:PSFS_ROWS]):
            self.names[row].setText(activity)
            self.ratings[row].set_value(value)
        self.set_fields([box for pair in zip(self.names, self.ratings, strict=True)
                         for box in pair])  # fmt: skip

    def score(self) -> Outcome:
        pairs = [(name.text(), rating.text()) for name, rating in zip(self.names, self.ratings,
                                                                      strict=True)]  # fmt: skip
        score = score_psfs([(n, r) for n, r in pairs if n.strip() or r.strip()])
        words = "; ".join(f"{name} {rating:g}" for name, rating in score.activities)
        label = f"{score.label}: {words}"[:200]
        return Outcome(
            Measure.PSFS.value, score.value, label, tuple(r for _, r in score.activities)
        )


def psfs_activities(outcome: Outcome | None) -> list[tuple[str, float]]:
    """Activities back from a PSFS label 'PSFS 4.7/10: running 4; stairs 6; hopping 4'."""
    if outcome is None or ": " not in outcome.label:
        return []
    pairs = []
    for part in outcome.label.split(": ", 1)[1].split("; "):
        name, _, rating = part.rpartition(" ")
        try:
            pairs.append((name, float(rating)))
        except ValueError:
            continue
    return pairs


class LefsDialog(MeasureDialog):
    def __init__(self, previous: Outcome | None, parent: QWidget | None = None) -> None:
        super().__init__("LEFS", f"{PAPER} Item scores 0 (extreme difficulty) to 4 (no "
                         f"difficulty); — = unanswered (at most {LEFS_MAX_MISSING} may be "
                         "missing; they are then pro-rated).", parent)  # fmt: skip
        self.items = [ItemSpinBox(minimum=-1, maximum=4) for _ in range(LEFS_ITEMS)]
        for number, spin in enumerate(self.items):
            spin.setSpecialValueText("—")
            spin.setValue(-1)
            spin.setAccessibleName(f"LEFS item {number + 1}")
            row, column = divmod(number, 5)
            self.grid.addWidget(QLabel(f"{number + 1}."), row, column * 2)
            self.grid.addWidget(spin, row, column * 2 + 1)
        if previous is not None and len(previous.items) == LEFS_ITEMS:
            for spin, value in zip(self.items, previous.items, strict=True):
                spin.setValue(-1 if value is None else int(value))
        self.set_fields(self.items)

    def unanswered(self) -> list[int]:
        return [number + 1 for number, spin in enumerate(self.items) if spin.value() < 0]

    def score(self) -> Outcome:
        items = [None if s.value() < 0 else s.value() for s in self.items]
        score = score_lefs(items)
        return Outcome(Measure.LEFS.value, score.value, score.label,
                       tuple(None if v is None else float(v) for v in items))  # fmt: skip


class RolandMorrisDialog(MeasureDialog):
    def __init__(self, previous: Outcome | None, parent: QWidget | None = None) -> None:
        super().__init__("Roland-Morris", f"{PAPER} Tick the numbers of the statements the "
                         "patient ticked (Space ticks; score = count ticked, 0-24).",
                         parent)  # fmt: skip
        self.items = [QCheckBox(f"{n + 1}") for n in range(ROLAND_MORRIS_ITEMS)]
        for number, box in enumerate(self.items):
            self.grid.addWidget(box, *divmod(number, 8))
        if previous is not None and len(previous.items) == ROLAND_MORRIS_ITEMS:
            for box, value in zip(self.items, previous.items, strict=True):
                box.setChecked(bool(value))
        self.set_fields(self.items)

    def score(self) -> Outcome:
        items = [box.isChecked() for box in self.items]
        score = score_roland_morris(items)
        return Outcome(Measure.ROLAND_MORRIS.value, score.value, score.label,
                       tuple(float(v) for v in items))  # fmt: skip


class GrcDialog(MeasureDialog):
    def __init__(self, previous: Outcome | None, parent: QWidget | None = None) -> None:
        super().__init__("Global rating of change", "Since the start of care, -7 (a very "
                         "great deal worse) to +7 (a very great deal better).", parent)  # fmt: skip
        self.rating = QSpinBox(minimum=-7, maximum=7)
        self.rating.setPrefix("")
        self.words = QLabel()
        self.grid.addWidget(self.rating, 0, 0)
        self.grid.addWidget(self.words, 0, 1)
        self.rating.valueChanged.connect(lambda v: self.words.setText(grc_words(v)))
        self.rating.setValue(int(previous.score) if previous else 0)
        self.words.setText(grc_words(self.rating.value()))
        self.set_fields([self.rating])

    def score(self) -> Outcome:
        score = score_grc(self.rating.value())
        return Outcome(Measure.GRC.value, score.value, score.label)


DialogFactory = Callable[[Outcome | None, QWidget | None], MeasureDialog]
DIALOGS: dict[Measure, DialogFactory] = {
    Measure.PSFS: PsfsDialog,
    Measure.LEFS: LefsDialog,
    Measure.ROLAND_MORRIS: RolandMorrisDialog,
    Measure.GRC: GrcDialog,
}
