"""Each word of the clinical vocabulary is spelled once, in charting/vocabulary.py: no other
module holds a string that is one of its labels (a second copy drifts, as four did)."""

from __future__ import annotations

import ast
from pathlib import Path

from charting import vocabulary
from charting.vocabulary import Term

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("charting", "models", "reports", "resources", "ui")
# Words that are also ordinary English in unrelated places (a button, a status, a side).
COMMON = {"Left", "Right", "Both", "Central", "Level", "Neutral", "Photo", "Draft", "Signed",
          "Held", "Lost", "Rotation", "Obliquity", "Hip", "Knee", "Foot", "Neck", "Groin",
          "Thigh", "Shin", "Calf", "Ankle"}  # fmt: skip


def vocabulary_words() -> set[str]:
    words: set[str] = set()
    for value in vars(vocabulary).values():
        if isinstance(value, dict):
            for entry in value.values():
                if isinstance(entry, Term):
                    words.update({entry.label, entry.short, entry.plain})
            words -= {str(key) for key in value}  # a stored value is not a copy of a word
    return {w for w in words if w not in COMMON and w.lower() not in {c.lower() for c in COMMON}}


def string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
    return found


def test_vocabulary_words_are_spelled_only_in_the_vocabulary() -> None:
    words = vocabulary_words()
    assert "Follow-up visit" in words and "left forward" in words
    copies = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "vocabulary.py":
                continue
            for text in string_constants(path) & words:
                copies.append(f"{path.relative_to(ROOT)}: {text!r}")
    assert copies == []


def test_every_stored_value_has_its_words() -> None:
    from charting.holds import Verdict
    from charting.readings import CATEGORIES, Device

    categories = {c for values in CATEGORIES.values() for c in values}
    assert categories == set(vocabulary.CATEGORY_TERMS)
    assert set(Device) == set(vocabulary.DEVICE_TERMS)
    assert set(Verdict) == set(vocabulary.VERDICT_TERMS)
