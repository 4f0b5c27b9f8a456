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
from .source import Source, shown_marks, undecodable

__all__ = ["case_records", "table"]


def table(src: Source, key: int | None = None) -> Generator[Record, None, None]:
    """The records of a CSV source or a workbook's sheet, the header first, the file
    closed at the end. A source that is part of a file (:attr:`Source.start` past 0)
    gives the file's header, then the records of its part. ``key`` is the case id's
    column, if known (see :func:`~statdeadline.audit.csvfile.records`). In a source
    with bytes that do not decode (not :attr:`Source.clean`), a record holding one has
    an error (the header too, which then cannot be read)."""
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
        recs = records(fh, delimiter, src.line, width, key)
        for i, rec in enumerate(recs if src.clean else _checked(recs, src.encoding)):
            if i >= done:
                yield rec


def _checked(recs: Iterator[Record], encoding: str) -> Iterator[Record]:
    """The records of a file with bytes that do not decode in ``encoding``: one that
    holds such a byte has an error saying which (:func:`~.source.undecodable`), and the
    marks in its cells written as the bytes they stand for (so its case id can be
    reported)."""
    for rec in recs:
        why = undecodable("".join(rec.cells), encoding)
        if why is not None:
            rec = Record(rec.line, [shown_marks(c) for c in rec.cells], rec.error or why)
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
    the first record that is not, on the careful one (:func:`table`). A blank record
    (:func:`_blank`) is left out like a blank line."""
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
        cid = (cells[at].strip() or None) if at < len(cells) else None
        if cid is None and error is None and _blank(cells):
            continue  # a blank line, or a row of empty cells
        if keep is not None and not keep(cid):
            continue
        if error is None and len(cells) != width:
            error = f"expected {width} cells, got {len(cells)}"
        if error is None:
            yield line, cells
        else:
            yield Row(src.name, line, {"case_id": cid} if cid else {}, error)


def _blank(cells: list[str]) -> bool:
    """Whether a record is blank: no cells (an empty line) or only empty ones, spaces
    aside (``,,,`` as Excel writes a blank row, or a blank row of a worksheet). It is
    skipped like a blank line, and not counted as a row."""
    return not any(map(str.strip, cells))


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
                if k == width:
                    # the case id's cell first: the others are looked at only when it is
                    # empty, to tell a row without a case id from a row of empty cells
                    cid = cells[at].strip()
                    if (cid or not _blank(cells)) and (keep is None or keep(cid or None)):
                        yield base + n, cells
                elif not _blank(cells):
                    found = (cells[at].strip() or None) if at < k else None
                    if keep is None or keep(found):
                        error = f"expected {width} cells, got {k}"
                        yield Row(name, base + n, {"case_id": found} if found else {}, error)
                state.handled += 1
        except csv.Error:
            raise _Unusual from None
