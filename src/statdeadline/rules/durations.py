"""Durations from a rule file, fixed or dated, and comparing two of them.

A duration is ``{working_days: 25}``, ``{calendar_days: 28, roll: next}`` or
``{months: 12, end: commencing}``. A timescale that changes is written with dated values
(OpenFisca's parameters are the model): ``{working_days: {2014-08-01: 25, 2027-04-01:
20}}``; a clock uses the value of the latest date on or before the day it starts
(:meth:`Duration.on`). The first date must be on or before the rule set's
``effective_from``, so that every clock the rule set can start has a value: this is
checked when the file loads, never discovered on a case.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from typing import Any

from ..exceptions import InvalidArgumentError
from .issues import Issues
from .model import Duration
from .vocabulary import DURATION_UNITS

__all__ = ["build_duration", "first_excess"]


def build_duration(
    data: Mapping[str, Any], where: str, issues: Issues, effective_from: _dt.date
) -> Duration:
    """The :class:`Duration` ``data`` declares (its structure is already checked)."""
    unit = next(u for u in DURATION_UNITS if u in data)
    end = data.get("end", "corresponding")
    roll = data.get("roll", "none")
    raw = data[unit]
    if not isinstance(raw, Mapping):
        return Duration(unit, int(raw), end, roll)
    dated = tuple(sorted((day, int(amount)) for day, amount in raw.items()))
    first = dated[0][0]
    if first > effective_from:
        issues.at(
            raw,
            first,
            f"{where}.{unit}",
            f"the first date must be on or before effective_from ({effective_from}), so that every clock has a value; got {first}",
        )
    return Duration(unit, dated[0][1], end, roll, dated)


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
