"""Write an audit report as one self-contained HTML page.

:func:`write_html` turns an :class:`~statdeadline.audit.AuditReport` into a single HTML5
file with its styles inline and its charts drawn as inline SVG: no script, font, image or
style sheet is fetched, so the file opens offline and can be attached to a committee
paper or an email as it is. It is laid out for a committee, in order: the headline
figures (sentences written from the numbers); a section per rule set with its stage
table, year-on-year bars when there are several periods, and each deadline's bands
(:mod:`.html_sections`); each group's stage table; then the reconciled counts, the
provenance (rule sets with their versions and calendar fingerprints, input files with
row counts and SHA-256, the options, periods, placement rule and profile), the rejected
rows and cases, and what each status means. It prints on A4 with each section on a new
page and no table wider than the page, and reads on a 390-pixel screen (a table too wide
scrolls in its own box).

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

from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from ..audit import AuditReport, Rejection
from ..audit.columns import STATUS_COLUMNS
from ..audit.limits import rejection_warning
from ..rules.profiles import PercentStyle
from .html_markup import count_text, esc, long_date, pct_text
from .html_sections import group_section, headline_section, regime_sections
from .registry import AUDIT_REPORT, register
from .text import horizon_text, versions_text

__all__ = ["write_html"]

#: What each status column means, for the page's glossary (the audit's table, in words).
STATUS_MEANINGS = tuple((c.label, c.meaning) for c in STATUS_COLUMNS)

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
.banner { border: 2px solid #a4262c; background: #fdf0f0; color: #a4262c; padding: 0.6em 0.9em; font-weight: 600; }
.counts td, .counts th { font-size: 0.95rem; padding: 6px 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); gap: 14px 28px;
  max-width: 1000px; }
figure { margin: 0 0 8px; }
figcaption { font-size: 0.88rem; font-weight: 600; }
figcaption .sub { margin-top: 1px; }
svg { display: block; max-width: 100%; height: auto; }
dl.meanings { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 0.88rem; }
dl.meanings dt { font-weight: 600; }
dl.meanings dd { margin: 0; }
footer { margin-top: 24px; padding-bottom: 32px; font-size: 0.85rem; }
.nowrap { white-space: nowrap; }
.headline-list { font-size: 1.1rem; padding-left: 1.2em; margin: 8px 0; }
.headline-list li { margin: 4px 0; max-width: 80ch; }
.figures span { display: inline-block; margin-right: 1.6em; }
table.stage, table.bands, table.duties { min-width: 60%; }
table.stage tbody th { min-width: 8em; }
@media (max-width: 600px) {
  body { font-size: 14px; }
  h1 { font-size: 1.3rem; }
  header, main, footer { padding: 0 10px; }
  table { font-size: 0.72rem; }
  th, td { padding: 3px 4px; }
  .headline-list { font-size: 1rem; }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  nav { display: none; }
  h2, h3 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  section.regime, #groups, #counts, #provenance, #rejections, footer { break-before: page; }
  .scroll { overflow: visible; }
  table { width: 100%; font-size: 7.5pt; }
  th, td { padding: 2px 3px; }
  .num { white-space: normal; }
  .hash, code { font-size: 6.5pt; word-break: break-all; }
}
"""

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
        fp_cell = f'<span class="hash">{esc(fp)}</span>'
        if local and local != fp:
            fp_cell += (
                f'<span class="sub">local calendar: <span class="hash">{esc(local)}</span></span>'
            )
        out.append(
            f'<tr><th scope="row">{esc(rid)}</th><td>{esc(versions_text(info))}</td>'
            f"<td>{esc(' + '.join(info.get('layers', [])))}</td><td>{esc(info.get('division'))}</td>"
            f"<td>{esc(conventions)}</td><td>{fp_cell}</td></tr>"
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
            f'<tr><th scope="row"><code>{esc(f.get("path"))}</code></th>'
            f'<td class="num">{count_text(f.get("rows"))}</td>'
            f'<td><span class="hash">{esc(f.get("sha256"))}</span></td></tr>'
        )
    out.append("</tbody></table></div>")
    options = meta.get("options", {})
    if options:
        target = options.get("target")
        pairs = [
            ("Grouped by", ", ".join(options.get("group_by", [])) or "(nothing)"),
            ("Working-day band edges", ", ".join(str(b) for b in options.get("buckets", []))),
            ("On-time target", "none" if target is None else pct_text(target)),
            ("Mode", "strict (stop at the first bad row)" if options.get("strict") else "lenient"),
            ("Input format", options.get("format")),
        ]
        if options.get("placement_rule"):
            pairs.append(("Periods", ", ".join(p["label"] for p in meta.get("periods", []))))
            pairs.append(("Which date places a case in a period", options["placement_rule"]))
        profile = options.get("profile")
        if profile:
            pairs.append(("Report profile", f"{profile['id']}: {profile['title']}"))
            pairs.append(("Profile source", profile["source"]))
            percent = PercentStyle.from_dict(profile.get("percent"))
            pairs.append((f"Percentages for {profile['ruleset']}", percent.describe()))
            if profile.get("note"):
                pairs.append(("How the profile reads its source", profile["note"]))
        if options.get("mapping"):
            pairs.append(("Wide-format mapping", options["mapping"]))
        if options.get("date_format"):
            pairs.append(("Date format", options["date_format"]))
        for rid, opts in options.get("ruleset_options", {}).items():
            pairs.append((f"Options for {rid}", ", ".join(f"{k}: {v}" for k, v in opts.items())))
        ignored = meta.get("ignored_columns", [])
        if ignored:
            pairs.append(("Columns ignored (not event fields)", ", ".join(ignored)))
        out.append('<div class="scroll"><table><caption>Options</caption><tbody>')
        out.extend(f'<tr><th scope="row">{esc(k)}</th><td>{esc(v)}</td></tr>' for k, v in pairs)
        out.append("</tbody></table></div>")
    out.append("</section>")
    return out


