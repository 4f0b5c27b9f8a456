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
from collections.abc import Sequence
from typing import Any, TextIO

from ..audit import CaseResult
from .csv_report import neutralise

__all__ = ["CASE_COLUMNS", "CASE_FORMATS", "CaseWriter"]

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
    line), chosen by ``fmt``. Call :meth:`write` for each case as the audit goes."""

    def __init__(self, out: TextIO, fmt: str, group_by: Sequence[str] = ()):
        if fmt not in ("csv", "jsonl"):
            raise ValueError(f"per-case format must be csv or jsonl, got {fmt!r}")
        self.out = out
        self.fmt = fmt
        self.groups = tuple(group_by)
        self._csv: Any = None
        if fmt == "csv":
            cols = list(CASE_COLUMNS)
            cols[2:2] = self.groups
            self._csv = csv.DictWriter(out, fieldnames=cols, lineterminator="\n")
            self._csv.writeheader()

    def write(self, result: CaseResult) -> None:
        """Write one case."""
        if self.fmt == "jsonl":
            self.out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            return
        base: dict[str, Any] = {
            "case_id": result.case_id,
            "ruleset": result.ruleset or "",
            "state": result.state or "",
        }
        for g in self.groups:
            base[g] = result.groups.get(g, "")
        if result.rejection is not None:
            self._csv.writerow(
                {k: neutralise(v) for k, v in {**base, "rejected": result.rejection.reason}.items()}
            )
            return
        for d in result.deadlines:
            row = {
                **base,
                "clock": d.clock,
                "instance": d.instance,
                "kind": d.kind,
                "level": d.level or "",
                "start": d.start.isoformat(),
                "due": d.due.isoformat() if d.due else "",
                "met_on": d.met_on.isoformat() if d.met_on else "",
                "ended_by": d.ended_by or "",
                "status": d.status,
                "working_days_taken": ""
                if d.working_days_taken is None or (d.met_on is None and d.ended_by is None)
                else d.working_days_taken,
                "days_late": d.days_late,
                "extensions": len(d.extensions),
                "pauses": len(d.pauses),
                "as_of": d.as_of.isoformat(),
                "rejected": "",
            }
            self._csv.writerow({k: neutralise(v) for k, v in row.items()})
