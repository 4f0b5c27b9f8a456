"""Hypothesis properties of statdeadline.calendar.hours: office hours add up, and count
exactly the open minutes between the start and the end."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from statdeadline import WorkingDayCalendar
from statdeadline.calendar.hours import OfficeHours, add_hours, add_office_hours, office_opening

CAL = WorkingDayCalendar("england-and-wales", authoritative_until=2100)
NINE_TO_FIVE = OfficeHours(dt.time(9), dt.time(17))

starts = st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2026, 12, 31))
offices = st.sampled_from(
    (
        NINE_TO_FIVE,
        OfficeHours(dt.time(8, 30), dt.time(17, 30)),
        OfficeHours(dt.time(10), dt.time(12)),
    )
)


def open_time(start: dt.datetime, end: dt.datetime, office: OfficeHours) -> dt.timedelta:
    """The time in [start, end) when the office is open, counted day by day."""
    total = dt.timedelta(0)
    day = start.date()
    while day <= end.date():
        if CAL.is_working_day(day):
            lo = max(start, dt.datetime.combine(day, office.opens))
            hi = min(end, dt.datetime.combine(day, office.closes))
            if hi > lo:
                total += hi - lo
        day += dt.timedelta(1)
    return total


@settings(max_examples=200, deadline=None)
@given(
    start=starts,
    hours=st.integers(0, 120),
    office=offices,
)
def test_office_hours_count_exactly_the_open_minutes(
    start: dt.datetime, hours: int, office: OfficeHours
) -> None:
    """The end is the moment by which exactly ``hours`` of opening time have passed since
    the start, and it is inside opening hours (closing time included)."""
    end = add_office_hours(CAL, start, hours, office)
    assert open_time(start, end, office) == dt.timedelta(hours=hours)
    assert CAL.is_working_day(end.date())
    assert office.opens <= end.time() <= office.closes
    assert end >= start


@settings(max_examples=200, deadline=None)
@given(start=starts, a=st.integers(0, 60), b=st.integers(1, 60), office=offices)
def test_office_hours_add_up(start: dt.datetime, a: int, b: int, office: OfficeHours) -> None:
    """a hours, then b more (b >= 1), is a + b hours: a count that stops at closing time
    carries on at the next opening."""
    step = add_office_hours(CAL, add_office_hours(CAL, start, a, office), b, office)
    assert step == add_office_hours(CAL, start, a + b, office)


@given(start=starts, office=offices)
def test_zero_office_hours_is_the_next_opening(start: dt.datetime, office: OfficeHours) -> None:
    """No hours from any moment is the first open moment at or after it."""
    assert add_office_hours(CAL, start, 0, office) == office_opening(CAL, start, office)


@given(start=starts, hours=st.integers(0, 1000))
def test_elapsed_hours_are_every_hour(start: dt.datetime, hours: int) -> None:
    """Elapsed hours ignore the calendar."""
    assert (add_hours(start, hours) - start) == dt.timedelta(hours=hours)
