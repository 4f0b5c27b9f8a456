"""The committee part of the HTML report: the headline figures, then a section per rule
set with its stage table (a row per deadline and period: deadlines, cases, on time and
beneath it met late, the percentage and the target, not recorded, overdue, open, averages), a year-on-year
bar chart of each deadline's count and on-time rate when there are several periods, and
each deadline's bands (the profile's, with counts and percentages, periods side by
side). A deadline ended as not required (an offer declined) is counted under the
on-time figure, apart from it. A duty with no due date of its own (the written
explanation of a delay) has no on-time rate and no bands: it is in a table of its own,
owed and done. Figures come from the report as computed; nothing is worked out here but
percentages of a row's own counts for display.

Tables have at most ten columns so that they fit the A4 print area; on a narrow screen
each table scrolls inside its own box, so the page itself never scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..audit import AuditReport, SummaryRow
from ..audit.columns import DUTY_COLUMNS, decided
from ..rules.profiles import PercentStyle, band_unit_text
from .html_markup import (
    BAR,
    BAR_LOW,
    GRID,
    MUTED,
    TARGET,
    TEXT,
    Ids,
    by_ruleset,
    esc,
    group_text,
    wd_text,
)
from .percent import band_shares, style_for

__all__ = ["group_section", "headline_section", "regime_sections"]


def _rows(report: AuditReport) -> list[SummaryRow]:
    """The rows a committee reads: the totals across groups when there are groups (the
    groups' own rows are in the detail), every run of a repeatable clock together."""
    return [r for r in (report.totals or report.summary) if r.tier is None]


def headline_section(report: AuditReport) -> list[str]:
    """The headline figures: the sentences written from the numbers, and the counts of
    cases and deadlines."""
    c = report.counts
    out = ['<section id="headlines" class="headlines">', "<h2>Headline figures</h2>"]
    if report.headlines:
        out.append('<ul class="headline-list">')
        out += [f"<li>{esc(line)}</li>" for line in report.headlines]
        out.append("</ul>")
    else:
        out.append("<p>No deadline was decided in the period reported.</p>")
    out.append(
        '<p class="figures">'
        f"<span><strong>{c['cases_audited']:,}</strong> cases audited</span> "
        f"<span><strong>{c['cases_open']:,}</strong> still open</span> "
        f"<span><strong>{c['cases_rejected']:,}</strong> rejected</span></p>"
    )
    out.append("</section>")
    return out


def _opened(cls: str, caption: str, head: Sequence[str]) -> list[str]:
    """A table of class ``cls`` opened up to its body: its caption, and a header row of
    ``head`` whose columns after the first hold numbers."""
    num = ' class="num"'
    return [
        f'<div class="scroll"><table class="{cls}">',
        f"<caption>{esc(caption)}</caption><thead><tr>",
        *(f'<th scope="col"{"" if i == 0 else num}>{esc(h)}</th>' for i, h in enumerate(head)),
        "</tr></thead><tbody>",
    ]


def _stage_table(rid: str, rows: Sequence[SummaryRow], pct: PercentStyle) -> list[str]:
    periods = any(r.period for r in rows)
    head = ["Deadline", *(["Period"] if periods else []), "Deadlines", "Cases", "On time, late"]
    head += ["Within timescale", "Not recorded", "Overdue", "Open", "Average days"]
    out = _opened("stage", f"{rid}: timeliness by stage", head)
    for r in rows:
        n_decided = decided(r)
        target = ""
        if r.target is not None and r.target_met is not None:
            verdict = "met" if r.target_met else "missed"
            css = "ok" if r.target_met else "bad"
            target = f'<span class="sub {css}">target {pct.text(r.target)} {verdict}</span>'
        unit = "calendar" if r.average_unit == "calendar_days" else "working"
        avg = (
            "-"
            if r.wd_mean is None
            else (
                f'{wd_text(r.wd_mean)}<span class="sub">median {wd_text(r.wd_median)}, '
                f"p90 {wd_text(r.wd_p90)} ({unit})</span>"
            )
        )
        cells = [f'<th scope="row">{esc(r.label)}</th>']
        if periods:
            cells.append(f'<td class="num">{esc(r.period or "")}</td>')
        cells += [f'<td class="num">{n:,}</td>' for n in (r.deadlines, r.cases)]
        cells.append(f'<td class="num">{r.met:,}<span class="sub">{r.met_late:,} late</span></td>')
        of = f'<span class="sub">{r.met:,} of {n_decided:,}</span>' if n_decided else ""
        if r.not_required:
            of += f'<span class="sub">{r.not_required:,} not required</span>'
        cells.append(f'<td class="num">{pct.text(r.on_time_rate)}{of}{target}</td>')
        cells += [f'<td class="num">{n:,}</td>' for n in (r.not_recorded, r.overdue, r.open)]
        cells.append(f'<td class="num">{avg}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return out


def _band_table(label: str, rows: Sequence[SummaryRow], pct: PercentStyle) -> list[str]:
    """One deadline's bands, a column pair (count, %) per period; the percentages are of
    the deadlines that ended (met, or not recorded), as the reports print them."""
    first = rows[0]
    unit = band_unit_text(first.band_unit)
    out = ['<div class="scroll"><table class="bands">']
    out.append(f"<caption>{esc(label)}: {esc(unit)}</caption><thead><tr>")
    out.append('<th scope="col">Band</th>')
    for r in rows:
        out.append(
            f'<th scope="col" class="num">{esc(r.period or "Count")}</th><th scope="col" class="num">%</th>'
        )
    out.append("</tr></thead><tbody>")
    bands = [*first.histogram, "not recorded"]
    shares = [band_shares(r) for r in rows]
    for band in bands:
        out.append(f'<tr><th scope="row">{esc(band)}</th>')
        for r, share in zip(rows, shares, strict=True):
            n = r.not_recorded if band == "not recorded" else r.histogram.get(band, 0)
            out.append(
                f'<td class="num">{n:,}</td><td class="num">{pct.text(share.get(band))}</td>'
            )
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return out


def _duty_table(rid: str, rows: Sequence[SummaryRow]) -> list[str]:
    """The duties with no due date of their own (``arises_after``): a row per duty and
    period, with how many arose and are owed, and how many are done (never late: no
    on-time rate)."""
    periods = any(r.period for r in rows)
    head = ["Duty", *(["Period"] if periods else []), "Deadlines", "Cases"]
    head += [c.label.capitalize() for c in DUTY_COLUMNS]
    head.append("Not arisen")
    out = _opened("duties", f"{rid}: duties with no due date of their own", head)
    for r in rows:
        cells = [f'<th scope="row">{esc(r.label)}</th>']
        if periods:
            cells.append(f'<td class="num">{esc(r.period or "")}</td>')
        counts = [getattr(r, c.column) for c in DUTY_COLUMNS]
        rest = r.deadlines - sum(counts)  # pending, or cancelled: the period was met
        cells += [f'<td class="num">{n:,}</td>' for n in (r.deadlines, r.cases, *counts, rest)]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return out


#: The bar labels' font size, and a generous width of one of their characters (in the
#: same units): the chart is made wide enough for its longest label at this width.
_LABEL_FONT = 12
_CHAR_WIDTH = 0.62 * _LABEL_FONT


def _yoy_chart(label: str, rows: Sequence[SummaryRow], ids: Ids, pct: PercentStyle) -> str:
    """Bars of each period's deadlines, labelled with the count and on-time rate; the
    chart is as wide as the longest bar and its label need (the label is never cut)."""
    width, bar_h, gap, left = 340, 18, 8, 90
    top = 8
    height = top + len(rows) * (bar_h + gap) + 4
    most = max((r.deadlines for r in rows), default=0) or 1
    texts = [f"{r.deadlines:,} \u00b7 {pct.text(r.on_time_rate)} on time" for r in rows]
    ends = [left + (width - left) * r.deadlines / most for r in rows]
    view_w = max(e + 6 + len(t) * _CHAR_WIDTH for e, t in zip(ends, texts, strict=True)) + 4
    title_id, desc_id = ids("yoy-title"), ids("yoy-desc")
    desc = "; ".join(
        f"{r.period}: {r.deadlines} ({pct.text(r.on_time_rate)} on time)" for r in rows
    )
    parts = [
        f'<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view_w:.0f} {height}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{esc(label)}: year on year</title><desc id="{desc_id}">{esc(desc)}</desc>',
        f'<line x1="{left}" y1="0" x2="{left}" y2="{height}" stroke="{GRID}"/>',
    ]
    for i, (r, end, text) in enumerate(zip(rows, ends, texts, strict=True)):
        y = top + i * (bar_h + gap)
        w = end - left
        fill = BAR_LOW if r.target_met is False else BAR
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" font-size="{_LABEL_FONT}" text-anchor="end" fill="{TEXT}">'
            f"{esc(r.period or '')}</text>"
            f"<g><title>{esc(r.period or '')}: {r.deadlines} deadlines, {pct.text(r.on_time_rate)} on time</title>"
            f'<rect x="{left}" y="{y}" width="{max(w, 0.5):.1f}" height="{bar_h}" fill="{fill}"/></g>'
            f'<text x="{left + w + 6:.1f}" y="{y + 13}" font-size="{_LABEL_FONT}" '
            f'fill="{TARGET if r.target_met is False else MUTED}">{text}</text>'
        )
    parts.append(
        f"</svg><figcaption>{esc(label)}: deadlines per period and the share on time</figcaption></figure>"
    )
    return "".join(parts)


#: The bars of a band chart: the latest period's darkest, the earlier ones in two lighter
#: shades by turns (the period is also written beside each bar, so nothing is told by
#: colour alone; each at least 3:1 against white).
_EARLIER_SHADES = ("#6f8fbf", "#4a6fa8")


def _band_chart(label: str, rows: Sequence[SummaryRow], ids: Ids, pct: PercentStyle) -> str:
    """A deadline's bands, year on year: for each band (the profile's, then not
    recorded when any was), a bar per period of its count, labelled with the period, the
    count and its share as printed; as wide as its longest bar and label need."""
    shares = [band_shares(r) for r in rows]
    bands = list(rows[0].histogram)
    if any(r.not_recorded for r in rows):
        bands.append("not recorded")
    counts = [{**r.histogram, "not recorded": r.not_recorded} for r in rows]
    width, bar_h, gap, head, left, top = 340, 14, 3, 17, 64, 4
    most = max((c.get(b, 0) for c in counts for b in bands), default=0) or 1
    title_id, desc_id = ids("bands-title"), ids("bands-desc")
    unit = band_unit_text(rows[0].band_unit)
    body: list[str] = []
    ends: list[float] = []
    y = top
    descs = []
    for band in bands:
        body.append(
            f'<text x="0" y="{y + 12}" font-size="{_LABEL_FONT}" font-weight="600" '
            f'fill="{TEXT}">{esc(band)}</text>'
        )
        ends.append(len(band) * _CHAR_WIDTH)
        y += head
        parts = []
        for i, (r, c, share) in enumerate(zip(rows, counts, shares, strict=True)):
            n = c.get(band, 0)
            w = (width - left) * n / most
            text = f"{n:,} · {pct.text(share.get(band))}"
            period = r.period or "count"
            later = len(rows) - 1 - i
            fill = BAR if not later else _EARLIER_SHADES[later % 2]
            body.append(
                f'<text x="{left - 6}" y="{y + 11}" font-size="{_LABEL_FONT - 1}" '
                f'text-anchor="end" fill="{MUTED}">{esc(r.period or "")}</text>'
                f"<g><title>{esc(band)}, {esc(period)}: {esc(text)}</title>"
                f'<rect x="{left}" y="{y}" width="{max(w, 0.5):.1f}" height="{bar_h}" '
                f'fill="{fill}"/></g>'
                f'<text x="{left + w + 5:.1f}" y="{y + 11}" font-size="{_LABEL_FONT - 1}" '
                f'fill="{MUTED}">{esc(text)}</text>'
            )
            ends.append(left + w + 5 + len(text) * _CHAR_WIDTH)
            parts.append(f"{period} {text}")
            y += bar_h + gap
        descs.append(f"{band}: " + ", ".join(parts))
        y += 4
    view_w = max(ends, default=width) + 4
    return (
        f'<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view_w:.0f} {y}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{esc(label)}: {esc(unit)}, by band</title>'
        f'<desc id="{desc_id}">{esc("; ".join(descs))}</desc>'
        f'<line x1="{left}" y1="{top + head}" x2="{left}" y2="{y - 4}" stroke="{GRID}"/>'
        + "".join(body)
        + f"</svg><figcaption>{esc(label)}: {esc(unit)}, by band"
        + (" and period" if len(rows) > 1 else "")
        + "</figcaption></figure>"
    )


def _tables(rid: str, rows: Sequence[SummaryRow], pct: PercentStyle) -> list[str]:
    """A rule set's stage table, and its duties' table when it has duties."""
    timed = [r for r in rows if not r.duty]
    duties = [r for r in rows if r.duty]
    return [
        *(_stage_table(rid, timed, pct) if timed or not duties else []),
        *(_duty_table(rid, duties) if duties else []),
    ]


def group_section(report: AuditReport) -> list[str]:
    """With groups, each group's stage table (the sections above show their totals)."""
    if not report.totals:
        return []
    out = ['<section id="groups"><h2>By group</h2>']
    for rid, rows in by_ruleset(r for r in report.summary if r.tier is None):
        labelled = [attrs.evolve(r, label=f"{r.label} \u00b7 {group_text(r.group)}") for r in rows]
        out += _tables(rid, labelled, style_for(report.meta, rid))
    out.append("</section>")
    return out


def regime_sections(report: AuditReport) -> list[str]:
    """A section per rule set: its stage table, then for each deadline its year-on-year
    bars (with several periods), its band chart (with several periods, or when a profile
    shapes the rule set: a single period's bands without one are only in the table, so
    that a report of many rule sets is not a wall of one-bar charts) and band table."""
    ids = Ids()
    out: list[str] = []
    profiled = ((report.meta.get("options") or {}).get("profile") or {}).get("ruleset")
    for rid, rows in by_ruleset(_rows(report)):
        pct = style_for(report.meta, rid)
        out.append(f'<section class="regime" id="regime-{esc(rid)}"><h2>{esc(rid)}</h2>')
        out += _tables(rid, rows, pct)
        by_clock: dict[str, list[SummaryRow]] = {}
        for r in rows:
            if r.duty:  # no due date, so no days taken
                continue
            by_clock.setdefault(r.clock, []).append(r)
        for clock_rows in by_clock.values():
            label = clock_rows[0].label
            out.append(f"<h3>{esc(label)}</h3>")
            charts = []
            if len(clock_rows) > 1:
                charts.append(_yoy_chart(label, clock_rows, ids, pct))
            if len(clock_rows) > 1 or rid == profiled:  # one period's bands: the table says it
                charts.append(_band_chart(label, clock_rows, ids, pct))
            if charts:
                out.append('<div class="charts">' + "".join(charts) + "</div>")
            out += _band_table(label, clock_rows, pct)
        out.append("</section>")
    return out
