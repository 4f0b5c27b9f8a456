"""Worker processes: the cases shared between them by a stable hash of the case id, each
worker reading every input and replaying its own cases, and their totals added up, so the
report is the same whatever the number of workers."""

from __future__ import annotations

import datetime as _dt
import multiprocessing
import os
import sys
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from .passes import Pass, group_rows
from .readers import reader_for
from .replay import Replayer
from .rows import Row
from .source import Source
from .tally import Totals

__all__ = ["PARALLEL_ROWS", "Job", "run_parallel"]

PARALLEL_ROWS = 200_000  # below this, starting worker processes costs more than it saves


@attrs.frozen
class Job:
    """Everything a worker process needs to audit its share of the cases."""

    paths: list[Source]
    mapping: str | os.PathLike[str] | None
    day: _dt.date
    group_by: tuple[str, ...]
    date_format: str | None
    ruleset_options: dict[str, Mapping[str, Any]]
    grouped: bool


def _mine(cid: str | None, index: int, workers: int) -> bool:
    """Whether worker ``index`` of ``workers`` audits case ``cid`` (rows with no case id
    go to worker 0). A stable hash, the same in every process."""
    if not cid:
        return index == 0
    return zlib.crc32(cid.encode("utf-8")) % workers == index


_DONE: Any = None  # in a worker process: the shared count of rows done, for progress


def _init_worker(done: Any) -> None:
    global _DONE
    _DONE = done


def _work(job: Job, index: int, workers: int) -> Totals:
    """One worker: read every input, audit the cases that are this worker's."""
    done = _DONE
    reader = reader_for(job.mapping)
    date_format = job.date_format or reader.date_format
    replayer = Replayer(job.day, job.group_by, date_format, job.ruleset_options)
    state = Pass(replayer, job.group_by, job.paths, False, None)

    def keep(cid: str | None) -> bool:
        return _mine(cid, index, workers)

    def rows() -> Iterator[Row]:
        for p in job.paths:
            yield from reader.rows(p, keep)

    pending = 0
    for cid, case_rows in group_rows(rows(), job.grouped):
        state.feed(cid, case_rows)
        pending += len(case_rows)
        if pending >= 5000:
            with done.get_lock():
                done.value += pending
            pending = 0
    with done.get_lock():
        done.value += pending
    return state.share()


def run_parallel(
    job: Job, workers: int, total: int, progress: Callable[[int, int], None] | None
) -> Totals:
    """Share the cases between ``workers`` processes and add up what they send back."""
    # fork where it is safe (Linux, no other thread running): it does not re-run the
    # caller's __main__, so a script without an `if __name__ == "__main__"` guard works;
    # otherwise spawn, which starts clean interpreters.
    safe_fork = sys.platform.startswith("linux") and threading.active_count() == 1
    ctx = multiprocessing.get_context("fork" if safe_fork else "spawn")
    done = ctx.Value("q", 0)
    with ctx.Pool(workers, initializer=_init_worker, initargs=(done,)) as pool:
        pending = pool.starmap_async(_work, [(job, i, workers) for i in range(workers)])
        while not pending.ready():
            pending.wait(0.2)
            if progress is not None:
                progress(min(done.value, total), total)
        shares = pending.get()
    if progress is not None:
        progress(total, total)
    first, *rest = shares
    for share in rest:
        first.add(share)
    return first
