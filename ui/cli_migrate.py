"""`holdfast migrate --from PATH_OR_URL --to PATH_OR_URL`: a practice moved into a clinic
server or back into a file (models/practice_migrate.py does the work).

It needs neither --db nor --database-url: both ends are named here. It prints what it
verified and exits 0, or one line and exits 1, the target as it was.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from models.instance_lock import AlreadyOpen
from models.migrate import SchemaError
from models.opening import UnusableDatabase
from models.paths import default_db_path
from models.practice_copy import MigrateFailed
from models.practice_migrate import Endpoint, MigrateReport, migrate_practice
from models.practice_rows import COPIED_TABLES, counted
from models.read_only import ReadOnlyDatabase
from ui.cli_crypt import passphrase_for
from ui.diagnostics import command_failure

HELP = "move a practice between a database file and a clinic server (verified, all or nothing)"
ADDRESS = "a database file (PATH or sqlite:///PATH) or a server (postgresql+psycopg://…)"


def add_migrate_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`migrate` among the command line's subcommands."""
    migrate = sub.add_parser("migrate", help=HELP, description=HELP[0].upper() + HELP[1:] + ".")
    migrate.add_argument("--from", dest="source", required=True, metavar="PATH_OR_URL",
                         help=f"where the practice is now: {ADDRESS}")  # fmt: skip
    migrate.add_argument("--to", dest="target", required=True, metavar="PATH_OR_URL",
                         help=f"an empty database to move it into: {ADDRESS}")  # fmt: skip


def _keyed(endpoint: Endpoint, new_file_passphrase: str | None = None) -> Endpoint:
    """The passphrase of an encrypted file; a file yet to be made is encrypted with
    `new_file_passphrase` (the source's: a practice never leaves encryption unasked)."""
    if endpoint.path is None:
        return endpoint
    if not endpoint.path.exists():
        return replace(endpoint, passphrase=new_file_passphrase)
    return replace(endpoint, passphrase=passphrase_for(endpoint.path))


def _progress(line: str, done: bool) -> None:
    """A running line per stage on a terminal; only the finished stages otherwise."""
    if sys.stderr.isatty():
        print(f"\r{line}", end="\n" if done else "", file=sys.stderr, flush=True)
    elif done:
        print(line, file=sys.stderr)


def _say(report: MigrateReport) -> None:
    verified = report.verified
    counts = ", ".join(counted(verified.rows[name], name) for name in COPIED_TABLES)
    print(f"Moved the practice from {report.source} to {report.target}.")
    print(f"rows          {counts}")
    print("              each table as in the source, row for row and value for value")
    print(f"signed visits {verified.signed_visits:,} checked: each matches its hash")
    print(f"audit chain   whole; head {verified.head}, the source's")
    print("locks         back on the target, as the schema defines them")


def run_migrate(args: argparse.Namespace) -> int:
    """The `migrate` command: 0 once moved and verified, 1 (one line) otherwise."""
    target = "the target"
    try:
        source = _keyed(Endpoint.parse(args.source, "--from"))
        to = _keyed(Endpoint.parse(args.target, "--to"), source.passphrase)
        target = to.shown
        report = migrate_practice(source, to, _progress)
    except (MigrateFailed, UnusableDatabase, AlreadyOpen, SchemaError, ReadOnlyDatabase) as no:
        print(f"holdfast: {str(no).rstrip('.')}. Nothing was moved; {target} is as it was.",
              file=sys.stderr)  # fmt: skip
        return 1
    except Exception as error:  # a database failure or a bug: a traceback may quote patient data
        print(f"holdfast: {command_failure(error, default_db_path().parent)}", file=sys.stderr)
        return 1
    if report.source_repaired:
        from models.trigger_repair import repair_message

        print(f"holdfast: warning: {repair_message(report.source_repaired)}", file=sys.stderr)
    _say(report)
    return 0
