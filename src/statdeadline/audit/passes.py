"""One pass over the input: rows grouped into cases, each case replayed and tallied.

Memory stays flat when each case's rows are contiguous (any order within a case), which
:func:`prescan` checks in a first quick pass over the case ids (in flat memory too);
otherwise :func:`group_rows` holds the rows by case, in memory up to a bound and past it
in a temporary SQLite file.
"""

from __future__ import annotations

import array
import contextlib
import heapq
import itertools
import os
import pickle
import sqlite3
import tempfile
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from ..exceptions import AuditError, HorizonWarning
from .model import CaseResult, Rejection
from .replay import Replayer
from .rows import Row
from .source import Source
from .tally import Totals

__all__ = ["HashRuns", "Pass", "all_distinct", "group_rows", "prescan"]


def group_rows(
    rows: Iterable[Row], grouped: bool, folder: str | None = None
) -> Generator[tuple[str | None, list[Row]], None, None]:
    """Cases and their rows. Rows with no case id come out one by one as ``(None, [row])``.

    Grouped input streams, case after case. Otherwise rows are held by case in memory,
    and past :data:`SPILL_ROWS` rows moved to a temporary SQLite file in ``folder``
    (default: the system's temporary folder; :func:`_spilled`): the cases then come out
    in case-id order rather than the order they first appear in, which changes nothing
    the audit counts. The file is removed when the generator ends or is closed: close
    it (``contextlib.closing``) rather than leave that to the garbage collector."""
    if grouped:
        current: str | None = None
        bucket: list[Row] = []
        loose: list[Row] = []  # case-less rows, yielded after the case they follow
        for row in rows:
            cid = row.data.get("case_id")
            if not cid:
                loose.append(row)
                continue
            if cid != current:
                if bucket:
                    yield current, bucket
                if loose:
                    yield from ((None, [r]) for r in loose)
                    loose = []
                current, bucket = cid, []
            bucket.append(row)
        if bucket:
            yield current, bucket
        yield from ((None, [r]) for r in loose)
        return
    cases: dict[str, list[Row]] = {}
    held = 0
    rest = iter(rows)
    for row in rest:
        cid = row.data.get("case_id")
        if not cid:
            yield None, [row]
            continue
        cases.setdefault(cid, []).append(row)
        held += 1
        if held >= SPILL_ROWS:
            yield from _spilled(cases, rest, folder)
            return
    yield from cases.items()


#: Rows of scattered input held in memory before they are moved to a temporary
#: SQLite file, so memory stays bounded however large the input.
SPILL_ROWS = 50_000


def _spilled(
    cases: dict[str, list[Row]], rest: Iterator[Row], folder: str | None = None
) -> Iterator[tuple[str | None, list[Row]]]:
    """Scattered input past :data:`SPILL_ROWS`: every row (those held in ``cases`` and
    the ``rest``) written to a temporary SQLite file, then read back case by case, in
    case-id order, each case's rows in input order. Rows with no case id are yielded as
    they come, as in memory. The file is in a folder of its own in ``folder``."""
    # whatever ends the pass, removing the file must not fail it (nor a worker's
    # unwinding, on SIGTERM)
    spill = tempfile.TemporaryDirectory(
        prefix="statdeadline-rows-", dir=folder, ignore_cleanup_errors=True
    )
    with spill as own:
        db = sqlite3.connect(os.path.join(own, "rows.sqlite"))
        try:
            db.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
                "CREATE TABLE rows (seq INTEGER PRIMARY KEY, cid TEXT NOT NULL, row BLOB NOT NULL);"
            )
            put = "INSERT INTO rows (cid, row) VALUES (?, ?)"
            db.executemany(put, ((cid, _dump(r)) for cid, rs in cases.items() for r in rs))
            cases.clear()
            batch: list[tuple[str, bytes]] = []
            for row in rest:
                cid = row.data.get("case_id")
                if not cid:
                    yield None, [row]
                    continue
                batch.append((cid, _dump(row)))
                if len(batch) >= 10_000:
                    db.executemany(put, batch)
                    batch = []
            db.executemany(put, batch)
            db.execute("CREATE INDEX by_case ON rows (cid, seq)")
            current: str | None = None
            bucket: list[Row] = []
            for cid, blob in db.execute("SELECT cid, row FROM rows ORDER BY cid, seq"):
                if cid != current and bucket:
                    yield current, bucket
                    bucket = []
                current = cid
                bucket.append(Row(*pickle.loads(blob)))
            if bucket:
                yield current, bucket
        finally:
            db.close()


