"""What an audit killed by SIGKILL left behind is removed by a later audit only when
provably stale: nobody holds its lock, it was made more than ``scratch.AGE`` seconds ago,
and its name is one the audit gives (tests/unit/test_audit_interrupts.py has the
end-to-end tests, with real processes)."""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from statdeadline.audit import scratch

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no flock on Windows")


@pytest.fixture
def old(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as made long enough ago (the files here are just made)."""
    monkeypatch.setattr(scratch, "AGE", -1)


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A part of ``cases.csv`` whose lock is held (by an open file of this process's,
    as a running audit holds it)."""
    path = tmp_path / ".cases.csv.live0000.part1"
    path.write_text("a running audit's part\n")
    fd = os.open(path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    yield path
    os.close(fd)


def test_only_unlocked_parts_of_the_output_are_removed(
    tmp_path: Path, old: None, locked: Path
) -> None:
    """Of the hidden files beside ``cases.csv``, the unlocked parts of it go; its
    locked part, another output's part, the report's temporary file and a name the
    audit does not give stay."""
    names = [
        ".cases.csv.abcdefgh.part1",  # removed
        ".cases.csv.x_1y2z3w.part12",  # removed
        ".other.csv.abcdefgh.part1",  # another output's
        ".cases.csv.abcdefgh.tmp",  # a report's temporary file (cli atomic_output)
        ".cases.csv.abc.part1",  # not eight characters: not a name mkstemp gives
        "cases.csv",
    ]
    for name in names:
        (tmp_path / name).write_text("x")
    assert scratch.sweep_parts(tmp_path, "cases.csv") == [
        ".cases.csv.abcdefgh.part1",
        ".cases.csv.x_1y2z3w.part12",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[2:], locked.name])


def test_a_part_just_made_is_not_removed(tmp_path: Path) -> None:
    """An unlocked part made less than scratch.AGE (60) seconds ago stays: it may be one
    another audit has just made and not yet locked."""
    (tmp_path / ".cases.csv.abcdefgh.part1").write_text("x")
    assert scratch.sweep_parts(tmp_path, "cases.csv") == []
    assert [p.name for p in tmp_path.iterdir()] == [".cases.csv.abcdefgh.part1"]


def test_a_part_is_stale_60_seconds_after_it_was_made(tmp_path: Path) -> None:
    """The age is counted from the file's change time: 61 seconds on it is stale, 59
    seconds on it is not (``now`` given)."""
    path = tmp_path / ".cases.csv.abcdefgh.part1"
    path.write_text("x")
    made = path.stat().st_ctime
    assert (scratch.stale(path, now=made + 59), scratch.stale(path, now=made + 61)) == (False, True)


def test_a_symlink_is_not_followed(tmp_path: Path, old: None) -> None:
    """A part name that is a symlink is left alone, and so is what it points to."""
    target = tmp_path / "precious.txt"
    target.write_text("x")
    (tmp_path / ".cases.csv.abcdefgh.part1").symlink_to(target)
    assert scratch.sweep_parts(tmp_path, "cases.csv") == []
    assert target.read_text() == "x"


def test_only_unlocked_scratch_folders_are_removed(tmp_path: Path, old: None) -> None:
    """Of the folders in the temporary folder: one of ours whose lock file nobody
    holds goes, with what is in it; a locked one, one without a lock file (not
    provably ours) and another program's stay."""
    stale_one = tmp_path / "statdeadline-run-aaaaaaaa"
    live = tmp_path / "statdeadline-run-bbbbbbbb"
    unlocked = tmp_path / "statdeadline-run-cccccccc"
    other = tmp_path / "statdeadline-audit-dddddddd"
    for folder in (stale_one, live, unlocked, other):
        folder.mkdir()
        (folder / "stdin.csv").write_text("case_id\n")
    for folder in (stale_one, live, other):
        (folder / scratch.LOCK_NAME).write_text("")
    fd = os.open(live / scratch.LOCK_NAME, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert scratch.sweep_folders(tmp_path, "statdeadline-run-") == [stale_one.name]
    finally:
        os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [live.name, unlocked.name, other.name]
    )
