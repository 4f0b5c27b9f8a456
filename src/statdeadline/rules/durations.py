"""Durations from a rule file, fixed or dated, and comparing two of them.

A duration is ``{working_days: 25}``, ``{calendar_days: 28, roll: next}`` or
``{months: 12, end: commencing}``. A timescale that changes is written with dated values
(OpenFisca's parameters are the model): ``{working_days: {2014-08-01: 25, 2027-04-01:
20}}``; a clock uses the value of the latest date on or before the day it starts
(:meth:`Duration.on`). The first date must be on or before the rule set's
``effective_from``, so that every clock the rule set can start has a value: this is
checked when the file loads, never discovered on a case.

So is that every amount can be counted on the supported calendar: a clock starting on
the day its value takes effect (``effective_from``, or a dated value's own date if
later) must end by :data:`~statdeadline.calendar.MAX_DATE`. The longest amount per unit
(:data:`LONGEST`): the calendar days to ``MAX_DATE``; the months to its month; the
weekdays after the start to ``MAX_DATE`` for working days (bank holidays make the true
limit a little lower: a count that close to it is still refused case by case).

>>> longest("months", _dt.date(2020, 1, 1)), longest("calendar_days", _dt.date(2100, 12, 1))
(971, 30)
>>> longest("working_days", _dt.date(2100, 12, 24))  # a Friday: Mon 27 .. Fri 31
5
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..calendar import MAX_DATE
from ..exceptions import InvalidArgumentError
from .issues import Issues
from .model import Duration
from .vocabulary import DURATION_UNITS, HOUR_UNITS, DurationUnit

__all__ = ["LONGEST", "build_duration", "first_excess", "longest"]


def _weekdays_after(start: _dt.date) -> int:
    """Monday-to-Friday days after ``start`` up to and including ``MAX_DATE``."""
    weeks, rest = divmod((MAX_DATE - start).days, 7)
    tail = (start + _dt.timedelta(days=7 * weeks + i) for i in range(1, rest + 1))
    return 5 * weeks + sum(1 for d in tail if d.weekday() < 5)


#: Per unit, the largest amount a clock starting on a day can count and still end on
#: the supported calendar (by ``MAX_DATE``).
LONGEST: Mapping[DurationUnit, Callable[[_dt.date], int]] = {
    "calendar_days": lambda start: (MAX_DATE - start).days,
    "months": lambda start: 12 * (MAX_DATE.year - start.year) + MAX_DATE.month - start.month,
    "working_days": _weekdays_after,
    "hours": lambda start: 24 * (MAX_DATE - start).days,
    # at most 24 office hours a day on the weekdays left
    "office_hours": lambda start: 24 * _weekdays_after(start),
}


def longest(unit: DurationUnit, start: _dt.date) -> int:
    """The largest amount of ``unit`` a clock starting on ``start`` can count (see
    :data:`LONGEST`)."""
    return LONGEST[unit](start)


def build_duration(
    data: Mapping[str, Any],
    where: str,
    issues: Issues,
    effective_from: _dt.date,
    *,
    hours: bool = False,
) -> Duration:
    """The :class:`Duration` ``data`` declares (its structure is already checked).
    ``hours``: a clock's own duration, which alone may be counted in hours (a triage
    level, an extension cap or a check's period may not)."""
    unit = next(u for u in DURATION_UNITS if u in data)
    if unit in HOUR_UNITS and not hours:
        issues.at(
            data,
            unit,
            f"{where}.{unit}",
            "only a clock's duration (or its duration_alternatives) may be counted in hours",
        )
    end = data.get("end", "corresponding")
    roll = data.get("roll", "none")
    raw = data[unit]
    office = _office(data, unit, where, issues)
    if not isinstance(raw, Mapping):
        _check_countable(unit, int(raw), effective_from, data, unit, f"{where}.{unit}", issues)
        return Duration(unit, int(raw), end, roll, office=office)
    dated = tuple(sorted((day, int(amount)) for day, amount in raw.items()))
    first = dated[0][0]
    if first > effective_from:
        issues.at(
            raw,
            first,
            f"{where}.{unit}",
            f"the first date must be on or before effective_from ({effective_from}), so that every clock has a value; got {first}",
        )
    for day, amount in dated:
        start = max(day, effective_from)
        _check_countable(unit, amount, start, raw, day, f"{where}.{unit}.{day}", issues)
    return Duration(unit, dated[0][1], end, roll, dated, office)


def _office(data: Mapping[str, Any], unit: str, where: str, issues: Issues) -> tuple[str, str]:
    """The opening hours of an office-hours duration (09:00-17:00 unless given); closing
    must be after opening, and only office hours take them."""
    opens, closes = data.get("opens", "09:00"), data.get("closes", "17:00")
    for key in ("opens", "closes"):
        if key in data and unit != "office_hours":
            issues.at(data, key, f"{where}.{key}", f"only office_hours take {key}, not {unit}")
    if unit == "office_hours" and closes <= opens:
        issues.at(
            data,
            "closes" if "closes" in data else "opens",
            f"{where}.closes",
            f"must be after opens ({opens}), got {closes}",
        )
    return (opens, closes)


def _check_countable(
    unit: DurationUnit,
    amount: int,
    start: _dt.date,
    container: Any,
    key: Any,
    path: str,
    issues: Issues,
) -> None:
    """Note an ``amount`` too long to count on the supported calendar from ``start``."""
    most = longest(unit, start)
    if amount > most:
        issues.at(
            container,
            key,
            path,
            f"must be at most {most} (the {unit.replace('_', ' ')} from {start} to the "
            f"calendar's end, {MAX_DATE}), got {amount}",
        )


def _amounts(a: Duration, b: Duration) -> Iterator[tuple[_dt.date | None, int, int]]:
    """(day, a's amount, b's amount) on each day either changes, from when both have a
    value; one ``(None, a, b)`` if neither is dated."""
    if not a.dated and not b.dated:
        yield None, a.amount, b.amount
        return
    for day in sorted({d for d, _ in a.dated} | {d for d, _ in b.dated}):
        try:
            yield day, a.on(day).amount, b.on(day).amount
        except InvalidArgumentError:  # one of them has no value yet on that day
            continue


def first_excess(low: Duration, high: Duration) -> tuple[str, int, int] | None:
    """Where ``low`` is longer than ``high`` (same unit), first: ``(when, low's amount,
    high's amount)``, ``when`` being ``""`` or ``" for clocks starting on or after
    <date>"``; ``None`` if it never is."""
    for day, lo, hi in _amounts(low, high):
        if lo > hi:
            return (f" for clocks starting on or after {day}" if day else "", lo, hi)
    return None
