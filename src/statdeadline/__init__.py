"""statdeadline: when every UK statutory complaint deadline falls, why, and whether it was met.

The public names are re-exported here; everything else is internal.
"""

from __future__ import annotations

from ._version import __version__
from .calendar import (
    DIVISIONS,
    MAX_DATE,
    MIN_DATE,
    CalendarOverrides,
    Explanation,
    NonWorkingDay,
    WorkingDayCalendar,
    load_overrides,
    parse_date,
)
from .deadline import (
    STATUSES,
    CaseWarning,
    Deadline,
    DeadlineExplanation,
    Deadlines,
    Provenance,
    Verdict,
)
from .engine import Case, Event
from .exceptions import (
    BeyondHorizonError,
    CaseError,
    DateOutOfRangeError,
    HorizonWarning,
    InvalidArgumentError,
    RuleSetError,
    StatDeadlineError,
    TransitionNotAllowed,
    UnknownDivisionError,
    UnknownRuleSetError,
)
from .loader import list_bundled, load_ruleset, validate_file
from .rules import RuleSet

__all__ = [
    "DIVISIONS",
    "MAX_DATE",
    "MIN_DATE",
    "STATUSES",
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
    "Provenance",
    "RuleSet",
    "RuleSetError",
    "StatDeadlineError",
    "TransitionNotAllowed",
    "UnknownDivisionError",
    "UnknownRuleSetError",
    "Verdict",
    "WorkingDayCalendar",
    "__version__",
    "list_bundled",
    "load_overrides",
    "load_ruleset",
    "parse_date",
    "validate_file",
]
