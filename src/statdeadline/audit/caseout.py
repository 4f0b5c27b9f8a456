"""Per-case output the audit writes itself, from one process or several: each writer
(the main process, or each worker) writes its own part, a temporary file in the output's
folder; once the audit has finished, the parts are joined in input order into the first
and it replaces the output file (written whole or not at all: an audit that fails or is
interrupted removes its parts and leaves the previous file as it was).

A part is a hidden file beside the output, ``.NAME.`` eight random characters
``.partN``, locked by the audit while it runs; the parts of an earlier audit of the same
output that was killed (SIGKILL) are removed when provably stale
(:mod:`~statdeadline.audit.scratch`)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import attrs

from .model import CaseResult
from .scratch import hold, sweep_parts

__all__ = ["CaseOutput", "CaseParts", "open_part"]

#: Given a part's text file and whether the part begins the output (a CSV writer writes
#: its header only then), what to call with each case's result.
PartWriter = Callable[[TextIO, bool], Callable[[CaseResult], None]]


@attrs.frozen
class CaseOutput:
    """Where the audit writes every case's result: the file ``path`` and, for each part
    of it, the writer (:data:`PartWriter`; it must pickle where workers are spawned)."""

    path: Path
    writer: PartWriter


@attrs.frozen
class CaseParts:
    """The part files of one :class:`CaseOutput`, one per writer, in input order."""

    output: CaseOutput
    paths: tuple[str, ...]

    @classmethod
    @contextlib.contextmanager
    def made(cls, output: CaseOutput, count: int) -> Iterator[CaseParts]:
        """``count`` empty parts beside the output, each locked until the end, then
        removed unless :meth:`commit` has made them the output; an ``OSError`` names the
        output. Stale parts of the same output are removed first."""
        target = Path(output.path)
        folder = target.parent or Path(".")
        sweep_parts(folder, target.name)
        paths: list[str] = []
        locks: list[int] = []  # open, so held, until the parts are gone
        try:
            try:
                for i in range(count):
                    fd, name = tempfile.mkstemp(
                        prefix=f".{target.name}.", suffix=f".part{i + 1}", dir=folder
                    )
                    paths.append(name)
                    if hold(fd):
                        locks.append(fd)
                    else:  # no locks here (Windows): an open file could not be renamed
                        os.close(fd)
            except OSError as exc:
                raise _naming(exc, target) from None
            yield cls(output, tuple(paths))
        finally:
            for name in paths:
                Path(name).unlink(missing_ok=True)
            for fd in locks:
                os.close(fd)

    def clear(self) -> None:
        """Empty every part (before the audit starts again another way)."""
        for name in self.paths:
            os.truncate(name, 0)

    def commit(self) -> None:
        """Join the parts, in order, into the first, and make it the output file (with
        the mode of the file it replaces, or the default one)."""
        target = Path(self.output.path)
        first, *rest = self.paths
        try:
            with open(first, "ab") as out:
                for name in rest:
                    with open(name, "rb") as part:
                        shutil.copyfileobj(part, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
            os.chmod(first, mode)
            os.replace(first, target)
        except OSError as exc:
            raise _naming(exc, target) from None


@contextlib.contextmanager
def open_part(parts: CaseParts, index: int) -> Iterator[Callable[[CaseResult], None]]:
    """What to call with each case's result to write part ``index`` (emptied first);
    the part is closed, its text all written, at the end."""
    target = Path(parts.output.path)
    try:
        # closed by the exit stack below, which names the output if closing fails
        fh = open(parts.paths[index], "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise _naming(exc, target) from None
    with contextlib.ExitStack() as stack:
        stack.callback(_closing, fh, target)
        write = parts.output.writer(fh, index == 0)

        def guarded(result: CaseResult) -> None:
            try:
                write(result)
            except OSError as exc:  # a full disk: name the output, not the part
                raise _naming(exc, target) from None

        yield guarded


def _closing(fh: TextIO, target: Path) -> None:
    try:
        fh.close()
    except OSError as exc:
        raise _naming(exc, target) from None


def _naming(exc: OSError, target: Path) -> OSError:
    """``exc`` naming the output file rather than a part of it."""
    return OSError(exc.errno, exc.strerror or str(exc), str(target))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
