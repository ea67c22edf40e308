"""The course stages' part of Preferences: the thresholds that decide when a course is
holding, ready to space out, ready for discharge or due a recall
(docs/clinical-model.md#course-stages)."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox

from charting.course_stage import StageSettings

# Label, suffix, lowest, highest: the ranges StageSettings accepts.
STAGE_ROWS = {
    "holding_after": ("Holding after", " held in a row", 1, 10),
    "space_out_after": ("Suggest a longer gap after", " held in a row", 1, 12),
    "space_out_factor": ("Longer gap: the current one ×", "", 1.1, 4),
    "discharge_gap_weeks": ("Discharge: held across a gap of", " weeks or more", 1, 26),
    "discharge_pain_max": ("Discharge: worst pain at most", " / 10", 0, 10),
    "relapse_after": ("A loss is a relapse after", " held in a row", 1, 12),
    "recall_holding_weeks": ("Recall holding patients not seen for", " weeks", 1, 104),
}


class StageFields:
    """The rows Preferences shows for the stages; `stages()` reads what was set."""

    def __init__(self, settings: StageSettings, on_handout: bool) -> None:
        self.on_handout = QCheckBox("Handouts say where the course stands, in the patient's words")
        self.on_handout.setChecked(on_handout)
        self.spins: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for name, (_label, suffix, low, high) in STAGE_ROWS.items():
            value = getattr(settings, name)
            spin: QSpinBox | QDoubleSpinBox
            if isinstance(value, float):
                spin = QDoubleSpinBox(minimum=low, maximum=high, singleStep=0.1, decimals=1)
            else:
                spin = QSpinBox(minimum=int(low), maximum=int(high))
            spin.setSuffix(suffix)
            spin.setValue(value)
            spin.setObjectName(f"stage-{name}")
            self.spins[name] = spin

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow(QLabel("<b>Course stages</b> (suggestions; you decide)"))
        for name, (label, *_rest) in STAGE_ROWS.items():
            form.addRow(label, self.spins[name])
        form.addRow(self.on_handout)

    def stages(self) -> StageSettings:
        values: dict[str, object] = {
            f.name: self.spins[f.name].value() for f in fields(StageSettings)
        }
        return StageSettings(**values)  # type: ignore[arg-type]  # checked by StageSettings
