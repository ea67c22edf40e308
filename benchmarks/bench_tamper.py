"""What tamper evidence and encryption cost (issue 10): writing an audit event into the
hash chain, `holdfast check`'s verification of a long chain and every signed visit, saving
a draft on a plaintext and on an encrypted database, and opening an encrypted one (its
key derivation, SQLCipher's 256,000 PBKDF2 iterations, is slow on purpose).

Run with `make bench`; HOLDFAST_BENCH_EVENTS sets the chain length (default 100,000).
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.timing import run_times
from models.audit import event_values
from models.audit_chain import append_event
from models.connect import passphrase_opens
from models.database import Database, open_database
from models.services.chain import first_break
from models.services.demo import load_demo
from models.services.patients import patient_id_for_chart
from models.services.tamper import tamper_report
from models.services.visits import list_visits, save_draft

PASSPHRASE = "correct horse battery staple"
REPEAT = 20


def long_chain(db: Database, events: int) -> float:
    """Append `events` audit events in one transaction; seconds per event."""
    start = time.perf_counter()
    with db.engine.begin() as connection:
        for number in range(events):
            values = event_values(
                "bench", "update", "visit", 1, {"n": number}, {"n": number + 1}, patient_id=1
            )
            append_event(connection, values)
    return (time.perf_counter() - start) / events


def draft_save(db: Database) -> float:
    """Median seconds to save a changed draft (one commit with synchronous=FULL)."""
    patient = patient_id_for_chart(db, "R-001")
    draft = list_visits(db, patient)[-1].draft
    visit = save_draft(db, patient, draft, "bench")
    counter = iter(range(10**6))

    def save() -> None:
        changed = replace(draft, correction=f"bench {next(counter)}")
        save_draft(db, patient, changed, "bench", visit)

    return run_times(save, REPEAT)[0]


def main() -> None:
    events = int(os.environ.get("HOLDFAST_BENCH_EVENTS", "100000"))
    folder = Path(tempfile.mkdtemp(prefix="holdfast-bench-"))
    plain = open_database(folder / "plain.sqlite3")
    load_demo(plain, "bench")
    print(f"   append an audit event: {long_chain(plain, events) * 1e6:.0f} µs each")
    with plain.engine.connect() as connection:
        seconds, _ = run_times(lambda: first_break(connection), 3)
        print(f"   verify a chain of {events:,} events: {seconds:.2f} s")
        seconds, _ = run_times(lambda: tamper_report(connection), 3)
        print(f"   whole tamper check (triggers, signed visits, chain): {seconds:.2f} s")
    print(f"   save a draft, plaintext: {draft_save(plain) * 1000:.1f} ms")
    plain.close()
    encrypted = open_database(folder / "encrypted.sqlite3", PASSPHRASE)
    load_demo(encrypted, "bench")
    print(f"   save a draft, encrypted: {draft_save(encrypted) * 1000:.1f} ms")
    encrypted.close()
    path = folder / "encrypted.sqlite3"
    seconds, _ = run_times(lambda: passphrase_opens(path, PASSPHRASE), 5)
    print(f"   check a passphrase (key derivation): {seconds:.2f} s")
    start = time.perf_counter()
    open_database(path, PASSPHRASE).close()
    print(f"   open the encrypted demo database: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
