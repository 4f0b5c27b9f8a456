"""Write an audit report as one self-contained HTML page.

:func:`write_html` turns an :class:`~statdeadline.audit.AuditReport` into a single HTML5
file with its styles inline and its charts drawn as inline SVG: no script, font, image or
style sheet is fetched, so the file opens offline and can be attached to a committee
paper or an email as it is. It holds, in order: the provenance (as-of date, library
version, rule sets with their versions and calendar fingerprints, input files with row
counts and SHA-256, the options), the reconciled counts, the summary table per rule set,
deadline and group, a bar chart of the on-time rate per deadline (with the target line),
a working-day histogram per deadline (the bands, with open deadlines counted apart), the
rejected rows and cases, and what each status means.

Every piece of data (case ids, team names, file names, reasons) is escaped with
:func:`html.escape`, so a value such as ``<script>`` is shown, never run. The markup is
also well-formed XML (every element closed, attributes quoted, no named entities), so it
can be checked with an XML parser. Tables have captions and header cells with ``scope``;
each chart has a ``<title>`` and ``<desc>`` and every bar a ``<title>``; colours meet WCAG
AA contrast on white, and nothing is told by colour alone.

>>> import io
>>> from statdeadline.audit import AuditReport
>>> empty = AuditReport(
...     meta={"as_of": "2026-06-30", "library_version": "0.1.0", "rulesets": {}, "inputs": []},
...     counts=dict.fromkeys(("rows_read", "rows_used", "rows_rejected", "cases_read",
...                           "cases_audited", "cases_rejected", "cases_open"), 0),
...     summary=(), rejections=())
>>> buf = io.StringIO()
>>> write_html(empty, buf, title="Complaints <2025-26>")
>>> page = buf.getvalue()
>>> page.startswith("<!DOCTYPE html>"), "<h1>Complaints &lt;2025-26&gt;</h1>" in page
(True, True)
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from ..audit import MONTH_NAMES, AuditReport, Rejection, SummaryRow
from ..rules.vocabulary import kind_info
from .registry import AUDIT_REPORT, register

__all__ = ["write_html"]

_MONTHS = MONTH_NAMES

#: What each status means for reporting (shown at the foot of the page).
STATUS_MEANINGS = (
    ("met on time", "met on or before its due date; counts for the on-time rate"),
    ("met late", "met after its due date; counts against the on-time rate"),
    ("overdue", "past its due date and never met; counts against the on-time rate"),
    (
        "open",
        "still running at the as-of date and not yet due (pending, due soon or paused); "
        "not in the on-time rate, and counted apart from the working-day bands",
    ),
    (
        "expired",
        "a complainant's window (e.g. to ask for Stage 2) that closed unused; not a "
        "failure of the council and not in the on-time rate",
    ),
    (
        "cancelled",
        "no longer applies: withdrawn or closed before it was due, or its condition "
        "(e.g. a delay notice when the response was on time) was not met",
    ),
    ("superseded", "overtaken by a later stage before it was due (e.g. straight to Stage 2)"),
)

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1b1b1b;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1320px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 20px; padding-bottom: 12px; border-bottom: 4px solid #1d4f91; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #b8b8b8; }
h3 { font-size: 1.05rem; margin: 24px 0 6px; }
p { margin: 6px 0; max-width: 75ch; }
.lede { font-size: 1.05rem; }
.muted, .sub { color: #545454; }
td.zero { color: #6b6b6b; }
.sub { display: block; font-size: 0.78rem; font-weight: normal; }
nav ul { list-style: none; padding: 0; margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 4px 18px; }
a { color: #1d4f91; }
table { border-collapse: collapse; font-size: 0.8rem; margin: 6px 0 18px; }
caption { caption-side: top; text-align: left; font-weight: 600; font-size: 0.95rem; padding: 4px 0 6px; }
th, td { padding: 4px 6px; border-bottom: 1px solid #d4d4d4; vertical-align: top; text-align: left; }
thead th { background: #e9eef5; border-bottom: 2px solid #1b1b1b; vertical-align: bottom; }
thead th.num { white-space: normal; min-width: 3.5em; }
table.summary tbody th { min-width: 10em; }
table.summary .sub code { font-size: 0.72rem; }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { overflow-x: auto; }
code, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.78rem; }
.hash { word-break: break-all; }
.ok { color: #1e6b2f; font-weight: 600; }
.bad { color: #a4262c; font-weight: 600; }
.counts td, .counts th { font-size: 0.95rem; padding: 6px 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 14px 28px; }
figure { margin: 0 0 8px; }
figcaption { font-size: 0.88rem; font-weight: 600; }
figcaption .sub { margin-top: 1px; }
svg { display: block; max-width: 100%; height: auto; }
dl.meanings { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 0.88rem; }
dl.meanings dt { font-weight: 600; }
dl.meanings dd { margin: 0; }
footer { margin-top: 24px; padding-bottom: 32px; font-size: 0.85rem; }
.nowrap { white-space: nowrap; }
@media print {
  body { font-size: 11pt; }
  header, main, footer { max-width: none; padding: 0; }
  nav { display: none; }
  h2, h3 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  .scroll { overflow: visible; }
}
"""

