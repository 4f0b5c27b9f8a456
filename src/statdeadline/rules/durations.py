"""Durations from a rule file, and comparing two of them.

A duration is ``{working_days: 25}``, ``{calendar_days: 28, roll: next}`` or
``{months: 12, end: commencing}``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from typing import Any

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
    return Duration(unit, int(data[unit]), end, roll)


def _amounts(a: Duration, b: Duration) -> Iterator[tuple[_dt.date | None, int, int]]:
    """(day, a's amount, b's amount) on each day either changes, from when both have a
    value; one ``(None, a, b)`` if neither is dated."""
    yield None, a.amount, b.amount


def first_excess(low: Duration, high: Duration) -> tuple[str, int, int] | None:
    """Where ``low`` is longer than ``high`` (same unit), first: ``(when, low's amount,
    high's amount)``, ``when`` being ``""`` or ``" for clocks starting on or after
    <date>"``; ``None`` if it never is."""
    for day, lo, hi in _amounts(low, high):
        if lo > hi:
            return (f" for clocks starting on or after {day}" if day else "", lo, hi)
    return None
