"""The crash harness, fast version (`make stress` runs the long one): children saving through
the services and typing into the real editor of the real app are killed with SIGKILL at
random moments. After every kill: integrity ok, every reported commit present, and what
reopening gives back lacks at most the keys typed in the last RECOVERY_MAX_WAIT (+ margin).
A normal close stores everything and leaves no recovery file (issue 9, finding 1)."""

from __future__ import annotations

from pathlib import Path

from stress.harness import Harness


def test_killed_children_lose_nothing_committed_nor_typing_older_than_the_max_wait(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path, seed=9)
    for _ in range(2):
        harness.kill_editor(typing=(1.5, 3.0))
    for _ in range(4):
        harness.kill_services(running=(0.2, 1.0))
    tally = harness.tally
    assert tally.problems == []
    assert tally.kills == 6 and tally.integrity_failures == 0
    assert tally.committed > 0 and tally.committed_lost == 0
    assert tally.typed > 0 and tally.lost_beyond_wait == 0


def test_a_normal_close_of_the_app_stores_everything_and_leaves_no_recovery_file(
    tmp_path: Path,
) -> None:
    """The real app (`ui.app.run_app`, its background runner): the window closes right after
    the last key, and the app ends as it does for a person."""
    lost, files_left = Harness(tmp_path, seed=9).close_normally(keys_between=(8, 12))
    assert (lost, files_left) == (0, 0)
