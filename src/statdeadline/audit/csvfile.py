"""CSV records that a malformed row cannot take down with it.

:func:`records` reads a CSV file record by record with the standard library's parser (in
strict mode, so bad quoting is an error rather than a guess) and turns every problem into
a :class:`Record` with an ``error``, naming the physical line the record starts on:

- an unterminated quote, or a quoted field running over more than
  :data:`MAX_RECORD_LINES` lines, rejects the line it starts on, and reading goes on at
  the next line (so a stray quote on row 2 cannot swallow the rest of the file);
- a record that runs over several lines and has the wrong number of cells is taken for a
  stray quote too: its first line is rejected and the lines after it are read again;
- a cell longer than :data:`MAX_CELL` characters, or a NUL character, rejects its row.

A rejected record still carries the cells of its first line, parsed on their own as far
as they go, so the caller can find the row's case id and reject the whole case.
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
    fh: TextIO, delimiter: str, line: int = 1, width: int | None = None
) -> Iterator[Record]:
    """The records of a CSV file, the header first (see the module's docstring); or of
    part of one, from a record on physical line ``line``, ``width`` the header's cells."""
    taken: list[str] = []

    def reader(lines: Iterator[str]) -> Iterator[list[str]]:
        return csv.reader(_feed(lines, taken), delimiter=delimiter, strict=True)

    def again() -> Iterator[list[str]]:
        """A fresh parser, reading the current record's lines but its first again."""
        back = taken[1:]
        taken.clear()
        return reader(itertools.chain(back, fh))

    rows = reader(iter(fh))
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except (csv.Error, _Overrun) as exc:
            if not taken:  # pragma: no cover - the parser fails only on a line it read
                return
            yield Record(line, _first_cells(taken[0], delimiter), _reason(exc, len(taken)))
            line += 1
            rows = again()
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
            yield Record(
                line,
                _first_cells(taken[0], delimiter),
                f"a quoted field runs over {n} lines and the row has {len(cells)} cells, expected {width} (an unterminated quote?)",
            )
            line += 1
            rows = again()
            continue
        if width is None:
            width = len(cells)
        taken.clear()
        yield Record(line, cells)
        line += n
