"""pandas frames of an audit: :func:`audit_frame`, a thin layer over :func:`~statdeadline.audit.audit`.

The DataFrame is written to a temporary CSV file (dates as ``YYYY-MM-DD``, missing values
as empty cells) and audited exactly as ``statdeadline audit`` audits a file, so the
figures are the command line's; the results come back as DataFrames with proper dtypes:
dates as ``datetime64``, booleans as pandas' nullable ``boolean``, counts as integers
(nullable ``Int64`` where a value may be missing, such as a rejected case's deadline
columns). pandas is the optional extra ``statdeadline[pandas]``, imported only here and
only when :func:`audit_frame` is called.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from .audit import AuditReport, audit
from .exceptions import InvalidArgumentError

__all__ = ["AuditFrames", "audit_frame"]

#: What a rejection's file is called in the frames (not the temporary file's path).
SOURCE = "<DataFrame>"
_SUMMARY_INTS = (
    "deadlines",
    "met",
    "met_late",
    "overdue",
    "open",
    "expired",
    "cancelled",
    "superseded",
    "extensions_used",
    "backstop_breaches",
)
_CASE_INTS = ("instance", "working_days_taken", "days_late", "extensions", "pauses")
_CASE_DATES = ("start", "due", "met_on")
_DEADLINE_COLUMNS = (
    "clock",
    "instance",
    "kind",
    "start",
    "due",
    "met_on",
    "status",
    "working_days_taken",
    "days_late",
    "extensions",
    "pauses",
    "level",
)


@attrs.frozen
class AuditFrames:
    """An audit's results as DataFrames: ``summary`` (one row per rule set, clock and
    group: the group columns, the status counts, ``on_time_rate``, ``target_met``, the
    working-day figures and one ``histogram <band>`` column per band), ``cases`` (one
    row per deadline of each case, a rejected case one row with its ``rejected`` reason),
    ``rejections`` (``row``: the DataFrame's index label of the first row, ``case_id``,
    ``reason``, ``rows``) and ``report``, the :class:`~statdeadline.audit.AuditReport`
    itself (its ``meta`` and reconciled ``counts``)."""

    summary: Any
    cases: Any
    rejections: Any
    report: AuditReport


def audit_frame(
    df: Any,
    *,
    as_of: Any,
    group_by: Sequence[str] = (),
    mapping: Any = None,
    **options: Any,
) -> AuditFrames:
    """Audit the cases in ``df`` at ``as_of``: a long-format DataFrame (one event per row:
    ``case_id``, ``ruleset``, ``event``, ``date`` and the event fields), or a wide one with
    ``mapping`` (a mapping file's path, as for :func:`~statdeadline.audit.audit`). The
    other keyword options are :func:`~statdeadline.audit.audit`'s (``target``,
    ``strict``, ``date_format``, ``ruleset_options``, ``rules_dirs``, ...)."""
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InvalidArgumentError("df", type(df).__name__, "a pandas DataFrame")
    for name in ("inputs", "on_case", "input_format"):
        if name in options:
            raise InvalidArgumentError(name, options[name], "not given: audit_frame sets it")
    found: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="statdeadline-") as tmp:
        path = Path(tmp) / "cases.csv"
        df.to_csv(path, index=False, date_format="%Y-%m-%d")
        report = audit(
            [path],
            as_of=as_of,
            group_by=group_by,
            mapping=mapping,
            on_case=lambda c: found.append(c.to_dict()),
            input_format="csv",
            **options,
        )
    labels = list(df.index)
    return AuditFrames(
        summary=_summary(pd, report, group_by),
        cases=_cases(pd, found, group_by),
        rejections=_rejections(pd, report, labels, str(path)),
        report=report,
    )


def _summary(pd: Any, report: AuditReport, group_by: Sequence[str]) -> Any:
    rows = []
    for r in report.to_dict()["summary"]:
        row = {k: v for k, v in r.items() if k not in ("group", "histogram")}
        row.update({g: r["group"].get(g) for g in group_by})
        row.update({f"histogram {band}": n for band, n in r["histogram"].items()})
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    first = ["ruleset", "clock", "label", "kind", *group_by]
    frame = frame[first + [c for c in frame.columns if c not in first]]
    types = {c: "int64" for c in _SUMMARY_INTS}
    # nullable: each deadline has its own bands (a profile's), blank in the other rows
    types.update({c: "Int64" for c in frame.columns if c.startswith("histogram ")})
    types.update(on_time_rate="Float64", target="Float64", target_met="boolean")
    types.update(wd_mean="Float64", wd_median="Float64", wd_p90="Float64")
    return frame.astype(types)


def _cases(pd: Any, found: list[dict[str, Any]], group_by: Sequence[str]) -> Any:
    rows = []
    for case in found:
        head = {"case_id": case["case_id"], "ruleset": case["ruleset"]}
        head.update({g: case["groups"].get(g) for g in group_by})
        head.update(state=case["state"], rejected=case["rejected"])
        for d in case["deadlines"] or [dict.fromkeys(_DEADLINE_COLUMNS)]:
            rows.append({**head, **d})
    columns = ["case_id", "ruleset", *group_by, "state", "rejected", *_DEADLINE_COLUMNS]
    frame = pd.DataFrame(rows, columns=columns)
    for c in _CASE_DATES:
        frame[c] = pd.to_datetime(frame[c], format="%Y-%m-%d")
    return frame.astype({c: "Int64" for c in _CASE_INTS})


def _rejections(pd: Any, report: AuditReport, labels: list[Any], temp: str) -> Any:
    rows = []
    for r in report.rejections:
        line = r.line
        # The CSV's line 1 is its header: line k is the DataFrame's row k - 2.
        row = labels[line - 2] if line is not None and 2 <= line < len(labels) + 2 else None
        reason = r.reason.replace(temp, SOURCE)
        rows.append({"row": row, "case_id": r.case_id, "reason": reason, "rows": r.rows})
    frame = pd.DataFrame(rows, columns=["row", "case_id", "reason", "rows"])
    return frame.astype({"rows": "int64"})
