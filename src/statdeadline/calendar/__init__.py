"""Layer 1: working-day arithmetic on plain ``datetime.date``; knows nothing of complaints
or YAML. See ``docs/calendar.md``."""

from __future__ import annotations

from .working_days import (
    DIVISIONS,
    MAX_DATE,
    MIN_DATE,
    CalendarOverrides,
    Explanation,
    NonWorkingDay,
    WorkingDayCalendar,
    parse_date,
)

__all__ = [
    "DIVISIONS",
    "MAX_DATE",
    "MIN_DATE",
    "CalendarOverrides",
    "Explanation",
    "NonWorkingDay",
    "WorkingDayCalendar",
    "parse_date",
]
