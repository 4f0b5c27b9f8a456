"""Invariants of working-day arithmetic, checked with hypothesis over every division.

Two naive references are written here, stepping one day at a time: one asks the
calendar's own ``is_working_day`` (so the O(1) index arithmetic must agree with the
point lookup), the other builds the working-day test straight from the ``holidays``
package (weekends, plus weekday bank holidays of the division's subdivisions), so the
index must agree with the data it was built from, across the whole 1990-2100 range.
"""

from __future__ import annotations

import calendar as stdcal
import datetime as dt
import functools
from collections.abc import Callable

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import (
    calendar,
    calendars,
    dates,
    divisions,
    interior_dates,
    override_calendars,
    working_day_counts,
)

from statdeadline import DIVISIONS, MAX_DATE, MIN_DATE, WorkingDayCalendar

ONE = dt.timedelta(days=1)
IsWorking = Callable[[dt.date], bool]

positive = working_day_counts(1, 250)
negative = working_day_counts(-250, -1)


def naive_add(is_working: IsWorking, d: dt.date, n: int) -> dt.date:
    """Step day by day from d (never counting d) until n working days have passed."""
    step = ONE if n > 0 else -ONE
    remaining = abs(n)
    while remaining:
        d += step
        if is_working(d):
            remaining -= 1
    return d


def naive_between(is_working: IsWorking, a: dt.date, b: dt.date) -> int:
    """Working days in (a, b], negated when b < a."""
    lo, hi, sign = (a, b, 1) if a <= b else (b, a, -1)
    count = 0
    d = lo + ONE
    while d <= hi:
        count += is_working(d)
        d += ONE
    return sign * count


_SUBDIVS = {
    "england-and-wales": ("ENG",),
    "scotland": ("SCT",),
    "northern-ireland": ("NIR",),
    "united-kingdom": ("ENG", "SCT", "NIR"),
}


@functools.cache
def holidays_reference(division: str) -> IsWorking:
    """Working-day test from the holidays package: Mon-Fri and not a holiday of any of the
    division's subdivisions (defaults: observed=True, public category)."""
    years = range(MIN_DATE.year, MAX_DATE.year + 1)
    off: set[dt.date] = set()
    for subdiv in _SUBDIVS[division]:
        off |= set(holidays.country_holidays("GB", subdiv=subdiv, years=years))
    return lambda d: d.weekday() < 5 and d not in off


# Build every reference and plain calendar now, so that no example pays a one-off build
# inside hypothesis' per-example deadline.
for _division in DIVISIONS:
    holidays_reference(_division)
    calendar(_division)

# --------------------------------------------------------------------------- forward


@given(cal=calendars(), d=interior_dates(), n=positive)
def test_result_is_a_later_working_day(cal: WorkingDayCalendar, d: dt.date, n: int) -> None:
    """For n >= 1 the result is a working day after d (before d for n <= -1)."""
    result = cal.add_working_days(d, n)
    assert (cal.is_working_day(result), result > d) == (True, True)
    back = cal.add_working_days(d, -n)
    assert (cal.is_working_day(back), back < d) == (True, True)


@given(cal=calendars(), d=interior_dates(), n=working_day_counts(0, 250))
def test_between_inverts_add(cal: WorkingDayCalendar, d: dt.date, n: int) -> None:
    """working_days_between(d, add_working_days(d, n)) == n for every n >= 0."""
    assert cal.working_days_between(d, cal.add_working_days(d, n)) == n


@given(cal=calendars(), d=interior_dates(), n=working_day_counts(0, 250))
def test_between_inverts_negative_add_from_a_working_day(
    cal: WorkingDayCalendar, d: dt.date, n: int
) -> None:
    """Counting back: between(d, add(d, -n)) == -n holds when d is a working day (a
    non-working d is not in (result, d], so the count would be one short)."""
    d = cal.next_working_day(d)
    assert cal.working_days_between(d, cal.add_working_days(d, -n)) == -n


@given(cal=calendars(), d=interior_dates(), n=positive)
def test_add_then_subtract_lands_on_the_previous_working_day(
    cal: WorkingDayCalendar, d: dt.date, n: int
) -> None:
    """add(add(d, n), -n) is d itself if d is a working day, else the working day before;
    add(add(d, -n), n) is d, or the working day after."""
    assert cal.add_working_days(cal.add_working_days(d, n), -n) == cal.previous_working_day(d)
    assert cal.add_working_days(cal.add_working_days(d, -n), n) == cal.next_working_day(d)


