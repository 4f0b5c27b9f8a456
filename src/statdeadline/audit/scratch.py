"""An audit's temporary files: its scratch folder, and what an audit killed by SIGKILL
left behind, removed by a later audit only when provably stale.

The scratch folder (:func:`scratch_folder`, ``statdeadline-run-...`` in the system's
temporary folder) holds the copy of standard input, rows spilled to disk and the
workers' case-id hashes; the hidden parts of the ``--cases`` file are beside that file
(:mod:`~statdeadline.audit.caseout`). An audit removes them however it ends, except when
its main process is killed with SIGKILL, which no program can act on. So that a later
audit can tell such leftovers from the files of an audit still running, on this machine
or another sharing the folder, the audit holds an exclusive ``flock`` on each of them
(on the scratch folder's ``.lock`` file) for as long as it runs; the kernel releases it
when the process ends, however it ends (its workers, which share it, end with it).

A file is stale, and removed, when a later audit can take that lock at once, **and** it
was made more than :data:`AGE` seconds ago (so that it cannot be one another audit has
only just made and not yet locked), **and** it belongs to this user. Where locks cannot
be taken (Windows; a file system without ``flock``) nothing is removed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, nothing is ever removed
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "AGE",
    "LOCK_NAME",
    "SCRATCH_PREFIX",
    "hold",
    "scratch_folder",
    "stale",
    "sweep_folders",
    "sweep_parts",
]

#: Seconds since it was made before an unlocked leftover counts as stale.
AGE = 60
#: The file, in a scratch folder, whose lock says the folder is in use.
LOCK_NAME = ".lock"
#: The start of the name of an audit's scratch folder, in the system's temporary folder
#: (``TMPDIR``).
SCRATCH_PREFIX = "statdeadline-run-"


@contextlib.contextmanager
def scratch_folder() -> Iterator[str]:
    """A new scratch folder (:data:`SCRATCH_PREFIX`), locked (its :data:`LOCK_NAME`
    file) until it is removed at the end; stale ones removed first."""
    sweep_folders(tempfile.gettempdir(), SCRATCH_PREFIX)
    folder = tempfile.mkdtemp(prefix=SCRATCH_PREFIX)
    lock = None
    try:
        lock = os.open(os.path.join(folder, LOCK_NAME), os.O_CREAT | os.O_RDWR, 0o600)
        if not hold(lock):  # no locks here (Windows): an open file could not be removed
            os.close(lock)
            lock = None
        yield folder
    finally:
        # removed while still locked, so that no other audit takes it for stale
        shutil.rmtree(folder, ignore_errors=True)
        if lock is not None:
            os.close(lock)


def hold(fd: int) -> bool:
    """Take the exclusive lock on the open file ``fd`` for as long as it stays open
    (in this process and those forked from it); whether it could be taken."""
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def stale(path: str | os.PathLike[str], now: float | None = None) -> bool:
    """Whether ``path`` is a regular file of this user's, made more than :data:`AGE`
    seconds ago, whose lock nobody holds (then taken and let go at once)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        now = time.time() if now is None else now
        if not stat.S_ISREG(info.st_mode) or now - info.st_ctime <= AGE:
            return False
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return False
        return hold(fd)
    finally:
        os.close(fd)


def _part_name(name: str) -> re.Pattern[str]:
    """The names of the hidden parts of an output called ``name``
    (:meth:`~statdeadline.audit.caseout.CaseParts.made`: ``.NAME.`` eight characters
    of :func:`tempfile.mkstemp` ``.partN``)."""
    return re.compile(re.escape(f".{name}.") + r"[a-z0-9_]{8}\.part[0-9]+")


def sweep_parts(folder: str | os.PathLike[str], name: str) -> list[str]:
    """Remove the stale parts (:func:`stale`) of the output ``name`` in ``folder``; the
    names of those removed."""
    pattern = _part_name(name)
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if pattern.fullmatch(entry.name) and stale(entry.path):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return sorted(removed)


def sweep_folders(folder: str | os.PathLike[str], prefix: str) -> list[str]:
    """Remove the stale scratch folders (those whose :data:`LOCK_NAME` file is
    :func:`stale`) named ``prefix...`` in ``folder``; the names of those removed."""
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith(prefix) or not entry.is_dir(follow_symlinks=False):
                continue
            if stale(Path(entry.path) / LOCK_NAME):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(entry.name)
    return sorted(removed)
