"""One input row, as every reader yields it, one record of a table (a CSV file or a
worksheet), and the interface of a reader."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

from .source import Source

__all__ = ["CORE_COLUMNS", "MAX_CELL", "OPTIONAL_COLUMNS", "Keep", "Reader", "Record", "Row"]

#: The columns every long-format row has.
CORE_COLUMNS = ("case_id", "ruleset", "event", "date")
#: Columns a long-format row may have that are neither event fields nor groups.
OPTIONAL_COLUMNS = ("time",)

#: The longest cell read, in characters (the csv module's default field limit).
MAX_CELL = 131_072

#: Asked with a row's case id (``None`` when it has none) before the rest of the row is
#: read: the row is read only if it says yes (a worker process reading its own cases).
Keep = Callable[[str | None], bool]


class Row(NamedTuple):
    """One input row: its file, line and non-empty cells (stripped), by column.

    ``error`` says why the row cannot be used (not valid JSON, the wrong number of cells,
    no milestone date...), ``None`` when it can; a row with an error still carries its
    ``case_id`` cell when it was there, so the whole case is rejected with it.
    """

    file: str
    line: int
    data: Mapping[str, str]
    error: str | None = None


#: ``Row`` from a tuple of its four fields, without the named tuple's own ``__new__``
#: (the readers' hot path: a row for every line of the input).
new_row: Callable[[tuple[str, int, Mapping[str, str], str | None]], Row] = functools.partial(
    tuple.__new__, Row
)


class Record(NamedTuple):
    """One CSV record: the physical line it starts on, its cells, and why it cannot be
    used (``None`` when it can). The first record is the header. A CSV file and a
    workbook's sheet are read as records alike."""

    line: int
    cells: list[str]
    error: str | None = None


class Reader(Protocol):
    """What the audit reads its input through: the long format (one event per row) or a
    wide mapping (one case per row)."""

    @property
    def date_format(self) -> str | None:
        """The ``strptime`` format the input's dates are in, if the reader knows it."""

    def rows(self, source: Source | Path, keep: Keep | None = None) -> Iterator[Row]:
        """The rows of ``source`` in file order (only those ``keep`` wants, if given)."""

    def group_columns(self, source: Source | Path) -> list[str] | None:
        """The names the input's columns are known by (``--group-by`` takes these; of
        JSON Lines, which has no header, the keys of its first objects), or ``None`` when
        the reader cannot say (then ``--group-by`` is not checked against them)."""

    def case_column(self, source: Source, header: list[str]) -> int | None:
        """Which of a CSV header's cells holds each row's case id (``None``: none, or the
        header is not one this reader can read)."""

    def case_ids(self, source: Source | Path) -> Iterator[str | None]:
        """The case id of each row :meth:`rows` yields (``None`` or ``""`` for a row
        without one), read as cheaply as possible: a quick first pass over the input."""