@given(cal=calendars(), d=interior_dates(), n=positive)
def test_a_non_working_start_counts_like_the_working_day_before_it(
    cal: WorkingDayCalendar, d: dt.date, n: int
) -> None:
    """Day 0 is never counted: counting from a weekend or holiday gives the same answer as
    counting from the last working day before it."""
    assert cal.add_working_days(d, n) == cal.add_working_days(cal.previous_working_day(d), n)


@given(cal=calendars(), d1=interior_dates(), d2=interior_dates(), n=working_day_counts())
def test_add_is_monotone_in_the_start(
    cal: WorkingDayCalendar, d1: dt.date, d2: dt.date, n: int
) -> None:
    """A later start never gives an earlier result, for any n."""
    d1, d2 = sorted((d1, d2))
    assert cal.add_working_days(d1, n) <= cal.add_working_days(d2, n)


@given(
    cal=calendars(),
    d=interior_dates(),
    a=working_day_counts(1, 125),
    b=working_day_counts(1, 125),
)
def test_additions_compose(cal: WorkingDayCalendar, d: dt.date, a: int, b: int) -> None:
    """add(add(d, a), b) == add(d, a + b) for a, b >= 1, and likewise for a, b <= -1."""
    assert cal.add_working_days(cal.add_working_days(d, a), b) == cal.add_working_days(d, a + b)
    assert cal.add_working_days(cal.add_working_days(d, -a), -b) == cal.add_working_days(d, -a - b)


@given(cal=calendars(), a=interior_dates(), b=interior_dates(), c=interior_dates())
def test_between_is_antisymmetric_and_additive(
    cal: WorkingDayCalendar, a: dt.date, b: dt.date, c: dt.date
) -> None:
    """between(a, b) == -between(b, a), and between(a, b) + between(b, c) == between(a, c)."""
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)
    assert cal.working_days_between(a, b) + cal.working_days_between(
        b, c
    ) == cal.working_days_between(a, c)


# --------------------------------------------------------------------------- references


@given(cal=calendars(), d=interior_dates(), n=working_day_counts())
def test_add_agrees_with_a_naive_loop_over_is_working_day(
    cal: WorkingDayCalendar, d: dt.date, n: int
) -> None:
    """The O(1) index gives the same date as stepping day by day with is_working_day."""
    assert cal.add_working_days(d, n) == naive_add(cal.is_working_day, d, n)


@given(cal=calendars(), a=interior_dates(), k=st.integers(-365, 365))  # stays in range
def test_between_agrees_with_a_naive_count(cal: WorkingDayCalendar, a: dt.date, k: int) -> None:
    """working_days_between matches counting is_working_day over (a, b]."""
    b = a + dt.timedelta(days=k)
    assert cal.working_days_between(a, b) == naive_between(cal.is_working_day, a, b)


@settings(max_examples=200)
@given(division=divisions(), d=interior_dates(), n=working_day_counts(-60, 60))
def test_add_agrees_with_the_holidays_package(division: str, d: dt.date, n: int) -> None:
    """Over the whole range, the calendar agrees with a reference built straight from the
    holidays package (weekends dropped, the four divisions' subdivisions unioned)."""
    reference = holidays_reference(division)
    assert calendar(division).add_working_days(d, n) == naive_add(reference, d, n)


@given(division=divisions(), d=dates())
def test_is_working_day_agrees_with_the_holidays_package(division: str, d: dt.date) -> None:
    """Point lookups agree with the holidays-package reference on every supported date."""
    assert calendar(division).is_working_day(d) == holidays_reference(division)(d)


# --------------------------------------------------------------------------- overrides


@settings(max_examples=60)  # each example builds a calendar index (~20 ms)
@given(drawn=override_calendars(), n=working_day_counts(-60, 60))
def test_overrides_change_exactly_their_days(
    drawn: tuple[WorkingDayCalendar, dt.date], n: int
) -> None:
    """With overrides, a day is working iff declared working, or not declared non-working
    and working in the plain division; counting follows that rule."""
    cal, d = drawn
    plain = calendar(cal.division)
    working = {day for day, _ in cal.overrides.working}
    closed = {day for day, _ in cal.overrides.non_working}

    def is_working(x: dt.date) -> bool:
        return x in working or (x not in closed and plain.is_working_day(x))

    for day in working | closed:
        assert cal.is_working_day(day) == is_working(day)
    assert cal.add_working_days(d, n) == naive_add(is_working, d, n)


# --------------------------------------------------------------------------- explanation


