"""An input's table of records, whatever holds it (a CSV file, an Excel worksheet), and
its data records as the readers use them: blank lines left out, bad ones turned into
rejected rows that keep their case id."""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Generator, Iterator
from typing import TextIO

import attrs

from . import xlsxfile
from .csvfile import records
from .rows import Keep, Record, Row
from .source import Source

__all__ = ["case_records", "table"]


def table(src: Source, key: int | None = None) -> Generator[Record, None, None]:
    """The records of a CSV source or a workbook's sheet, the header first, the file
    closed at the end. A source that is part of a file (:attr:`Source.start` past 0)
    gives the file's header, then the records of its part. ``key`` is the case id's
    column, if known (see :func:`~statdeadline.audit.csvfile.records`)."""
    if src.format == "xlsx":
        yield from xlsxfile.records(src)
        return
    delimiter = src.delimiter or ","
    width = None
    if src.start:
        with contextlib.closing(table(src.whole())) as whole:
            head = next(whole, None)
        if head is None:
            return
        yield head
        width = len(head.cells)
    done = 0
    if src.plain:
        try:
            with src.open() as fh:
                for rec in _plain_records(fh, delimiter, src.line):
                    yield rec
                    done += 1
            return
        except _Unusual:
            pass  # read again, carefully, from the first record not yet given
    with src.open() as fh:
        for i, rec in enumerate(records(fh, delimiter, src.line, width, key)):
            if i >= done:
                yield rec


class _Unusual(Exception):
    """A record the fast path leaves to the careful one."""


def _plain_records(fh: TextIO, delimiter: str, first: int = 1) -> Iterator[Record]:
    """The fast path: the csv parser straight over the file, for as long as every
    record is one line and parses; the records are those :func:`records` gives (the
    first on line ``first``)."""
    reader = csv.reader(fh, delimiter=delimiter, strict=True)
    n = 0
    try:
        for cells in reader:
            n += 1
            if reader.line_num != n:
                raise _Unusual
            yield Record(first + n - 1, cells)
    except csv.Error:
        raise _Unusual from None


#: A good record as :func:`case_records` gives it: its line and its cells.
Good = tuple[int, list[str]]


def case_records(
    src: Source, keep: Keep | None, case_id_at: Callable[[Record], int]
) -> Iterator[Row | Good]:
    """A CSV source's records after the header: a :class:`Row` with an ``error`` for a
    bad one, ``(line, cells)`` for a good one. ``case_id_at`` checks the header (raising
    if it is not usable) and says where the case id is. Blank lines are left out, and
    records ``keep`` does not want (it is asked with the case id); a record of the wrong
    width is a bad one. A bad row keeps its case id when its first line has that cell,
    so the whole case is rejected, not audited without it.

    A file with no NUL byte (``src.plain``) is read on a fast path (the csv parser
    straight over it, for as long as each record is one line and parses) and then, from
    the first record that is not, on the careful one (:func:`table`)."""
    state = _Progress()
    if src.format == "csv" and src.plain:
        try:
            yield from _plain_case_records(src, keep, case_id_at, state)
            return
        except _Unusual:
            pass  # read on carefully from the first record not yet dealt with
    careful = attrs.evolve(src, plain=False)
    at = state.at
    if at is None and src.format == "csv":
        # the header first, so that after a bad record reading resumes at a case
        with contextlib.closing(table(careful)) as first:
            head = next(first, None)
        if head is None:
            return
        at = case_id_at(head)
    recs = table(careful, at)
    head = next(recs, None)
    if head is None:
        return
    if at is None:  # a worksheet
        at = case_id_at(head)
    width = len(head.cells)
    for i, rec in enumerate(recs, 1):
        if i < state.handled:
            continue
        line, cells, error = rec
        if error is None and (not cells or (len(cells) == 1 and not cells[0].strip())):
            continue  # a blank line (inline: hot)
        cid = (cells[at].strip() or None) if at < len(cells) else None
        if keep is not None and not keep(cid):
            continue
        if error is None and len(cells) != width:
            error = f"expected {width} cells, got {len(cells)}"
        if error is None:
            yield line, cells
        else:
            yield Row(src.name, line, {"case_id": cid} if cid else {}, error)


class _Progress:
    """How far the fast path got: the records of :func:`table` (the header included)
    it dealt with, and where the header said the case id is (``case_id_at`` is asked
    once)."""

    __slots__ = ("at", "handled")

    def __init__(self) -> None:
        self.handled = 0
        self.at: int | None = None


def _plain_case_records(
    src: Source, keep: Keep | None, case_id_at: Callable[[Record], int], state: _Progress
) -> Iterator[Row | Good]:
    """:func:`case_records` on the fast path; ``_Unusual`` at the first record it leaves
    to the careful one (``state`` says how far it got)."""
    delimiter = src.delimiter or ","
    base = 0  # a record's line is base + its number among the records read here
    head: Record | None = None
    if src.start:  # part of a file: the header is read apart
        with contextlib.closing(table(src.whole())) as whole:
            head = next(whole, None)
        if head is None:
            return
        base = src.line - 1
    with src.open() as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        n = 0
        try:
            if head is None:
                cells = next(reader, None)
                if cells is None:
                    return
                n = 1
                if reader.line_num != 1:
                    raise _Unusual
                head = Record(1, cells)
            state.at = at = case_id_at(head)
            state.handled = 1
            width = len(head.cells)
            name = src.name
            for cells in reader:
                n += 1
                if reader.line_num != n:
                    raise _Unusual
                k = len(cells)
                if k == width and (k > 1 or cells[0].strip()):
                    if keep is None or keep(cells[at].strip() or None):
                        yield base + n, cells
                elif k > 1 or (k == 1 and cells[0].strip()):
                    cid = (cells[at].strip() or None) if at < k else None
                    if keep is None or keep(cid):
                        error = f"expected {width} cells, got {k}"
                        yield Row(name, base + n, {"case_id": cid} if cid else {}, error)
                state.handled += 1
        except csv.Error:
            raise _Unusual from None