# chart colours: each at least 3:1 against white (WCAG 1.4.11), text colours 4.5:1
_BAR = "#1d4f91"
_BAR_LOW = "#b3541e"
_TARGET = "#a4262c"
_GRID = "#d0d0d0"
_TEXT = "#1b1b1b"
_MUTED = "#545454"


def _e(value: Any) -> str:
    """Escaped text of ``value`` (``None`` as empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def _n(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.1f}%"


def _wd(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _long_date(iso: str) -> str:
    try:
        d = _dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _group_text(group: Mapping[str, str]) -> str:
    return ", ".join(f"{k}: {v or '(blank)'}" for k, v in group.items())


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


class _Ids:
    """Unique element ids within one page."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.n}"


# --------------------------------------------------------------------------- sections


def _provenance(meta: Mapping[str, Any]) -> list[str]:
    out = ['<section id="provenance">', "<h2>What was audited</h2>"]
    rulesets: Mapping[str, Mapping[str, Any]] = meta.get("rulesets", {})
    out.append('<div class="scroll"><table>')
    out.append(
        "<caption>Rule sets, with the calendar each counted working days by</caption>"
        '<thead><tr><th scope="col">Rule set</th><th scope="col">Version</th>'
        '<th scope="col">Layers</th><th scope="col">Division</th>'
        '<th scope="col">Conventions</th><th scope="col">Calendar fingerprint (SHA-256)</th>'
        "</tr></thead><tbody>"
    )
    if not rulesets:
        out.append('<tr><td colspan="6">No rule set was used.</td></tr>')
    for rid, info in rulesets.items():
        conventions = ", ".join(f"{k}: {v}" for k, v in info.get("conventions", {}).items())
        fp = info.get("calendar_fingerprint", "")
        local = info.get("local_calendar_fingerprint", fp)
        fp_cell = f'<span class="hash">{_e(fp)}</span>'
        if local and local != fp:
            fp_cell += (
                f'<span class="sub">local calendar: <span class="hash">{_e(local)}</span></span>'
            )
        out.append(
            f'<tr><th scope="row">{_e(rid)}</th><td>{_e(info.get("version"))}</td>'
            f"<td>{_e(' + '.join(info.get('layers', [])))}</td><td>{_e(info.get('division'))}</td>"
            f"<td>{_e(conventions)}</td><td>{fp_cell}</td></tr>"
        )
    out.append("</tbody></table></div>")
    out.append('<div class="scroll"><table>')
    out.append(
        "<caption>Input files</caption>"
        '<thead><tr><th scope="col">File</th><th scope="col" class="num">Rows</th>'
        '<th scope="col">SHA-256</th></tr></thead><tbody>'
    )
    inputs = meta.get("inputs", [])
    if not inputs:
        out.append('<tr><td colspan="3">No input file.</td></tr>')
    for f in inputs:
        out.append(
            f'<tr><th scope="row"><code>{_e(f.get("path"))}</code></th>'
            f'<td class="num">{_n(f.get("rows"))}</td>'
            f'<td><span class="hash">{_e(f.get("sha256"))}</span></td></tr>'
        )
    out.append("</tbody></table></div>")
    options = meta.get("options", {})
    if options:
        target = options.get("target")
        pairs = [
            ("Grouped by", ", ".join(options.get("group_by", [])) or "(nothing)"),
            ("Working-day band edges", ", ".join(str(b) for b in options.get("buckets", []))),
            ("On-time target", "none" if target is None else _pct(target)),
            ("Mode", "strict (stop at the first bad row)" if options.get("strict") else "lenient"),
            ("Input format", options.get("format")),
        ]
        if options.get("mapping"):
            pairs.append(("Wide-format mapping", options["mapping"]))
        if options.get("date_format"):
            pairs.append(("Date format", options["date_format"]))
        for rid, opts in options.get("ruleset_options", {}).items():
            pairs.append((f"Options for {rid}", ", ".join(f"{k}: {v}" for k, v in opts.items())))
        ignored = meta.get("ignored_columns", [])
        if ignored:
            pairs.append(("Columns ignored (not event fields)", ", ".join(ignored)))
        out.append("<table><caption>Options</caption><tbody>")
        out.extend(f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in pairs)
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def _counts(report: AuditReport) -> list[str]:
    c = report.counts
    rows_ok = c["rows_read"] == c["rows_used"] + c["rows_rejected"]
    cases_ok = c["cases_read"] == c["cases_audited"] + c["cases_rejected"]

    def check(ok: bool) -> str:
        return '<td class="ok">reconciles</td>' if ok else '<td class="bad">does not reconcile</td>'

    as_of = _long_date(str(report.meta.get("as_of", "")))
    return [
        '<section id="counts">',
        "<h2>Counts</h2>",
        "<p>Every row read is either used or rejected, and every case read is either "
        "audited or rejected (a case with one unusable row is rejected whole, since a "
        "partial history would give wrong deadlines).</p>",
        '<table class="counts"><caption>Reconciliation: read = used + rejected</caption>',
        '<thead><tr><th scope="col"></th><th scope="col" class="num">Read</th>'
        '<th scope="col" class="num">Used / audited</th><th scope="col" class="num">Rejected</th>'
        '<th scope="col">Check</th></tr></thead><tbody>',
        f'<tr><th scope="row">Rows</th><td class="num">{_n(c["rows_read"])}</td>'
        f'<td class="num">{_n(c["rows_used"])}</td><td class="num">{_n(c["rows_rejected"])}</td>'
        f"{check(rows_ok)}</tr>",
        f'<tr><th scope="row">Cases</th><td class="num">{_n(c["cases_read"])}</td>'
        f'<td class="num">{_n(c["cases_audited"])}</td><td class="num">{_n(c["cases_rejected"])}</td>'
        f"{check(cases_ok)}</tr>",
        "</tbody></table>",
        f"<p>{_n(c.get('cases_open', 0))} of the audited cases were still open on {_e(as_of)}.</p>",
        "</section>",
    ]


