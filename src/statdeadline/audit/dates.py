"""Dates in input cells, and the English month names messages and reports use.

Every date of an audit's inputs is read one way: ISO ``YYYY-MM-DD`` always; with a
``date_format``, that :func:`~datetime.datetime.strptime` format; without one, a
spreadsheet-style date with slashes is read **day first** (``DD/MM/YYYY``), as UK
councils write dates, and never month first. A slash date that could be either
(``03/04/2025``: both numbers 12 or under, and not equal) is refused rather than
guessed, and so is one that cannot be day first (``04/13/2025``: there is no month 13),
each saying which ``--date-format`` reads it. :func:`date_note` says which way an
audit read them, for the report's meta.
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["MONTH_NAMES", "date_note", "parse_input_date"]

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
_FORMATS = "(--date-format %d/%m/%Y day first, %m/%d/%Y month first; date_format= in Python)"


def date_note(date_format: str | None) -> str:
    """How an audit with this ``date_format`` reads its inputs' dates (for the meta).

    >>> date_note(None)
    'YYYY-MM-DD; slash dates day first (DD/MM/YYYY), never month first: one that could be either (03/04/2025) or can only be month first (04/13/2025) rejects its case'
    >>> date_note("%m/%d/%Y")
    "the format '%m/%d/%Y', and YYYY-MM-DD"
    """
    if date_format:
        return f"the format {date_format!r}, and YYYY-MM-DD"
    return (
        "YYYY-MM-DD; slash dates day first (DD/MM/YYYY), never month first: one that could "
        "be either (03/04/2025) or can only be month first (04/13/2025) rejects its case"
    )


def _not_a_day(year: int, month: int, day: int) -> str | None:
    """Why ``year``-``month``-``day`` is not a day in the calendar (``None`` if it is).

    >>> _not_a_day(2025, 2, 29), _not_a_day(2024, 2, 29), _not_a_day(2025, 13, 1)
    ('February 2025 has 28 days', None, 'there is no month 13')
    """
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        return f"the year {year} is outside the calendar"
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if day < 1:
        return f"there is no day {day}"
    if day > days:
        return f"{MONTH_NAMES[month - 1]} {year} has {days} days"
    return None


def _day(
    text: str, y: int, mo: int, d: int, hh: str | None, mm: str | None
) -> tuple[_dt.date, _dt.time | None]:
    why = _not_a_day(y, mo, d)
    if why is not None:
        raise ValueError(f"date {text!r} is not a real date ({why})")
    try:
        return _dt.date(y, mo, d), (_dt.time(int(hh), int(mm or 0)) if hh else None)
    except ValueError as exc:  # the time of day
        raise ValueError(f"date {text!r} is not a real date ({exc})") from None


def parse_input_date(text: str, date_format: str | None = None) -> tuple[_dt.date, _dt.time | None]:
    """A date (and time, if given) from an input cell.

    Accepted: ISO ``YYYY-MM-DD`` (optionally with ``HH:MM[:SS]``); with ``date_format``, that
    :func:`~datetime.datetime.strptime` format; otherwise ``DD/MM/YYYY`` (with an optional
    ``HH:MM``), read day first, when it cannot be read month first too (the day is over
    12, or day and month are equal). Anything else raises ``ValueError`` with the reason.

    >>> parse_input_date("2024-03-28")
    (datetime.date(2024, 3, 28), None)
    >>> parse_input_date("28/03/2024 17:30")
    (datetime.date(2024, 3, 28), datetime.time(17, 30))
    >>> parse_input_date("03/04/2024")
    Traceback (most recent call last):
    ...
    ValueError: date '03/04/2024' is ambiguous (3 April or 4 March?); use YYYY-MM-DD or give the date format (--date-format %d/%m/%Y day first, %m/%d/%Y month first; date_format= in Python)

    A slash date is never read month first without a format saying so:

    >>> parse_input_date("04/13/2024")
    Traceback (most recent call last):
    ...
    ValueError: date '04/13/2024' cannot be day first (there is no month 13): slash dates are read day first (DD/MM/YYYY); if the input's dates are month first, give --date-format %m/%d/%Y (date_format= in Python)

    With a ``date_format``, ISO dates still work; a date that fits the format but is
    not a day says why:

    >>> parse_input_date("03/04/2024", "%d/%m/%Y"), parse_input_date("2024-04-03", "%d/%m/%Y")
    ((datetime.date(2024, 4, 3), None), (datetime.date(2024, 4, 3), None))
    >>> parse_input_date("31/02/2025", "%d/%m/%Y")
    Traceback (most recent call last):
    ...
    ValueError: date '31/02/2025' fits the format '%d/%m/%Y' but is not a real date (February 2025 has 28 days)
    """
    s = text.strip()
    if date_format:
        try:
            dt = _dt.datetime.strptime(s, date_format)
        except ValueError as exc:
            if _ISO.fullmatch(s) is None:  # ISO dates always work: read below
                raise ValueError(_format_error(text, s, date_format, exc)) from None
        else:
            has_time = any(c in date_format for c in ("%H", "%I", "%M"))
            return dt.date(), (dt.time() if has_time else None)
    m = _ISO.fullmatch(s)
    if m:
        y, mo, d, hh, mm = m.groups()
        return _day(text, int(y), int(mo), int(d), hh, mm)
    m = _SLASHED.fullmatch(s)
    if m:
        a, b, y, hh, mm = m.groups()
        first, second = int(a), int(b)
        if 1 <= first <= 12 and 1 <= second <= 12 and first != second:
            months = MONTH_NAMES
            raise ValueError(
                f"date {text!r} is ambiguous ({first} {months[second - 1]} or {second} {months[first - 1]}?); "
                f"use YYYY-MM-DD or give the date format {_FORMATS}"
            )
        if second > 12 and 1 <= first <= 12:
            raise ValueError(
                f"date {text!r} cannot be day first (there is no month {second}): slash dates "
                "are read day first (DD/MM/YYYY); if the input's dates are month first, give "
                "--date-format %m/%d/%Y (date_format= in Python)"
            )
        return _day(text, int(y), second, first, hh, mm)
    raise ValueError(f"date {text!r} is not a date; use YYYY-MM-DD")


#: strptime directives as regular expressions, for saying why a date that fits a
#: format is not a day (the fields named by the directive's letter)
_DIRECTIVES = {
    "d": r"(?P<d>\d{1,2})",
    "m": r"(?P<m>\d{1,2})",
    "Y": r"(?P<Y>\d{4})",
    "y": r"(?P<y>\d{2})",
    "b": r"(?P<b>[A-Za-z]{3})",
    "B": r"(?P<B>[A-Za-z]+)",
    "H": r"\d{1,2}",
    "I": r"\d{1,2}",
    "M": r"\d{1,2}",
    "S": r"\d{1,2}",
    "p": r"[AaPp][Mm]",
    "%": "%",
}


def _format_error(text: str, s: str, date_format: str, exc: ValueError) -> str:
    """Why ``s`` is not a date in ``date_format``: it does not fit it, or it fits it
    but is not a day (then which month, when the format's directives say)."""
    if "out of range" not in str(exc):
        return f"date {text!r} does not match the format {date_format!r}"
    why = "day is out of range for month"
    fields = _fields(s, date_format)
    if fields is not None:
        try:
            month = int(fields["m"]) if "m" in fields else _month(fields.get("B") or fields["b"])
            year = int(fields["Y"]) if "Y" in fields else _century(int(fields["y"]))
            why = _not_a_day(year, month, int(fields["d"])) or why
        except (KeyError, ValueError):
            pass  # a format without day, month and year: the plain reason
    return f"date {text!r} fits the format {date_format!r} but is not a real date ({why})"


def _fields(s: str, date_format: str) -> dict[str, str] | None:
    """The fields of ``s`` read with ``date_format``, by directive letter (``None`` if
    the format has a directive :data:`_DIRECTIVES` lacks, or ``s`` does not fit)."""
    parts: list[str] = []
    i = 0
    while i < len(date_format):
        ch = date_format[i]
        if ch == "%" and i + 1 < len(date_format):
            pattern = _DIRECTIVES.get(date_format[i + 1])
            if pattern is None or (pattern.startswith("(?P") and pattern in parts):
                return None
            parts.append(pattern)
            i += 2
            continue
        parts.append(r"\s+" if ch.isspace() else re.escape(ch))
        i += 1
    m = re.fullmatch("".join(parts), s, re.IGNORECASE)
    return None if m is None else {k: v for k, v in m.groupdict().items() if v is not None}


def _month(name: str) -> int:
    """A month's number from its English name or first three letters."""
    for n, full in enumerate(MONTH_NAMES, 1):
        if name.casefold() in (full.casefold(), full[:3].casefold()):
            return n
    raise ValueError(name)


def _century(yy: int) -> int:
    """``%y``'s year, as strptime reads it: 69-99 in the 1900s, 00-68 in the 2000s."""
    return 1900 + yy if yy >= 69 else 2000 + yy
