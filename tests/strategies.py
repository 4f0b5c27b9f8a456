"""Shared hypothesis strategies (and the cached calendars they draw from).

Keep this module small and reusable: calendar strategies live here, engine strategies
can join them later. Every calendar built here has ``authoritative_until=2100`` so that
no draw triggers a :class:`~statdeadline.HorizonWarning` (the suite runs with
``filterwarnings = error``); tests of the horizon build their own calendars.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from hypothesis import strategies as st

from statdeadline import DIVISIONS, MAX_DATE, MIN_DATE, CalendarOverrides, WorkingDayCalendar

__all__ = [
    "INTERIOR_MAX",
    "INTERIOR_MIN",
    "calendar",
    "calendars",
    "dates",
    "divisions",
    "interior_dates",
    "override_calendars",
    "working_day_counts",
]

#: Dates at least a year from either end of the supported range: adding up to
#: :data:`MAX_STEP` working days to one of them never leaves the range.
INTERIOR_MIN = dt.date(MIN_DATE.year + 1, 1, 1)
INTERIOR_MAX = dt.date(MAX_DATE.year - 1, 12, 31)
#: The largest |n| drawn by :func:`working_day_counts` (fewer than a year of working days).
MAX_STEP = 250


@functools.cache
def calendar(division: str = "england-and-wales") -> WorkingDayCalendar:
    """The (cached) calendar for ``division``, authoritative to 2100 so it never warns."""
    return WorkingDayCalendar(division, authoritative_until=MAX_DATE.year)


def dates(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[dt.date]:
    """Dates in the supported range (or a narrower one)."""
    return st.dates(min_value=min_value, max_value=max_value)


def interior_dates() -> st.SearchStrategy[dt.date]:
    """Dates from which any step drawn by :func:`working_day_counts` stays in range."""
    return dates(INTERIOR_MIN, INTERIOR_MAX)


def divisions() -> st.SearchStrategy[str]:
    """One of the four division names."""
    return st.sampled_from(DIVISIONS)


def calendars() -> st.SearchStrategy[WorkingDayCalendar]:
    """A calendar for any division, without overrides."""
    return divisions().map(calendar)


def working_day_counts(
    min_value: int = -MAX_STEP, max_value: int = MAX_STEP
) -> st.SearchStrategy[int]:
    """A number of working days to add (negative counts back)."""
    return st.integers(min_value=min_value, max_value=max_value)


def _overrides(non_working: Iterable[dt.date], working: Iterable[dt.date]) -> CalendarOverrides:
    working = set(working) - set(non_working)  # a date may not be both
    return CalendarOverrides.of(
        {d: f"closure {d}" for d in non_working}, {d: f"open {d}" for d in working}
    )


@st.composite
def override_calendars(
    draw: st.DrawFn, min_value: dt.date = INTERIOR_MIN, max_value: dt.date = INTERIOR_MAX
) -> tuple[WorkingDayCalendar, dt.date]:
    """A calendar with a few overrides, and a date near them (within ~6 weeks).

    Returns ``(calendar, date)`` so a test can start counting where the overrides matter.
    Override days are any days (weekdays, weekends, bank holidays).
    """
    division = draw(divisions())
    centre = draw(dates(min_value, max_value))
    near = st.integers(-45, 45).map(lambda k: centre + dt.timedelta(days=k))
    non_working = draw(st.sets(near, max_size=4))
    working = draw(st.sets(near, max_size=4))
    overrides = _overrides(non_working, working)
    # Not cached here: the library keeps a bounded cache of its own.
    return WorkingDayCalendar(division, overrides, authoritative_until=MAX_DATE.year), centre
