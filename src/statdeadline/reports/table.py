"""The audit report as plain text for a terminal: counts, the summary table, the
working-day bands and the rejections."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import TextIO, TypeVar

from ..audit import AuditReport, CaseCountRow, SummaryRow
from ..audit.columns import STATUS_COLUMNS
from ..audit.limits import rejection_warning
from ..rules.profiles import band_unit_text
from .percent import style_for
from .registry import AUDIT_REPORT, register
from .text import horizon_text, versions_text

__all__ = ["render_table", "with_totals", "write_table"]


def _num(x: float | None) -> str:
    return "-" if x is None else (f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}")


def render_table(report: AuditReport, width: int | None = None) -> str:
    """A plain-text report for a terminal: counts, the summary table, rejections.

    ``width``: the terminal's width in characters. A table wider than it is wrapped:
    its columns are cut into runs that fit, each printed as a table of its own under the
    row's key (deadline, groups, period; the rule set too when the report has more than
    one, its id being on the ``rule set`` line above otherwise). ``None`` (the default,
    and what :func:`write_table` gives when the output is not a terminal): every table
    whole, one line per row, whatever its width, so that a script reading the output
    always finds the same layout.

    Each summary line adds up: deadlines = on time + late + overdue + not recorded (the
    case closed without it being met or marked) + open + expired (a complainant's window
    that lapsed) + n/a (cancelled or superseded: no longer applies) + not req. (not
    required: an offer declined) + owed + done (a duty with no due date of its own: its
    rate is ``-``); the status columns are those of
    :data:`~statdeadline.audit.columns.STATUS_COLUMNS`; ``cases`` counts the
    cases with the deadline, once each (a repeatable clock's runs are also shown one by
    one, as ``clock#n``). A report made with a profile names each deadline by its
    label (``Complaint responses``), as its headlines do. With group columns, a ``total``
    line adds up the groups.
    """
    c = report.counts
    meta = report.meta
    warning = rejection_warning(c, report.rows_without_case)
    lines = [] if warning is None else [warning, ""]
    if report.meta.get("profile_warning"):
        lines += [f"warning: {report.meta['profile_warning']}", ""]
    horizon = horizon_text(report.meta)
    if horizon is not None:
        lines += [horizon, ""]
    lines += [
        f"statdeadline audit as of {meta['as_of']} (library {meta['library_version']})",
        f"rows: {c['rows_read']} read = {c['rows_used']} used + {c['rows_rejected']} rejected; "
        f"cases: {c['cases_read']} read = {c['cases_audited']} audited + {c['cases_rejected']} rejected; "
        f"{c['cases_open']} still open",
    ]
    for rid, info in meta.get("rulesets", {}).items():
        lines.append(
            f"rule set {rid} {versions_text(info)} ({info['division']}, calendar {info['calendar_fingerprint'][:12]})"
        )
    if report.headlines:
        lines += ["", *report.headlines]
    groups = list(meta.get("options", {}).get("group_by", []))
    periods = bool(meta.get("periods"))
    header = [
        "rule set",
        "deadline",
        *groups,
        *(["period"] if periods else []),
        "deadlines",
        "cases",
        *_STATUS_HEADINGS,
        "rate",
        "target",
        "mean wd",
        "median",
        "p90",
        *(["carried fwd", "change"] if periods else []),
    ]
    labels = _labels(report)
    body = []
    for row in with_totals(report.summary, report.totals):
        if row.target is None or row.target_met is None:
            target = "-"
        else:
            target = "met" if row.target_met else "missed"
        body.append(
            [
                row.ruleset,
                _deadline(row, labels),
                *_group_cells(row, groups),
                *([row.period or ""] if periods else []),
                str(row.deadlines),
                str(row.cases),
                *_status_cells(row),
                style_for(meta, row.ruleset).text(row.on_time_rate),
                target,
                _num(row.wd_mean),
                _num(row.wd_median),
                _num(row.wd_p90),
                *(
                    [str(row.carried_forward), _change(row.change, row.change_pct)]
                    if periods
                    else []
                ),
            ]
        )
    keys = 2 + len(groups) + periods
    lines.append("")
    lines.extend(_grid(header, body, keys, width))
    lines += _band_lines(report, groups, periods, width)
    if periods:
        lines += _period_lines(report, groups, width)
    if report.rejections:
        lines.append("")
        lines.append(f"rejected ({len(report.rejections)}):")
        lines.extend(f"  {r}" for r in report.rejections)
    return "\n".join(lines)


#: The status columns' headings, those with the same heading (n/a) shown as one.
_STATUS_HEADINGS = tuple(dict.fromkeys(c.short for c in STATUS_COLUMNS))


def _status_cells(row: SummaryRow) -> list[str]:
    """A row's status counts, one per heading of :data:`_STATUS_HEADINGS`."""
    return [
        str(sum(getattr(row, c.column) for c in STATUS_COLUMNS if c.short == heading))
        for heading in _STATUS_HEADINGS
    ]


Row = TypeVar("Row", SummaryRow, CaseCountRow)


def with_totals(rows: Sequence[Row], totals: Sequence[Row]) -> list[Row]:
    """``rows`` with each total row after the last row of its block (the same rule set
    and, for summary rows, clock and tier).

    Rows of one block are together in ``rows`` (they are sorted so); a total with no
    block goes last."""

    def block(r: SummaryRow | CaseCountRow) -> tuple[object, ...]:
        if isinstance(r, SummaryRow):
            return (r.ruleset, r.clock, r.tier)
        return (r.ruleset,)

    pending: dict[tuple[object, ...], list[Row]] = {}
    for t in totals:
        pending.setdefault(block(t), []).append(t)
    out: list[Row] = []
    for i, r in enumerate(rows):
        out.append(r)
        b = block(r)
        if i + 1 == len(rows) or block(rows[i + 1]) != b:
            out.extend(pending.pop(b, []))
    for rest in pending.values():
        out.extend(rest)
    return out


def _deadline(row: SummaryRow, labels: bool = False) -> str:
    """A row's deadline: the clock, and ``#n`` for one run of a repeatable clock; with
    ``labels`` (a report profile names the deadlines), the row's label, as the headlines,
    the HTML page and the workbook show it."""
    if labels:
        return row.label
    return row.clock if row.tier is None else f"{row.clock}#{row.tier}"


def _labels(report: AuditReport) -> bool:
    """Whether the report names its deadlines by label: when it was made with a profile."""
    return bool(report.meta.get("options", {}).get("profile"))


def _group_cells(row: SummaryRow | CaseCountRow, groups: Sequence[str]) -> list[str]:
    """A row's group cells; a total row says ``total`` in the first."""
    if row.total:
        return ["total", *[""] * (len(groups) - 1)] if groups else []
    return [row.group.get(g, "") for g in groups]


def _change(change: int | None, pct: float | None) -> str:
    """A change as the reports print it: ``+2 (+20.0%)``; ``-`` with nothing before."""
    if change is None:
        return "-"
    return f"{change:+d}" + ("" if pct is None else f" ({pct * 100:+.1f}%)")


def _period_lines(
    report: AuditReport, groups: Sequence[str], width: int | None = None
) -> list[str]:
    """The cases of each period, counted once each: closed by its end, or carried forward."""
    meta = report.meta
    rule = meta.get("options", {}).get("placement_rule") or ""
    lines = ["", f"cases per period ({rule})"]
    header = ["rule set", *groups, "period", "cases", "closed", "carried fwd", "change"]
    body = [
        [
            r.ruleset,
            *_group_cells(r, groups),
            r.period or "",
            str(r.cases),
            str(r.closed),
            str(r.carried_forward),
            _change(r.change, r.change_pct),
        ]
        for r in with_totals(report.case_counts, report.case_totals)
    ]
    lines.extend(_grid(header, body, 2 + len(groups), width))
    return lines


def _band_lines(
    report: AuditReport, groups: Sequence[str], periods: bool = False, width: int | None = None
) -> list[str]:
    """The bands of each summary line, not recorded and open deadlines counted apart: one
    grid for each run of lines with the same bands (a profile gives each deadline its
    own), headed by their unit when it is not working days. A duty with no due date of
    its own (owed, done) has no bands."""
    rows = [r for r in with_totals(report.summary, report.totals) if not r.duty]
    if not rows:
        return []
    labels = _labels(report)
    lines = [
        "",
        "working days taken (met deadlines); not recorded and open deadlines counted apart",
    ]
    runs: list[list[SummaryRow]] = []
    for row in rows:
        same = runs and list(runs[-1][0].histogram) == list(row.histogram)
        if same and runs[-1][0].band_unit == row.band_unit:
            runs[-1].append(row)
        else:
            runs.append([row])
    for i, run in enumerate(runs):
        if i:
            lines.append("")
        if run[0].band_unit != "working_days":
            lines.append(f"({band_unit_text(run[0].band_unit)})")
        header = [
            "rule set",
            "deadline",
            *groups,
            *(["period"] if periods else []),
            *run[0].histogram,
            "not rec.",
            "open",
        ]
        body = [
            [
                row.ruleset,
                _deadline(row, labels),
                *_group_cells(row, groups),
                *([row.period or ""] if periods else []),
                *[str(n) for n in row.histogram.values()],
                str(row.not_recorded),
                str(row.open),
            ]
            for row in run
        ]
        lines.extend(_grid(header, body, 2 + len(groups) + periods, width))
    return lines


def _grid(
    header: Sequence[str],
    body: Sequence[Sequence[str]],
    keys: int = 0,
    width: int | None = None,
) -> list[str]:
    """A table's lines: the header, a rule, a line per row. With ``width``, a table
    wider than it is wrapped (see :func:`render_table`): its first ``keys`` columns (the
    row's key) begin each part, the others are cut into runs that fit beside them (at
    least one a part), the parts a blank line apart. A first column ``rule set`` with
    one value in every row is left out of the parts: the report names its rule set."""
    lines = _whole(header, body)
    if width is None or max(len(x) for x in lines) <= width or keys >= len(header):
        return lines
    key = list(range(keys))
    if header[0] == "rule set" and len({r[0] for r in body}) <= 1:
        key = key[1:]
    cols = [
        max(len(str(x)) for x in col) for col in zip(header, *body, strict=False)
    ]  # each column's width
    room = width - sum(cols[i] + 2 for i in key)
    parts: list[list[int]] = []
    for i in range(keys, len(header)):
        if parts and sum(cols[j] + 2 for j in parts[-1]) + cols[i] <= room:
            parts[-1].append(i)
        else:
            parts.append([i])
    out: list[str] = []
    for n, part in enumerate(parts):
        if n:
            out.append("")
        picked = [*key, *part]
        out += _whole([header[i] for i in picked], [[r[i] for i in picked] for r in body])
    return out


def _whole(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    """A table's lines, every column whole, one line per row."""
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


def write_table(report: AuditReport, out: TextIO) -> None:
    """:func:`render_table` and a newline, wrapped to the terminal's width
    (:func:`shutil.get_terminal_size`: ``COLUMNS``, else the terminal's own) when ``out``
    is a terminal, whole otherwise."""
    width = shutil.get_terminal_size().columns if out.isatty() else None
    out.write(render_table(report, width) + "\n")


register("table", ".txt", AUDIT_REPORT, "a table", write_table)
