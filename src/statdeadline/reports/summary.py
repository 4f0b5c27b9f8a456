"""Write audit results: a terminal table, JSON, CSV, and per-case detail.

Writers take an :class:`~statdeadline.audit.AuditReport` (the summary) and, for per-case
detail, the :class:`~statdeadline.audit.CaseResult` objects as the audit streams them, so
nothing has to hold every case in memory. The HTML report is in
:mod:`statdeadline.html_report`.

CSV cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) are prefixed with ``'`` so opening the file cannot run
anything (OWASP "CSV injection"). Numbers written by the library itself are left alone.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from ..audit import AuditReport, CaseResult, SummaryRow

__all__ = [
    "CASE_COLUMNS",
    "SUMMARY_COLUMNS",
    "CaseWriter",
    "neutralise",
    "render_table",
    "summary_records",
    "write_csv",
    "write_json",
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
    "status",
    "working_days_taken",
    "days_late",
    "extensions",
    "pauses",
    "rejected",
)
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
    "open",
    "expired",
    "cancelled",
    "superseded",
    "on_time_rate",
    "target",
    "target_met",
    "wd_mean",
    "wd_median",
    "wd_p90",
    "extensions_used",
    "backstop_breaches",
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


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.1f}%"


def _num(x: float | None) -> str:
    return "-" if x is None else (f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}")


def summary_records(report: AuditReport) -> list[dict[str, Any]]:
    """The summary as flat records: group columns after ``clock``, histogram bands last."""
    groups = list(report.meta.get("options", {}).get("group_by", []))
    out = []
    for row in report.summary:
        rec: dict[str, Any] = {}
        for col in SUMMARY_COLUMNS:
            rec[col] = getattr(row, col)
            if col == "clock":
                for g in groups:
                    rec[g] = row.group.get(g, "")
        for band, n in row.histogram.items():
            rec[f"wd {band}"] = n
        out.append(rec)
    return out


def render_table(report: AuditReport, width: int = 100) -> str:
    """A plain-text report for a terminal: counts, the summary table, rejections.

    Each summary line adds up: cases = on time + late + overdue + open + expired (a
    complainant's window that lapsed) + n/a (cancelled or superseded: no longer applies).
    """
    c = report.counts
    meta = report.meta
    lines = [
        f"statdeadline audit as of {meta['as_of']} (library {meta['library_version']})",
        f"rows: {c['rows_read']} read = {c['rows_used']} used + {c['rows_rejected']} rejected; "
        f"cases: {c['cases_read']} read = {c['cases_audited']} audited + {c['cases_rejected']} rejected; "
        f"{c['cases_open']} still open",
    ]
    for rid, info in meta.get("rulesets", {}).items():
        lines.append(
            f"rule set {rid} {info['version']} ({info['division']}, calendar {info['calendar_fingerprint'][:12]})"
        )
    groups = list(meta.get("options", {}).get("group_by", []))
    header = [
        "rule set",
        "deadline",
        *groups,
        "cases",
        "on time",
        "late",
        "overdue",
        "open",
        "expired",
        "n/a",
        "rate",
        "target",
        "mean wd",
        "median",
        "p90",
    ]
    body = []
    for row in report.summary:
        if row.target is None or row.target_met is None:
            target = "-"
        else:
            target = "met" if row.target_met else "missed"
        body.append(
            [
                row.ruleset,
                row.clock,
                *[row.group.get(g, "") for g in groups],
                str(row.deadlines),
                str(row.met),
                str(row.met_late),
                str(row.overdue),
                str(row.open),
                str(row.expired),
                str(row.cancelled + row.superseded),
                _pct(row.on_time_rate),
                target,
                _num(row.wd_mean),
                _num(row.wd_median),
                _num(row.wd_p90),
            ]
        )
    lines.append("")
    lines.extend(_grid(header, body))
    bands = report.summary[0].histogram.keys() if report.summary else ()
    if bands:
        lines.append("")
        lines.append("working days taken (met deadlines); open deadlines counted apart")
        hist_header = ["rule set", "deadline", *groups, *bands, "open"]
        hist_body = [
            [
                row.ruleset,
                row.clock,
                *[row.group.get(g, "") for g in groups],
                *[str(n) for n in row.histogram.values()],
                str(row.open),
            ]
            for row in report.summary
        ]
        lines.extend(_grid(hist_header, hist_body))
    if report.rejections:
        lines.append("")
        lines.append(f"rejected ({len(report.rejections)}):")
        lines.extend(f"  {r}" for r in report.rejections)
    return "\n".join(lines)


def _grid(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    widths = (
        [max(len(str(x)) for x in col) for col in zip(header, *body, strict=False)]
        if body
        else [len(h) for h in header]
    )
    numeric = [all(_is_number(r[i]) for r in body) and bool(body) for i in range(len(header))]

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).rjust(w) if numeric[i] else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [fmt(header), fmt(["-" * w for w in widths]), *[fmt(r) for r in body]]


def _is_number(s: str) -> bool:
    return s == "-" or s.rstrip("%").replace(".", "", 1).isdigit()


def write_json(report: AuditReport, out: TextIO, cases: Iterable[CaseResult] | None = None) -> None:
    """The report as one JSON document (``meta``, ``counts``, ``summary``, ``rejections``,
    and ``cases`` when given)."""
    data = report.to_dict()
    if cases is not None:
        data["cases"] = [c.to_dict() for c in cases]
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


def write_csv(report: AuditReport, out: TextIO) -> None:
    """The summary as CSV: one row per rule set, deadline and group."""
    records = summary_records(report)
    if not records:
        out.write(",".join(SUMMARY_COLUMNS) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: neutralise(_csv_value(v)) for k, v in rec.items()})


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return round(v, 4)
    return v


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
                "status": d.status,
                "working_days_taken": "" if d.working_days_taken is None else d.working_days_taken,
                "days_late": d.days_late,
                "extensions": len(d.extensions),
                "pauses": len(d.pauses),
                "rejected": "",
            }
            self._csv.writerow({k: neutralise(v) for k, v in row.items()})


def summary_row_label(row: SummaryRow) -> str:
    """``ruleset / clock [group=value ...]`` for charts and headings."""
    label = f"{row.ruleset} / {row.clock}"
    if row.group:
        label += " [" + ", ".join(f"{k}={v}" for k, v in row.group.items()) + "]"
    return label
