"""The batch forms on numpy datetime64[D] arrays: the same answers as the list forms, as
arrays; numpy imported only when an array is given."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import calendar

from statdeadline import DateOutOfRangeError, HorizonWarning, InvalidArgumentError

np = pytest.importorskip("numpy")

D = dt.date
EW = calendar()


def _arr(*days: str) -> object:
    return np.array(days, dtype="datetime64[D]")


def test_add_working_days_many_takes_and_gives_an_array() -> None:
    """Thu 28 March 2024 + 1 is Tue 2 April (Easter); Saturday 30 March too; back 1 from
    Tuesday 2 April is Thursday 28 March; 0 gives the dates themselves."""
    got = EW.add_working_days_many(_arr("2024-03-28", "2024-03-30"), 1)
    assert (got.dtype, got.tolist()) == (np.dtype("datetime64[D]"), [D(2024, 4, 2)] * 2)
    assert EW.add_working_days_many(_arr("2024-04-02"), -1).tolist() == [D(2024, 3, 28)]
    assert EW.add_working_days_many(_arr("2024-03-30"), 0).tolist() == [D(2024, 3, 30)]
    assert EW.add_working_days_many(_arr(), 5).tolist() == []


def test_working_days_between_many_with_an_array_gives_an_int_array() -> None:
    """(a, b]: 28 March to 2 April 2024 is 1; the other side may be a list."""
    got = EW.working_days_between_many(_arr("2024-03-28"), ["2024-04-02"])
    assert (got.dtype, got.tolist()) == (np.dtype("int64"), [1])
    assert EW.working_days_between_many([D(2024, 4, 2)], _arr("2024-03-28")).tolist() == [-1]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.dates(D(1991, 1, 1), D(2099, 6, 30)), max_size=30),
    st.integers(-300, 300),
)
def test_arrays_agree_with_the_list_forms(days: list[dt.date], n: int) -> None:
    """For any dates and n, the array answers are the list answers, item by item."""
    arr = np.array(days, dtype="datetime64[D]")
    assert EW.add_working_days_many(arr, n).tolist() == EW.add_working_days_many(days, n)
    ends = [d + dt.timedelta(abs(n)) for d in days]
    got = EW.working_days_between_many(arr, np.array(ends, dtype="datetime64[D]"))
    assert got.tolist() == EW.working_days_between_many(days, ends)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: EW.add_working_days_many(np.array(["2024-01-01T10"], "datetime64[h]"), 1),
            InvalidArgumentError,
            "dates: expected a datetime64[D] array, got datetime64[h]; use "
            ".astype('datetime64[D]') (its dates are taken as UK dates)",
        ),
        (
            lambda: EW.add_working_days_many(_arr("2024-01-01", "NaT"), 1),
            InvalidArgumentError,
            "dates[1]: expected a date, not NaT, got 'NaT'",
        ),
        (
            lambda: EW.add_working_days_many(_arr("2024-01-01", "1980-01-01"), 1),
            DateOutOfRangeError,
            "dates[1]: 1980-01-01 is outside the supported range 1990-01-01 .. 2100-12-31",
        ),
        (
            lambda: EW.add_working_days_many(_arr("2024-01-01", "2100-12-30"), 5),
            DateOutOfRangeError,
            "result[1]: 2100-12-30 + 5 working days is outside the supported range "
            "1990-01-01 .. 2100-12-31",
        ),
        (
            lambda: EW.add_working_days_many(_arr("1990-01-02"), -5),
            DateOutOfRangeError,
            "result[0]: 1990-01-02 - 5 working days is outside the supported range "
            "1990-01-01 .. 2100-12-31",
        ),
        (
            lambda: EW.working_days_between_many(_arr("2024-01-01"), _arr()),
            InvalidArgumentError,
            "ends: expected as many dates as starts (1), got 0",
        ),
        (
            lambda: EW.add_working_days_many(np.array([["2024-01-01"]], "datetime64[D]"), 1),
            InvalidArgumentError,
            "dates: expected a one-dimensional array, got (1, 1)",
        ),
    ],
)
def test_array_errors_name_the_position(call: object, error: type, message: str) -> None:
    """The list forms' errors, for arrays: the position, the value, what is allowed."""
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert str(info.value) == message


def test_the_horizon_applies_to_arrays() -> None:
    """A result past authoritative_until warns, as the list form does."""
    cal = calendar().with_options(authoritative_until=2030)
    with pytest.warns(HorizonWarning):
        cal.add_working_days_many(_arr("2030-12-31"), 1)


def test_numpy_is_imported_only_for_an_array() -> None:
    """A list never imports numpy; an array is numpy's already."""
    code = (
        "import sys, datetime as dt, statdeadline as s\n"
        "cal = s.WorkingDayCalendar('england-and-wales', authoritative_until=2100)\n"
        "cal.add_working_days_many([dt.date(2024, 3, 28)], 1)\n"
        "cal.working_days_between_many(['2024-03-28'], ['2024-04-02'])\n"
        "print('numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"
