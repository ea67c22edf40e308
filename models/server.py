"""Opening a practice kept on a PostgreSQL clinic server (docs/ARCHITECTURE.md#clinic-server).

`--database-url postgresql+psycopg://user@host/db` (or HOLDFAST_DATABASE_URL) opens the
same schema there: the same migrations create and upgrade it, and the database enforces the
same rules as the embedded file (models/server_triggers.py). What belongs to one computer
rather than to the practice (Preferences, the visit editor's recovery file) lives in a
folder of this user's data named after the server, never on the server.
"""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import sessionmaker

from models.database import Database
from models.migrate import ensure_schema
from models.opening import UnusableDatabase
from models.private_files import private_folder
from models.services.library import sync_exercise_library

URL_ENV = "HOLDFAST_DATABASE_URL"
# What libpq says when a password is missing or wrong: the practitioner signs in again.
SIGN_IN_REFUSED = ("no password supplied", "password authentication failed")
SERVER_DRIVER = "postgresql+psycopg"


def server_engine(url: str) -> Engine:
    """An engine over the server at `url` (psycopg 3). Statements are logged without their
    values (patient data), a connection the server dropped is replaced, not used, and the
    server's JIT compiler is off for Holdfast's short queries."""
    # JIT compilation is for long reports: the list's one-page queries looked costly enough
    # to the planner to be compiled, and compiling took 0.4 s of a 0.43 s page.
    return create_engine(
        url,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_size=4,
        connect_args={"options": "-c jit=off"},
    )


def local_folder(url: str) -> Path:
    """This computer's folder for the server at `url` (settings, recovery files): one per
    server and database, named without the password."""
    parsed = make_url(url)
    name = f"{parsed.host or 'local'}-{parsed.port or 5432}-{parsed.database or ''}"
    folder = Path(platformdirs.user_data_dir("Holdfast", appauthor=False)) / "servers"
    return folder / re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def with_password(url: str, password: str) -> str:
    """`url` signed in with `password` (kept in memory only, never written)."""
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def signed_in_as(url: str) -> str:
    """The account a URL signs in as."""
    return make_url(url).username or ""


def safe_url(url: str) -> str:
    """The URL as it may be shown: without its password."""
    return make_url(url).render_as_string(hide_password=True)


def open_server_database(url: str, home: Path | None = None) -> Database:
    """Open (and create or upgrade the schema of) the practice on the server at `url`;
    this computer's files for it go in `home` (default: `local_folder(url)`). Raises
    UnusableDatabase, in words, when the URL is not a PostgreSQL one or the server cannot
    be reached."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UnusableDatabase("bad-url", "The database URL is not one Holdfast reads.") from None
    if parsed.drivername != SERVER_DRIVER:
        raise UnusableDatabase(
            "bad-url",
            f"A clinic server is given as {SERVER_DRIVER}://user@host/database "
            f"(not {parsed.drivername}://…).",
        )
    engine = server_engine(url)
    home = home or local_folder(url)
    private_folder(home)
    try:
        ensure_schema(engine, home / "server")
        factory = sessionmaker(engine, expire_on_commit=False)
        database = Database(home / "server", engine, factory, url=url)
        with database.session() as session:
            sync_exercise_library(session)
    except OperationalError as error:
        engine.dispose()
        if any(words in str(error.orig).lower() for words in SIGN_IN_REFUSED):
            raise UnusableDatabase(
                "sign-in",
                f"The clinic server at {safe_url(url)} did not accept the sign-in of "
                f"{parsed.username or 'this account'}: type the password again.",
            ) from None
        raise UnusableDatabase(
            "unreachable",
            f"The clinic server at {safe_url(url)} cannot be reached "
            f"({_first_line(error)}). Check that it runs and that the address, user and "
            "password are right.",
        ) from None
    except BaseException:
        engine.dispose()
        raise
    return database


def _first_line(error: OperationalError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else "no answer"
