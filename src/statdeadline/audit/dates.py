"""Dates in input cells, and the English month names messages and reports use."""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["MONTH_NAMES", "parse_input_date"]

#: English month names (not the locale's), for messages and reports.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::\d{2})?)?")


def parse_input_date(text: str, date_format: str | None = None) -> tuple[_dt.date, _dt.time | None]:
    """A date (and time, if given) from an input cell.

    Accepted: ISO ``YYYY-MM-DD`` (optionally with ``HH:MM[:SS]``); with ``date_format``, that
    :func:`~datetime.datetime.strptime` format; otherwise a spreadsheet-style
    ``DD/MM/YYYY`` only when it cannot be read two ways (the day is over 12, or day and
    month are equal). Anything else raises ``ValueError`` with the reason.

    >>> parse_input_date("2024-03-28")
    (datetime.date(2024, 3, 28), None)
    >>> parse_input_date("28/03/2024 17:30")
    (datetime.date(2024, 3, 28), datetime.time(17, 30))
    >>> parse_input_date("03/04/2024")
    Traceback (most recent call last):
    ...
    ValueError: date '03/04/2024' is ambiguous (3 April or 4 March?); use YYYY-MM-DD or give the date format (--date-format %d/%m/%Y day first, %m/%d/%Y month first; date_format= in Python)

    With a ``date_format``, ISO dates still work:

    >>> parse_input_date("03/04/2024", "%d/%m/%Y"), parse_input_date("2024-04-03", "%d/%m/%Y")
    ((datetime.date(2024, 4, 3), None), (datetime.date(2024, 4, 3), None))
    """
    s = text.strip()
    if date_format:
        try:
            dt = _dt.datetime.strptime(s, date_format)
        except ValueError:
            if _ISO.fullmatch(s) is None:  # ISO dates always work: read below
                raise ValueError(
                    f"date {text!r} does not match the format {date_format!r}"
                ) from None
        else:
            has_time = any(c in date_format for c in ("%H", "%I", "%M"))
            return dt.date(), (dt.time() if has_time else None)
    m = _ISO.fullmatch(s)
    if m:
        y, mo, d, hh, mm = m.groups()
        try:
            day = _dt.date(int(y), int(mo), int(d))
            return day, (_dt.time(int(hh), int(mm)) if hh else None)
        except ValueError as exc:
            raise ValueError(f"date {text!r} is not a real date ({exc})") from None
    m = _SLASHED.fullmatch(s)
    if m:
        a, b, y, hh, mm = m.groups()
        first, second = int(a), int(b)
        if first <= 12 and second <= 12 and first != second:
            months = MONTH_NAMES
            raise ValueError(
                f"date {text!r} is ambiguous ({first} {months[second - 1]} or {second} {months[first - 1]}?); "
                "use YYYY-MM-DD or give the date format (--date-format %d/%m/%Y day first, "
                "%m/%d/%Y month first; date_format= in Python)"
            )
        day_n, month_n = (first, second) if first > 12 or first == second else (second, first)
        try:
            day = _dt.date(int(y), month_n, day_n)
            return day, (_dt.time(int(hh), int(mm)) if hh else None)
        except ValueError as exc:
            raise ValueError(f"date {text!r} is not a real date ({exc})") from None
    raise ValueError(f"date {text!r} is not a date; use YYYY-MM-DD")