def _by_ruleset(rows: Iterable[SummaryRow]) -> list[tuple[str, list[SummaryRow]]]:
    out: list[tuple[str, list[SummaryRow]]] = []
    for row in rows:
        if not out or out[-1][0] != row.ruleset:
            out.append((row.ruleset, []))
        out[-1][1].append(row)
    return out


def _num_cell(value: int) -> str:
    """A count; zeros are greyed so the counts that matter stand out."""
    return f'<td class="num{" zero" if value == 0 else ""}">{_n(value)}</td>'


def _deadline_cell(row: SummaryRow, tag: str = "th") -> str:
    scope = ' scope="row"' if tag == "th" else ""
    return (
        f"<{tag}{scope}>{_e(row.label)}"
        f'<span class="sub"><code>{_e(row.clock)}</code> \u00b7 {_e(row.kind)}</span></{tag}>'
    )


def _summary(report: AuditReport, groups: Sequence[str]) -> list[str]:
    out = ['<section id="summary">', "<h2>Timeliness by deadline</h2>"]
    out.append(
        "<p>One row per rule set, deadline and group. <em>Deadlines</em> counts every case "
        "in which that clock started; each is in exactly one status column. The on-time "
        "rate is met on time over met on time + met late + overdue. Working days taken "
        "(mean, median, 90th percentile) are over the deadlines met, on time or late.</p>"
    )
    if not report.summary:
        out.append("<p>No deadline was audited.</p>")
    versions = {k: v.get("version") for k, v in report.meta.get("rulesets", {}).items()}
    target = report.meta.get("options", {}).get("target")
    cols = [
        ("Deadlines", "every case in which the clock started"),
        ("Met on time", None),
        ("Met late", None),
        ("Overdue", None),
        ("Open", "still running at the as-of date"),
        ("Expired", None),
        ("Cancelled", None),
        ("Superseded", None),
        ("On-time rate", "met on time / (met on time + met late + overdue)"),
        ("Target" + ("" if target is None else f" {_pct(target)}"), None),
        ("Working days mean \u00b7 median \u00b7 p90", "over deadlines met, on time or late"),
        ("Extended", "deadlines extended at least once"),
        ("Backstop breaches", None),
    ]
    for rid, rows in _by_ruleset(report.summary):
        version = versions.get(rid)
        out.append('<div class="scroll"><table class="summary">')
        out.append(f"<caption>{_e(rid)}" + (f" {_e(version)}" if version else "") + "</caption>")
        head = ['<th scope="col">Deadline</th>']
        head += [f'<th scope="col">{_e(g)}</th>' for g in groups]
        head += [
            '<th scope="col" class="num"'
            + (f' title="{_e(tip)}"' if tip else "")
            + f">{_e(c)}</th>"
            for c, tip in cols
        ]
        out.append("<thead><tr>" + "".join(head) + "</tr></thead><tbody>")
        for r in rows:
            decided = r.met + r.met_late + r.overdue
            rate = _pct(r.on_time_rate)
            if r.on_time_rate is not None:
                rate += f'<span class="sub">{_n(r.met)} of {_n(decided)}</span>'
            if kind_info(r.kind).actor == "complainant" and r.on_time_rate is not None:
                verdict = 'n/a<span class="sub">complainant\'s window</span>'
            elif r.target_met is None:
                verdict = "-"
            elif r.target_met:
                verdict = '<span class="ok">\u2713 met</span>'
            else:
                verdict = '<span class="bad">\u2717 missed</span>'
            cells = [_deadline_cell(r)]
            cells += [f"<td>{_e(r.group.get(g, ''))}</td>" for g in groups]
            nums = (
                r.deadlines,
                r.met,
                r.met_late,
                r.overdue,
                r.open,
                r.expired,
                r.cancelled,
                r.superseded,
            )
            cells += [_num_cell(x) for x in nums]
            cells.append(f'<td class="num">{rate}</td>')
            cells.append(f'<td class="num">{verdict}</td>')
            wd = " \u00b7 ".join(_wd(x) for x in (r.wd_mean, r.wd_median, r.wd_p90))
            cells.append(f'<td class="num">{wd if r.wd_mean is not None else "-"}</td>')
            cells.append(_num_cell(r.extensions_used))
            cells.append(_num_cell(r.backstop_breaches))
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table></div>")
    out.append("</section>")
    return out


