"""What `holdfast check` prints about tampering: one line per kind of problem, naming what
broke (no patient names, no note text), and the comparison `--against` an earlier backup
or a printed chain head."""

from __future__ import annotations

from pathlib import Path

from models.database import read_only_database
from models.services.chain import compare_with_backup, compare_with_printed, parse_printed_head
from models.services.tamper import SHOWN, TamperReport

REPAIRED_AT_OPEN = "Holdfast puts back missing and altered ones when it next opens the database"


def _some(names: tuple[object, ...]) -> str:
    shown = ", ".join(str(name) for name in names[:SHOWN])
    return shown + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")


def _triggers(report: TamperReport) -> str:
    state = report.triggers
    if state.ok:
        return "all present and as the schema defines them"
    labelled = (
        ("missing", state.missing), ("altered", state.altered), ("foreign", state.unexpected),
    )  # fmt: skip
    kinds = [f"{label}: {_some(names)}" for label, names in labelled if names]
    return "; ".join(kinds) + (f" ({REPAIRED_AT_OPEN})" if state.missing or state.altered else "")


def tamper_lines(report: TamperReport) -> list[str]:
    """The check's lines about tamper evidence, one per kind of problem."""
    signed = report.signed_visits
    lines = [f"lock triggers {_triggers(report)}"]
    if report.hash_mismatches:
        lines.append(
            f"signed visits {len(report.hash_mismatches)} of {signed} changed since signing "
            f"(content does not match its hash): {_some(report.hash_mismatches)}"
        )
    else:
        lines.append(f"signed visits {signed} checked: each matches its hash")
    if report.without_sign_event:
        lines.append(
            f"sign events   {len(report.without_sign_event)} signed visit(s) without the sign "
            f"event that carries their hash: {_some(report.without_sign_event)}"
        )
    if report.unrecorded_addenda:
        lines.append(
            f"addenda       {len(report.unrecorded_addenda)} addendum(s) not written by Holdfast "
            f"(no audit event records them): {_some(report.unrecorded_addenda)}"
        )
    chain = "whole" if report.chain_break is None else str(report.chain_break)
    lines.append(f"audit chain   {chain}; head {report.head}")
    return lines


def tamper_check(db_path: Path, report: TamperReport | None, against: str | None) -> bool:
    """Print the tamper lines (and the `--against` comparison); False if any found a
    problem. None: the schema is older, and the check runs after Holdfast upgrades it."""
    if report is None:
        print("tamper        not checked until Holdfast upgrades the database")
        return against is None
    for line in tamper_lines(report):
        print(line)
    if against is None:
        return report.ok
    line, agrees = against_line(db_path, against)
    print(line)
    return report.ok and agrees


def against_line(db_path: Path, against: str) -> tuple[str, bool]:
    """The line comparing the chain with a backup file or a printed head, and whether the
    chain still agrees with it."""
    target = Path(against).expanduser()
    printed = None if target.is_file() else parse_printed_head(against)
    if not target.is_file() and printed is None:
        return (
            f"against       {against}: neither a backup file nor a printed chain head "
            "(like 'audit 1,234 · 3f2a9c1b4e5d')",
            False,
        )
    db = read_only_database(db_path, "opened only to check it")
    try:
        with db.engine.connect() as connection:
            if printed is not None:
                problem = compare_with_printed(connection, *printed)
                what = f"the printed head audit {printed[0]:,} · {printed[1]}"
            else:
                problem = compare_with_backup(connection, target)
                what = f"the backup {target.name}"
    finally:
        db.close()
    if problem:
        return f"against       {what}: {problem}", False
    return f"against       {what}: the chain continues it unchanged", True
