"""The last resort for an error nobody foresaw: a sentence for the person, a log for a developer.

Neither may hold patient data. The sentence names only the error's kind; the log holds the
stack and the kinds of the errors (`ui.messages.trace_without_values`), never their
messages, which can quote SQL parameters or stored text. Qt-free: the command line uses it.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from models.connect import DRIVER_ERRORS
from models.exchange_format import ImportFailed
from models.private_files import private_folder, write_private
from ui.messages import error_text, is_ours, trace_without_values

LOG_FOLDER = "logs"


def write_log(error: BaseException, data_folder: Path) -> Path | None:
    """Write where `error` happened to `logs/` in the data folder; None if that failed too
    (a full disk is one reason a command fails)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = data_folder / LOG_FOLDER / f"holdfast-error-{stamp}.log"
    try:
        private_folder(path.parent)
        write_private(path, trace_without_values(error).encode("utf-8"))
    except OSError:
        return None
    return path


def command_failure(error: BaseException, data_folder: Path) -> str:
    """One line for the command line: a database or file failure in words; anything else
    as unexpected, with where its log was written."""
    if is_ours(error) or isinstance(error, (SQLAlchemyError, OSError, *DRIVER_ERRORS)):
        return error_text(error)
    log = write_log(error, data_folder)
    where = f"; what happened (without patient data) is in {log}" if log else ""
    return (
        f"an unexpected error stopped the command ({type(error).__name__}){where}. Try again; "
        "if it happens again, send that file to whoever supports your Holdfast."
    )


def say_import_failed(failure: ImportFailed) -> int:
    for line in failure.errors[:50]:
        print(line, file=sys.stderr)
    more = len(failure.errors) - 50
    if more > 0:
        print(f"... and {more} more", file=sys.stderr)
    print("Nothing was imported.", file=sys.stderr)
    return 1
