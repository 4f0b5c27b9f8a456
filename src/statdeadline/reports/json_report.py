"""The audit report as one JSON document."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..audit import AuditReport, CaseResult
from .registry import AUDIT_REPORT, register

__all__ = ["write_json"]


def write_json(report: AuditReport, out: TextIO, cases: Iterable[CaseResult] | None = None) -> None:
    """The report as one JSON document (``meta``, ``counts``, ``summary``, ``rejections``,
    and ``cases`` when given)."""
    data = report.to_dict()
    if cases is not None:
        data["cases"] = [c.to_dict() for c in cases]
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


register("json", ".json", AUDIT_REPORT, "JSON", write_json)