@given(cal=calendars(), d=interior_dates(), n=working_day_counts(-60, 60))
def test_explanation_lists_exactly_the_days_skipped(
    cal: WorkingDayCalendar, d: dt.date, n: int
) -> None:
    """The explanation's result is add_working_days'; it lists every non-working day
    strictly between start and result (with the reason non_working_reason gives), and no
    other day; start_reason is the start's own reason."""
    exp = cal.explain_add_working_days(d, n)
    result = cal.add_working_days(d, n)
    lo, hi = sorted((d, result))
    expected = []
    x = lo + ONE
    while x < hi:
        if not cal.is_working_day(x):
            expected.append((x, cal.non_working_reason(x)))
        x += ONE
    assert (exp.result, [(s.date, s.reason) for s in exp.skipped]) == (result, expected)
    assert exp.start_reason == cal.non_working_reason(d)
    assert (exp.start, exp.days, exp.division) == (d, n, cal.division)


# --------------------------------------------------------------------------- batch


@given(cal=calendars(), ds=st.lists(interior_dates(), max_size=20), n=working_day_counts())
def test_add_many_equals_scalar(cal: WorkingDayCalendar, ds: list[dt.date], n: int) -> None:
    """add_working_days_many gives, in order, the scalar result for each date."""
    assert cal.add_working_days_many(ds, n) == [cal.add_working_days(d, n) for d in ds]


@given(
    cal=calendars(),
    pairs=st.lists(st.tuples(interior_dates(), interior_dates()), max_size=20),
)
def test_between_many_equals_scalar(
    cal: WorkingDayCalendar, pairs: list[tuple[dt.date, dt.date]]
) -> None:
    """working_days_between_many gives, in order, the scalar count for each pair."""
    starts = [a for a, _ in pairs]
    ends = [b for _, b in pairs]
    assert cal.working_days_between_many(starts, ends) == [
        cal.working_days_between(a, b) for a, b in pairs
    ]


# --------------------------------------------------------------------------- rolls, months


@given(cal=calendars(), d=interior_dates())
def test_next_and_previous_working_day_are_the_nearest(cal: WorkingDayCalendar, d: dt.date) -> None:
    """next_working_day(d) is the first working day >= d (previous: the last <= d); with
    include_self=False, strictly after (before) d."""
    nxt, prev = cal.next_working_day(d), cal.previous_working_day(d)
    assert nxt == (d if cal.is_working_day(d) else naive_add(cal.is_working_day, d, 1))
    assert prev == (d if cal.is_working_day(d) else naive_add(cal.is_working_day, d, -1))
    assert cal.next_working_day(d, include_self=False) == naive_add(cal.is_working_day, d, 1)
    assert cal.previous_working_day(d, include_self=False) == naive_add(cal.is_working_day, d, -1)


def _month_offset(d: dt.date, n: int) -> tuple[int, int, int]:
    """(year, month, days in month) n months after d's month."""
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    return year, month + 1, stdcal.monthrange(year, month + 1)[1]


#: Starts from which 120 months either way stays in the supported range.
month_starts = dates(dt.date(MIN_DATE.year + 10, 1, 1), dt.date(MAX_DATE.year - 10, 12, 31))


@given(d=month_starts, n=st.integers(-120, 120))
def test_add_months_corresponding(d: dt.date, n: int) -> None:
    """'corresponding': the same day of the month n months on, or that month's last day
    when it is too short."""
    year, month, length = _month_offset(d, n)
    expected = dt.date(year, month, min(d.day, length))
    assert calendar().add_months(d, n) == expected


@given(d=month_starts, n=st.integers(1, 120))
def test_add_months_commencing(d: dt.date, n: int) -> None:
    """'commencing': the day before the corresponding date when it exists, else the last
    day of the target month."""
    year, month, length = _month_offset(d, n)
    if d.day <= length:
        expected = dt.date(year, month, d.day) - ONE
    else:
        expected = dt.date(year, month, length)
    assert calendar().add_months(d, n, end="commencing") == expected


@given(cal=calendars(), d=interior_dates(), k=st.integers(-365, 365))  # stays in range
def test_add_days_with_rolls(cal: WorkingDayCalendar, d: dt.date, k: int) -> None:
    """add_days adds calendar days, then 'next'/'previous' move to the nearest working
    day in that direction ('none' does not move)."""
    target = d + dt.timedelta(days=k)
    assert cal.add_days(d, k) == target
    assert cal.add_days(d, k, roll="next") == cal.next_working_day(target)
    assert cal.add_days(d, k, roll="previous") == cal.previous_working_day(target)


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.integers(min_value=-1300, max_value=1300),
)
def test_month_shift_matches_dateutil(d: dt.date, n: int) -> None:
    """The calendar's own month arithmetic gives what dateutil's relativedelta gives: the
    same day n months on, clamped to the month's last day."""
    from dateutil.relativedelta import relativedelta

    from statdeadline.calendar.dates import shift_months

    assert shift_months(d, n) == d + relativedelta(months=n)
