"""A calendar's bank holidays from a ``holidays.HolidayBase`` a council already configured
(:meth:`WorkingDayCalendar.from_holidays`), and python-holidays' names for the divisions.

The object's own years and dates are used as they are: nothing is added for years it does
not hold (and it is not expanded: reading it populates no year), so a calendar built from
``holidays.UK(subdiv="ENG", years=range(2020, 2031))`` knows bank holidays for 2020-2030
only; its horizon (``authoritative_until``) is at most the object's last year, so a count
past it warns (or raises) as a count past any horizon does. As for the built-in lists, a
holiday on a weekend is dropped (its weekday substitute is listed separately), and dates
outside :data:`MIN_DATE` .. :data:`MAX_DATE` are ignored.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..exceptions import InvalidArgumentError
from .dates import MAX_DATE, MIN_DATE, parse_int
from .index import HolidaySource

__all__ = ["holiday_source"]


def holiday_source(obj: Any, authoritative_until: Any = None) -> tuple[HolidaySource, int]:
    """The weekday holidays of ``obj`` (a ``holidays.HolidayBase``) and the calendar's
    horizon: ``authoritative_until``, which may not pass the object's last year (its
    default, or :data:`MAX_DATE`'s year if that is earlier).

    The label is ``holidays:<country>[-<subdivision>]:<first year>-<last year>``.
    """
    import holidays  # a dependency already; imported only when a calendar is built so

    if not isinstance(obj, holidays.HolidayBase):
        raise InvalidArgumentError("holidays", obj, "a holidays.HolidayBase object")
    years = sorted({*obj.years, *(d.year for d in dict.keys(obj))})
    if not years:
        raise InvalidArgumentError(
            "holidays",
            obj,
            "an object holding some years",
            "holidays: the object holds no years; build it with them, e.g. "
            "holidays.UK(subdiv='ENG', years=range(2020, 2031))",
        )
    lo, hi = MIN_DATE.toordinal(), MAX_DATE.toordinal()
    days = []
    for d, name in dict.items(obj):  # (dict's own: HolidayBase's would populate years)
        o = d.toordinal() if isinstance(d, _dt.date) else None
        if o is not None and lo <= o <= hi and d.weekday() < 5:
            days.append((o, str(name).replace("(observed)", "(substitute day)")))
    country = getattr(obj, "country", None) or type(obj).__name__
    subdiv = getattr(obj, "subdiv", None)
    label = f"holidays:{country}{f'-{subdiv}' if subdiv else ''}:{years[0]}-{years[-1]}"
    last = years[-1]
    horizon = (
        last
        if authoritative_until is None
        else parse_int(authoritative_until, "authoritative_until")
    )
    if horizon > last:
        raise InvalidArgumentError(
            "authoritative_until", horizon, f"a year the holidays object holds (at most {last})"
        )
    return HolidaySource(label, tuple(sorted(days))), min(horizon, MAX_DATE.year)
