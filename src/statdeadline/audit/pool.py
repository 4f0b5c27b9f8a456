"""Worker processes, and how the cases are shared between them; their totals are added
up, so the report is the same whatever the number of workers.

- By byte ranges (:mod:`~statdeadline.audit.split`), when the inputs can be split: each
  worker reads only its own part of the input, case after case. Each checks as it goes
  that no case comes back after another (its recent case ids, then all of them, as
  64-bit hashes), and the main process that no case is in two workers' parts; otherwise
  :class:`Scattered` is raised and the audit shares the cases by hash instead.
- By a stable hash of the case id: each worker reads every input and replays the cases
  whose id hashes to it (any order of rows).

The workers are watched: one that dies fails the audit at once (:class:`WorkerError`),
and they do not outlive the main process. Their temporary files (spilled rows, case-id
hashes) are in the audit's scratch folder, which the main process removes once every
worker has ended, however they ended; a worker sent SIGTERM (by the main process ending
it, or because the main process died) first removes its own files."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as _dt
import hashlib
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from ..exceptions import AuditError, WorkerError
from .caseout import CaseParts, open_part
from .model import CaseResult
from .passes import HashRuns, Pass, all_distinct, group_rows
from .periods import PeriodSpec
from .readers import reader_for
from .replay import Replayer
from .rows import Row
from .source import Source
from .split import Span
from .tally import Totals

__all__ = ["PARALLEL_BYTES", "POLL", "Job", "Scattered", "Share", "WorkerError", "run_parallel"]

#: Below this much input (about 200,000 rows of a long-format CSV), starting worker
#: processes costs more than it saves.
PARALLEL_BYTES = 10 << 20
#: Case ids a worker sharing by byte ranges remembers, to find scattered input early.
RECENT_CASES = 20_000


class Scattered(Exception):
    """A case's rows are not together (found by a worker reading a byte range, or by
    the main process adding up their shares): the cases must be shared by hash."""


@attrs.frozen
class Share:
    """What one worker sends back: its totals, and (sharing by byte ranges) the file of
    the sorted 64-bit hashes of the case ids it met, each once."""

    totals: Totals
    case_hashes: str | None = None


@attrs.frozen
class Job:
    """Everything a worker process needs to audit its share of the cases."""

    paths: list[Source]
    mapping: str | os.PathLike[str] | None
    day: _dt.date
    group_by: tuple[str, ...]
    date_format: str | None
    ruleset_options: dict[str, Mapping[str, Any]]
    rules_dirs: tuple[str, ...]  # resolved rules folders (rules.loader.rules_folders)
    grouped: bool
    cwd: str  # where relative paths in the ruleset column are read from
    #: each worker's byte ranges of the inputs (None: share the cases by hash)
    spans: list[list[Span]] | None = None
    #: the per-case output's parts, one per worker, in input order (None: no output)
    parts: CaseParts | None = None
    #: the audit's scratch folder, for the workers' temporary files (spilled rows, the
    #: case-id hashes of their ranges); None: the system's temporary folder
    scratch: str | None = None
    #: the reporting periods the results are tallied in (None: one, every case)
    periods: PeriodSpec | None = None


def _mine(cid: str | None, index: int, workers: int) -> bool:
    """Whether worker ``index`` of ``workers`` audits case ``cid`` (rows with no case id
    go to worker 0). A stable hash, the same in every process."""
    if not cid:
        return index == 0
    return zlib.crc32(cid.encode("utf-8")) % workers == index


#: Seconds between checks on the workers (and progress updates) while they run.
POLL = 0.2


class _Stopped(BaseException):
    """In a worker: SIGTERM arrived (the main process ending it, or dying). Raised by the
    signal's handler, so that the worker's ``finally`` blocks remove its files before it
    dies of the signal (:func:`_child`)."""


def _stop(signum: int, frame: object) -> None:
    signal.signal(signum, signal.SIG_IGN)  # once: nothing interrupts the unwinding
    raise _Stopped


def _die_with_parent(parent: int) -> None:
    """In a worker: be sent SIGTERM when the main process dies (Linux), and on SIGTERM
    unwind (:class:`_Stopped`); ignore Ctrl-C and a hang-up (the main process ends its
    workers itself); go now if the parent is gone."""
    signal.signal(signal.SIGTERM, _stop)
    for sig in _STOPPING[1:]:
        signal.signal(sig, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        # the running program's own symbols include libc's (ctypes.util.find_library
        # would start a subprocess to look for it)
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1
#: The signals that stop an audit: SIGTERM, Ctrl-C's SIGINT and (not on Windows) SIGHUP.
_STOPPING = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


def _child(job: Job, index: int, workers: int, done: Any, conn: Any, parent: int) -> None:
    """A worker process: its share, or what it raised, sent back on ``conn``; a pipe
    the main process has closed ends it quietly. Sent SIGTERM, it unwinds (its files
    removed) and then dies of the signal, as the main process expects."""
    _die_with_parent(parent)
    try:
        _answer(job, index, workers, done, conn)
        # answered, nothing left to remove: SIGTERM (the main process ending the other
        # workers) may end this one as it exits
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except _Stopped:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        os._exit(1)  # not reached: the signal ends the process


def _answer(job: Job, index: int, workers: int, done: Any, conn: Any) -> None:
    """:func:`_child`'s work and its answer."""
    try:
        result: tuple[str, Any] = ("ok", _work(job, index, workers, done))
    except Exception as exc:  # sent back and raised in the main process
        try:
            pickle.dumps(exc)
        except Exception:
            exc = AuditError(str(exc))
        result = ("raise", exc)
    try:
        conn.send(result)
        conn.close()
    except OSError:  # the main process is gone: nobody to tell, no traceback
        os._exit(1)


