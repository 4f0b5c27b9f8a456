"""The HTML report's charts, drawn as inline SVG: the on-time rate of each deadline
against the target, and a working-day histogram per deadline. Each chart has a
``<title>`` and ``<desc>`` and every bar a ``<title>``; nothing is told by colour alone."""

from __future__ import annotations

from collections.abc import Sequence

from ..audit import AuditReport, SummaryRow
from ..rules.vocabulary import kind_info
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
    pct_text,
    truncate,
)

__all__ = ["charts"]


def _rate_bar(r: SummaryRow, mid: float, bar_x: int, bar_w: int) -> list[str]:
    """One deadline's bar (or "no decided deadline") and its value, centred on ``mid``."""
    out: list[str] = []
    who = r.label + (f" ({group_text(r.group)})" if r.group else "")
    if r.on_time_rate is None:
        out.append(
            f'<text x="{bar_x + 4}" y="{mid + 4:.1f}" font-size="11" fill="{MUTED}" font-style="italic">'
            f"no decided deadline ({r.open} open)</text>"
        )
        return out
    decided = r.met + r.met_late + r.overdue
    window = kind_info(r.kind).actor == "complainant"
    low = r.target_met is False
    w = bar_w * r.on_time_rate
    bar_h = 16
    value = f"{pct_text(r.on_time_rate)} ({r.met}/{decided})"
    if low:
        value += " below target"
    elif window:
        value += " complainant's window"
    fill = MUTED if window else (BAR_LOW if low else BAR)
    out.append(
        f"<g><title>{esc(who)}: {r.met} of {decided} decided on time, {pct_text(r.on_time_rate)}"
        f"{' (below target)' if low else ''}"
        f"{' (a complainant' + chr(39) + 's window: not judged against the target)' if window else ''}"
        "</title>"
        f'<rect x="{bar_x}" y="{mid - bar_h / 2:.1f}" width="{max(w, 0.5):.1f}" height="{bar_h}" '
        f'fill="{fill}"/></g>'
    )
    out.append(
        f'<text x="{bar_x + bar_w + 8}" y="{mid + 4:.1f}" font-size="12" fill="{TEXT if not low else TARGET}">'
        f"{esc(value)}</text>"
    )
    return out


