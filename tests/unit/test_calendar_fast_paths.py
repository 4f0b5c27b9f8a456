"""The scalar fast paths of add_working_days and working_days_between, at their edges.

Both methods answer plain in-range, in-horizon arguments from a short fast path and
hand everything else to a checked path. These tests walk every start near the edges
where the two meet (the ends of the supported range and the horizon's last day) and
compare each answer, error and horizon outcome with a day-by-day model.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from tests.strategies import calendar

from statdeadline import (
    MAX_DATE,
    MIN_DATE,
    BeyondHorizonError,
    DateOutOfRangeError,
    HorizonWarning,
    WorkingDayCalendar,
)

D = dt.date
ONE = dt.timedelta(days=1)
EW = calendar("england-and-wales")  # authoritative to 2100: the model's calendar
HORIZON = 2030
HORIZON_END = D(HORIZON, 12, 31)


def around(day: dt.date, before: int, after: int) -> list[dt.date]:
    return [day + dt.timedelta(days=k) for k in range(-before, after + 1)]


def walk(d: dt.date, n: int) -> dt.date | tuple[str, str]:
    """The model: step a day at a time from d, counting working days; d is day 0."""
    if not MIN_DATE <= d <= MAX_DATE:
        return ("DateOutOfRangeError", "d")
    step = ONE if n > 0 else -ONE
    x, count = d, 0
    while count < abs(n):
        x += step
        if not MIN_DATE <= x <= MAX_DATE:
            return ("DateOutOfRangeError", "result")
        count += EW.is_working_day(x)
    return x


def count(a: dt.date, b: dt.date) -> int | tuple[str, str]:
    """The model: working days in (a, b], negated when b < a."""
    for name, day in (("a", a), ("b", b)):
        if not MIN_DATE <= day <= MAX_DATE:
            return ("DateOutOfRangeError", name)
    lo, hi = (a, b) if a <= b else (b, a)
    total = sum(EW.is_working_day(lo + k * ONE) for k in range(1, (hi - lo).days + 1))
    return total if a <= b else -total


def outcome(call: Callable[[], Any]) -> Any:
    """What ``call`` returns, or (error name, argument) for a DateOutOfRangeError, or
    ("BeyondHorizonError", date); any warning is an error here."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return call()
        except DateOutOfRangeError as e:
            return ("DateOutOfRangeError", e.argument)
        except BeyondHorizonError as e:
            return ("BeyondHorizonError", e.date)


EDGES = [
    *around(MIN_DATE, 3, 12),  # 1989-12-29 .. 1990-01-13
    *around(MAX_DATE, 12, 3),  # 2100-12-19 .. 2101-01-03
]
COUNTS = [*range(-12, 13), 29_000, -29_000]


@pytest.mark.parametrize("d", EDGES, ids=str)
def test_add_at_the_range_ends_matches_the_model(d: dt.date) -> None:
    """Near 1990-01-01 and 2100-12-31, for every n, add_working_days gives the model's
    answer or raises DateOutOfRangeError naming the model's argument ('d' or 'result')."""
    got = [outcome(lambda n=n: EW.add_working_days(d, n)) for n in COUNTS]
    assert got == [walk(d, n) for n in COUNTS]


@pytest.mark.parametrize("a", EDGES[::3], ids=str)
def test_between_at_the_range_ends_matches_the_model(a: dt.date) -> None:
    """Near the range ends working_days_between gives the model's count or raises
    DateOutOfRangeError naming the first argument out of range."""
    ends = EDGES[::2]
    got = [outcome(lambda b=b: EW.working_days_between(a, b)) for b in ends]
    assert got == [count(a, b) for b in ends]


def beyond(day: dt.date | None) -> bool:
    return day is not None and day > HORIZON_END


@pytest.mark.parametrize("d", around(HORIZON_END, 12, 12), ids=str)
def test_add_at_the_horizon_applies_raise_warn_and_ignore(d: dt.date) -> None:
    """At the horizon's last day: 'raise' refuses exactly when the date looked at (the
    result counting forward, d counting back; nothing for n == 0) is past it, naming
    that date; 'warn' gives the model's answer and warns then; 'ignore' never warns."""
    raising = WorkingDayCalendar.for_division(authoritative_until=HORIZON, horizon_policy="raise")
    warning = raising.with_options(horizon_policy="warn")
    ignoring = raising.with_options(horizon_policy="ignore")
    for n in range(-8, 9):
        result = walk(d, n)
        assert isinstance(result, dt.date)
        looked_at = result if n > 0 else d if n < 0 else None
        expected = ("BeyondHorizonError", looked_at) if beyond(looked_at) else result
        assert outcome(lambda n=n: raising.add_working_days(d, n)) == expected, n
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert warning.add_working_days(d, n) == result
        assert [w.category for w in caught] == [HorizonWarning] * beyond(looked_at), n
        assert outcome(lambda n=n: ignoring.add_working_days(d, n)) == result


@pytest.mark.parametrize("a", around(HORIZON_END, 5, 5)[::2], ids=str)
def test_between_at_the_horizon_raises_for_the_later_date(a: dt.date) -> None:
    """working_days_between looks at the later of its two dates: past the horizon,
    'raise' names it; otherwise the count is the model's."""
    cal = WorkingDayCalendar.for_division(authoritative_until=HORIZON, horizon_policy="raise")
    for b in around(HORIZON_END, 5, 5):
        later = max(a, b)
        expected = ("BeyondHorizonError", later) if beyond(later) else count(a, b)
        assert outcome(lambda b=b: cal.working_days_between(a, b)) == expected, b


def test_other_argument_forms_take_the_checked_path_to_the_same_answer() -> None:
    """A date subclass, an ISO string and an int subclass give the answer a plain date
    and int give (the fast path takes only exact date and int)."""

    class MyDate(dt.date):
        pass

    class MyInt(int):
        pass

    plain = EW.add_working_days(D(2024, 3, 28), 3)
    assert [
        EW.add_working_days(MyDate(2024, 3, 28), 3),
        EW.add_working_days("2024-03-28", 3),
        EW.add_working_days(D(2024, 3, 28), MyInt(3)),
    ] == [plain] * 3
    assert type(EW.add_working_days(MyDate(2024, 3, 28), 3)) is dt.date
    assert EW.working_days_between(MyDate(2024, 3, 28), "2024-04-05") == (
        EW.working_days_between(D(2024, 3, 28), D(2024, 4, 5))
    )