def _work(job: Job, index: int, workers: int, done: Any) -> Share:
    """One worker: audit its byte ranges of the inputs, or read every input and audit
    the cases whose id hashes to it; write their results to its part of the per-case
    output, if there is one."""
    with contextlib.ExitStack() as stack:
        write = None if job.parts is None else stack.enter_context(open_part(job.parts, index))
        return _share(job, index, workers, done, write)


def _share(
    job: Job, index: int, workers: int, done: Any, write: Callable[[CaseResult], None] | None
) -> Share:
    """:func:`_work` once the worker's part of the per-case output is open."""
    reader = reader_for(job.mapping)
    date_format = job.date_format or reader.date_format
    replayer = Replayer(
        job.day,
        job.group_by,
        date_format,
        job.ruleset_options,
        job.rules_dirs,
        job.cwd,
        job.periods,
    )
    state = Pass(replayer, job.group_by, job.paths, False, write)
    if job.spans is not None:
        spans = job.spans[index]

        def ranges() -> Iterator[Row]:
            for span in spans:
                src = job.paths[span.source]
                part = attrs.evolve(src, start=span.start, end=span.end, line=span.line)
                yield from reader.rows(part)

        hashes = HashRuns(job.scratch or tempfile.gettempdir())
        try:
            with state.warnings_counted(), contextlib.closing(group_rows(ranges(), True)) as cases:
                _feed_all(state, _watched(cases, hashes), done, index)
            merged, distinct = hashes.close()
        except BaseException:  # Scattered, an error, SIGTERM: the runs are of no use
            hashes.discard()
            raise
        if not distinct:
            raise Scattered
        return Share(state.share(), merged)

    def keep(cid: str | None) -> bool:
        return _mine(cid, index, workers)

    def rows() -> Iterator[Row]:
        for p in job.paths:
            yield from reader.rows(p, keep)

    # closed at once however the pass ends, so that a spill file is removed before the
    # worker dies of a SIGTERM
    grouping = group_rows(rows(), job.grouped, job.scratch)
    with state.warnings_counted(), contextlib.closing(grouping) as cases:
        _feed_all(state, cases, done, index)
    return Share(state.share())


