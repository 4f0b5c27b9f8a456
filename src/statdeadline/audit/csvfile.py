"""CSV records that a malformed row cannot take down with it.

:func:`records` reads a CSV file record by record with the standard library's parser (in
strict mode, so bad quoting is an error rather than a guess) and turns every problem into
a :class:`Record` with an ``error``, naming the physical line the record starts on:

- an unterminated quote, or a quoted field running over more than
  :data:`MAX_RECORD_LINES` lines, rejects the line it starts on, and reading goes on at
  the next line that starts a record and a case (so a stray quote on row 2 cannot
  swallow the rest of the file);
- a record that runs over several lines and has the wrong number of cells is taken for a
  stray quote too: its first line is rejected, and reading goes on the same way;
- a cell longer than :data:`MAX_CELL` characters, or a NUL character, rejects its row.

A rejected record still carries the cells of its first line, parsed on their own as far
as they go, so the caller can find the row's case id and reject the whole case.

A line *starts a record and a case* when, read on its own, it is one whole record (no
quoted field left open) with as many cells as the header and, if the caller says which
column holds the case id (``key``), a case id in it. After a rejected record, the lines
that do not (the rest of a runaway note, say) are taken as part of it: skipped, and
counted in its reason (``lines 4 to 18 were skipped with it``), not read as rows of
cases of their own. The choice this makes: a real row of the wrong width right after a
runaway field is skipped with it rather than rejected alone; the reason names its line.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from typing import TextIO

from .rows import MAX_CELL, Record

__all__ = ["MAX_RECORD_LINES", "records"]

#: The most physical lines one record may span (a quoted field with line breaks in it).
MAX_RECORD_LINES = 10


class _Overrun(Exception):
    """A record has run over more than MAX_RECORD_LINES physical lines."""


def _feed(lines: Iterator[str], taken: list[str]) -> Iterator[str]:
    """Physical lines for the csv parser, each also put in ``taken`` (the lines of the
    record being read, so they can be read again); ``_Overrun`` past MAX_RECORD_LINES."""
    for line in lines:
        taken.append(line)
        if len(taken) > MAX_RECORD_LINES:
            raise _Overrun
        yield line


def _first_cells(line: str, delimiter: str) -> list[str]:
    """The cells of one line read on its own, as far as they can be read."""
    text = line.rstrip("\r\n")
    try:
        return next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:  # a cell over the limit: split plainly, for the case id
        return [cell.strip('"') for cell in text.split(delimiter)]


def _starts(text: str, delimiter: str, width: int | None, key: int | None) -> bool:
    """Whether a physical line, read on its own, starts a record and a case (see the
    module's docstring; before the header is known, any whole record does)."""
    line = text.rstrip("\r\n")
    try:
        got = list(csv.reader([line], delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "field larger than field limit" not in str(exc):
            return False
        got = [_first_cells(line, delimiter)]  # a row of its own, with its cell too long
    if len(got) != 1:
        return False
    cells = got[0]
    if width is None:
        return True
    if len(cells) != width or (width == 1 and not cells[0].strip()):
        return False
    return key is None or (key < width and bool(cells[key].strip()))


def _skipped(first: int, n: int) -> str:
    """The words a rejection's reason ends with when ``n`` lines after it, the first on
    line ``first``, were skipped with it."""
    if n == 1:
        return f"; line {first} was skipped with it (up to the next line that starts a case)"
    return f"; lines {first} to {first + n - 1} were skipped with it (up to the next line that starts a case)"


def _reason(exc: Exception, lines: int) -> str:
    if isinstance(exc, _Overrun):
        return (
            f"a quoted field runs over more than {MAX_RECORD_LINES} lines (an unterminated quote?)"
        )
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {MAX_CELL:,} characters"
    if "unexpected end of data" in text:
        return "unterminated quote (the file ends inside a quoted field)"
    if lines > 1:
        return f"a quoted field starting on this line is not closed properly ({text}; an unterminated quote?)"
    return f"malformed CSV ({text})"


def records(
    fh: TextIO,
    delimiter: str,
    line: int = 1,
    width: int | None = None,
    key: int | None = None,
) -> Iterator[Record]:
    """The records of a CSV file, the header first (see the module's docstring); or of
    part of one, from a record on physical line ``line``, ``width`` the header's cells.
    ``key``, if given, is the column of the case id (which a line must have to start a
    record after a rejected one)."""
    taken: list[str] = []

    def reader(lines: Iterator[str]) -> Iterator[list[str]]:
        return csv.reader(_feed(lines, taken), delimiter=delimiter, strict=True)

    pending: Iterator[str] = iter(fh)  # the lines the parser reads, in order
    rows = reader(pending)

    def reject(reason: str) -> Iterator[Record]:
        """The current record rejected, on its first line; then a fresh parser from
        the next line that starts a record and a case, the lines before it skipped."""
        nonlocal line, rows, pending
        first = taken[0]
        rest = itertools.chain(taken[1:], pending)
        taken.clear()
        skipped = 0
        restart: Iterator[str] = iter(())
        for text in rest:
            if _starts(text, delimiter, width, key):
                restart = itertools.chain((text,), rest)
                break
            skipped += 1
        if skipped:
            reason += _skipped(line + 1, skipped)
        yield Record(line, _first_cells(first, delimiter), reason)
        line += 1 + skipped
        pending = restart
        rows = reader(pending)

    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except (csv.Error, _Overrun) as exc:
            if not taken:  # pragma: no cover - the parser fails only on a line it read
                return
            yield from reject(_reason(exc, len(taken)))
            continue
        n = len(taken)
        if n == 1 and "\0" not in taken[0]:  # the usual record: one line, nothing odd
            if width is None:
                width = len(cells)
            taken.clear()
            yield Record(line, cells)
            line += 1
            continue
        if any("\0" in t for t in taken):
            taken.clear()
            yield Record(line, cells, "contains a NUL character")
            line += n
            continue
        if width is not None and cells and len(cells) != width:
            yield from reject(
                f"a quoted field runs over {n} lines and the row has {len(cells)} cells, expected {width} (an unterminated quote?)"
            )
            continue
        if width is None:
            width = len(cells)
        taken.clear()
        yield Record(line, cells)
        line += n
