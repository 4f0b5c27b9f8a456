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
_ISO_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?"
    r"(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?",
    re.IGNORECASE,
)
_TIME_OF_DAY = re.compile(r"(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?")

#: The zone a timestamp is read in: an aware one is converted to it, a naive one is taken
#: to be in it already (the law counts the council's days, and the council is in the UK).
UK_ZONE = "Europe/London"

_EXPECTED = (
    "a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp "
    "'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]'"
)


def uk_local(value: _dt.datetime) -> tuple[_dt.date, _dt.time]:
    """The UK date and time of day of ``value``: an aware datetime converted to
    Europe/London (the standard library's :mod:`zoneinfo`), a naive one taken as UK
    local time already. The time keeps its seconds and microseconds, not its zone.

    >>> uk_local(_dt.datetime(2024, 6, 30, 23, 30, tzinfo=_dt.timezone.utc))  # BST
    (datetime.date(2024, 7, 1), datetime.time(0, 30))
    >>> uk_local(_dt.datetime(2024, 6, 30, 23, 30))  # naive: UK time already
    (datetime.date(2024, 6, 30), datetime.time(23, 30))
    """
    if value.tzinfo is not None and value.utcoffset() is not None:
        from zoneinfo import ZoneInfo  # only when a timestamp has a zone

        value = value.astimezone(ZoneInfo(UK_ZONE))
    return date(value.year, value.month, value.day), value.time().replace(tzinfo=None)


def _timestamp(value: str, argument: str) -> _dt.datetime:
    m = _ISO_TIMESTAMP.fullmatch(value)
    assert m is not None
    y, mo, d, h, mi, s, frac, z, sign, oh, om = m.groups()
    zone = None
    if z or sign:
        minutes = 0 if z else int(oh) * 60 + int(om or 0)
        zone = _dt.timezone(_dt.timedelta(minutes=-minutes if sign == "-" else minutes))
    micro = int((frac or "0").ljust(6, "0"))
    try:
        return _dt.datetime(
            int(y), int(mo), int(d), int(h), int(mi), int(s or 0), micro, tzinfo=zone
        )
    except ValueError as exc:
        raise InvalidArgumentError(
            argument, value, "a real date and time", f"{argument}: {value!r} is not a time ({exc})"
        ) from None


def parse_moment(value: Any, argument: str = "date") -> tuple[_dt.date, _dt.time | None]:
    """``value`` as a UK date and, when it has one, a time of day.

    Accepted: a ``date`` (no time); a ``datetime`` (see :func:`uk_local`); an ISO 8601
    calendar date ``YYYY-MM-DD`` (no time); an ISO 8601 timestamp
    ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]`` (``T`` or a space), naive (UK local time) or with
    ``Z`` or an offset ``+HH:MM`` / ``+HHMM`` / ``+HH`` (converted to UK local time).
    Anything else raises :class:`InvalidArgumentError` naming ``argument``.

    >>> parse_moment("2024-06-30T23:30:00Z")   # 00:30 on 1 July in British Summer Time
    (datetime.date(2024, 7, 1), datetime.time(0, 30))
    >>> parse_moment("2024-01-31T23:30:00Z")   # GMT in winter: the same day
    (datetime.date(2024, 1, 31), datetime.time(23, 30))
    >>> parse_moment("2024-03-28")
    (datetime.date(2024, 3, 28), None)
    """
    if type(value) is date:
        return value, None
    if isinstance(value, _dt.datetime):
        return uk_local(value)
    if isinstance(value, date):  # a date subclass that is not a datetime
        return date(value.year, value.month, value.day), None
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value), None
            except ValueError as exc:
                raise InvalidArgumentError(
                    argument,
                    value,
                    "a real calendar date",
                    f"{argument}: {value!r} is not a date ({exc})",
                ) from None
        if _ISO_TIMESTAMP.fullmatch(value):
            return uk_local(_timestamp(value, argument))
    raise InvalidArgumentError(argument, value, _EXPECTED)


def parse_date(value: Any, argument: str = "date") -> _dt.date:
    """Return ``value`` as a :class:`datetime.date`: the UK date of what
    :func:`parse_moment` accepts (a date, a datetime, an ISO 8601 date or timestamp).

    >>> parse_date("2024-02-29")
    datetime.date(2024, 2, 29)
    >>> parse_date("2024-06-30T23:30:00+00:00")   # BST: already 1 July in the UK
    datetime.date(2024, 7, 1)
    >>> parse_date("29/02/2024", "received")
    Traceback (most recent call last):
    ...
    statdeadline.exceptions.InvalidArgumentError: received: expected a date, a datetime, \
or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got '29/02/2024'
    """
    if type(value) is date:
        return value
    return parse_moment(value, argument)[0]


def parse_time(value: Any, argument: str = "time") -> _dt.time | None:
    """A time of day from ``None``, a :class:`datetime.time` (its zone, if any, dropped)
    or ``"HH:MM[:SS[.ffffff]]"`` (24-hour).

    >>> parse_time("16:30"), parse_time("16:30:05")
    (datetime.time(16, 30), datetime.time(16, 30, 5))
    """
    if value is None:
        return None
    if isinstance(value, _dt.time):
        return value.replace(tzinfo=None)
    m = _TIME_OF_DAY.fullmatch(value) if isinstance(value, str) else None
    if m is not None:
        h, mi, s, frac = m.groups()
        try:
            return _dt.time(int(h), int(mi), int(s or 0), int((frac or "0").ljust(6, "0")))
        except ValueError:
            pass
    raise InvalidArgumentError(argument, value, "a time of day 'HH:MM' (24-hour)")


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