def _hash64(cid: str) -> int:
    """A 64-bit hash of a case id, the same in every process (``hash`` is not, spawned)."""
    digest = hashlib.blake2b(cid.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _watched(
    cases: Iterator[tuple[str | None, list[Row]]], hashes: HashRuns
) -> Iterator[tuple[str | None, list[Row]]]:
    """``cases`` as they come, each case id's hash noted in ``hashes``; :class:`Scattered`
    as soon as a case id comes back among the last :data:`RECENT_CASES` or so. (Two case
    ids sharing a 64-bit hash, about once in 10^7 audits of a million cases, would only
    make the audit share its cases by hash: the result is the same.)"""
    recent: set[str] = set()
    for cid, rows in cases:
        if cid is not None:
            if cid in recent:
                raise Scattered
            if len(recent) >= RECENT_CASES:
                recent.clear()
            recent.add(cid)
            hashes.add(_hash64(cid))
        yield cid, rows


def _check_apart(shares: list[Share]) -> None:
    """:class:`Scattered` if two workers' byte ranges hold the same case."""
    found = [s.case_hashes for s in shares if s.case_hashes is not None]
    with contextlib.ExitStack() as stack:
        runs = [stack.enter_context(open(name, "rb")) for name in found]
        if not all_distinct(runs):
            raise Scattered


def _feed_all(
    state: Pass, cases: Iterator[tuple[str | None, list[Row]]], done: Any, index: int
) -> None:
    """Feed every case to ``state``, counting the rows done in ``done[index]`` (this
    worker's own counter: no lock, which a killed worker could leave held)."""
    pending = 0
    for cid, case_rows in cases:
        state.feed(cid, case_rows)
        pending += len(case_rows)
        if pending >= 5000:
            done[index] += pending
            pending = 0
    done[index] += pending


def run_parallel(
    job: Job, workers: int, total: int, progress: Callable[[int, int], None] | None
) -> Totals:
    """Share the cases between ``workers`` processes and add up what they send back.
    ``total`` is the number of rows, or an estimate of it, for ``progress``.

    The workers are watched every :data:`POLL` seconds: one that dies before sending
    its share raises :class:`WorkerError` at once, and whatever ends this call (an
    error, Ctrl-C, a signal the caller turns into an exception) ends every worker still
    running (SIGTERM; SIGKILL for one still running :data:`GRACE` seconds later) and
    waits for it, so the caller may then remove ``job.scratch``. A worker also ends if
    the main process is killed (Linux: it is sent SIGTERM).
    """
    # fork where it is safe (Linux, no other thread running): it does not re-run the
    # caller's __main__, so a script without an `if __name__ == "__main__"` guard works;
    # otherwise spawn, which starts clean interpreters.
    safe_fork = sys.platform.startswith("linux") and threading.active_count() == 1
    ctx: Any = multiprocessing.get_context(
        "fork" if safe_fork else "spawn"
    )  # Any: the stub of BaseContext has no Process
    done = ctx.Array("q", workers, lock=False)  # rows done, per worker
    procs: list[Any] = []
    conns: list[Any] = []
    try:
        for i in range(workers):
            receive, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(
                target=_child,
                args=(job, i, workers, done, send, os.getpid()),
                daemon=True,
                name=f"statdeadline-audit-{i + 1}",
            )
            proc.start()
            send.close()
            procs.append(proc)
            conns.append(receive)
        shares = _collect(procs, conns, done, total, progress)
    finally:
        _end_all(procs)
        for conn in conns:
            conn.close()
    _check_apart(shares)
    first, *rest = (s.totals for s in shares)
    for totals in rest:
        first.add(totals)
    if progress is not None:
        rows = first.counts["rows_read"]
        progress(rows, rows)
    return first


#: Seconds a worker sent SIGTERM has to remove its files and end before it is killed.
GRACE = 5


def _end_all(procs: list[Any]) -> None:
    """End every worker still running, and wait until each has ended (a second Ctrl-C
    meanwhile waits too: the caller must not remove the workers' files before)."""
    with _signals_held():
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(GRACE)
            if proc.is_alive():
                proc.kill()
                proc.join()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """While the block runs, :data:`_STOPPING` signals are held: each one that arrives
    is raised again after the block, to the handler there was before. (Only in the main
    thread, where Python can set handlers; one ignored stays so.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: object) -> None:
        caught.append(signum)

    before: dict[int, Any] = {}
    for sig in _STOPPING:
        handler = signal.getsignal(sig)
        if handler is not None and handler is not signal.SIG_IGN:  # None: set outside Python
            before[sig] = signal.signal(sig, hold)
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(caught):
            signal.raise_signal(sig)


def _collect(
    procs: list[Any],
    conns: list[Any],
    done: Any,
    total: int,
    progress: Callable[[int, int], None] | None,
) -> list[Share]:
    """Each worker's share as it arrives; :class:`WorkerError` as soon as one dies."""
    shares: dict[int, Share] = {}
    while len(shares) < len(procs):
        waiting = [i for i in range(len(procs)) if i not in shares]
        multiprocessing.connection.wait(
            [conns[i] for i in waiting] + [procs[i].sentinel for i in waiting], POLL
        )
        for i in waiting:
            if conns[i].poll():
                try:
                    kind, value = conns[i].recv()
                except EOFError:
                    procs[i].join(5)
                    raise WorkerError(i + 1, len(procs), procs[i].exitcode) from None
                if kind == "raise":
                    raise value
                shares[i] = value
            elif not procs[i].is_alive():
                raise WorkerError(i + 1, len(procs), procs[i].exitcode)
        if progress is not None:
            rows = sum(done)
            progress(rows, max(total, rows))
    return [shares[i] for i in range(len(procs))]
