"""Periods in calendar days and calendar months, each then rolled to a working day.

:class:`PeriodQueries` is a mixin of :class:`.working_days.WorkingDayCalendar`: the
arithmetic is on plain dates (:func:`.dates.shift_months`); only the roll, applied last,
asks the calendar which days are working days.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Protocol

from ..exceptions import DateOutOfRangeError, InvalidArgumentError
from .dates import (
    MAX_DATE,
    MIN_DATE,
    MONTH_ENDS,
    ROLLS,
    MonthEnd,
    Roll,
    check_choice,
    date,
    parse_int,
    shift_months,
)


class _Rolling(Protocol):
    """What the periods use of a calendar (see ``WorkingDayCalendar``)."""

    _base: int
    _hi: int

    def _ordinal(self, d: Any, argument: str) -> int: ...

    def next_working_day(self, d: _dt.date | str, include_self: bool = True) -> _dt.date: ...

    def previous_working_day(self, d: _dt.date | str, include_self: bool = True) -> _dt.date: ...


def _roll(cal: _Rolling, d: _dt.date | str, roll: Roll) -> _dt.date:
    check_choice(roll, "roll", ROLLS)
    if roll == "next":
        return cal.next_working_day(d)
    if roll == "previous":
        return cal.previous_working_day(d)
    return date.fromordinal(cal._ordinal(d, "d"))


class PeriodQueries:
    """``roll``, ``add_days`` and ``add_months``."""

    __slots__ = ()

    def roll(self: _Rolling, d: _dt.date | str, roll: Roll) -> _dt.date:
        """Apply a roll: ``"none"`` returns ``d``; ``"next"``/``"previous"`` move a
        non-working ``d`` to the nearest working day after/before it."""
        return _roll(self, d, roll)

    def add_days(self: _Rolling, d: _dt.date | str, n: int, roll: Roll = "none") -> _dt.date:
        """``d`` plus ``n`` calendar days, then the roll.

        >>> from statdeadline import WorkingDayCalendar
        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.add_days(date(2024, 12, 11), 14, roll="next")   # lands on Christmas Day
        datetime.date(2024, 12, 27)
        """
        start = date.fromordinal(self._ordinal(d, "d"))
        n = parse_int(n, "n")
        check_choice(roll, "roll", ROLLS)
        o = start.toordinal() + n
        if not self._base <= o <= self._hi:
            raise DateOutOfRangeError("result", f"{start} + {n} days", MIN_DATE, MAX_DATE)
        return _roll(self, date.fromordinal(o), roll)

    def add_months(
        self: _Rolling,
        d: _dt.date | str,
        n: int,
        end: MonthEnd = "corresponding",
        roll: Roll = "none",
    ) -> _dt.date:
        """The end of a period of ``n`` calendar months from ``d``, then the roll.

        ``end="corresponding"``: the same day of the month ``n`` months on; if that month
        is too short, its last day (the UK GDPR subject-access style). ``n`` may be
        negative.

        ``end="commencing"``: a period of ``n`` months *beginning with* ``d`` (it includes
        ``d``), so it ends the day before the corresponding date; if the target month has
        no corresponding date, the period ends on that month's last day. ``n >= 1``. This
        is "six months beginning on the day on which the complaint was received".

        ``roll`` is applied last: ``"none"``, ``"next"`` or ``"previous"`` working day.

        >>> from statdeadline import WorkingDayCalendar
        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.add_months(date(2023, 8, 31), 6)                    # no 31 Feb: last day
        datetime.date(2024, 2, 29)
        >>> cal.add_months(date(2023, 8, 31), 6, end="commencing")  # no 31 Feb: last day
        datetime.date(2024, 2, 29)
        >>> cal.add_months(date(2024, 3, 1), 6, end="commencing")
        datetime.date(2024, 8, 31)
        >>> cal.add_months(date(2024, 2, 29), 12)                   # leap day, no 29 Feb 2025
        datetime.date(2025, 2, 28)
        >>> cal.add_months(date(2024, 3, 1), 6, end="commencing", roll="next")  # Sat 31 Aug
        datetime.date(2024, 9, 2)
        """
        start = date.fromordinal(self._ordinal(d, "d"))
        n = parse_int(n, "n")
        check_choice(end, "end", MONTH_ENDS)
        check_choice(roll, "roll", ROLLS)
        if end == "commencing" and n < 1:
            raise InvalidArgumentError("n", n, "at least 1 month for end='commencing'")
        corresponding = shift_months(start, n)
        if corresponding is None:
            raise DateOutOfRangeError("result", f"{start} + {n} months", MIN_DATE, MAX_DATE)
        if end == "commencing":
            # A missing day was clamped to the month's last day; in that case the period
            # ends on that last day, otherwise the day before the corresponding date.
            clamped = corresponding.day != start.day
            result = corresponding if clamped else corresponding - _dt.timedelta(1)
        else:
            result = corresponding
        if not MIN_DATE <= result <= MAX_DATE:
            raise DateOutOfRangeError("result", f"{start} + {n} months", MIN_DATE, MAX_DATE)
        return _roll(self, result, roll)
