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

__all__ = [
    "DIVISIONS",
    "MAX_DATE",
    "MIN_DATE",
    "BeyondHorizonError",
    "CalendarOverrides",
    "CaseError",
    "DateOutOfRangeError",
    "Explanation",
    "HorizonWarning",
    "InvalidArgumentError",
    "NonWorkingDay",
    "RuleSetError",
    "StatDeadlineError",
    "TransitionNotAllowed",
    "UnknownDivisionError",
    "UnknownRuleSetError",
    "WorkingDayCalendar",
    "__version__",
    "load_overrides",
    "parse_date",
]
