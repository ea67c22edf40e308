"""The passphrase on the command line, and `holdfast encrypt` / `holdfast decrypt`
(docs/ARCHITECTURE.md#encryption-at-rest).

Scripts give the passphrase in HOLDFAST_PASSPHRASE; a person at a terminal types it (twice
for a new one); with neither, the command stops with one line saying so. It is never
written anywhere.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from models.connect import is_encrypted
from models.conversion import ConversionFailed, convert_backups, decrypt_file, encrypt_file
from models.conversion import passphrase_problem as weak
from models.instance_lock import lock_instance
from models.opening import inspect_database

PASSPHRASE_ENV = "HOLDFAST_PASSPHRASE"
CRYPT_COMMANDS = ("encrypt", "decrypt")
LOST = (
    "Nobody can recover a lost passphrase, Holdfast included: without it the records "
    "and their backups cannot be read. Keep it somewhere safe."
)


def passphrase_for(db_path: Path) -> str | None:
    """The passphrase of the encrypted database at `db_path`: HOLDFAST_PASSPHRASE, else
    typed at the terminal; None for a plaintext or missing file, or when there is no
    terminal to ask (opening then refuses the file in one line, naming the variable)."""
    if not is_encrypted(db_path):
        return None
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(f"Passphrase for {db_path}: ") or None


def new_passphrase() -> str:
    """A new passphrase: HOLDFAST_PASSPHRASE, else typed twice at the terminal."""
    given = os.environ.get(PASSPHRASE_ENV)
    if not given:
        if not sys.stdin.isatty():
            raise ConversionFailed(
                f"No passphrase given: set {PASSPHRASE_ENV}, or run the command in a terminal "
                "to type it. Nothing was changed."
            )
        print(LOST, file=sys.stderr)
        given = getpass.getpass("New passphrase: ")
        if getpass.getpass("The same passphrase again: ") != given:
            raise ConversionFailed("The two passphrases differ. Nothing was changed.")
    problem = weak(given)
    if problem:
        raise ConversionFailed(f"{problem} Nothing was changed.")
    return given


def add_crypt_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`encrypt` and `decrypt` on the command line's subcommands."""
    sub.add_parser(
        "encrypt",
        help="encrypt the database and its backups with a passphrase (SQLCipher)",
        description=f"Encrypt the database, its backups and drafts in place. {LOST}",
    )
    sub.add_parser(
        "decrypt",
        help="turn an encrypted database and its backups back into plain SQLite files",
    )


def run_crypt_command(command: str, db_path: Path) -> None:
    """Encrypt or decrypt the database at `db_path`, its backups and its recovery files,
    with nothing else holding it open."""
    lock = lock_instance(db_path)  # never convert the file under an open window
    try:
        if command == "encrypt":
            _encrypt(db_path)
        else:
            _decrypt(db_path)
    finally:
        lock.release()


def _encrypt(db_path: Path) -> None:
    if not db_path.exists():
        raise ConversionFailed(f"There is no database at {db_path}.")
    if is_encrypted(db_path):
        raise ConversionFailed(f"{db_path} is already encrypted; nothing was changed.")
    inspect_database(db_path)  # refuses a damaged or foreign file unchanged
    passphrase = new_passphrase()
    encrypt_file(db_path, passphrase)
    print(f"Encrypted {db_path} (SQLCipher 4, AES-256).")
    _follow(db_path, None, passphrase)


def _decrypt(db_path: Path) -> None:
    if not is_encrypted(db_path):
        raise ConversionFailed(f"{db_path} is not encrypted; nothing was changed.")
    passphrase = passphrase_for(db_path)
    if passphrase is None:
        raise ConversionFailed(
            f"{db_path} is encrypted: set {PASSPHRASE_ENV} or run the command in a terminal "
            "to type its passphrase. Nothing was changed."
        )
    inspect_database(db_path, passphrase)  # a wrong passphrase: one line, nothing changed
    decrypt_file(db_path, passphrase)
    print(f"Decrypted {db_path}: it is a plain SQLite file again, readable by anyone who has it.")
    _follow(db_path, passphrase, None)


def _follow(db_path: Path, old: str | None, new: str | None) -> None:
    """Backups and recovery files follow the database; say which could not."""
    # Imported here: the GUI's start reads this module (the command line's parser) and
    # needs neither the editor's recovery files nor their cipher then.
    from ui.editor.recovery import convert_recovery_files

    left = convert_backups(db_path, old, new)
    drafts = convert_recovery_files(db_path, old, new)
    state = "encrypted" if new else "decrypted"
    print(f"Backups and {drafts} recovery file(s) {state} too.")
    if left:
        names = ", ".join(p.name for p in left)
        still = "unencrypted" if new else "encrypted"
        print(
            f"holdfast: warning: {len(left)} backup(s) could not be converted and remain "
            f"{still}: {names}. Delete them or convert them again.",
            file=sys.stderr,
        )
