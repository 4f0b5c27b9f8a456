"""Layer 3: a case's events in; state, deadlines and explanations out."""

from __future__ import annotations

from .case import Case
from .event import Event
from .results import (
    STATUSES,
    CaseWarning,
    Deadline,
    DeadlineExplanation,
    Deadlines,
    Provenance,
    Status,
    Step,
    Verdict,
)

__all__ = [
    "STATUSES",
    "Case",
    "CaseWarning",
    "Deadline",
    "DeadlineExplanation",
    "Deadlines",
    "Event",
    "Provenance",
    "Status",
    "Step",
    "Verdict",
]
