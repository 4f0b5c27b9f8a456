"""Per-case detail, streamed as the audit goes: CSV (one row per deadline) or JSON Lines
(one case per line). Cells are neutralised as in the summary CSV.

``as_of`` is the date the deadline was judged at; ``ended_by`` the event that ended it
(met, superseded, cancelled, or the case closing; empty while it runs);
``working_days_taken`` (from its start to the day it ended) is given only where it
ended; ``days_late`` is in working days past the due date (to the as-of date while it
runs)."""

from __future__ import annotations

import csv
import datetime as _dt
import json
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import attrs

from ..audit import CaseResult
from ..audit.model import taken_if_ended
from .csv_report import neutralise

__all__ = [
    "CASE_COLUMNS",
    "CASE_FORMATS",
    "CasePartWriter",
    "CaseWriter",
    "case_cells",
    "case_row_count",
]

#: Columns of the per-case CSV: one row per deadline (or one per rejected case).
CASE_COLUMNS = (
    "case_id",
    "ruleset",
    "state",
    "clock",
    "instance",
    "kind",
    "level",
    "start",
    "due",
    "met_on",
    "ended_by",
    "status",
    "working_days_taken",
    "days_late",
    "extensions",
    "pauses",
    "as_of",
    "rejected",
)
#: The JSON Lines encoder (one for every line: ``json.dumps`` with options makes one a
#: call); text as it is, not escaped to ASCII.
_JSON = json.JSONEncoder(ensure_ascii=False)
#: The per-case formats, by file suffix.
CASE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


class CaseWriter:
    """Per-case detail, streamed: CSV (one row per deadline) or JSON Lines (one case per
    line), chosen by ``fmt``. Call :meth:`write` for each case as the audit goes.
    ``header``: whether to begin with the CSV header (not for a part of the file after
    the first, see :class:`CasePartWriter`)."""

    def __init__(self, out: TextIO, fmt: str, group_by: Sequence[str] = (), header: bool = True):
        if fmt not in ("csv", "jsonl"):
            raise ValueError(f"per-case format must be csv or jsonl, got {fmt!r}")
        self.out = out
        self.fmt = fmt
        self.groups = tuple(group_by)
        self._csv: Any = None
        self._cells = _TextCells({None: ""})
        if fmt == "csv":
            cols = list(CASE_COLUMNS)
            cols[2:2] = self.groups
            self._csv = csv.writer(out, lineterminator="\n")
            if header:
                self._csv.writerow(cols)

    def write(self, result: CaseResult) -> None:
        """Write one case: with CSV, its rows of :func:`case_cells` as text (text cells
        neutralised; dates and numbers cannot start a formula; an empty cell is empty)."""
        if self.fmt == "jsonl":
            self.out.write(_JSON.encode(result.to_dict()) + "\n")
            return
        self._csv.writerows(self._csv_rows(result))

    def _csv_rows(self, result: CaseResult) -> list[list[Any]]:
        """:func:`case_cells` as CSV text, built directly (the hot path of ``--cases``):
        the case's own cells are made once for all its rows, and the cells that come from
        the rule set or the calendar (clock, kind, level, event and status ids, dates),
        of which an audit has a few thousand at most, are made once each and looked up
        after (:class:`_TextCells`). The same text as ``_csv_cell`` over ``case_cells``."""
        cell = self._cells
        if len(cell) > _MAX_REMEMBERED:
            cell.clear()
            cell[None] = ""
        base = [
            neutralise(result.case_id),
            neutralise(result.ruleset or ""),
            *(neutralise(result.groups.get(g, "")) for g in self.groups),
            neutralise(result.state or ""),
        ]
        if result.rejection is not None:
            return [[*base, *_EMPTY_TEXT, neutralise(result.rejection.reason)]]
        rows = []
        for d in result.deadlines:
            ended = d.met_on is not None or d.ended_by is not None
            rows.append(
                [
                    *base,
                    cell[d.clock],
                    d.instance,
                    cell[d.kind],
                    cell[d.level],
                    cell[d.start],
                    cell[d.due],
                    cell[d.met_on],
                    cell[d.ended_by],
                    cell[d.status],
                    d.working_days_taken if ended else "",
                    d.days_late,
                    len(d.extensions),
                    len(d.pauses),
                    cell[d.as_of],
                    "",
                ]
            )
        return rows


def case_cells(result: CaseResult, groups: Sequence[str] = ()) -> list[list[Any]]:
    """The rows of one case in the per-case table, typed: a row per deadline (a rejected
    case: one row, with its reason in ``rejected``; a case with no deadlines: none), the
    columns of :data:`CASE_COLUMNS` with the values of the group columns ``groups`` after
    ``ruleset``. Dates are dates and counts ints; an empty cell is ``None`` (no due date,
    not met, the cells of a rejected case) or ``""`` (text a case did not give). Each
    writer formats them for its medium (the CSV as text, the workbook as typed cells).
    ``working_days_taken`` is given only where the deadline ended (met, or ended by an
    event): while it runs, the count to the as-of date is no answer.

    There are :func:`case_row_count` rows."""
    base = [
        result.case_id,
        result.ruleset or "",
        *(result.groups.get(g, "") for g in groups),
        result.state or "",
    ]
    if result.rejection is not None:
        return [[*base, *_EMPTY, result.rejection.reason]]
    rows = []
    for d in result.deadlines:
        rows.append(
            [
                *base,
                d.clock,
                d.instance,
                d.kind,
                d.level or "",
                d.start,
                d.due,
                d.met_on,
                d.ended_by or "",
                d.status,
                taken_if_ended(d),
                d.days_late,
                len(d.extensions),
                len(d.pauses),
                d.as_of,
                "",
            ]
        )
    return rows


def case_row_count(result: CaseResult) -> int:
    """How many rows :func:`case_cells` gives ``result`` (without building them): one for
    a rejected case, else one per deadline (none for a case with no deadlines)."""
    return 1 if result.rejection is not None else len(result.deadlines)


def _csv_cell(value: Any) -> Any:
    """A typed cell as CSV text: ``None`` empty, a date in ISO form, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, _dt.date):
        return value.isoformat()
    return neutralise(value)


#: The empty cells of a rejected case's row, from ``clock`` to ``as_of``.
_EMPTY = (None,) * (len(CASE_COLUMNS) - 4)
_EMPTY_TEXT = ("",) * len(_EMPTY)
#: How many cells a :class:`_TextCells` keeps before it starts again (far more than the
#: ids and dates of any year of cases; a bound all the same)
_MAX_REMEMBERED = 50_000


class _TextCells(dict[Any, Any]):
    """CSV text of the typed cells that recur (ids from a rule set, dates), made on first
    use: ``None`` is empty, a date is in ISO form, text is neutralised."""

    def __missing__(self, value: Any) -> Any:
        text = self[value] = _csv_cell(value)
        return text


@attrs.frozen
class CasePartWriter:
    """The per-case writer of each part of a file that the audit's worker processes
    write side by side (``audit(case_output=CaseOutput(path, CasePartWriter(fmt, group_by)))``):
    called with a part's text file and whether it begins the file, it gives what to
    call with each case. Plain data, so it pickles to spawned workers."""

    fmt: str
    group_by: tuple[str, ...] = ()

    def __call__(self, out: TextIO, first: bool) -> Callable[[CaseResult], None]:
        return CaseWriter(out, self.fmt, self.group_by, header=first).write
