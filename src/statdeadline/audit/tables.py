"""An input's table of records, whatever holds it (a CSV file, an Excel worksheet), and
its data records as the readers use them: blank lines left out, bad ones turned into
rejected rows that keep their case id."""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Generator, Iterator
from typing import TextIO

from . import xlsxfile
from .csvfile import records
from .rows import Keep, Record, Row
from .source import Source

__all__ = ["case_records", "table"]


def table(src: Source) -> Generator[Record, None, None]:
    """The records of a CSV source or a workbook's sheet, the header first, the file
    closed at the end. A source that is part of a file (:attr:`Source.start` past 0)
    gives the file's header, then the records of its part."""
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
        for i, rec in enumerate(records(fh, delimiter, src.line, width)):
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


def case_records(
    src: Source, keep: Keep | None, case_id_at: Callable[[Record], int]
) -> Iterator[Row | Record]:
    """A CSV source's records after the header: a :class:`Row` with an ``error`` for a
    bad one, the :class:`Record` of a good one. ``case_id_at`` checks the header (raising
    if it is not usable) and says where the case id is. Blank lines are left out, and
    records ``keep`` does not want (it is asked with the case id); a record of the wrong
    width is a bad one. A bad row keeps its case id when its first line has that cell,
    so the whole case is rejected, not audited without it."""
    recs = table(src)
    head = next(recs, None)
    if head is None:
        return
    at = case_id_at(head)
    width = len(head.cells)
    for rec in recs:
        line, cells, error = rec
        if error is None and (not cells or (len(cells) == 1 and not cells[0].strip())):
            continue  # a blank line (inline: hot)
        cid = (cells[at].strip() or None) if at < len(cells) else None
        if keep is not None and not keep(cid):
            continue
        if error is None and len(cells) != width:
            error = f"expected {width} cells, got {len(cells)}"
        if error is None:
            yield rec
        else:
            yield Row(src.name, line, {"case_id": cid} if cid else {}, error)
