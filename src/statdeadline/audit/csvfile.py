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
from collections.abc import Callable, Generator, Iterator
from typing import NamedTuple, TextIO

from .rows import Keep, Row
from .source import Source

__all__ = ["MAX_CELL", "MAX_RECORD_LINES", "Record", "case_records", "records", "table"]

#: The longest cell read, in characters (the csv module's default field limit).
MAX_CELL = 131_072
#: The most physical lines one record may span (a quoted field with line breaks in it).
MAX_RECORD_LINES = 10


class Record(NamedTuple):
    """One CSV record: the physical line it starts on, its cells, and why it cannot be
    used (``None`` when it can). The first record is the header."""

    line: int
    cells: list[str]
    error: str | None = None


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


def table(src: Source) -> Generator[Record, None, None]:
    """The records of a CSV source, the header first, the file closed at the end."""
    with src.open() as fh:
        yield from records(fh, src.delimiter or ",")
