"""The `holdfast` command line. Qt is imported only when the GUI is launched."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from charting.errors import FieldError
from charting.explain import explain_interval
from models.database import Database, open_database
from models.exchange_format import ImportFailed
from models.instance_lock import lock_instance
from models.migrate import SchemaError
from models.opening import UnusableDatabase
from models.paths import DB_ENV, default_db_path
from models.practitioner import practitioner
from models.private_files import restrict_umask
from models.read_only import ReadOnlyDatabase
from models.risky_location import location_warning
from models.server import SERVER_DRIVER, URL_ENV
from models.services.patients import load_patient, patient_id_for_chart, search_patients
from models.settings import load_settings
from models.version import VERSION
from ui.cli_crypt import CRYPT_COMMANDS, add_crypt_commands, passphrase_for, run_crypt_command
from ui.cli_desktop import add_desktop_command, run_desktop_command
from ui.cli_migrate import add_migrate_command, run_migrate
from ui.desktop_check import window_problem
from ui.diagnostics import command_failure, say_import_failed

# Commands that store something: on a read-only database they stop before they start (the
# database refuses any write anyway, but only after the command checked its whole input).
WRITING_COMMANDS = {"demo", "import"}


def _actor(db_path: Path) -> str:
    return practitioner(load_settings(db_path))


def cmd_demo(db: Database, args: argparse.Namespace) -> None:
    from models.services.demo import load_demo

    count = load_demo(db, _actor(db.path))
    print(f"Loaded {count} demo patients into {db.location}")


def import_json(db: Database, args: argparse.Namespace) -> None:
    from models.services.exchange import import_file

    path = Path(args.file)
    count = import_file(db, path, _actor(db.path))
    print(f"Imported {count} patients from {path.name}")


def import_fhir(db: Database, args: argparse.Namespace) -> None:
    from models.services.fhir import import_fhir_file

    path = Path(args.file)
    written = import_fhir_file(db, path, _actor(db.path))
    print(f"Imported {written.patients} patients ({written.visits} visits) from {path.name}")


def import_csv(db: Database, args: argparse.Namespace) -> None:
    from models.services.exchange_csv import import_csv

    path = Path(args.file)
    count = import_csv(db, path, _actor(db.path))
    print(f"Imported {count} patients from {path.name}")


def export_json(db: Database, args: argparse.Namespace) -> None:
    from models.services.exchange import write_export

    # patient by patient: a practice never held whole
    write_export(db, Path(args.output), _actor(db.path))
    print(f"Exported to {args.output}")


def export_fhir(db: Database, args: argparse.Namespace) -> None:
    from models.services.fhir import write_fhir_export
    from reports.visit_pdfs import visit_pdf_maker

    written = write_fhir_export(
        db, Path(args.output), _actor(db.path), args.chart_number, visit_pdf_maker(db)
    )
    print(f"Exported {written.patients} patients ({written.visits} visits) to {args.output}")


def export_csv(db: Database, args: argparse.Namespace) -> None:
    from models.services.exchange_csv import export_csv

    counts = export_csv(db, Path(args.output), _actor(db.path))
    print(f"Exported {counts.patients} patients ({counts.visits} visits) to {args.output}")


# One function per exchange format, chosen with --format.
Command = Callable[[Database, argparse.Namespace], None]
IMPORTS: dict[str, Command] = {"json": import_json, "fhir": import_fhir, "csv": import_csv}
EXPORTS: dict[str, Command] = {"json": export_json, "fhir": export_fhir, "csv": export_csv}


def cmd_import(db: Database, args: argparse.Namespace) -> None:
    IMPORTS[args.format](db, args)


def cmd_export(db: Database, args: argparse.Namespace) -> None:
    if args.chart_number and args.format != "fhir":
        raise ValueError("--chart-number works with --format fhir only")
    EXPORTS[args.format](db, args)


def cmd_patients(db: Database, args: argparse.Namespace) -> None:
    rows = search_patients(db, args.search or "", include_archived=args.all)
    for row in rows:
        last = row.last_visit.isoformat() if row.last_visit else "no visits"
        drafts = f"  {row.draft_count} draft(s)" if row.draft_count else ""
        print(f"{row.chart_number:<10} {row.display_name:<28} last visit {last}{drafts}")
        if row.found_in:
            print(f"{'':<10} found in the {row.found_in}")
    if not rows:
        print("No patients match." if args.search else "No patients yet (try `holdfast demo`).")


def cmd_exercises(db: Database, args: argparse.Namespace) -> None:
    from resources.library import load_exercises

    exercises = load_exercises()
    if args.json:
        print(json.dumps([dataclasses.asdict(e) for e in exercises], indent=2))
        return
    for exercise in exercises:
        muscles = ", ".join(t.muscle for t in exercise.targets)
        print(f"{exercise.slug:<34} {exercise.name:<40} {muscles}")


def cmd_holds(db: Database, args: argparse.Namespace) -> None:
    from models.services.holds import patient_course
    from models.services.holds_json import course_json

    patient_id = patient_id_for_chart(db, args.chart_number)
    chart_number = load_patient(db, patient_id).draft.chart_number  # as stored, whatever was typed
    course = patient_course(db, patient_id, load_settings(db.path).tolerances)
    if args.json:
        print(json.dumps(course_json(chart_number, course), indent=2))
        return
    hold = course.course
    rate = "n/a" if hold.hold_rate is None else f"{hold.hold_rate:.0%}"
    print(f"{chart_number}: held {hold.held} of {hold.assessable} assessable ({rate})")
    for interval in hold.intervals:
        flag = "" if interval.comparable else " (different device/rater)"
        print(f"{interval.from_date} -> {interval.to_date}  {interval.verdict.upper():<15}{flag}")
        print(f"    {explain_interval(interval)}")


def cmd_check(db_path: Path, against: str | None = None, passphrase: str | None = None) -> int:
    """Diagnose the database file without opening it the usual way: that way refuses exactly
    the files this exists to describe. Exit 0 when all is well, 1 when something is wrong."""
    from sqlalchemy.exc import DatabaseError

    from models.database import read_only_database
    from models.opening import inspect_database
    from models.permissions import permission_lines
    from models.read_only import read_only_reason
    from models.services.integrity import check_database
    from ui.cli_check import tamper_check

    print(f"database      {db_path}")
    try:
        inspection = inspect_database(db_path, passphrase)
    except UnusableDatabase as refused:
        print(f"file          {refused.reason}")
        for line in refused.details:  # SQLite's own words on what is damaged
            print(f"              {line}")
        print(f"holdfast: {refused}", file=sys.stderr)
        return 1
    if not inspection.exists:
        print("file          missing: there is no database here yet (Holdfast creates one")
        print("              when it first opens this path)")
        return 1
    reason = read_only_reason(db_path)
    print(f"access        {'read-only (' + reason + ')' if reason else 'read and write'}")
    print(*permission_lines(db_path), sep="\n")  # a warning only: the exit code is unchanged
    db = read_only_database(db_path, reason or "opened only to check it", passphrase)
    try:
        report = check_database(db)
    except DatabaseError as error:  # damage the quick check at the door did not reach
        print(f"integrity     damaged ({error.orig})")
        return 1
    finally:
        db.close()
    note = "" if report.schema == report.expected_schema else (
        " (older: Holdfast upgrades it, after a backup, when it next opens it)"
        if report.schema_known else " (a newer Holdfast wrote it: update Holdfast)"
    )  # fmt: skip
    print(f"schema        {report.schema}{note}; this version expects {report.expected_schema}")
    print(f"integrity     {report.integrity}")
    print(f"foreign keys  {report.foreign_key_problems} problem(s)")
    print(f"journal       {report.journal_mode}; {report.triggers} lock triggers")
    print(f"search index  {report.search_index}")
    tamper_ok = tamper_check(db_path, report.tamper, against, passphrase)
    if not report.ok or not tamper_ok:
        print("holdfast: the check found problems (see above)", file=sys.stderr)
        return 1
    print("OK")
    return 0


def rename_chart(db_path: Path, args: argparse.Namespace, passphrase: str | None = None) -> None:
    """Works on a database the upgrade refused (chart numbers differing only by case), so
    it opens the file without upgrading it."""
    from models.chart_numbers import rename_chart_number
    from models.database import make_engine
    from models.migrate import refuse_unknown
    from models.opening import inspect_database
    from models.read_only import read_only_reason

    if not inspect_database(
        db_path, passphrase
    ).exists:  # refuses a damaged or foreign file unchanged
        raise OSError(f"no database at {db_path}")
    reason = read_only_reason(db_path)
    if reason is not None:
        raise ReadOnlyDatabase(reason)
    engine = make_engine(db_path, passphrase)
    try:
        refuse_unknown(engine, db_path)
        old = rename_chart_number(engine, args.old, args.new, _actor(db_path))
    finally:
        engine.dispose()
    print(f"Chart number {old} is now {args.new.strip()}")


def cmd_backup(db: Database, args: argparse.Namespace) -> None:
    from models.backup import backup_database, backup_to
    from models.backup_folder import backup_folder
    from models.backup_list import record_counts
    from models.services.chain import backup_head

    if args.output:
        made = backup_to(db.engine, Path(args.output).expanduser())
    else:
        folder = backup_folder(db.path)
        if folder.note:
            print(folder.note, file=sys.stderr)
        made = backup_database(db.engine, db.path, folder=folder.path)
    patients, visits = record_counts(made, db.passphrase)
    print(f"Backed up {patients} patient(s) and {visits} visit(s) to {made} (checked: ok)")
    head = backup_head(made, db.passphrase)
    print(f"Chain head of the backup: {head} (compare: holdfast check --against)")


def cmd_restore(db_path: Path, args: argparse.Namespace, passphrase: str | None = None) -> None:
    """Works on a database that cannot be opened (that is when a restore is needed), so it
    never opens the current file through the usual path."""
    from models.backup_files import when_made
    from models.backup_list import record_counts
    from models.backup_verify import backup_problem
    from models.restore import RestoreRefused, restore_backup

    backup = Path(args.file).expanduser()
    problem = backup_problem(backup, passphrase)
    if problem:
        raise RestoreRefused(f"{problem} Nothing was restored.")
    patients, visits = record_counts(backup, passphrase)
    made = when_made(backup).strftime("%Y-%m-%d %H:%M")
    question = (
        f"Replace {db_path} with the backup {backup.name}, made {made} ({patients} "
        f"patient(s), {visits} visit(s))? The current database is backed up first. [y/N] "
    )
    if not args.yes and not _agreed(question):
        raise RestoreRefused("Nothing was restored.")
    restored = restore_backup(db_path, backup, _actor(db_path), passphrase)
    restored.db.close()
    print(f"Restored {backup.name} into {db_path}; the restore is in the audit trail.")
    if restored.kept_current:
        print(f"The database as it was before is kept as {restored.kept_current}")


def _agreed(question: str) -> bool:
    """Ask on the terminal; anything but yes (or no terminal to answer from) is no."""
    try:
        answer = input(question)
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_report(db: Database, args: argparse.Namespace) -> None:
    from reports.cli import write_report

    path = write_report(
        db, args.chart_number, args.kind, args.visit, Path(args.output), args.photos
    )
    print(f"Wrote {path}")


def add_format(command: argparse.ArgumentParser) -> None:
    """The file format an import reads or an export writes."""
    command.add_argument(
        "--format", choices=("json", "fhir", "csv"), default="json",
        help="json: the Holdfast exchange format (the default); fhir: a FHIR R4 Bundle; "
        "csv: a folder of CSV tables (a zip of them when the name ends in .zip)",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="holdfast", description="Charting for manual therapists who treat runners."
    )
    parser.add_argument(
        "--db", metavar="PATH", help=f"database file (default: ${DB_ENV} or the user data folder)"
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        default=os.environ.get(URL_ENV) or None,
        help=f"a clinic server instead of the file: {SERVER_DRIVER}://user@host/database "
        f"(or ${URL_ENV}; see the README)",
    )
    parser.add_argument("--version", action="version", version=f"Holdfast {VERSION}")
    parser.add_argument(
        "--self-test", action="store_true",
        help="check that this installation works (a temporary database, a figure, a PDF; "
        "no window) and exit 0",
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands: dict[str, Callable[[Database, argparse.Namespace], None]] = {}

    def add(name: str, handler: Callable[..., None], help_text: str) -> argparse.ArgumentParser:
        commands[name] = handler
        return sub.add_parser(name, help=help_text, description=help_text)

    add("demo", cmd_demo, "load the demo patients")
    importing = add("import", cmd_import, "import patients from an exchange file")
    importing.add_argument("file", metavar="FILE.json | DIR | FILE.zip")
    add_format(importing)
    export = add("export", cmd_export, "export every patient to an exchange file")
    export.add_argument("-o", "--output", required=True, metavar="FILE.json | DIR | FILE.zip")
    add_format(export)
    export.add_argument(
        "--chart-number", action="append", metavar="N",
        help="only this patient (repeat for more; --format fhir only)",
    )  # fmt: skip
    patients = add("patients", cmd_patients, "list patients")
    patients.add_argument("--search", metavar="TEXT", help="name, chart number or birth date")
    patients.add_argument("--all", action="store_true", help="include archived patients")
    add("exercises", cmd_exercises, "list the exercise library").add_argument(
        "--json", action="store_true"
    )
    holds = add("holds", cmd_holds, "did each correction hold? for one patient")
    holds.add_argument("chart_number", metavar="CHART_NUMBER")
    holds.add_argument("--json", action="store_true")
    rename = sub.add_parser(
        "rename-chart",
        help="give a patient another chart number (also on a database an upgrade refused)",
    )
    rename.add_argument("old", metavar="CHART_NUMBER")
    rename.add_argument("new", metavar="NEW_CHART_NUMBER")
    checking = "check the database's integrity and schema version (even a damaged database)"
    check = sub.add_parser("check", help=checking, description=checking)
    check.add_argument(
        "--against", metavar="BACKUP_OR_HEAD",
        help="also compare the audit chain with an earlier backup or a printed chain head",
    )  # fmt: skip
    backup = add("backup", cmd_backup, "make a checked backup (into the backup folder)")
    backup.add_argument("-o", "--output", metavar="FILE", help="write the backup to FILE")
    restore = sub.add_parser(
        "restore",
        help="put a backup in place of the database (the current one is backed up first)",
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_crypt_commands(sub)
    add_migrate_command(sub)
    add_desktop_command(sub)
    report = add("report", cmd_report, "write a PDF handout, visit summary or progress report")
    report.add_argument("chart_number", metavar="CHART_NUMBER")
    report.add_argument("--kind", choices=("handout", "visit", "progress"), required=True)
    report.add_argument("--visit", metavar="DATE", help="visit date (default: the latest)")
    report.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    report.add_argument(
        "--photos", action="store_true", help="handout, progress: add the before/after photos"
    )
    parser.set_defaults(commands=commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    restrict_umask()  # every file from here on is private to this account (GUI included)
    parser = build_parser()
    args = parser.parse_args(argv)
    db_path = Path(args.db).expanduser() if args.db else default_db_path()
    if args.self_test:
        from ui.self_test import run_self_test  # loads Qt, offscreen

        return run_self_test()
    if args.command is None:  # a window: say why it cannot open before Qt aborts over it
        problem = window_problem()
        if problem:
            print(f"holdfast: {problem}", file=sys.stderr)
            return 1
    if args.command == "install-desktop":  # no database involved
        return run_desktop_command(args)
    if args.command == "migrate":  # names both its databases itself
        return run_migrate(args)
    if args.database_url:
        from ui.cli_server import run_on_server  # the server's checks load only for it

        return run_on_server(args)
    if args.command is None:
        return launch_gui(db_path)
    try:
        if args.command in CRYPT_COMMANDS:
            run_crypt_command(args.command, db_path)
            return 0
        passphrase = passphrase_for(db_path)  # None unless the file is encrypted
        if args.command == "rename-chart":
            rename_chart(db_path, args, passphrase)
            return 0
        if args.command == "check":
            return cmd_check(db_path, args.against, passphrase)
        if args.command == "restore":
            lock = lock_instance(db_path)  # never replace the file under an open window
            try:
                cmd_restore(db_path, args, passphrase)
            finally:
                lock.release()
            return 0
        db = open_database(db_path, passphrase)
        warn_about_location(db_path)
        say_repaired(db)
        if db.read_only and args.command in WRITING_COMMANDS:
            db.close()
            raise ReadOnlyDatabase(db.read_only_reason or "")
        try:
            args.commands[args.command](db, args)
        finally:
            db.close()
    except ImportFailed as failure:
        return say_import_failed(failure)
    except (FieldError, SchemaError, LookupError, ValueError, RuntimeError, OSError) as error:
        message = error.args[0] if isinstance(error, LookupError) and error.args else error
        print(f"holdfast: {message}", file=sys.stderr)
        return 1
    except Exception as error:  # a database failure or a bug: a traceback may quote patient data
        print(f"holdfast: {command_failure(error, db_path.parent)}", file=sys.stderr)
        return 1
    return 0


def say_repaired(db: Database) -> None:
    """One line on stderr when opening put back lock triggers someone had removed."""
    if db.repaired_triggers:
        from models.trigger_repair import repair_message

        print(f"holdfast: warning: {repair_message(db.repaired_triggers)}", file=sys.stderr)


def warn_about_location(db_path: Path) -> None:
    """One line on stderr when the database sits where SQLite files get damaged."""
    warning = location_warning(db_path)
    if warning:
        print(f"holdfast: warning: {warning}", file=sys.stderr)


def launch_gui(db_path: Path) -> int:
    """Open the main window (the only place the command line imports Qt)."""
    from ui.app import run_app

    return run_app(db_path)


if __name__ == "__main__":
    sys.exit(main())
