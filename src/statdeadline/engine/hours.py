"""Clocks counted in hours: when such a run starts (a date and a time of day) and when it
is due.

A run of an hours clock (``hours`` elapsed, or ``office_hours`` counted only while the
office is open, :mod:`statdeadline.calendar.hours`) starts at its start event's time of
day. Two named choices, where the rules say nothing:

* **No time recorded.** An event without a time counts from the start of its day
  (00:00), which for office hours is the day's opening: the most time the rules could
  give the council, so that a missing time never makes a case look late.
* **A deemed start.** When a receipt convention or cut-off moves the start to a later
  day, the count starts at the start of that day (00:00; for office hours, its opening).
"""

from __future__ import annotations

import datetime as _dt

from ..calendar import WorkingDayCalendar
from ..calendar.hours import OfficeHours, add_hours, add_office_hours
from ..rules.model import Duration
from .runs import Run

__all__ = ["due_at", "office_of", "start_at"]

_MIDNIGHT = _dt.time(0, 0)


def start_at(run: Run) -> _dt.datetime:
    """The moment ``run`` starts counting hours from (see the module docstring)."""
    ev = run.start_event
    t = ev.time if ev.time is not None and run.start == ev.date else _MIDNIGHT
    return _dt.datetime.combine(run.start, t)


def office_of(dur: Duration) -> OfficeHours:
    """The opening hours an office-hours duration counts in."""
    opens, closes = dur.office
    return OfficeHours(_dt.time.fromisoformat(opens), _dt.time.fromisoformat(closes))


def due_at(cal: WorkingDayCalendar, start: _dt.datetime, dur: Duration) -> _dt.datetime:
    """``dur`` (in hours or office hours) counted from ``start`` on ``cal``.

    >>> cal = WorkingDayCalendar("england-and-wales", authoritative_until=2100)
    >>> due_at(cal, _dt.datetime(2024, 5, 3, 15), Duration("hours", 48))
    datetime.datetime(2024, 5, 5, 15, 0)
    >>> due_at(cal, _dt.datetime(2024, 5, 3, 15), Duration("office_hours", 16))
    datetime.datetime(2024, 5, 8, 15, 0)
    """
    if dur.unit == "hours":
        return add_hours(start, dur.amount)
    return add_office_hours(cal, start, dur.amount, office_of(dur))
