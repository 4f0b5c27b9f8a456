"""Counting a duration from a date: the counter of each unit, and the run's memo of them.

A clock's duration is counted by the counter of its unit (:data:`COUNTERS`, one row a
unit); a working-day count, the common case, goes straight to the calendar. A run
remembers its month and calendar-day counts (:func:`counted`), since its schedule is
counted again after each extension or re-triage. The unit counted from a time of day
(hours) is :mod:`statdeadline.engine.hours`'s.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from ..calendar import WorkingDayCalendar
from ..rules.model import Duration
from .runs import Run

__all__ = ["COUNTERS", "WD", "beyond", "count", "counted"]

#: How a duration of each unit is counted from a start date.
COUNTERS: dict[str, Callable[[WorkingDayCalendar, _dt.date, Duration], _dt.date]] = {
    "working_days": lambda cal, start, dur: cal.add_working_days(start, dur.amount),
    "calendar_days": lambda cal, start, dur: cal.add_days(start, dur.amount, roll=dur.roll),
    "months": lambda cal, start, dur: cal.add_months(start, dur.amount, end=dur.end, roll=dur.roll),
}
#: The unit of a clock that "counts working days" (what pauses and extensions ask).
WD = "working_days"


def count(dur: Duration, cal: WorkingDayCalendar, start: _dt.date) -> _dt.date:
    """``dur`` counted from ``start`` in ``cal``.

    >>> from statdeadline import WorkingDayCalendar
    >>> cal = WorkingDayCalendar("england-and-wales", authoritative_until=2100)
    >>> count(Duration("working_days", 20), cal, _dt.date(2024, 3, 28))  # Easter skipped
    datetime.date(2024, 4, 29)
    >>> count(Duration("months", 6), cal, _dt.date(2024, 8, 31))  # no 31 February
    datetime.date(2025, 2, 28)
    """
    if dur.unit == WD:  # the common case, without the table's indirection
        return cal.add_working_days(start, dur.amount)
    return COUNTERS[dur.unit](cal, start, dur)


def counted(run: Run, dur: Duration, cal: WorkingDayCalendar, base: _dt.date) -> _dt.date:
    """:func:`count`, remembered by the run for months and calendar days (a schedule with
    records is counted again after each extension or re-triage, and a month count costs
    some twenty working-day counts). A result past the calendar's horizon is not
    remembered, so its HorizonWarning is given every time it is used."""
    if dur.unit == WD:
        return cal.add_working_days(base, dur.amount)
    memo = run.counts
    if memo is None:
        memo = run.counts = {}
    key = (base, dur)
    got = memo.get(key)
    if got is None:
        got = count(dur, cal, base)
        if got.year <= cal.authoritative_until:
            memo[key] = got
    return got


def beyond(cal: WorkingDayCalendar, *dates: _dt.date | None) -> bool:
    """True if a date is past the calendar's authoritative years."""
    year = cal.authoritative_until
    for d in dates:  # noqa: SIM110 - a loop, not any(genexpr): this is on the hot path
        if d is not None and d.year > year:
            return True
    return False
