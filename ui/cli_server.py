"""The command line on a clinic server (`holdfast --database-url …`, docs/ARCHITECTURE.md
#clinic-server): the window, the commands that work on any database, and `check`, which on
a server looks at what the server holds (locks, signed visits, the audit chain) and leaves
the file-only checks (SQLite's own, WAL, backups) to the server's tools."""

from __future__ import annotations

import argparse
import sys

from charting.errors import FieldError
from models.database import Database
from models.exchange_format import ImportFailed
from models.migrate import SchemaError
from models.opening import UnusableDatabase
from models.server import open_server_database
from models.services.chain import compare_with_printed, parse_printed_head
from models.services.tamper import tamper_report
from ui.cli_check import tamper_lines
from ui.diagnostics import say_import_failed

SERVER_COMMANDS = {
    "demo", "import", "export", "patients", "exercises", "holds", "report", "check",
}  # fmt: skip


def server_check(db: Database, against: str | None) -> int:
    """`holdfast check` on a server: 0 when all is well, 1 when something is wrong."""
    print(f"database      {db.location}")
    with db.engine.connect() as connection:
        report = tamper_report(connection)
        for line in tamper_lines(report):
            print(line)
        if against is None:
            return 0 if report.ok else 1
        printed = parse_printed_head(against)
        if printed is None:
            print(f"against       {against}: not a printed chain head (like 'audit 1,234 · "
                  "3f2a9c1b4e5d'); a server has no backup files to compare with")  # fmt: skip
            return 1
        problem = compare_with_printed(connection, *printed)
    head = f"the printed head audit {printed[0]:,} · {printed[1]}"
    print(f"against       {head}: {problem or 'the chain continues it unchanged'}")
    return 0 if report.ok and not problem else 1


def run_on_server(args: argparse.Namespace) -> int:
    """A command on the clinic server at --database-url. What works on the database file
    itself (backup, restore, encryption) is the server's own tools' work there."""
    if args.command is None:
        from ui.server_start import run_server_app  # the one place Qt is imported for it

        return run_server_app(args.database_url)
    if args.command not in SERVER_COMMANDS:
        print(
            f"holdfast: `holdfast {args.command}` works on a database file, not on a clinic "
            "server (back a server up with pg_dump). Commands that work there: "
            + ", ".join(sorted(SERVER_COMMANDS))
            + ".",
            file=sys.stderr,
        )
        return 1
    try:
        db = open_server_database(args.database_url)
    except UnusableDatabase as refused:
        print(f"holdfast: {refused}", file=sys.stderr)
        return 1
    try:
        if args.command == "check":
            return server_check(db, args.against)
        args.commands[args.command](db, args)
    except ImportFailed as failure:
        return say_import_failed(failure)
    except (FieldError, SchemaError, LookupError, ValueError, RuntimeError, OSError) as error:
        message = error.args[0] if isinstance(error, LookupError) and error.args else error
        print(f"holdfast: {message}", file=sys.stderr)
        return 1
    finally:
        db.close()
    return 0