def _banner(report: AuditReport) -> list[str]:
    """The warnings at the top of the page: too many cases rejected, a report profile
    for a rule set the input does not use, deadlines resting on bank holidays not yet
    proclaimed."""
    warnings = [
        rejection_warning(report.counts, report.rows_without_case),
        report.meta.get("profile_warning"),
        horizon_text(report.meta),
    ]
    return [f'<p class="banner" role="alert">{esc(w)}</p>' for w in warnings if w]


def _counts(report: AuditReport) -> list[str]:
    c = report.counts
    rows_ok = c["rows_read"] == c["rows_used"] + c["rows_rejected"]
    cases_ok = c["cases_read"] == c["cases_audited"] + c["cases_rejected"]

    # over a mostly rejected run, adding up is no success: say so where it would show
    warned = rejection_warning(c, report.rows_without_case) is not None

    def check(ok: bool) -> str:
        if not ok:
            return '<td class="bad">does not reconcile</td>'
        if warned:
            return '<td class="bad">reconciles, but too many cases were rejected</td>'
        return '<td class="ok">reconciles</td>'

    as_of = long_date(str(report.meta.get("as_of", "")))
    return [
        '<section id="counts">',
        "<h2>Counts</h2>",
        "<p>Every row read is either used or rejected, and every case read is either "
        "audited or rejected (a case with one unusable row is rejected whole, since a "
        "partial history would give wrong deadlines).</p>",
        '<div class="scroll"><table class="counts">'
        "<caption>Reconciliation: read = used + rejected</caption>",
        '<thead><tr><th scope="col"></th><th scope="col" class="num">Read</th>'
        '<th scope="col" class="num">Used / audited</th><th scope="col" class="num">Rejected</th>'
        '<th scope="col">Check</th></tr></thead><tbody>',
        f'<tr><th scope="row">Rows</th><td class="num">{count_text(c["rows_read"])}</td>'
        f'<td class="num">{count_text(c["rows_used"])}</td><td class="num">{count_text(c["rows_rejected"])}</td>'
        f"{check(rows_ok)}</tr>",
        f'<tr><th scope="row">Cases</th><td class="num">{count_text(c["cases_read"])}</td>'
        f'<td class="num">{count_text(c["cases_audited"])}</td><td class="num">{count_text(c["cases_rejected"])}</td>'
        f"{check(cases_ok)}</tr>",
        "</tbody></table></div>",
        f"<p>{count_text(c.get('cases_open', 0))} of the audited cases were still open on {esc(as_of)}.</p>",
        "</section>",
    ]


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
                f'<tr><td><code>{esc(r.file)}</code></td><td class="num">{count_text(r.line)}</td>'
                f'<th scope="row" class="nowrap">{esc(r.case_id) if r.case_id else "(no case id)"}</th>'
                f'<td class="num">{count_text(r.rows)}</td><td>{esc(r.reason)}</td></tr>'
            )
        out.append("</tbody></table></div>")
    out.append("</section>")
    return out


