"""statdeadline: when every UK statutory complaint deadline falls, why, and whether it was met.

The public names are re-exported here; everything else is internal.
"""

from __future__ import annotations

from typing import Any

from . import _version
from .calendar import (
    DIVISIONS,
    MAX_DATE,
    MIN_DATE,
    CalendarOverrides,
    Explanation,
    NonWorkingDay,
    WorkingDayCalendar,
    parse_date,
)
from .engine.case import Case, Event
from .engine.queue import OpenDeadline, QueueEntry, open_deadlines, upcoming
from .engine.results import (
    STATUSES,
    CaseWarning,
    Deadline,
    DeadlineExplanation,
    Deadlines,
    Provenance,
    Verdict,
)
from .engine.stored import case_schema
from .exceptions import (
    BeyondHorizonError,
    CaseError,
    DateOutOfRangeError,
    HorizonWarning,
    InvalidArgumentError,
    RuleSetError,
    RuleSetVersionWarning,
    RuleSetWarning,
    StatDeadlineError,
    TransitionNotAllowed,
    UnknownDivisionError,
    UnknownRuleSetError,
)
from .rules.loader import list_bundled, load_ruleset, validate_file
from .rules.model import RuleSet
from .rules.overrides import load_overrides

__all__ = [
    "DIVISIONS",
    "MAX_DATE",
    "MIN_DATE",
    "STATUSES",
    "AuditFrames",
    "BeyondHorizonError",
    "CalendarOverrides",
    "Case",
    "CaseError",
    "CaseWarning",
    "DateOutOfRangeError",
    "Deadline",
    "DeadlineExplanation",
    "Deadlines",
    "Event",
    "Explanation",
    "HorizonWarning",
    "InvalidArgumentError",
    "NonWorkingDay",
    "OpenDeadline",
    "Provenance",
    "QueueEntry",
    "RuleSet",
    "RuleSetError",
    "RuleSetVersionWarning",
    "RuleSetWarning",
    "StatDeadlineError",
    "TransitionNotAllowed",
    "UnknownDivisionError",
    "UnknownRuleSetError",
    "Verdict",
    "WorkingDayCalendar",
    "__version__",
    "audit_frame",
    "case_schema",
    "list_bundled",
    "load_overrides",
    "load_ruleset",
    "open_deadlines",
    "parse_date",
    "upcoming",
    "validate_file",
]


def __getattr__(name: str) -> Any:
    """``__version__``, read from the package metadata on first use (see ``_version``);
    ``audit_frame`` and ``AuditFrames`` from :mod:`.frames`, imported on first use (so
    ``import statdeadline`` imports neither the audit nor pandas)."""
    if name == "__version__":
        return _version.__version__
    if name in ("AuditFrames", "audit_frame"):
        from . import frames

        return getattr(frames, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
