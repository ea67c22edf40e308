"""Sealing the crash-recovery files of an encrypted database
(docs/ARCHITECTURE.md#encryption-at-rest).

A recovery file holds what was typed into a visit before it reached the database: patient
data, so for an encrypted database it is encrypted too. The key is derived from the
database's passphrase with scrypt (n=2^15, r=8, p=1: about 0.1 s and 32 MiB, so guessing
is as slow here as against the database) and a random salt kept beside the drafts; each
file is sealed with AES-256-GCM, its file name bound in as associated data so a file
renamed onto another visit does not open. The key is derived once per folder and
passphrase and kept in memory only.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from models.private_files import private_folder, write_private

MAGIC = b"HOLDFAST-SEALED-DRAFT-1\n"  # a sealed file begins with this; a plain one with "{"
SALT_FILE = ".draft-salt"
SALT_BYTES, NONCE_BYTES = 16, 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


def is_sealed(blob: bytes) -> bool:
    """Whether `blob` is a sealed recovery file (else plain JSON)."""
    return blob.startswith(MAGIC)


def seal(folder: Path, name: str, data: bytes, passphrase: str) -> bytes:
    """`data` encrypted for the file `name` in the drafts `folder`."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_derive(passphrase, _salt(folder, create=True))).encrypt(
        nonce, data, name.encode()
    )
    return MAGIC + nonce + sealed


def unseal(folder: Path, name: str, blob: bytes, passphrase: str) -> bytes:
    """The data of a sealed file; ValueError when the passphrase or the salt do not open
    it, or it was altered or renamed."""
    body = blob[len(MAGIC) :]
    nonce, sealed = body[:NONCE_BYTES], body[NONCE_BYTES:]
    try:
        key = _derive(passphrase, _salt(folder, create=False))
        return AESGCM(key).decrypt(nonce, sealed, name.encode())
    except InvalidTag:
        raise ValueError("the recovery file does not open with this passphrase") from None


@lru_cache(maxsize=4)
def _derive(passphrase: str, salt: bytes) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(passphrase.encode("utf-8"))


def _salt(folder: Path, create: bool) -> bytes:
    """The folder's salt, made (0600) the first time a file in it is sealed. Reading never
    makes one: a new salt would lock every draft sealed with the old one out for good."""
    path = folder / SALT_FILE
    try:
        salt = path.read_bytes()
    except FileNotFoundError:
        if not create:
            raise ValueError("the drafts' salt file is missing") from None
        salt = b""
    if len(salt) == SALT_BYTES:
        return salt
    if not create:
        raise ValueError("the drafts' salt file is damaged")
    salt = os.urandom(SALT_BYTES)
    private_folder(folder)
    partial = path.with_name(SALT_FILE + ".new")
    write_private(partial, salt)
    os.replace(partial, path)  # never half a salt in place
    return salt
