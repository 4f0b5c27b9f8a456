"""The audit report as one JSON document.

Beside each summary row's (and total row's) counts, the document has every figure the
HTML and workbook tables show: ``band_shares``, each band's share of the deadlines that
ended and ``not recorded``'s (fractions, ``null`` when none ended), and ``printed``, the
row's percentages as the report prints them (the profile's ``percent`` for its rule
set: ``on_time_rate``, ``target`` and each of ``bands``), so a council's table can be
checked figure by figure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ..audit import AuditReport, CaseResult, SummaryRow
from .percent import band_shares, style_for
from .registry import AUDIT_REPORT, register

__all__ = ["report_dict", "write_json"]


def _figures(row: SummaryRow, meta: Any) -> dict[str, Any]:
    """A row's band shares and printed percentages."""
    shares = band_shares(row)
    style = style_for(meta, row.ruleset)
    return {
        "band_shares": shares,
        "printed": {
            "on_time_rate": style.text(row.on_time_rate),
            "target": style.text(row.target),
            "bands": {band: style.text(share) for band, share in shares.items()},
        },
    }


def report_dict(report: AuditReport) -> dict[str, Any]:
    """The JSON-safe form of ``report`` with the figures of the module's docstring."""
    data = report.to_dict()
    for key, rows in (("summary", report.summary), ("totals", report.totals)):
        for out, row in zip(data[key], rows, strict=True):
            out.update(_figures(row, report.meta))
    return data


def write_json(report: AuditReport, out: TextIO, cases: Iterable[CaseResult] | None = None) -> None:
    """The report as one JSON document (``meta``, ``counts``, ``summary``, ``rejections``,
    and ``cases`` when given)."""
    data = report_dict(report)
    if cases is not None:
        data["cases"] = [c.to_dict() for c in cases]
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


register("json", ".json", AUDIT_REPORT, "JSON", write_json)