def _dump(row: Row) -> bytes:
    """A row as bytes for the spill file (pickle: the file is this process's own)."""
    return pickle.dumps((row.file, row.line, dict(row.data), row.error), protocol=5)


#: Case-id hashes sorted in memory at a time by :func:`prescan` (about 10 MB of them).
PRESCAN_RUN = 1 << 18


def prescan(case_ids: Iterable[str | None], run: int = PRESCAN_RUN) -> tuple[bool, int]:
    """Whether every case's rows are contiguous, and how many rows there are.

    Memory stays flat however many cases there are: each run of rows of one case id is
    noted as a 64-bit hash; every ``run`` hashes are sorted and written to a temporary
    file, and the sorted runs are merged at the end: a hash met twice means a case came
    back. (Two ids sharing a hash, about once in 10^10 audits of a million cases, would
    only make the audit take the slower, in-memory grouping: the result is the same.)

    >>> prescan(["A", "A", None, "B"]), prescan(["A", "B", "A"])
    ((True, 4), (False, 3))
    >>> prescan(["A", "B", "C", "D", "B"], run=2), prescan(["A", "B", "C", "D"], run=2)
    ((False, 5), (True, 4))
    """
    current = None
    count = 0
    hashes: list[int] = []
    with contextlib.ExitStack() as stack:
        runs: list[BinaryIO] = []
        for cid in case_ids:
            count += 1
            if not cid or cid == current:
                continue
            current = cid
            hashes.append(hash(cid))
            if len(hashes) >= run:
                runs.append(stack.enter_context(tempfile.TemporaryFile()))
                array.array("q", sorted(hashes)).tofile(runs[-1])
                hashes = []
        hashes.sort()
        merged = heapq.merge(hashes, *(_read_run(f) for f in runs))
        grouped = all(a != b for a, b in itertools.pairwise(merged))
    return grouped, count


class HashRuns:
    """64-bit hashes of case ids kept in flat memory: every ``run`` of them sorted and
    written to a file in ``folder``; :meth:`close` merges them into one sorted file."""

    def __init__(self, folder: str, run: int | None = None):
        self.folder = folder
        self.run = run or PRESCAN_RUN
        self.hashes: list[int] = []
        self.files: list[str] = []

    def add(self, value: int) -> None:
        """Note one hash."""
        self.hashes.append(value)
        if len(self.hashes) >= self.run:
            self._spill()

    def _spill(self) -> None:
        fd, name = tempfile.mkstemp(dir=self.folder, suffix=".run")
        with os.fdopen(fd, "wb") as fh:
            array.array("q", sorted(self.hashes)).tofile(fh)
        self.files.append(name)
        self.hashes = []

    def discard(self) -> None:
        """Remove every file written so far (the runs are not wanted)."""
        for name in self.files:
            with contextlib.suppress(OSError):
                os.unlink(name)
        self.files = []
        self.hashes = []

    def close(self) -> tuple[str, bool]:
        """The one sorted file of every hash noted, and whether none was noted twice."""
        if self.hashes or not self.files:
            self._spill()
        if len(self.files) == 1:
            (name,) = self.files
            with open(name, "rb") as fh:
                return name, all_distinct([fh], write=None)
        fd, merged = tempfile.mkstemp(dir=self.folder, suffix=".run")
        with contextlib.ExitStack() as stack:
            out = stack.enter_context(os.fdopen(fd, "wb"))
            runs = [stack.enter_context(open(f, "rb")) for f in self.files]
            distinct = all_distinct(runs, write=out)
        for name in self.files:
            os.unlink(name)
        self.files = [merged]
        return merged, distinct


