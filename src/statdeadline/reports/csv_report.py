"""The audit summary as CSV, one row per rule set, deadline and group.

CSV cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) are prefixed with ``'`` so opening the file cannot run
anything (OWASP "CSV injection"). Numbers written by the library itself are left alone.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from ..audit import AuditReport
from .registry import AUDIT_REPORT, register

__all__ = [
    "SUMMARY_COLUMNS",
    "csv_value",
    "neutralise",
    "summary_fieldnames",
    "summary_records",
    "write_csv",
]

#: Columns of the summary CSV (group columns are inserted after ``clock``).
SUMMARY_COLUMNS = (
    "ruleset",
    "clock",
    "label",
    "kind",
    "deadlines",
    "met",
    "met_late",
    "overdue",
    "not_recorded",
    "open",
    "expired",
    "cancelled",
    "superseded",
    "not_required",
    "owed",
    "done",
    "on_time_rate",
    "target",
    "target_met",
    "wd_mean",
    "wd_median",
    "wd_p90",
    "extensions_used",
    "backstop_breaches",
    "cases",
    "carried_forward",
    "change",
    "change_pct",
    "tier",
    "total",
    "duty",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A CSV cell that cannot be run as a spreadsheet formula.

    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("-5 days"), neutralise(-5), neutralise("North")
    ("'-5 days", -5, 'North')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def summary_records(report: AuditReport) -> list[dict[str, Any]]:
    """The summary as flat records: group columns after ``clock``, then ``period`` when
    the audit has periods, histogram bands last."""
    groups = list(report.meta.get("options", {}).get("group_by", []))
    periods = bool(report.meta.get("periods"))
    out = []
    for row in report.summary:
        rec: dict[str, Any] = {}
        for col in SUMMARY_COLUMNS:
            rec[col] = getattr(row, col)
            if col == "clock":
                for g in groups:
                    rec[g] = row.group.get(g, "")
                if periods:
                    rec["period"] = row.period
        for band, n in row.histogram.items():  # a deadline's own bands (blank elsewhere)
            rec[f"wd {band}"] = n
        out.append(rec)
    return out


def write_csv(report: AuditReport, out: TextIO) -> None:
    """The summary as CSV: one row per rule set, deadline and group."""
    records = summary_records(report)
    if not records:
        out.write(",".join(SUMMARY_COLUMNS) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=summary_fieldnames(records), lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: neutralise(csv_value(v)) for k, v in rec.items()})


def summary_fieldnames(records: list[dict[str, Any]]) -> list[str]:
    """The summary CSV's header: the first record's columns, then every band column
    another record adds, in order of first appearance (records are in the report's
    order, each deadline's bands in its own order), so a report whose deadlines have
    different bands (a profile's, or ``--buckets CLOCK=...``) carries each deadline's own
    band columns, blank in the rows of the other deadlines.

    >>> summary_fieldnames([{"clock": "a", "wd <= 3": 1}, {"clock": "b", "wd 0-7 days": 2}])
    ['clock', 'wd <= 3', 'wd 0-7 days']
    """
    names: dict[str, None] = {}
    for rec in records:
        names.update(dict.fromkeys(rec))
    return list(names)


def csv_value(v: Any) -> Any:
    """A value as the library writes it in CSV: ``None`` empty, booleans lower case,
    floats to 4 places."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return round(v, 4)
    return v


register("csv", ".csv", AUDIT_REPORT, "CSV", write_csv)
