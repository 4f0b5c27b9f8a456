"""The audit report as an Excel workbook (``.xlsx``; needs the ``excel`` extra, openpyxl).

Sheets: **Summary** (the headlines, then a row per rule set, deadline, group and period
with every figure, total rows after their groups), **Periods** (cases per period:
cases, closed, carried forward, change), **Bands** (a row per summary row and band: its
label, unit, count and share, and its not recorded), **Cases** (a row per deadline of
every case, as the per-case CSV has them, when the cases are given: the command line
gives them; at most :data:`CASE_ROWS` rows, then a row saying how many more there are,
all of them in ``--cases FILE``), **Counts** (the reconciled counts),
**Rejections** (file, line, case, reason, rows), **Meanings** (each status column of
the Summary: what it counts, and whether it is in the on-time rate) and **About** (provenance: library
version, as-of date, options, each rule set's version and calendar fingerprints, each
input's SHA-256).

Numbers are written as numbers (rates as fractions with a percentage format, the mean
working days taken with one decimal), dates as dates. Beside each exact rate or share,
an ``... printed`` column holds it rounded as the report prints it (the profile's
``percent`` for its rule set: 0.89 shown as ``89%`` for Oxfordshire's 96 of 107, which
truncates; Excel's own rounding of ``0%`` would show 90%); each sheet's header row is frozen and bold, and columns are sized to their
contents. Nothing from the data is ever written as a formula: every text cell is typed
as text, so a cell such as ``=HYPERLINK(...)`` in a group column stays the text it was.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

import attrs

from ..audit import AuditReport, CaseResult
from ..audit.columns import STATUS_COLUMNS
from .cases import CASE_COLUMNS, case_cells, case_row_count
from .csv_report import SUMMARY_COLUMNS
from .percent import band_shares, style_for
from .registry import AUDIT_REPORT, register
from .table import with_totals
from .text import versions_text

__all__ = ["CASE_ROWS", "SHEETS", "CaseSheet", "write_xlsx", "xlsx_bytes"]

#: The packages this writer needs beyond the core, and the extra that installs each (the
#: writer registry checks them before an audit starts).
NEEDS = {"openpyxl": "excel"}

#: The workbook's sheets, in order.
SHEETS = ("Summary", "Periods", "Bands", "Cases", "Counts", "Rejections", "Meanings", "About")
#: The most deadline rows the Cases sheet holds (Excel's own limit is 1,048,576 rows; the
#: cases are held in memory until the workbook is written, so fewer).
CASE_ROWS = 200_000
_IN_RATE = {"for": "yes, for", "against": "yes, against", "no": "no"}
#: Number formats by column: rates as percentages, a mean of working days to one decimal.
_FORMATS = {
    "on_time_rate": "0.0%",
    "target": "0.0%",
    "change_pct": "0.0%",
    "wd_mean": "0.0",
}


def _format(column: str) -> str | None:
    """A column's number format (a ``... %`` column is a share), ``None``: Excel's own."""
    return "0.0%" if column.endswith("%") else _FORMATS.get(column)


@attrs.frozen
class Shown:
    """A number with its own number format (a printed percentage, whose number of
    decimals is its row's)."""

    value: float | None
    number_format: str


class CaseSheet:
    """The cases of an audit for the Cases sheet, kept as the audit goes (pass it as
    ``audit(on_case=...)``), up to ``limit`` rows (those of :func:`case_cells`: one per
    deadline, one for a rejected case, none for a case with no deadlines); ``left_out``
    counts the rows of the cases past them."""

    def __init__(self, limit: int = CASE_ROWS) -> None:
        self.limit = limit
        self.cases: list[CaseResult] = []
        self.rows = 0
        self.left_out = 0

    def __call__(self, result: CaseResult) -> None:
        n = case_row_count(result)
        if self.rows + n > self.limit:
            self.left_out += n
            return
        self.cases.append(result)
        self.rows += n


def _cases(wb: Any, groups: Sequence[str], cases: Iterable[CaseResult] | CaseSheet | None) -> None:
    """The Cases sheet: the cases' rows, then, when some were left out, how many."""
    header = list(CASE_COLUMNS)
    header[2:2] = groups
    sheet = cases if isinstance(cases, CaseSheet) else CaseSheet()
    if cases is not None and not isinstance(cases, CaseSheet):
        for c in cases:
            sheet(c)
    rows = [row for c in sheet.cases for row in case_cells(c, groups)]
    if sheet.left_out:
        rows.append(
            [
                f"{sheet.left_out:,} more rows not shown (the sheet holds {sheet.limit:,}): "
                "the per-case file (--cases FILE) has them all",
                *[None] * (len(header) - 1),
            ]
        )
    _sheet(wb, "Cases", header, rows)


def _openpyxl() -> Any:
    try:
        import openpyxl  # optional: only this writer needs it
    except ModuleNotFoundError:  # pragma: no cover - the test extra installs it
        raise ModuleNotFoundError(
            "the xlsx format needs openpyxl: pip install 'statdeadline[excel]'",
            name=__name__,
        ) from None
    return openpyxl


def _put(ws: Any, row: int, col: int, value: Any, number_format: str | None = None) -> None:
    """One typed cell: text always as text (never a formula), numbers (in
    ``number_format`` when given) and dates as such."""
    if isinstance(value, Shown):
        value, number_format = value.value, value.number_format
    if isinstance(value, bool):
        cell = ws.cell(row=row, column=col, value=value)
        return
    if isinstance(value, int | float) or value is None:
        cell = ws.cell(row=row, column=col, value=value)
        if number_format is not None and value is not None:
            cell.number_format = number_format
        return
    if isinstance(value, _dt.date):
        cell = ws.cell(row=row, column=col, value=value)
        cell.number_format = "yyyy-mm-dd"
        return
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    cell = ws.cell(row=row, column=col)
    cell.value = text
    cell.data_type = "s"  # openpyxl would take a leading "=" as a formula


def _sheet(wb: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    ws = wb.create_sheet(title)
    bold = _openpyxl().styles.Font(bold=True)
    widths = [len(h) for h in header]
    for c, h in enumerate(header, 1):
        _put(ws, 1, c, h)
        ws.cell(row=1, column=c).font = bold
    for r, values in enumerate(rows, 2):
        for c, (name, v) in enumerate(zip(header, values, strict=True), 1):
            _put(ws, r, c, v, _format(name))
            shown = v.value if isinstance(v, Shown) else v
            widths[c - 1] = max(widths[c - 1], min(60, len(str(shown)) if shown is not None else 0))
    ws.freeze_panes = "A2"
    letter = _openpyxl().utils.get_column_letter
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[letter(c)].width = w + 2


def _summary(report: AuditReport, wb: Any) -> None:
    groups = list(report.meta.get("options", {}).get("group_by", []))
    fixed = [c for c in SUMMARY_COLUMNS if c not in ("ruleset", "clock")]
    at = fixed.index("on_time_rate") + 1
    header = ["ruleset", "clock", *groups, "period", *fixed[:at], "on_time_printed", *fixed[at:]]
    rows = []
    for r in with_totals(report.summary, report.totals):
        cells = [
            "total" if r.total and i == 0 else r.group.get(g, "") for i, g in enumerate(groups)
        ]
        style = style_for(report.meta, r.ruleset)
        values = [getattr(r, c) for c in fixed]
        printed = Shown(style.rounded(r.on_time_rate), style.excel_format())
        rows.append(
            [r.ruleset, r.clock, *cells, r.period or "", *values[:at], printed, *values[at:]]
        )
    ws_title = "Summary"
    _sheet(wb, ws_title, header, rows)
    if report.headlines:  # above the table would shift the frozen header; below it
        ws = wb[ws_title]
        at = ws.max_row + 2
        for i, line in enumerate(report.headlines):
            _put(ws, at + i, 1, line)


def _bands(report: AuditReport, wb: Any) -> None:
    """The Bands sheet: a row per summary row and band, then its not recorded, each with
    its count, exact share and share as printed."""
    rows = []
    for r in with_totals(report.summary, report.totals):
        if r.duty:  # a duty with no due date of its own has no bands
            continue
        style = style_for(report.meta, r.ruleset)
        group = "total" if r.total else ", ".join(f"{k}={v}" for k, v in r.group.items())
        counts = {**r.histogram, "not recorded": r.not_recorded}
        for band, share in band_shares(r).items():
            rows.append(
                [
                    r.ruleset,
                    r.clock,
                    r.label,
                    group,
                    r.period or "",
                    band,
                    r.band_unit,
                    counts[band],
                    share,
                    Shown(style.rounded(share), style.excel_format()),
                ]
            )
    header = ["ruleset", "clock", "label", "group", "period", "band", "unit", "count"]
    _sheet(wb, "Bands", [*header, "share %", "share printed"], rows)


def xlsx_bytes(
    report: AuditReport,
    title: str | None = None,
    cases: Iterable[CaseResult] | CaseSheet | None = None,
) -> bytes:
    """The workbook's bytes (see the module's docstring); ``title`` is the workbook's
    title property and the About sheet's first row (default: the report profile's title
    when the audit had one, else "Complaints timeliness as of" the as-of date);
    ``cases``: the audit's cases, for the Cases sheet (a :class:`CaseSheet` kept as the
    audit went, or the cases themselves; none: the sheet has its header only)."""
    wb = _openpyxl().Workbook()
    wb.remove(wb.active)
    profile = report.meta.get("options", {}).get("profile") or {}
    wb.properties.title = (
        title or profile.get("title") or f"Complaints timeliness as of {report.meta.get('as_of')}"
    )
    _summary(report, wb)
    groups = list(report.meta.get("options", {}).get("group_by", []))
    _sheet(
        wb,
        "Periods",
        [
            "ruleset",
            *groups,
            "period",
            "cases",
            "closed",
            "carried_forward",
            "change",
            "change_pct",
        ],
        (
            [
                c.ruleset,
                *[
                    "total" if c.total and i == 0 else c.group.get(g, "")
                    for i, g in enumerate(groups)
                ],
                c.period or "",
                c.cases,
                c.closed,
                c.carried_forward,
                c.change,
                c.change_pct,
            ]
            for c in with_totals(report.case_counts, report.case_totals)
        ),
    )
    _bands(report, wb)
    _cases(wb, groups, cases)
    _sheet(wb, "Counts", ["count", "value"], list(report.counts.items()))
    _sheet(
        wb,
        "Rejections",
        ["file", "line", "case_id", "reason", "rows"],
        ([x.file, x.line, x.case_id or "", x.reason, x.rows] for x in report.rejections),
    )
    _sheet(
        wb,
        "Meanings",
        ["column", "statuses", "meaning", "in the on-time rate"],
        ([c.column, ", ".join(c.statuses), c.meaning, _IN_RATE[c.rate]] for c in STATUS_COLUMNS),
    )
    meta = report.meta
    about: list[list[Any]] = [
        ["title", wb.properties.title],
        ["library_version", meta.get("library_version")],
        ["as_of", _dt.date.fromisoformat(meta["as_of"]) if meta.get("as_of") else None],
        ["generated_by", meta.get("generated_by")],
        ["options", meta.get("options")],
        ["periods", meta.get("periods")],
    ]
    if meta.get("profile_warning"):  # a profile for a rule set the input does not use
        about.append(["profile_warning", meta["profile_warning"]])
    for rid, info in meta.get("rulesets", {}).items():
        about.append([f"ruleset {rid}", versions_text(info)])
        about.append([f"ruleset {rid} calendar_fingerprint", info.get("calendar_fingerprint")])
        about.append(
            [f"ruleset {rid} local_calendar_fingerprint", info.get("local_calendar_fingerprint")]
        )
    for f in meta.get("inputs", []):
        about.append([f"input {f['path']} sha256", f.get("sha256")])
        about.append([f"input {f['path']} rows", f.get("rows")])
    _sheet(wb, "About", ["item", "value"], about)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(
    report: AuditReport,
    out: TextIO,
    title: str | None = None,
    cases: Iterable[CaseResult] | CaseSheet | None = None,
) -> None:
    """The workbook, written to the binary file under ``out`` (a file opened for
    ``--output``: a workbook cannot go to a terminal); ``title`` and ``cases`` as for
    :func:`xlsx_bytes`."""
    data = xlsx_bytes(report, title, cases)
    buffer = getattr(out, "buffer", None)
    if buffer is None or out.isatty():
        raise ValueError("an xlsx workbook must be written to a file (--output report.xlsx)")
    out.flush()
    buffer.write(data)
    buffer.flush()


register("xlsx", ".xlsx", AUDIT_REPORT, "an Excel workbook", write_xlsx)
