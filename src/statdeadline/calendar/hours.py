"""Hours on top of working days: elapsed hours, and hours counted only while an office
is open (a council's opening hours, e.g. 09:00-17:00 on working days).

Order of operations for :func:`add_office_hours` (``start`` a date and time, ``hours``
whole hours, the office open from ``opens`` to ``closes`` on every working day of the
calendar):

1. **Start.** A start inside opening hours counts from that moment; one before opening on
   a working day counts from that day's opening; one at or after closing, or on a
   non-working day, from the next working day's opening.
2. **Count.** The hours are counted only while the office is open: a day gives
   ``closes - opens``; what does not fit in the rest of the start day moves to the next
   working day's opening, whole days at a time.
3. **End.** A count that ends exactly at closing time ends that day at closing (not the
   next day at opening): a call back due "within 16 office hours" of 09:00 on a Monday is
   due by 17:00 on the Tuesday.

Elapsed hours (:func:`add_hours`) count every hour of every day, weekends and bank
holidays included.

>>> import datetime as dt
>>> from statdeadline import WorkingDayCalendar
>>> cal = WorkingDayCalendar("england-and-wales", authoritative_until=2100)
>>> nine_to_five = OfficeHours(dt.time(9), dt.time(17))

Friday 3 May 2024 at 15:00, 48 elapsed hours: Sunday 5 May at 15:00.

>>> add_hours(dt.datetime(2024, 5, 3, 15), 48)
datetime.datetime(2024, 5, 5, 15, 0)

The same start in office hours: 2 hours on Friday; Monday 6 May is a bank holiday; 8 on
each of Tuesday 7 to Thursday 9 May (26 in all); 22 more are 8 on Friday 10, 8 on
Monday 13 and 6 on Tuesday 14, ending at 15:00.

>>> add_office_hours(cal, dt.datetime(2024, 5, 3, 15), 48, nine_to_five)
datetime.datetime(2024, 5, 14, 15, 0)

A start on Saturday counts from Monday's opening; one before opening from that day's
opening; a count ending at closing ends that day.

>>> add_office_hours(cal, dt.datetime(2024, 6, 8, 11), 2, nine_to_five)
datetime.datetime(2024, 6, 10, 11, 0)
>>> add_office_hours(cal, dt.datetime(2024, 6, 10, 7, 30), 16, nine_to_five)
datetime.datetime(2024, 6, 11, 17, 0)
>>> add_office_hours(cal, dt.datetime(2024, 6, 10, 17, 0), 1, nine_to_five)
datetime.datetime(2024, 6, 11, 10, 0)
"""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from ..exceptions import InvalidArgumentError
from .working_days import WorkingDayCalendar

__all__ = ["OfficeHours", "add_hours", "add_office_hours", "office_opening"]


class OfficeHours(NamedTuple):
    """The hours an office is open on each working day: from ``opens`` to ``closes``
    (``closes`` after ``opens``, both on the same day)."""

    opens: _dt.time
    closes: _dt.time

    def minutes(self) -> int:
        """The minutes open in a day."""
        return (self.closes.hour * 60 + self.closes.minute) - (
            self.opens.hour * 60 + self.opens.minute
        )


def add_hours(start: _dt.datetime, hours: int) -> _dt.datetime:
    """``hours`` elapsed hours after ``start`` (every day counts)."""
    return start + _dt.timedelta(hours=hours)


def office_opening(cal: WorkingDayCalendar, at: _dt.datetime, office: OfficeHours) -> _dt.datetime:
    """The first moment at or after ``at`` when the office is open (step 1)."""
    day = at.date()
    if cal.is_working_day(day):
        if at.time() < office.opens:
            return _dt.datetime.combine(day, office.opens)
        if at.time() < office.closes:
            return at
    nxt = cal.next_working_day(day, include_self=False)
    return _dt.datetime.combine(nxt, office.opens)


def add_office_hours(
    cal: WorkingDayCalendar, start: _dt.datetime, hours: int, office: OfficeHours
) -> _dt.datetime:
    """``hours`` counted from ``start`` only while ``office`` is open on ``cal``'s
    working days (see the module docstring for the order of operations)."""
    per_day = office.minutes()
    if per_day <= 0:
        raise InvalidArgumentError(
            "office", office, "opening hours that close after they open on the same day"
        )
    if hours < 0:
        raise InvalidArgumentError("hours", hours, "a number of hours >= 0")
    at = office_opening(cal, start, office)
    left = _dt.timedelta(hours=hours)
    today = _dt.datetime.combine(at.date(), office.closes) - at
    if left <= today:
        return at + left
    full, rest = divmod(left - today, _dt.timedelta(minutes=per_day))
    if not rest:  # ends at closing time, ``full`` working days on
        day = cal.add_working_days(at.date(), full)
        return _dt.datetime.combine(day, office.closes)
    day = cal.add_working_days(at.date(), full + 1)
    return _dt.datetime.combine(day, office.opens) + rest
