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
from collections.abc import Iterator
from typing import TextIO

from .rows import MAX_CELL, Record

__all__ = ["MAX_RECORD_LINES", "records"]

#: The most physical lines one record may span (a quoted field with line breaks in it).
MAX_RECORD_LINES = 10


class _Overrun(Exception):
    """A record has run over more than MAX_RECORD_LINES physical lines."""


class _Feed:
    """Physical lines for the csv parser, remembering those of the record being read so
    they can be read again."""

    def __init__(self, fh: TextIO):
        self._fh = fh
        self.back: list[str] = []  # lines to read again, last first
        self.taken: list[str] = []
        self.nul = False

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if len(self.taken) >= MAX_RECORD_LINES:
            raise _Overrun
        line = self.back.pop() if self.back else next(self._fh)
        if "\0" in line:
            self.nul = True
        self.taken.append(line)
        return line

    def reread_after_first(self) -> None:
        """Give back every line of the current record but its first."""
        self.back.extend(reversed(self.taken[1:]))
        self.taken = []
        self.nul = False

    def done(self) -> int:
        """End the current record; the number of lines it took."""
        n = len(self.taken)
        self.taken = []
        self.nul = False
        return n


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


def records(fh: TextIO, delimiter: str) -> Iterator[Record]:
    """The records of a CSV file, the header first (see the module's docstring)."""
    feed = _Feed(fh)
    width: int | None = None
    line = 1
    reader = csv.reader(feed, delimiter=delimiter, strict=True)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, _Overrun) as exc:
            if not feed.taken:  # pragma: no cover - the parser fails only on a line it read
                return
            first = feed.taken[0]
            yield Record(line, _first_cells(first, delimiter), _reason(exc, len(feed.taken)))
            feed.reread_after_first()
            line += 1
            reader = csv.reader(feed, delimiter=delimiter, strict=True)
            continue
        if feed.nul:
            yield Record(line, cells, "contains a NUL character")
            line += feed.done()
            continue
        n = len(feed.taken)
        if width is not None and n > 1 and cells and len(cells) != width:
            first = feed.taken[0]
            yield Record(
                line,
                _first_cells(first, delimiter),
                f"a quoted field runs over {n} lines and the row has {len(cells)} cells, expected {width} (an unterminated quote?)",
            )
            feed.reread_after_first()
            line += 1
            reader = csv.reader(feed, delimiter=delimiter, strict=True)
            continue
        if width is None:
            width = len(cells)
        yield Record(line, cells)
        line += feed.done()
