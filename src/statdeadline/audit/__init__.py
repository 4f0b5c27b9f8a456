"""Layer 4: many cases at once - input readers, the wide mapping, replay, tallies and the
worker pool. The public entry point is :func:`audit`; see ``docs/auditors-guide.md``."""

from __future__ import annotations

from ..exceptions import AuditError
from .run import (
    CORE_COLUMNS,
    AuditReport,
    CaseResult,
    Rejection,
    SummaryRow,
    audit,
    parse_input_date,
)

__all__ = [
    "CORE_COLUMNS",
    "AuditError",
    "AuditReport",
    "CaseResult",
    "Rejection",
    "SummaryRow",
    "audit",
    "parse_input_date",
]