# --------------------------------------------------------------------------- charts


def _rate_chart(rid: str, rows: Sequence[SummaryRow], target: float | None, ids: _Ids) -> str:
    """Horizontal bars: the on-time rate of each deadline (and group), with the target."""
    grouped = any(r.group for r in rows)
    row_h = 38 if grouped else 28
    label_w, bar_x, bar_w, value_w = 300, 312, 330, 230
    top, bottom = 26, 26
    width = bar_x + bar_w + value_w
    height = top + row_h * len(rows) + bottom
    tid, did = ids("rate-title"), ids("rate-desc")
    desc_parts = []
    for r in rows:
        who = r.label + (f" ({_group_text(r.group)})" if r.group else "")
        if r.on_time_rate is None:
            desc_parts.append(f"{who}: none decided")
        else:
            decided = r.met + r.met_late + r.overdue
            desc_parts.append(f"{who}: {_pct(r.on_time_rate)} ({r.met} of {decided})")
    target_text = "" if target is None else f"; target {_pct(target)}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{tid} {did}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">',
        f'<title id="{tid}">On-time rate per deadline, {_e(rid)}{_e(target_text)}</title>',
        f'<desc id="{did}">{_e("; ".join(desc_parts))}</desc>',
    ]
    axis_y = top + row_h * len(rows)
    for pct in (0, 25, 50, 75, 100):
        x = bar_x + bar_w * pct / 100
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{axis_y}" stroke="{_GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{axis_y + 16}" font-size="11" fill="{_MUTED}" text-anchor="middle">{pct}%</text>'
        )
    for i, r in enumerate(rows):
        y = top + i * row_h
        mid = y + row_h / 2
        label = _truncate(r.label, 46)
        if grouped:
            out.append(
                f'<text x="{label_w}" y="{mid - 3:.1f}" font-size="12" fill="{_TEXT}" text-anchor="end">{_e(label)}</text>'
            )
            out.append(
                f'<text x="{label_w}" y="{mid + 11:.1f}" font-size="11" fill="{_MUTED}" text-anchor="end">'
                f"{_e(_truncate(_group_text(r.group), 50))}</text>"
            )
        else:
            out.append(
                f'<text x="{label_w}" y="{mid + 4:.1f}" font-size="12" fill="{_TEXT}" text-anchor="end">{_e(label)}</text>'
            )
        who = r.label + (f" ({_group_text(r.group)})" if r.group else "")
        if r.on_time_rate is None:
            out.append(
                f'<text x="{bar_x + 4}" y="{mid + 4:.1f}" font-size="11" fill="{_MUTED}" font-style="italic">'
                f"no decided deadline ({r.open} open)</text>"
            )
            continue
        decided = r.met + r.met_late + r.overdue
        window = kind_info(r.kind).actor == "complainant"
        low = r.target_met is False
        w = bar_w * r.on_time_rate
        bar_h = 16
        value = f"{_pct(r.on_time_rate)} ({r.met}/{decided})"
        if low:
            value += " below target"
        elif window:
            value += " complainant's window"
        fill = _MUTED if window else (_BAR_LOW if low else _BAR)
        out.append(
            f"<g><title>{_e(who)}: {r.met} of {decided} decided on time, {_pct(r.on_time_rate)}"
            f"{' (below target)' if low else ''}"
            f"{' (a complainant' + chr(39) + 's window: not judged against the target)' if window else ''}"
            "</title>"
            f'<rect x="{bar_x}" y="{mid - bar_h / 2:.1f}" width="{max(w, 0.5):.1f}" height="{bar_h}" '
            f'fill="{fill}"/></g>'
        )
        out.append(
            f'<text x="{bar_x + bar_w + 8}" y="{mid + 4:.1f}" font-size="12" fill="{_TEXT if not low else _TARGET}">'
            f"{_e(value)}</text>"
        )
    if target is not None:
        x = bar_x + bar_w * target
        out.append(
            f'<g><title>Target {_pct(target)}</title><line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{axis_y}" '
            f'stroke="{_TARGET}" stroke-width="2" stroke-dasharray="5 3"/></g>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{top - 12}" font-size="11" fill="{_TARGET}" text-anchor="middle">'
            f"target {_pct(target)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _histogram_chart(r: SummaryRow, ids: _Ids) -> str:
    """Vertical bars: deadlines met per working-day band, then the open ones apart."""
    bands = list(r.histogram.items())
    width, height = 400, 200
    left, right, top, base = 12, 12, 22, 160
    n_bars = len(bands) + 1
    gap = 14  # between the bands and the open bar
    slot = (width - left - right - gap) / n_bars
    bar_w = slot * 0.7
    peak = max([n for _, n in bands] + [r.open, 1])
    scale = (base - top) / peak
    tid, did = ids("hist-title"), ids("hist-desc")
    who = r.label + (f" ({_group_text(r.group)})" if r.group else "")
    desc = (
        "Working days taken by deadlines met: "
        + ", ".join(f"{band}: {n}" for band, n in bands)
        + f"; open (counted apart): {r.open}"
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{tid} {did}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">',
        f'<title id="{tid}">Working days taken, {_e(r.ruleset)}: {_e(who)}</title>',
        f'<desc id="{did}">{_e(desc)}</desc>',
        f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{_TEXT}" stroke-width="1"/>',
    ]
    for i, (band, n) in enumerate([*bands, ("open", r.open)]):
        is_open = i == len(bands)
        x0 = left + i * slot + (gap if is_open else 0)
        cx = x0 + slot / 2
        h = n * scale
        if is_open:
            sep = x0 - gap / 2
            out.append(
                f'<line x1="{sep:.1f}" y1="{top - 6}" x2="{sep:.1f}" y2="{base + 30}" stroke="{_GRID}" stroke-width="1"/>'
            )
            shape = (
                f'<rect x="{cx - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="#ffffff" stroke="{_MUTED}" stroke-width="1.5" stroke-dasharray="4 2"/>'
            )
            tip = f"{n} still open at the as-of date (not in the bands)"
        else:
            shape = (
                f'<rect x="{cx - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{_BAR}"/>'
            )
            tip = f"{n} met in {band} working days"
        out.append(f"<g><title>{_e(tip)}</title>{shape if n else ''}</g>")
        out.append(
            f'<text x="{cx:.1f}" y="{base - h - 5:.1f}" font-size="11" fill="{_TEXT}" text-anchor="middle">{n}</text>'
        )
        out.append(
            f'<text x="{cx:.1f}" y="{base + 15}" font-size="11" fill="{_TEXT if not is_open else _MUTED}" '
            f'text-anchor="middle">{_e(band)}</text>'
        )
    out.append(
        f'<text x="{left + (len(bands) * slot) / 2:.1f}" y="{base + 32}" font-size="11" fill="{_MUTED}" '
        f'text-anchor="middle">working days taken (met deadlines)</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _charts(report: AuditReport) -> list[str]:
    target = report.meta.get("options", {}).get("target")
    ids = _Ids()
    out = ['<section id="rates">', "<h2>On-time rate per deadline</h2>"]
    out.append(
        "<p>Bars show met on time over decided (met on time + met late + overdue); the "
        "figures are in the table above. A complainant's window (e.g. to ask for Stage 2) "
        "is the complainant's time, not the council's, so it is drawn in grey and not "
        "judged against the target. "
        + (
            f"The dashed line is the target, {_e(_pct(target))}; bars below it are drawn in "
            "orange and marked \u201cbelow target\u201d."
            if target is not None
            else "No target was given."
        )
        + "</p>"
    )
    groups = _by_ruleset(report.summary)
    if not groups:
        out.append("<p>No deadline was audited.</p>")
    for rid, rows in groups:
        out.append(f"<h3>{_e(rid)}</h3>")
        out.append(f"<figure>{_rate_chart(rid, rows, target, ids)}</figure>")
    out.append("</section>")
    out.append('<section id="working-days">')
    out.append("<h2>Working days taken per deadline</h2>")
    out.append(
        "<p>Deadlines met (on time or late) by the working days they took, in the bands "
        "set by the band edges; deadlines still open at the as-of date are counted apart "
        "(dashed bar). Each chart has its own scale; the counts are printed on the bars.</p>"
    )
    skipped: list[SummaryRow] = []
    for rid, rows in groups:
        charted = [r for r in rows if r.met + r.met_late + r.open]
        skipped += [r for r in rows if not r.met + r.met_late + r.open]
        if not charted:
            continue
        out.append(f"<h3>{_e(rid)}</h3>")
        out.append('<div class="charts">')
        for r in charted:
            caption = _e(r.label)
            sub = [_group_text(r.group)] if r.group else []
            others = [
                (n, name)
                for n, name in (
                    (r.overdue, "overdue"),
                    (r.expired, "expired"),
                    (r.cancelled, "cancelled"),
                    (r.superseded, "superseded"),
                )
                if n
            ]
            line = f"{r.met + r.met_late:,} met \u00b7 {r.open:,} open"
            if others:
                line += " \u00b7 not charted: " + ", ".join(f"{n:,} {name}" for n, name in others)
            sub.append(line)
            caption += "".join(f'<span class="sub">{_e(s)}</span>' for s in sub)
            out.append(
                f"<figure><figcaption>{caption}</figcaption>{_histogram_chart(r, ids)}</figure>"
            )
        out.append("</div>")
    if skipped:
        names = "; ".join(
            f"{r.ruleset} / {r.clock}" + (f" ({_group_text(r.group)})" if r.group else "")
            for r in skipped
        )
        out.append(f'<p class="muted">Not charted (no deadline met or open): {_e(names)}.</p>')
    out.append("</section>")
    return out


def _rejections(rejections: Sequence[Rejection]) -> list[str]:
    out = ['<section id="rejections">', f"<h2>Rejected ({len(rejections):,})</h2>"]
    if not rejections:
        out.append("<p>Nothing was rejected.</p>")
    else:
        out.append(
            "<p>Each line is a case left out whole (at the row that could not be used) or a "
            "row with no case id. Fix the input and audit again.</p>"
        )
        out.append('<div class="scroll"><table>')
        out.append(
            "<caption>Rejected cases and rows, in file order</caption>"
            '<thead><tr><th scope="col">File</th><th scope="col" class="num">Line</th>'
            '<th scope="col">Case</th><th scope="col" class="num">Rows</th>'
            '<th scope="col">Reason</th></tr></thead><tbody>'
        )
        for r in rejections:
            out.append(
                f'<tr><td><code>{_e(r.file)}</code></td><td class="num">{_n(r.line)}</td>'
                f'<th scope="row" class="nowrap">{_e(r.case_id) if r.case_id else "(no case id)"}</th>'
                f'<td class="num">{_n(r.rows)}</td><td>{_e(r.reason)}</td></tr>'
            )
        out.append("</tbody></table></div>")
    out.append("</section>")
    return out


# --------------------------------------------------------------------------- the page


def write_html(report: AuditReport, out: TextIO, title: str | None = None) -> None:
    """Write ``report`` to ``out`` as one self-contained HTML5 page.

    ``title`` heads the page (default: "Complaint deadlines audit"). Nothing outside
    the page is referred to, so it opens offline; all data is escaped.
    """
    meta = report.meta
    as_of = str(meta.get("as_of", ""))
    version = meta.get("library_version", "")
    heading = title or "Complaint deadlines audit"
    groups = list(meta.get("options", {}).get("group_by", []))
    rulesets = meta.get("rulesets", {})
    parts = [
        "<!DOCTYPE html>\n",
        '<html lang="en"><head><meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        f'<meta name="generator" content="statdeadline {_e(version)}"/>',
        f"<title>{_e(heading)} \u2013 as of {_e(as_of)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header>",
        f"<h1>{_e(heading)}</h1>",
        f'<p class="lede">As of <strong>{_e(_long_date(as_of))}</strong> ({_e(as_of)}) '
        f"\u00b7 statdeadline {_e(version)} \u00b7 "
        f"{len(rulesets)} rule set{'s' if len(rulesets) != 1 else ''}: "
        + _e(
            ", ".join(f"{k} {v.get('version', '')}".strip() for k, v in rulesets.items()) or "none"
        )
        + "</p>",
        '<nav aria-label="Sections"><ul>'
        '<li><a href="#provenance">What was audited</a></li>'
        '<li><a href="#counts">Counts</a></li>'
        '<li><a href="#summary">Timeliness by deadline</a></li>'
        '<li><a href="#rates">On-time rates</a></li>'
        '<li><a href="#working-days">Working days taken</a></li>'
        '<li><a href="#rejections">Rejected</a></li>'
        '<li><a href="#meanings">What the statuses mean</a></li>'
        "</ul></nav>",
        "</header><main>",
    ]
    parts += _provenance(meta)
    parts += _counts(report)
    parts += _summary(report, groups)
    parts += _charts(report)
    parts += _rejections(report.rejections)
    parts.append("</main>")
    parts.append('<footer id="meanings"><h2>What the statuses mean</h2><dl class="meanings">')
    parts += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in STATUS_MEANINGS]
    parts.append(
        "</dl><p>Working days are counted under each rule set's calendar; its fingerprint "
        "above identifies the exact bank-holiday data used. To reproduce this report, "
        "audit the same files (same SHA-256) with the same library and rule-set versions "
        f"and options, as of {_e(as_of)}.</p>"
        f'<p class="muted">Generated by statdeadline {_e(version)}.</p></footer>'
    )
    parts.append("</body></html>\n")
    out.write("".join(parts))


register("html", ".html", AUDIT_REPORT, "an HTML page", write_html)
