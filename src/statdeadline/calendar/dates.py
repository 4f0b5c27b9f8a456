"""Plain dates: the supported range, reading arguments, and calendar-month shifting.

Nothing here knows about working days or bank holidays; every other calendar module
builds on these helpers, and this module imports only :mod:`statdeadline.exceptions`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from ..exceptions import InvalidArgumentError

date = _dt.date

#: The first and last dates any calendar supports. Outside them there is no holiday data
#: we trust, so computations raise :class:`DateOutOfRangeError` instead of guessing.
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2100, 12, 31)

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

HorizonPolicy = Literal["warn", "raise", "ignore"]
MonthEnd = Literal["corresponding", "commencing"]
Roll = Literal["none", "next", "previous"]
HORIZON_POLICIES = ("ignore", "raise", "warn")
MONTH_ENDS = ("commencing", "corresponding")
ROLLS = ("next", "none", "previous")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: Any, argument: str = "date") -> _dt.date:
    """Return ``value`` as a :class:`datetime.date`.

    Accepted: a ``date`` (but not a ``datetime``: its time would be silently dropped, and
    a time of day can matter for receipt cut-offs; pass ``.date()`` explicitly), or an ISO
    8601 calendar-date string ``YYYY-MM-DD``. Anything else raises
    :class:`InvalidArgumentError` naming ``argument``.

    >>> parse_date("2024-02-29")
    datetime.date(2024, 2, 29)
    >>> parse_date("29/02/2024", "received")
    Traceback (most recent call last):
    ...
    statdeadline.exceptions.InvalidArgumentError: received: expected a date or an ISO date \
string 'YYYY-MM-DD', got '29/02/2024'
    """
    if type(value) is date:
        return value
    if isinstance(value, _dt.datetime):
        raise InvalidArgumentError(
            argument,
            value,
            "a date, not a datetime",
            f"{argument}: expected a date, got the datetime {value!r}; "
            "pass value.date() to drop the time",
        )
    if isinstance(value, date):  # a date subclass that is not a datetime
        return date(value.year, value.month, value.day)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidArgumentError(
                argument,
                value,
                "a real calendar date",
                f"{argument}: {value!r} is not a date ({exc})",
            ) from None
    raise InvalidArgumentError(argument, value, "a date or an ISO date string 'YYYY-MM-DD'")


def parse_int(value: Any, argument: str) -> int:
    """``value`` as an ``int``; a ``bool`` (or anything not an ``int``) is refused.

    >>> parse_int(True, "n")
    Traceback (most recent call last):
    ...
    statdeadline.exceptions.InvalidArgumentError: n: expected an integer, got True
    """
    if type(value) is int:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(argument, value, "an integer")
    return int(value)


def check_choice(value: Any, argument: str, allowed: Sequence[str]) -> Any:
    """``value`` unchanged if it is one of ``allowed``; otherwise an error listing them."""
    if value not in allowed:
        raise InvalidArgumentError(
            argument,
            value,
            "one of: " + ", ".join(allowed),
            f"unknown {argument} {value!r}; expected one of: {', '.join(allowed)}",
        )
    return value


def as_sequence(value: Any, argument: str) -> Sequence[Any]:
    """``value`` as a list or tuple of items; one date or string, or a non-iterable, is refused."""
    if isinstance(value, (list, tuple)):
        return value
    if isinstance(value, (str, date)) or not isinstance(value, Iterable):
        raise InvalidArgumentError(argument, value, "an iterable of dates")
    return list(value)


def shift_months(d: _dt.date, n: int) -> _dt.date | None:
    """The same day of the month ``n`` months from ``d``, or that month's last day if it is
    shorter (what ``dateutil.relativedelta(months=n)`` gives; tested against it). ``None``
    when the result is outside the years ``date`` can hold.

    >>> shift_months(date(2023, 8, 31), 6)    # no 31 February: its last day
    datetime.date(2024, 2, 29)
    >>> shift_months(date(2024, 3, 31), -1)
    datetime.date(2024, 2, 29)
    >>> shift_months(date(9999, 12, 1), 1) is None
    True
    """
    months = d.year * 12 + (d.month - 1) + n
    year, month = divmod(months, 12)
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        return None
    month += 1
    if month == 2:
        last = 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    else:
        last = 30 if month in (4, 6, 9, 11) else 31
    return date(year, month, d.day if d.day <= last else last)
