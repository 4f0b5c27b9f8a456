"""Sharing a large CSV or JSON Lines input between worker processes by byte ranges, so that each worker
parses only its own part of the file instead of every worker reading all of it.

A range must begin where the single reader (:mod:`~statdeadline.audit.tables`) would
begin a record, and where a new case begins, so that every worker reads exactly the
records, cells and line numbers the single reader would, and no case is cut in two.
Where a record begins cannot be known in general without parsing from the start (a
quoted field may hold line breaks), but the careful reader never lets a record run over
more than :data:`~statdeadline.audit.csvfile.MAX_RECORD_LINES` (ten) physical lines:
past that it rejects the record's first line and reads on from the next line that
*starts a record and a case* (read on its own, one whole record of the header's width
with a case id). So from one record to the next it moves on at most ten lines, or to the
next such line. Take eleven lines in a row each of which, read on its own, is one whole
record (no quoted field left open: always so for a line without a double quote), the
last of them starting a record and a case: the reader cannot pass them without
beginning a record on one of them, and from that one on each begins a record, the last
included, whatever came before.

:func:`plan` looks near each share's nominal start (the file's size over the number of
workers) for the first line that begins a record by that rule and whose case id differs
from the line before's, and counts the physical lines before it (the line numbers
rejections give). A JSON Lines file is simpler: each line is a record, so a share
begins on the first line whose case id differs from the line before's. Only files in
an encoding where a line break, a quote and a delimiter are always single bytes of
their own are split (:func:`~statdeadline.audit.source.byte_safe`: UTF-8 and the
single-byte encodings such as Windows-1252 and Latin-1, detected or given with
``--encoding``), not UTF-16, where each is two bytes and a cut at a byte offset could
fall inside one, and only files without a NUL byte or a carriage return standing alone
(which a text reader takes for a line break on its own). Anything else, or a file
without such a line, is left to the workers reading every input and keeping the cases
whose id hashes to them.

Whether each case's rows are together is not known in advance: the workers check as
they go (see :mod:`~statdeadline.audit.pool`), and a case found in two ranges makes the
audit fall back to the hashed sharing.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import itertools
import re
from collections.abc import Callable, Sequence

import attrs

from .csvfile import MAX_RECORD_LINES
from .source import Source, byte_safe
from .tables import table

__all__ = ["Span", "plan"]

#: How far past a share's nominal start a line that begins a case is looked for.
_LOOK = 16 << 20
_BLOCK = 1 << 20
_LONE_CR = re.compile(rb"\r(?!\n)")


@attrs.frozen
class Span:
    """Bytes ``start`` to ``end`` of input ``source`` (an index into the audit's
    sources), whose first record begins on physical line ``line``."""

    source: int
    start: int
    end: int
    line: int


def plan(
    sources: Sequence[Source],
    case_column: Callable[[Source, list[str]], int | None],
    workers: int,
    line_case_id: Callable[[str], str | None] | None = None,
) -> tuple[list[list[Span]], int] | None:
    """Each worker's spans (in input order: worker 0 has the first part of the input)
    and the number of physical lines of all the inputs less their headers (an estimate
    of the rows, for progress), or ``None`` when the inputs cannot be split (see the
    module's docstring) or fewer than two shares can be found. ``case_column`` says,
    from a CSV header's cells, which column holds the case id (``None``: no such
    column); ``line_case_id``, the case id of a JSON Lines line (``None``: JSON Lines
    inputs are not split, as for a reader that does not read them)."""
    sizes: list[int] = []
    finders: list[Callable[[int], int | None]] = []  # offset -> where a share may begin
    for src in sources:
        if not _splittable(src):
            return None
        if src.format == "jsonl":
            if line_case_id is None:
                return None
            finders.append(functools.partial(_jsonl_boundary, src, line_case_id))
        else:
            with contextlib.closing(table(src)) as recs:
                head = next(recs, None)
            if head is None or head.error is not None:
                return None
            at = case_column(src, head.cells)
            if at is None:
                return None
            finders.append(functools.partial(_boundary, src, at, len(head.cells)))
        sizes.append(src.path.stat().st_size)
    total = sum(sizes)
    cuts: list[tuple[int, int]] = []  # (source, offset) where a share begins
    for k in range(1, workers):
        index, offset = _locate(sizes, total * k // workers)
        found = finders[index](offset)
        cut = (index, found) if found is not None else (index + 1, 0)
        if cut[0] < len(sources) and cut not in cuts and (not cuts or cut > cuts[-1]):
            cuts.append(cut)
    if not cuts:
        return None
    lines = 0
    starts: dict[tuple[int, int], int] = {}
    for i, src in enumerate(sources):
        offsets = sorted(o for s, o in cuts if s == i and o > 0)
        counted = _count_lines(src, offsets)
        if counted is None:
            return None
        before, physical = counted
        starts.update({(i, o): n + 1 for o, n in zip(offsets, before, strict=True)})
        lines += physical if src.format == "jsonl" else max(physical - 1, 0)  # less a header
    bounds = [(0, 0), *cuts, (len(sources), 0)]
    shares: list[list[Span]] = []
    for (s0, o0), (s1, o1) in itertools.pairwise(bounds):
        spans: list[Span] = []
        for i in range(s0, min(s1, len(sources) - 1) + 1):
            start = o0 if i == s0 else 0
            end = o1 if i == s1 else sizes[i]
            if end > start:
                spans.append(Span(i, start, end, starts.get((i, start), 1)))
        shares.append(spans)
    return shares, lines


def _splittable(src: Source) -> bool:
    if src.format == "csv" and src.delimiter is None:  # pragma: no cover - CSV has one
        return False
    return src.format in ("csv", "jsonl") and byte_safe(src.encoding)


def _locate(sizes: Sequence[int], offset: int) -> tuple[int, int]:
    """The source and offset in it of ``offset`` into all the inputs one after another."""
    for i, size in enumerate(sizes):
        if offset < size:
            return i, offset
        offset -= size
    return len(sizes) - 1, sizes[-1]


def _boundary(src: Source, at: int, width: int, offset: int) -> int | None:
    """The offset of the first line at or after ``offset`` that begins a record and a
    new case: the ten lines before it, and it, each read alone make one whole record
    (a line without a double quote always does), it has the header's ``width`` of cells
    and a case id (so the reader, resuming after a rejected record at the next line that
    starts a case, cannot pass it), and its case id differs from the line before's.
    ``None`` if there is none within ``_LOOK`` bytes."""
    delimiter = src.delimiter or ","
    encoding = "utf-8" if src.encoding == "utf-8-sig" else src.encoding
    window = _window(src, offset)
    if window is None:
        return None
    data, base, pos = window
    whole = 0  # lines in a row that are each one whole record
    last: str | None = None  # the case id of the line before
    while True:
        end = data.find(b"\n", pos)
        if end < 0:
            return None  # the file's last line, or past what was read
        cells = _alone(data[pos:end], encoding, delimiter)
        if cells is None:
            whole, last = 0, None
        else:
            cid = cells[at].strip() if at < len(cells) else ""
            starts = len(cells) == width
            if starts and cid and last and cid != last and whole >= MAX_RECORD_LINES:
                return base + pos
            whole += 1
            last = cid
        pos = end + 1


def _jsonl_boundary(
    src: Source, line_case_id: Callable[[str], str | None], offset: int
) -> int | None:
    """The offset of the first line at or after ``offset`` of a JSON Lines file (each
    line one record) whose case id differs from the line before's, both having one;
    ``None`` if there is none within ``_LOOK`` bytes."""
    encoding = "utf-8" if src.encoding == "utf-8-sig" else src.encoding
    window = _window(src, offset)
    if window is None:
        return None
    data, base, pos = window
    last: str | None = None  # the case id of the line before
    while True:
        end = data.find(b"\n", pos)
        if end < 0:
            return None  # the file's last line, or past what was read
        cid = line_case_id(data[pos:end].decode(encoding, "replace"))
        if cid and last and cid != last:
            return base + pos
        last = cid
        pos = end + 1


def _window(src: Source, offset: int) -> tuple[bytes, int, int] | None:
    """Up to :data:`_LOOK` bytes of ``src`` from the byte before ``offset`` (so a line
    starting right at ``offset`` is seen whole): the bytes, the offset they start at, and
    where in them the first line after that byte starts; ``None`` if no line starts."""
    base = max(offset - 1, 0)
    with src.path.open("rb") as fh:
        fh.seek(base)
        data = fh.read(_LOOK)
    first = data.find(b"\n")
    return None if first < 0 else (data, base, first + 1)


def _alone(line: bytes, encoding: str, delimiter: str) -> list[str] | None:
    """The cells of one physical line read on its own, if it is one whole record (no
    quoted field left open, no bad quoting); ``None`` if it is not."""
    text = line.decode(encoding, "replace").rstrip("\r")
    if b'"' not in line:
        return text.split(delimiter)
    try:
        got = list(csv.reader([text], delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    return got[0] if len(got) == 1 else None


def _count_lines(src: Source, offsets: Sequence[int]) -> tuple[list[int], int] | None:
    """The line breaks before each of ``offsets`` (ascending) and in the whole file, or
    ``None`` if the file has a NUL byte or a carriage return not followed by a line
    feed (one pass over the bytes, at C speed)."""
    before: list[int] = []
    count = 0
    done = 0  # bytes counted
    todo = list(offsets)
    tail = b""
    with src.path.open("rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            if not block:
                break
            if b"\0" in block:
                return None
            if tail == b"\r" and not block.startswith(b"\n"):
                return None
            lone = _LONE_CR.search(block) if b"\r" in block else None
            if lone is not None and lone.start() < len(block) - 1:  # the last: see tail
                return None
            tail = block[-1:]
            while todo and todo[0] < done + len(block):
                before.append(count + block.count(b"\n", 0, todo[0] - done))
                todo.pop(0)
            count += block.count(b"\n")
            done += len(block)
    if tail == b"\r":
        return None
    before += [count] * len(todo)
    return before, count
