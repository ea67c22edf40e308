"""Each word of the clinical vocabulary is spelled once, in charting/vocabulary.py: no other
module holds a string that is one of its labels (a second copy drifts, as four did), a
string that contains one of its phrases of several words ("(before correction)"), or a
table keyed by a stored value that spells that value's own words ({Verdict.HELD: "held"})."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

from charting import vocabulary
from charting.vocabulary import Term

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("charting", "models", "reports", "resources", "ui")
# Words that are also ordinary English in unrelated places (a button, a status, a side).
COMMON = {"Left", "Right", "Both", "Central", "Level", "Neutral", "Photo", "Draft", "Signed",
          "Held", "Lost", "Rotation", "Obliquity", "Hip", "Knee", "Foot", "Neck", "Groin",
          "Thigh", "Shin", "Calf", "Ankle"}  # fmt: skip
# Prose that explains the words (the guide) or is a demo patient's own notes: not a label.
PROSE = {"ui/help/guide_text.py", "models/services/demo.py"}


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


def source_files() -> Iterator[Path]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name != "vocabulary.py":
                yield path


def contains(text: str, phrase: str) -> bool:
    """`phrase` in `text` as whole words, in any case ('held' in 'n/a (held)', not 'holder')."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


def strings_in(tree: ast.AST) -> Iterator[str]:
    """Every string in `tree`, the literal parts of f-strings included, docstrings left out
    (their examples quote the words on purpose)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.value


def terms_by_enum() -> dict[str, dict[str, Term]]:
    """'Verdict' -> {'HELD': Term('Held'), ...} for each vocabulary table keyed by an enum."""
    tables: dict[str, dict[str, Term]] = {}
    for value in vars(vocabulary).values():
        if isinstance(value, dict) and value and all(isinstance(k, Enum) for k in value):
            for key, term in value.items():
                if isinstance(term, Term):
                    tables.setdefault(type(key).__name__, {})[key.name] = term
    return tables


def test_vocabulary_words_are_spelled_only_in_the_vocabulary() -> None:
    words = vocabulary_words()
    assert "Follow-up visit" in words and "left forward" in words
    copies = []
    for path in source_files():
        for text in string_constants(path) & words:
            copies.append(f"{path.relative_to(ROOT)}: {text!r}")
    assert copies == []


def test_no_string_spells_a_phrase_of_the_vocabulary_inside_it() -> None:
    """A label of several words inside a longer string or an f-string is a copy too."""
    phrases = {w for w in vocabulary_words() if " " in w}
    assert "before correction" in phrases and "felt by hand" in phrases
    copies = []
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        name = path.relative_to(ROOT).as_posix()
        if name in PROSE:
            continue
        for text in set(strings_in(tree)):
            found = sorted(p for p in phrases if contains(text, p))
            if found:
                copies.append(f"{name}: {text!r} spells {found}")
    assert copies == []


def test_no_table_keyed_by_a_stored_value_spells_its_words() -> None:
    """{Verdict.HELD: "n/a (held)"} writes the verdict's word again, even a common one."""
    tables = terms_by_enum()
    assert {"Verdict", "Phase", "Device", "Dimension"} <= set(tables)
    copies = []
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            for key, value in zip(node.keys, node.values, strict=True):
                if not (isinstance(key, ast.Attribute) and isinstance(key.value, ast.Name)):
                    continue
                term = tables.get(key.value.id, {}).get(key.attr)
                if term is None:
                    continue
                words = {term.label, term.short, term.plain}
                for text in strings_in(value):
                    if found := sorted(w for w in words if contains(text, w)):
                        copies.append(f"{path.relative_to(ROOT)}: {text!r} spells {found}")
    assert copies == []


def test_every_stored_value_has_its_words() -> None:
    from charting.holds import Verdict
    from charting.readings import CATEGORIES, Device

    categories = {c for values in CATEGORIES.values() for c in values}
    assert categories == set(vocabulary.CATEGORY_TERMS)
    assert set(Device) == set(vocabulary.DEVICE_TERMS)
    assert set(Verdict) == set(vocabulary.VERDICT_TERMS)