def _rate_chart(rid: str, rows: Sequence[SummaryRow], target: float | None, ids: Ids) -> str:
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
        who = r.label + (f" ({group_text(r.group)})" if r.group else "")
        if r.on_time_rate is None:
            desc_parts.append(f"{who}: none decided")
        else:
            decided = r.met + r.met_late + r.overdue
            desc_parts.append(f"{who}: {pct_text(r.on_time_rate)} ({r.met} of {decided})")
    target_text = "" if target is None else f"; target {pct_text(target)}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{tid} {did}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">',
        f'<title id="{tid}">On-time rate per deadline, {esc(rid)}{esc(target_text)}</title>',
        f'<desc id="{did}">{esc("; ".join(desc_parts))}</desc>',
    ]
    axis_y = top + row_h * len(rows)
    for pct in (0, 25, 50, 75, 100):
        x = bar_x + bar_w * pct / 100
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{axis_y}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{axis_y + 16}" font-size="11" fill="{MUTED}" text-anchor="middle">{pct}%</text>'
        )
    for i, r in enumerate(rows):
        y = top + i * row_h
        mid = y + row_h / 2
        label = truncate(r.label, 46)
        if grouped:
            out.append(
                f'<text x="{label_w}" y="{mid - 3:.1f}" font-size="12" fill="{TEXT}" text-anchor="end">{esc(label)}</text>'
            )
            out.append(
                f'<text x="{label_w}" y="{mid + 11:.1f}" font-size="11" fill="{MUTED}" text-anchor="end">'
                f"{esc(truncate(group_text(r.group), 50))}</text>"
            )
        else:
            out.append(
                f'<text x="{label_w}" y="{mid + 4:.1f}" font-size="12" fill="{TEXT}" text-anchor="end">{esc(label)}</text>'
            )
        out += _rate_bar(r, mid, bar_x, bar_w)
    if target is not None:
        x = bar_x + bar_w * target
        out.append(
            f'<g><title>Target {pct_text(target)}</title><line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{axis_y}" '
            f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="5 3"/></g>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{top - 12}" font-size="11" fill="{TARGET}" text-anchor="middle">'
            f"target {pct_text(target)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _histogram_chart(r: SummaryRow, ids: Ids) -> str:
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
    who = r.label + (f" ({group_text(r.group)})" if r.group else "")
    desc = (
        "Working days taken by deadlines met: "
        + ", ".join(f"{band}: {n}" for band, n in bands)
        + f"; open (counted apart): {r.open}"
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{tid} {did}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">',
        f'<title id="{tid}">Working days taken, {esc(r.ruleset)}: {esc(who)}</title>',
        f'<desc id="{did}">{esc(desc)}</desc>',
        f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{TEXT}" stroke-width="1"/>',
    ]
    for i, (band, n) in enumerate([*bands, ("open", r.open)]):
        is_open = i == len(bands)
        x0 = left + i * slot + (gap if is_open else 0)
        cx = x0 + slot / 2
        h = n * scale
        if is_open:
            sep = x0 - gap / 2
            out.append(
                f'<line x1="{sep:.1f}" y1="{top - 6}" x2="{sep:.1f}" y2="{base + 30}" stroke="{GRID}" stroke-width="1"/>'
            )
            shape = (
                f'<rect x="{cx - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="#ffffff" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="4 2"/>'
            )
            tip = f"{n} still open at the as-of date (not in the bands)"
        else:
            shape = (
                f'<rect x="{cx - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{BAR}"/>'
            )
            tip = f"{n} met in {band} working days"
        out.append(f"<g><title>{esc(tip)}</title>{shape if n else ''}</g>")
        out.append(
            f'<text x="{cx:.1f}" y="{base - h - 5:.1f}" font-size="11" fill="{TEXT}" text-anchor="middle">{n}</text>'
        )
        out.append(
            f'<text x="{cx:.1f}" y="{base + 15}" font-size="11" fill="{TEXT if not is_open else MUTED}" '
            f'text-anchor="middle">{esc(band)}</text>'
        )
    out.append(
        f'<text x="{left + (len(bands) * slot) / 2:.1f}" y="{base + 32}" font-size="11" fill="{MUTED}" '
        f'text-anchor="middle">working days taken (met deadlines)</text>'
    )
    out.append("</svg>")
    return "".join(out)


def charts(report: AuditReport) -> list[str]:
    target = report.meta.get("options", {}).get("target")
    ids = Ids()
    out = ['<section id="rates">', "<h2>On-time rate per deadline</h2>"]
    out.append(
        "<p>Bars show met on time over decided (met on time + met late + overdue); the "
        "figures are in the table above. A complainant's window (e.g. to ask for Stage 2) "
        "is the complainant's time, not the council's, so it is drawn in grey and not "
        "judged against the target. "
        + (
            f"The dashed line is the target, {esc(pct_text(target))}; bars below it are drawn in "
            "orange and marked \u201cbelow target\u201d."
            if target is not None
            else "No target was given."
        )
        + "</p>"
    )
    groups = by_ruleset(report.summary)
    if not groups:
        out.append("<p>No deadline was audited.</p>")
    for rid, rows in groups:
        out.append(f"<h3>{esc(rid)}</h3>")
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
        out.append(f"<h3>{esc(rid)}</h3>")
        out.append('<div class="charts">')
        for r in charted:
            caption = esc(r.label)
            sub = [group_text(r.group)] if r.group else []
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
            caption += "".join(f'<span class="sub">{esc(s)}</span>' for s in sub)
            out.append(
                f"<figure><figcaption>{caption}</figcaption>{_histogram_chart(r, ids)}</figure>"
            )
        out.append("</div>")
    if skipped:
        names = "; ".join(
            f"{r.ruleset} / {r.clock}" + (f" ({group_text(r.group)})" if r.group else "")
            for r in skipped
        )
        out.append(f'<p class="muted">Not charted (no deadline met or open): {esc(names)}.</p>')
    out.append("</section>")
    return out
