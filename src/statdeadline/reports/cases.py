"""Per-case detail, streamed as the audit goes: CSV (one row per deadline) or JSON Lines
(one case per line). Cells are neutralised as in the summary CSV.

``as_of`` is the date the deadline was judged at; ``ended_by`` the event that ended it
(met, superseded, cancelled, or the case closing; empty while it runs);
``working_days_taken`` (from its start to the day it ended) is given only where it
ended; ``days_late`` is in working days past the due date (to the as-of date while it
runs)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import attrs

from ..audit import CaseResult
from .csv_report import neutralise

__all__ = ["CASE_COLUMNS", "CASE_FORMATS", "CasePartWriter", "CaseWriter"]

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
        if fmt == "csv":
            cols = list(CASE_COLUMNS)
            cols[2:2] = self.groups
            self._csv = csv.writer(out, lineterminator="\n")
            if header:
                self._csv.writerow(cols)

    def write(self, result: CaseResult) -> None:
        """Write one case: with CSV, a row per deadline, the columns of
        :data:`CASE_COLUMNS` with the group columns after ``ruleset`` (text cells
        neutralised; dates and numbers cannot start a formula)."""
        if self.fmt == "jsonl":
            self.out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            return
        groups = result.groups
        base = [
            neutralise(result.case_id),
            neutralise(result.ruleset or ""),
            *(neutralise(groups.get(g, "")) for g in self.groups),
            neutralise(result.state or ""),
        ]
        if result.rejection is not None:
            self._csv.writerow([*base, *_EMPTY, neutralise(result.rejection.reason)])
            return
        rows = []
        for d in result.deadlines:
            taken = d.working_days_taken
            rows.append(
                [
                    *base,
                    neutralise(d.clock),
                    d.instance,
                    neutralise(d.kind),
                    neutralise(d.level or ""),
                    d.start.isoformat(),
                    d.due.isoformat() if d.due else "",
                    d.met_on.isoformat() if d.met_on else "",
                    neutralise(d.ended_by or ""),
                    neutralise(d.status),
                    "" if taken is None or (d.met_on is None and d.ended_by is None) else taken,
                    d.days_late,
                    len(d.extensions),
                    len(d.pauses),
                    d.as_of.isoformat(),
                    "",
                ]
            )
        self._csv.writerows(rows)


#: The empty cells of a rejected case's row, from ``clock`` to ``pauses``.
_EMPTY = ("",) * (len(CASE_COLUMNS) - 4)


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
