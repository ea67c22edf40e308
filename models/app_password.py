"""The app password: stored only as a salted scrypt hash in settings.json, and the check
that unlocks the app lock (docs/ARCHITECTURE.md#app-lock).

The lock keeps a passer-by out of an unattended, unlocked Holdfast; it does not protect the
files from someone who copies them (encryption at rest does that). The hash is strong anyway
(scrypt at OWASP's minimum cost, N=2^17, r=8, p=1: about 0.4 s and 128 MiB per check) because
people reuse passwords, and settings.json may be read by whoever holds a backup of the folder.
The cost is stored with each hash, so it can rise later without breaking stored ones.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Protocol

from charting.errors import FieldError
from models.settings import Settings

SCHEME = "scrypt"
COST, BLOCK, PARALLEL = 2**17, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
MEMORY_LIMIT = 256 * 1024 * 1024  # scrypt needs 128 * N * r bytes: 128 MiB at this cost
PASSWORD_FIELD = "App password"


class Verifier(Protocol):
    """Says whether `password` unlocks Holdfast (slow by design: call it off the GUI thread)."""

    def __call__(self, password: str) -> bool: ...


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(password: str, salt: bytes, cost: int, block: int, parallel: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=cost, r=block, p=parallel,
        maxmem=MEMORY_LIMIT, dklen=KEY_BYTES,
    )  # fmt: skip


def hash_password(password: str) -> str:
    """'scrypt$N$r$p$salt$key' for a new random salt: what settings.json stores."""
    salt = os.urandom(SALT_BYTES)
    key = _derive(password, salt, COST, BLOCK, PARALLEL)
    return "$".join((SCHEME, str(COST), str(BLOCK), str(PARALLEL), _b64(salt), _b64(key)))


def password_matches(stored: str, password: str) -> bool:
    """Whether `password` is the one `stored` (from hash_password) was made from; a stored
    value that is not such a hash matches nothing."""
    try:
        scheme, cost, block, parallel, salt, key = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(key, validate=True)
        derived = _derive(password, base64.b64decode(salt, validate=True),
                          int(cost), int(block), int(parallel))  # fmt: skip
    except ValueError:  # not six fields, not numbers, not base64, or scrypt refused the cost
        return False
    return hmac.compare_digest(derived, expected)


def unlock_verifier(settings: Settings, passphrase: str | None = None) -> Verifier | None:
    """What unlocks Holdfast: the passphrase the encrypted database was opened with (given
    as `passphrase`; it proved itself against the file then), else the app password; None
    when neither is set (anyone may unlock)."""
    if passphrase is not None:
        expected = passphrase.encode()
        return lambda typed: hmac.compare_digest(typed.encode(), expected)
    if settings.app_password:
        stored = settings.app_password
        return lambda password: password_matches(stored, password)
    return None


@dataclass(frozen=True)
class PasswordChange:
    """What Preferences asks for: keep, set (`new`) or remove the app password, proved with
    the `current` one when one is set."""

    current: str = ""
    new: str | None = None
    remove: bool = False

    @property
    def changes_anything(self) -> bool:
        return self.remove or self.new is not None

    def apply(self, stored: str) -> str:
        """The hash to store from now on ('' for none). Raises FieldError when a password is
        set and `current` is not it. Slow (scrypt): call it off the GUI thread."""
        if not self.changes_anything:
            return stored
        if stored and not password_matches(stored, self.current):
            raise FieldError(PASSWORD_FIELD, "the current password is not right")
        if self.remove or not self.new:
            return ""
        return hash_password(self.new)
