"""The project documents itself: pointers to documentation stay inside the repository and
every `docs/<file>.md#<section>` named in the code or the docs is a real heading.

A comment that points at a file outside the repository, or at a heading since renamed,
points nowhere for the next reader (docs/ARCHITECTURE.md#tests).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("charting", "models", "reports", "ui", "resources", "tests", "benchmarks", "docs")
TOP_LEVEL = ("README.md", "pyproject.toml", "Makefile")

# Notes that lived outside the repository; spelled in pieces so this file does not match.
OUTSIDE_NOTES = re.compile(r"\b(?:DOMAIN|STYLE)\.md\b", re.IGNORECASE)
DOC_LINK = re.compile(r"docs/([\w.-]+\.md)#([\w-]+)")
# Links inside a Markdown document: [text](target) or [label]: target.
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)|^\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def text_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every text file of the repository that may carry a pointer, with its text."""
    paths = [root / name for name in TOP_LEVEL]
    for folder in SOURCE_DIRS:
        paths.extend(p for p in sorted((root / folder).rglob("*")) if p.is_file())
    for path in paths:
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        try:
            yield path, path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a binary file carries no pointer


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(document: Path) -> list[str]:
    """The heading anchors of a Markdown file, in order (code blocks skipped)."""
    found, in_code = [], False
    for line in document.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_code = not in_code
        elif not in_code and (match := HEADING.match(line)):
            found.append(slug(match.group(2)))
    return found


def outside_pointers(root: Path) -> list[str]:
    """'path:line' of every mention of the notes that lived outside the repository."""
    problems = []
    for path, text in text_files(root):
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE_NOTES.search(line):
                problems.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return problems


def doc_links(root: Path) -> list[tuple[str, Path, str]]:
    """(where, document, anchor) for every docs/<file>.md#<anchor> and every relative link
    with an anchor inside docs/*.md."""
    links = []
    for path, text in text_files(root):
        for number, line in enumerate(text.splitlines(), start=1):
            for name, anchor in DOC_LINK.findall(line):
                where = f"{path.relative_to(root)}:{number}"
                links.append((where, root / "docs" / name, anchor))
    for document in sorted((root / "docs").glob("*.md")):
        text = document.read_text(encoding="utf-8")
        for match in MARKDOWN_LINK.finditer(text):
            target = match.group(1) or match.group(2)
            if "://" in target or "#" not in target:
                continue
            name, anchor = target.split("#", 1)
            where = f"{document.relative_to(root)}: {target}"
            links.append((where, (document.parent / name) if name else document, anchor))
    return links


def broken_links(root: Path) -> list[str]:
    """Links whose document or heading does not exist."""
    problems = []
    for where, document, anchor in doc_links(root):
        if not document.is_file():
            problems.append(f"{where}: no file {document.relative_to(root)}")
        elif anchor not in anchors(document):
            problems.append(f"{where}: {document.name} has no heading for #{anchor}")
    return problems


def missing_files(root: Path) -> list[str]:
    """Relative link targets inside docs/*.md (pictures, other docs) that do not exist."""
    problems = []
    for document in sorted((root / "docs").glob("*.md")):
        for match in MARKDOWN_LINK.finditer(document.read_text(encoding="utf-8")):
            target = (match.group(1) or match.group(2)).split("#", 1)[0]
            if target and "://" not in target and not (document.parent / target).exists():
                problems.append(f"{document.relative_to(root)}: no file {target}")
    return problems


def test_no_pointer_leaves_the_repository() -> None:
    assert outside_pointers(ROOT) == []


def test_every_doc_link_names_a_heading() -> None:
    links = doc_links(ROOT)
    # The code links to both documents; fewer links means the pattern stopped matching.
    assert {document.name for _, document, _ in links} >= {"clinical-model.md", "ARCHITECTURE.md"}
    assert len(links) >= 20
    assert broken_links(ROOT) == []


def test_linked_files_exist() -> None:
    assert missing_files(ROOT) == []


def test_each_document_has_unique_anchors() -> None:
    for document in sorted((ROOT / "docs").glob("*.md")):
        found = anchors(document)
        repeated = sorted({a for a in found if found.count(a) > 1})
        assert repeated == [], f"{document.name}: headings with the same anchor {repeated}"


def test_anchor_rule_matches_github() -> None:
    assert slug("The hold rule") == "the-hold-rule"
    assert slug("Muscle-imbalance hypothesis") == "muscle-imbalance-hypothesis"
    assert slug("Did the correction hold?") == "did-the-correction-hold"
    assert slug("`charting` and `models`") == "charting-and-models"
    assert slug("[Sources](#sources) – `save_now`") == "sources--save_now"


def test_the_checks_find_planted_problems(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\n## Real section\n\n[x](gone.svg)\n")
    (tmp_path / "charting").mkdir()
    # Built in pieces, so the checks of the real repository do not find them here.
    note, docs = "DOMAIN" + ".md", "docs" + "/"
    (tmp_path / "charting" / "a.py").write_text(
        f'"""See {note}, {docs}guide.md#real-section and {docs}guide.md#renamed."""\n'
    )
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "b.py").write_text(f"# {docs}missing.md#anything\n")

    (problem,) = outside_pointers(tmp_path)
    assert problem.startswith(f'charting/a.py:1: """See {note}')
    assert broken_links(tmp_path) == [
        "charting/a.py:1: guide.md has no heading for #renamed",
        "ui/b.py:1: no file docs/missing.md",
    ]
    assert missing_files(tmp_path) == ["docs/guide.md: no file gone.svg"]
