"""Layer 1: working-day arithmetic on plain ``datetime.date``; knows nothing of complaints
or YAML. See ``docs/calendar.md``.

Modules, each importing only those above it:

* ``dates``: the supported range, reading arguments, calendar-month shifting;
* ``overrides``: :class:`CalendarOverrides`, extra non-working and working days;
* ``explanation``: :class:`NonWorkingDay` and :class:`Explanation`, plain results;
* ``bank_holidays``: the divisions (and python-holidays' codes for them), and their bank
  holidays from ``holidays``;
* ``cache``: the file cache of those bank holidays, across processes;
* ``index``: the precomputed working-day index a calendar looks everything up in;
* ``from_holidays``: bank holidays from a ``holidays.HolidayBase`` a council configured;
* ``batch``: the many-dates-at-once forms;
* ``reasons``: why days are not working days, and ``explain_add_working_days``;
* ``working_days``: :class:`WorkingDayCalendar` itself.
"""

from __future__ import annotations

from .bank_holidays import DIVISION_NAMES, DIVISIONS, division_name
from .dates import MAX_DATE, MIN_DATE, parse_date
from .explanation import Explanation, NonWorkingDay
from .overrides import CalendarOverrides
from .working_days import WorkingDayCalendar

__all__ = [
    "DIVISIONS",
    "DIVISION_NAMES",
    "MAX_DATE",
    "MIN_DATE",
    "CalendarOverrides",
    "Explanation",
    "NonWorkingDay",
    "WorkingDayCalendar",
    "division_name",
    "parse_date",
]
