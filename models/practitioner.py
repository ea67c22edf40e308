"""Who the audit trail names for a change: the practitioner set in Preferences, or, when no
name is set there, the computer account that ran Holdfast.

An audit trail that says "unnamed user" answers nothing; the account name at least says
which login on which computer made the change, and it is labelled as an account so nobody
reads it as a person's signature.
"""

from __future__ import annotations

import getpass

from models.settings import Settings

ACCOUNT = "account"


def computer_account() -> str:
    """'account jdoe': the account this process runs as (from the environment or the
    system's user database, as getpass finds it)."""
    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError, ImportError):  # no name in the environment nor the system
        name = ""
    return f"{ACCOUNT} {name}" if name else f"{ACCOUNT} of this computer (its name is not set)"


def practitioner(settings: Settings) -> str:
    """The name an audit event records for a change made under `settings`."""
    return settings.signer or computer_account()