# --------------------------------------------------------------------------- the page


def write_html(report: AuditReport, out: TextIO, title: str | None = None) -> None:
    """Write ``report`` to ``out`` as one self-contained HTML5 page.

    ``title`` heads the page (default: the report profile's title when the audit had
    one, else "Complaint deadlines audit"). Nothing outside the page is referred to, so
    it opens offline; all data is escaped.
    """
    meta = report.meta
    as_of = str(meta.get("as_of", ""))
    version = meta.get("library_version", "")
    profile = meta.get("options", {}).get("profile") or {}
    heading = title or profile.get("title") or "Complaint deadlines audit"
    rulesets = meta.get("rulesets", {})
    parts = [
        "<!DOCTYPE html>\n",
        '<html lang="en"><head><meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        f'<meta name="generator" content="statdeadline {esc(version)}"/>',
        f"<title>{esc(heading)} \u2013 as of {esc(as_of)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header>",
        f"<h1>{esc(heading)}</h1>",
        *_banner(report),
        f'<p class="lede">As of <strong>{esc(long_date(as_of))}</strong> ({esc(as_of)}) '
        f"\u00b7 statdeadline {esc(version)} \u00b7 "
        f"{len(rulesets)} rule set{'s' if len(rulesets) != 1 else ''}: "
        + esc(
            ", ".join(f"{k} {v.get('version', '')}".strip() for k, v in rulesets.items()) or "none"
        )
        + "</p>",
        '<nav aria-label="Sections"><ul>'
        '<li><a href="#headlines">Headline figures</a></li>'
        + "".join(f'<li><a href="#regime-{esc(rid)}">{esc(rid)}</a></li>' for rid in rulesets)
        + '<li><a href="#counts">Counts</a></li>'
        '<li><a href="#provenance">What was audited</a></li>'
        '<li><a href="#rejections">Rejected</a></li>'
        '<li><a href="#meanings">What the statuses mean</a></li>'
        "</ul></nav>",
        "</header><main>",
    ]
    parts += headline_section(report)
    parts += regime_sections(report)
    parts += group_section(report)
    parts += _counts(report)
    parts += _provenance(meta)
    parts += _rejections(report.rejections)
    parts.append("</main>")
    parts.append('<footer id="meanings"><h2>What the statuses mean</h2><dl class="meanings">')
    parts += [f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in STATUS_MEANINGS]
    parts.append(
        "</dl><p>Working days are counted under each rule set's calendar; its fingerprint "
        "above identifies the exact bank-holiday data used. To reproduce this report, "
        "audit the same files (same SHA-256) with the same library and rule-set versions "
        f"and options, as of {esc(as_of)}.</p>"
        f'<p class="muted">Generated by statdeadline {esc(version)}.</p></footer>'
    )
    parts.append("</body></html>\n")
    out.write("".join(parts))


register("html", ".html", AUDIT_REPORT, "an HTML page", write_html)