def all_distinct(runs: Sequence[BinaryIO], write: BinaryIO | None = None) -> bool:
    """Whether no hash is in two places among these sorted runs (or twice in one),
    read from their start; ``write``, if given, gets them all, merged, in order."""
    block = array.array("q")
    previous = None
    for value in heapq.merge(*(_read_run(fh) for fh in runs)):
        if value == previous:
            return False
        previous = value
        if write is not None:
            block.append(value)
            if len(block) >= 8192:
                block.tofile(write)
                block = array.array("q")
    if write is not None:
        block.tofile(write)
    return True


def _read_run(fh: BinaryIO) -> Iterator[int]:
    """The hashes of one sorted run, read back a block at a time."""
    fh.seek(0)
    while True:
        block = array.array("q")
        try:
            block.fromfile(fh, 8192)
        except EOFError:  # the last, short block: fromfile kept what there was
            yield from block
            return
        yield from block


class Pass:
    """The running totals of an audit (or of one worker's share of it): :meth:`feed` it
    each case's rows; :meth:`share` is what it has counted."""

    def __init__(
        self,
        replayer: Replayer,
        group_by: tuple[str, ...],
        paths: Sequence[Source],
        strict: bool,
        on_case: Callable[[CaseResult], None] | None,
    ):
        self.replayer = replayer
        self.group_by = group_by
        self.strict = strict
        self.on_case = on_case
        self.totals = Totals(periods=replayer.periods)
        self.totals.file_rows.update({p.name: 0 for p in paths})
        #: the one input's name (every row is from it), or None when there are several
        self._only = paths[0].name if len({p.name for p in paths}) == 1 else None
        self._warned: set[str] = set()  # the horizon warnings of the case being replayed

    @contextlib.contextmanager
    def warnings_counted(self) -> Iterator[None]:
        """While the pass runs: each horizon warning counted once per case that gave it
        (so the counts are the same whatever the number of workers) instead of shown;
        other warnings go on as they would."""
        with warnings.catch_warnings():
            warnings.simplefilter("always", HorizonWarning)
            shown = warnings.showwarning

            def show(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
                if issubclass(category, HorizonWarning):
                    self._warned.add(str(message))
                else:
                    shown(message, category, *args, **kwargs)

            warnings.showwarning = show
            yield

    def feed(self, cid: str | None, rows: list[Row]) -> None:
        """Audit one case (or count one row that has no case id)."""
        totals = self.totals
        counts = totals.counts
        counts["rows_read"] += len(rows)
        only = self._only
        if only is not None:
            totals.file_rows[only] += len(rows)
        elif len(rows) == 1 or all(r.file == rows[0].file for r in rows):
            totals.file_rows[rows[0].file] += len(rows)
        else:
            totals.file_rows.update(r.file for r in rows)
        if cid is None:
            first = rows[0]
            self._reject(Rejection(first.file, first.line, None, first.error or "missing case_id"))
            counts["rows_rejected"] += 1
            return
        counts["cases_read"] += 1
        result = self.replayer.evaluate(cid, rows, detail=self.on_case is not None)
        if self._warned:
            totals.warned_cases += 1
            totals.warnings.update(self._warned)
            self._warned.clear()
        if result.rejection is not None:
            counts["cases_rejected"] += 1
            counts["rows_rejected"] += len(rows)
            self._reject(result.rejection)
        else:
            counts["cases_audited"] += 1
            counts["rows_used"] += len(rows)
            # the version the case was judged under: its clocks and final states
            rs = self.replayer.judged[result.ruleset or "", result.ruleset_version or ""]
            if result.state not in rs.final_states:
                counts["cases_open"] += 1
            gkey = tuple((g, result.groups.get(g, "")) for g in self.group_by)
            totals.tally(result, rs, gkey)
        if self.on_case is not None:
            self.on_case(result)

    def _reject(self, rejection: Rejection) -> None:
        self.totals.rejections.append(rejection)
        if self.strict:
            raise AuditError(str(rejection), rejection.file, rejection.line)

    def share(self) -> Totals:
        """What this pass has counted, with the rule sets it met and the columns it
        ignored: plain, picklable totals (a worker sends them back)."""
        replayer = self.replayer
        self.totals.names = set(replayer.rulesets) | set(replayer.bad_rulesets)
        self.totals.ignored = set(replayer.ignored)
        return self.totals
