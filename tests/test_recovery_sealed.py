"""The crash-recovery files of an encrypted database are sealed with a key derived from its
passphrase (no typed word in their bytes), private (0600) whatever the umask, and still
bring the typing back after Holdfast is killed (a real child process, SIGKILL)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from models.database import open_database
from models.records import PatientDraft
from models.services.patients import create_patient
from models.services.visits import list_visits
from tests.test_visit_workflow_recovery import CHILD, ROOT, open_editor, wait_for_line
from ui.actions import visits as visit_actions
from ui.editor.recovery import RecoveryJob, read_recovery, recovery_path, write_recovery

PASSPHRASE = "sealed drafts ü 'q'"
ENCRYPTED_CHILD = CHILD.replace(
    "open_database(Path(sys.argv[1]))",
    "open_database(Path(sys.argv[1]), os.environ['HOLDFAST_PASSPHRASE'])",
).replace("import sys\n", "import os\nimport sys\n", 1)


def test_a_recovery_file_is_sealed_and_private_under_umask_022(tmp_path: Path) -> None:
    path = recovery_path(tmp_path / "holdfast.sqlite3", 3, 9)
    old = os.umask(0o022)
    try:
        RecoveryJob(path, {"raw": {"note": "Hamstring-Zebra"}}, PASSPHRASE)()
    finally:
        os.umask(old)
    assert b"Hamstring-Zebra" not in path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert read_recovery(path, PASSPHRASE) == {"raw": {"note": "Hamstring-Zebra"}}
    assert read_recovery(path, "another passphrase") is None
    assert read_recovery(path) is None  # sealed: nothing without the passphrase
    renamed = path.with_name("visit-10.json")
    path.rename(renamed)  # a sealed file moved onto another visit does not open
    assert read_recovery(renamed, PASSPHRASE) is None


def test_a_plain_databases_recovery_file_is_private_too(tmp_path: Path) -> None:
    path = recovery_path(tmp_path / "holdfast.sqlite3", 3, None)
    old = os.umask(0o022)
    try:
        write_recovery(path, {"raw": {}})
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_killed_app_on_an_encrypted_database_reopens_with_the_draft(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    db = open_database(db_path, PASSPHRASE)
    patient_id = create_patient(db, PatientDraft("K-1", "Kai", "Nordin"), "test")
    db.close()
    env = {
        **os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
        "HOLDFAST_PASSPHRASE": PASSPHRASE,
    }  # fmt: skip
    child = subprocess.Popen(
        [sys.executable, "-c", ENCRYPTED_CHILD, str(db_path), str(patient_id)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    visit_id = int(wait_for_line(child, "SAVED").split()[1])
    wait_for_line(child, "TYPED")
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL

    path = recovery_path(db_path, patient_id, visit_id)
    assert b"Typed before the kill" not in path.read_bytes()
    assert b"left_tilt_deg" not in path.read_bytes()
    db = open_database(db_path, PASSPHRASE)
    try:
        (visit,) = list_visits(db, patient_id)
        assert visit.id == visit_id
        recovery = read_recovery(path, PASSPHRASE)
        assert recovery is not None and recovery["raw"]["pre"]["numbers"]["left_tilt_deg"] == "50"
        context, editor = open_editor(qtbot, db)
        visit_actions.open_visit(context, editor, visit_id)
        assert editor.subjective.text.toPlainText() == "Typed before the kill"
        assert editor.objective.pre.numbers["left_tilt_deg"].text() == "50"
        assert "Restored input" in editor.ui.message.text()
    finally:
        db.close()


@pytest.mark.parametrize("word", ["Weak-Left-Glutes"])
def test_typing_in_the_editor_never_reaches_the_disk_in_plaintext(
    qtbot: QtBot, db_path: Path, word: str
) -> None:
    db = open_database(db_path, PASSPHRASE)
    patient_id = create_patient(db, PatientDraft("K-2", "Ola", "Berg"), "test")
    context, editor = open_editor(qtbot, db)
    visit_actions.new_visit(context, editor, patient_id)
    qtbot.keyClicks(editor.assessment.reasoning, word)
    qtbot.keyClicks(editor.subjective.running.edit, "25x")  # invalid: kept in the file
    editor.session.save_now()
    (visit,) = list_visits(db, patient_id)
    path = recovery_path(db.path, patient_id, visit.id)
    qtbot.waitUntil(path.exists, timeout=3000)
    db.close()
    for file in db_path.parent.rglob("*"):
        if file.is_file():
            assert word.encode() not in file.read_bytes(), file.name


def test_opening_a_draft_never_replaces_a_missing_salt(tmp_path: Path) -> None:
    """A missing salt makes the sealed drafts unreadable; reading must not make a new one
    (that would lock them out for good if the salt comes back from a backup)."""
    from models.draft_cipher import SALT_FILE, seal, unseal

    blob = seal(tmp_path, "draft-1.json", b"typed", "pass phrase")
    assert unseal(tmp_path, "draft-1.json", blob, "pass phrase") == b"typed"
    salt = (tmp_path / SALT_FILE).read_bytes()
    (tmp_path / SALT_FILE).unlink()
    with pytest.raises(ValueError, match="salt"):
        unseal(tmp_path, "draft-1.json", blob, "pass phrase")
    assert not (tmp_path / SALT_FILE).exists()
    (tmp_path / SALT_FILE).write_bytes(salt)  # put back from a backup: the draft opens
    assert unseal(tmp_path, "draft-1.json", blob, "pass phrase") == b"typed"
