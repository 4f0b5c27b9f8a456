"""statdeadline.calendar: every counting convention, override, horizon and error message.

Expected dates here were worked out by hand from the gov.uk bank-holiday lists; each test
says which convention it pins. Calendars come from ``tests.strategies.calendar`` and are
authoritative to 2100, so only the horizon tests see a HorizonWarning.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.strategies import calendar

from statdeadline import (
    DIVISIONS,
    MAX_DATE,
    MIN_DATE,
    BeyondHorizonError,
    CalendarOverrides,
    DateOutOfRangeError,
    Explanation,
    HorizonWarning,
    InvalidArgumentError,
    NonWorkingDay,
    RuleSetError,
    UnknownDivisionError,
    WorkingDayCalendar,
    load_overrides,
    parse_date,
)

D = dt.date
EW = calendar("england-and-wales")
SCO = calendar("scotland")
NI = calendar("northern-ireland")
UK = calendar("united-kingdom")

RANGE = "is outside the supported range 1990-01-01 .. 2100-12-31"
DIVISION_LIST = (
    "england-and-wales, northern-ireland, scotland, united-kingdom, ENG, NIR, SCT, UK, WLS"
)


def raises(exc: type[Exception], call: Callable[[], Any]) -> Any:
    """Run ``call``, assert it raises ``exc`` and return the exception."""
    with pytest.raises(exc) as info:
        call()
    return info.value


def no_warnings(call: Callable[[], Any]) -> Any:
    """Run ``call`` with every warning an error, whatever pytest's configuration."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


# --------------------------------------------------------------------------- inputs


def test_parse_date_accepts_dates_and_iso_strings() -> None:
    """A date passes through; an ISO 'YYYY-MM-DD' string is parsed."""
    assert parse_date(D(2024, 2, 29)) == D(2024, 2, 29)
    assert parse_date("2024-02-29") == D(2024, 2, 29)


def test_parse_date_turns_a_date_subclass_into_a_plain_date() -> None:
    """A date subclass (not a datetime) is accepted and returned as a plain date."""

    class MyDate(dt.date):
        pass

    result = parse_date(MyDate(2024, 5, 1))
    assert (type(result), result) == (dt.date, D(2024, 5, 1))


def test_a_datetime_counts_from_its_uk_date() -> None:
    """A datetime is accepted: an aware one counts from its date in Europe/London (23:30
    UTC on Thu 28 March 2024 is still 28 March, in GMT), a naive one from its own date."""
    utc = dt.timezone.utc
    assert EW.add_working_days(dt.datetime(2024, 3, 28, 23, 30, tzinfo=utc), 1) == D(2024, 4, 2)
    assert EW.add_working_days(dt.datetime(2024, 3, 28, 9), 1) == D(2024, 4, 2)
    # 23:30 UTC on Sun 30 June 2024 is 00:30 on Mon 1 July in British Summer Time
    assert EW.add_working_days("2024-06-30T23:30:00Z", 1) == D(2024, 7, 2)


@pytest.mark.parametrize(
    "value",
    ["29/02/2024", "2024-2-29", "2024-02-29T0:00", " 2024-02-29", "", "20240229", "2024-02-29T"],
)
def test_strings_other_than_iso_dates_are_rejected(value: str) -> None:
    """Only ISO 8601 dates and timestamps are accepted; the message names argument and value."""
    e = raises(InvalidArgumentError, lambda: parse_date(value, "received"))
    assert str(e) == (
        f"received: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got {value!r}"
    )
    assert (e.argument, e.value) == ("received", value)


def test_impossible_iso_date_is_rejected() -> None:
    """'2023-02-29' has the right shape but is no date: the message says so."""
    e = raises(InvalidArgumentError, lambda: parse_date("2023-02-29", "d"))
    assert str(e).startswith("d: '2023-02-29' is not a date (")
    assert e.expected == "a real calendar date"


@pytest.mark.parametrize("value", [None, 20240229, 1.5, b"2024-02-29", ["2024-02-29"]])
def test_other_types_are_rejected(value: object) -> None:
    """Numbers, bytes, None and lists are not dates."""
    e = raises(InvalidArgumentError, lambda: EW.is_working_day(value))  # type: ignore[arg-type]
    assert (
        str(e)
        == f"d: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got {value!r}"
    )


@pytest.mark.parametrize("n", [1.0, "1", True, None])
def test_n_must_be_an_integer(n: object) -> None:
    """n is an int (bool is refused: True is not a number of days)."""
    e = raises(InvalidArgumentError, lambda: EW.add_working_days(D(2024, 6, 3), n))  # type: ignore[arg-type]
    assert str(e) == f"n: expected an integer, got {n!r}"


def test_int_subclass_is_accepted_for_n() -> None:
    """An int subclass (not bool) counts as an integer."""

    class Days(int):
        pass

    assert EW.add_working_days(D(2024, 6, 7), Days(1)) == D(2024, 6, 10)


def test_iso_strings_work_everywhere() -> None:
    """Every method accepting a date accepts its ISO string."""
    assert EW.add_working_days("2024-03-28", 1) == D(2024, 4, 2)
    assert EW.working_days_between("2024-03-28", "2024-04-02") == 1
    assert EW.next_working_day("2024-12-25") == D(2024, 12, 27)
    assert EW.add_months("2023-08-31", 6) == D(2024, 2, 29)
    assert EW.add_days("2024-12-11", 14) == D(2024, 12, 25)
    assert EW.is_working_day("2024-12-25") is False


# --------------------------------------------------------------------------- divisions


def test_divisions_are_the_four_sorted_names() -> None:
    """DIVISIONS lists the four supported divisions, sorted."""
    assert DIVISIONS == (
        "england-and-wales",
        "northern-ireland",
        "scotland",
        "united-kingdom",
    )


def test_unknown_division_message() -> None:
    """An unknown division names the value and every allowed one."""
    e = raises(UnknownDivisionError, lambda: WorkingDayCalendar.for_division("england"))
    assert str(e) == f"unknown division 'england'; expected one of: {DIVISION_LIST}"
    allowed = (*DIVISIONS, "ENG", "NIR", "SCT", "UK", "WLS")  # and python-holidays' codes
    assert (e.argument, e.value, e.allowed) == ("division", "england", allowed)


def test_non_string_division_is_an_unknown_division() -> None:
    """A division of the wrong (even unhashable) type is reported, not a TypeError."""
    e = raises(UnknownDivisionError, lambda: WorkingDayCalendar(["scotland"]))  # type: ignore[arg-type]
    assert str(e) == f"unknown division ['scotland']; expected one of: {DIVISION_LIST}"


def test_default_division_is_england_and_wales() -> None:
    """WorkingDayCalendar() and for_division() default to england-and-wales."""
    assert WorkingDayCalendar(authoritative_until=2100).division == "england-and-wales"
    assert WorkingDayCalendar.for_division(authoritative_until=2100) == EW


@pytest.mark.parametrize(
    ("day", "ew", "sco", "ni", "uk"),
    [
        (D(2024, 4, 1), False, True, False, False),  # Easter Monday: not in Scotland
        (D(2024, 8, 5), True, False, True, False),  # Scotland's summer holiday (1st Mon Aug)
        (D(2024, 8, 26), False, True, False, False),  # E&W/NI summer holiday (last Mon Aug)
        (D(2024, 3, 18), True, True, False, False),  # St Patrick's (Sun 17th) substitute, NI
        (D(2024, 12, 2), True, False, True, False),  # St Andrew's (Sat 30 Nov) substitute, SCT
        (D(2024, 1, 2), True, False, True, False),  # 2 January, Scotland only
        (D(2024, 12, 25), False, False, False, False),  # everywhere
        (D(2024, 12, 27), True, True, True, True),  # an ordinary Friday
    ],
)
def test_divisions_differ_and_united_kingdom_is_their_union(
    day: dt.date, ew: bool, sco: bool, ni: bool, uk: bool
) -> None:
    """Each division has its own holidays; united-kingdom is a non-working day in any."""
    assert (
        EW.is_working_day(day),
        SCO.is_working_day(day),
        NI.is_working_day(day),
        UK.is_working_day(day),
    ) == (ew, sco, ni, uk)


def test_united_kingdom_reasons_name_the_divisions_a_holiday_is_local_to() -> None:
    """A holiday of only some divisions carries their names; one of all of them does not."""
    assert UK.non_working_reason(D(2024, 4, 1)) == (
        "Easter Monday (England and Wales, Northern Ireland)"
    )
    assert UK.non_working_reason(D(2024, 8, 5)) == "Summer Bank Holiday (Scotland)"
    assert UK.non_working_reason(D(2024, 3, 29)) == "Good Friday"


# --------------------------------------------------------------------------- add_working_days


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Thu before Easter: Good Friday, the weekend and Easter Monday are skipped.
        (D(2024, 3, 28), 1, D(2024, 4, 2)),
        # An ordinary Friday: the weekend is skipped.
        (D(2024, 6, 7), 1, D(2024, 6, 10)),
        # Saturday start: the Saturday is day 0, Monday is day 1.
        (D(2024, 6, 8), 1, D(2024, 6, 10)),
        # Sunday start: Monday is day 1.
        (D(2024, 6, 9), 1, D(2024, 6, 10)),
        # Bank-holiday start (Christmas Day, Wed): Boxing Day skipped, Fri 27 is day 1.
        (D(2024, 12, 25), 1, D(2024, 12, 27)),
        # Ten working days over Christmas/New Year: 23,24,27,30,31 Dec, 2,3,6,7,8 Jan.
        (D(2024, 12, 20), 10, D(2025, 1, 8)),
        # 1 Jan 1990 is a Monday and New Year's Day: day 1 is Tuesday 2 Jan.
        (MIN_DATE, 1, D(1990, 1, 2)),
    ],
)
def test_add_working_days_forward(start: dt.date, n: int, expected: dt.date) -> None:
    """The n-th working day after start; start itself is day 0 and never counted."""
    assert EW.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2024, 6, 10), -1, D(2024, 6, 7)),  # Monday back over the weekend to Friday
        (D(2024, 6, 8), -1, D(2024, 6, 7)),  # Saturday: day 0, Friday is day -1
        (D(2024, 4, 2), -1, D(2024, 3, 28)),  # back over Easter to Maundy Thursday
        (D(2024, 3, 28), -3, D(2024, 3, 25)),  # Wed 27, Tue 26, Mon 25
        (D(2025, 1, 8), -10, D(2024, 12, 20)),  # the Christmas case, backwards
        # 31 Dec 2100 is a Friday; Thu 30 Dec is the working day before it.
        (MAX_DATE, -1, D(2100, 12, 30)),
    ],
)
def test_add_working_days_backward(start: dt.date, n: int, expected: dt.date) -> None:
    """Negative n counts back the same way: start is day 0, not counted."""
    assert EW.add_working_days(start, n) == expected


@pytest.mark.parametrize("start", [D(2024, 6, 8), D(2024, 12, 25), D(2024, 6, 10)])
def test_add_zero_working_days_returns_the_start(start: dt.date) -> None:
    """n == 0 returns start unchanged, even when it is not a working day (no roll)."""
    assert EW.add_working_days(start, 0) == start


@pytest.mark.parametrize("bad", [D(1989, 12, 31), D(2101, 1, 1), "1989-12-31"])
def test_add_working_days_start_out_of_range(bad: Any) -> None:
    """A start outside 1990-01-01 .. 2100-12-31 raises DateOutOfRangeError naming it."""
    e = raises(DateOutOfRangeError, lambda: EW.add_working_days(bad, 1))
    assert str(e) == f"d: {parse_date(bad) if isinstance(bad, str) else bad} {RANGE}"
    assert (e.argument, e.first, e.last) == ("d", MIN_DATE, MAX_DATE)


def test_add_working_days_result_out_of_range() -> None:
    """A result past either end raises rather than inventing holiday data."""
    e = raises(DateOutOfRangeError, lambda: EW.add_working_days(D(2100, 12, 30), 5))
    assert str(e) == f"result: 2100-12-30 + 5 working days {RANGE}"
    e = raises(DateOutOfRangeError, lambda: EW.add_working_days(MIN_DATE, -1))
    assert str(e) == f"result: 1990-01-01 - 1 working days {RANGE}"


# --------------------------------------------------------------------------- between


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # (20 Dec, 3 Jan]: 23, 24, 27, 30, 31 Dec and 2, 3 Jan.
        (D(2024, 12, 20), D(2025, 1, 3), 7),
        (D(2025, 1, 3), D(2024, 12, 20), -7),
        (D(2024, 3, 28), D(2024, 4, 2), 1),  # only Tue 2 Apr: Easter skipped
        (D(2024, 6, 7), D(2024, 6, 10), 1),  # Fri -> Mon: Monday counted, Friday not
        (D(2024, 6, 7), D(2024, 6, 9), 0),  # ends on Sunday
        (D(2024, 6, 8), D(2024, 6, 9), 0),  # Sat -> Sun
        (D(2024, 6, 9), D(2024, 6, 10), 1),  # b is included
        (D(2024, 6, 10), D(2024, 6, 10), 0),
    ],
)
def test_working_days_between_counts_a_excluded_b_included(
    a: dt.date, b: dt.date, expected: int
) -> None:
    """working_days_between(a, b) counts working days in (a, b]; negative when b < a."""
    assert EW.working_days_between(a, b) == expected


def test_working_days_between_names_the_bad_argument() -> None:
    """Errors name a or b."""
    e = raises(DateOutOfRangeError, lambda: EW.working_days_between(D(1989, 12, 31), D(2024, 1, 1)))
    assert str(e) == f"a: 1989-12-31 {RANGE}"
    e = raises(InvalidArgumentError, lambda: EW.working_days_between("2024-01-01", "soon"))
    assert (
        str(e)
        == "b: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got 'soon'"
    )


# --------------------------------------------------------------------------- next / previous


def test_next_and_previous_working_day() -> None:
    """include_self=True (default) keeps a working day; otherwise move to the nearest one."""
    assert EW.next_working_day(D(2024, 12, 25)) == D(2024, 12, 27)
    assert EW.previous_working_day(D(2024, 12, 26)) == D(2024, 12, 24)
    assert EW.next_working_day(D(2024, 6, 7)) == D(2024, 6, 7)
    assert EW.previous_working_day(D(2024, 6, 8)) == D(2024, 6, 7)


def test_next_and_previous_working_day_excluding_self() -> None:
    """include_self=False always moves, even from a working day."""
    assert EW.next_working_day(D(2024, 6, 7), include_self=False) == D(2024, 6, 10)
    assert EW.previous_working_day(D(2024, 6, 10), include_self=False) == D(2024, 6, 7)


# --------------------------------------------------------------------------- add_days / roll


@pytest.mark.parametrize(
    ("start", "n", "roll", "expected"),
    [
        (D(2024, 12, 11), 14, "none", D(2024, 12, 25)),  # lands on Christmas Day
        (D(2024, 12, 11), 14, "next", D(2024, 12, 27)),  # Boxing Day skipped too
        (D(2024, 12, 11), 14, "previous", D(2024, 12, 24)),
        (D(2024, 12, 27), -2, "previous", D(2024, 12, 24)),
        (D(2024, 6, 3), 4, "next", D(2024, 6, 7)),  # a working day: no move
        (D(2024, 6, 3), 0, "none", D(2024, 6, 3)),
    ],
)
def test_add_days_then_roll(start: dt.date, n: int, roll: Any, expected: dt.date) -> None:
    """add_days adds calendar days, then applies the roll."""
    assert EW.add_days(start, n, roll=roll) == expected


def test_roll_directly() -> None:
    """roll() moves only a non-working day, in the named direction."""
    assert EW.roll(D(2024, 12, 25), "next") == D(2024, 12, 27)
    assert EW.roll(D(2024, 12, 25), "previous") == D(2024, 12, 24)
    assert EW.roll(D(2024, 12, 25), "none") == D(2024, 12, 25)
    assert EW.roll("2024-06-07", "next") == D(2024, 6, 7)


def test_unknown_roll() -> None:
    """An unknown roll names the value and the three allowed ones."""
    e = raises(InvalidArgumentError, lambda: EW.add_days(D(2024, 1, 1), 1, roll="forward"))  # type: ignore[arg-type]
    assert str(e) == "unknown roll 'forward'; expected one of: next, none, previous"
    assert (e.argument, e.value) == ("roll", "forward")


def test_roll_none_still_checks_the_range() -> None:
    """Even without a move, a date outside the supported range is refused."""
    e = raises(DateOutOfRangeError, lambda: EW.roll(D(1900, 1, 1), "none"))
    assert str(e) == f"d: 1900-01-01 {RANGE}"


def test_add_days_range_errors() -> None:
    """Both the start and the result must be in the supported range."""
    e = raises(DateOutOfRangeError, lambda: EW.add_days(MAX_DATE, 1))
    assert str(e) == f"result: 2100-12-31 + 1 days {RANGE}"
    e = raises(DateOutOfRangeError, lambda: EW.add_days(D(1980, 1, 1), 10_000))
    assert str(e) == f"d: 1980-01-01 {RANGE}"


# --------------------------------------------------------------------------- add_months


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2024, 1, 15), 1, D(2024, 2, 15)),  # the same day of the month
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # no 31 Feb: Feb's last day (leap year)
        (D(2022, 8, 31), 6, D(2023, 2, 28)),  # no 31 Feb: Feb's last day
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # no 29 Feb 2025
        (D(2024, 2, 29), 48, D(2028, 2, 29)),  # 2028 is a leap year
        (D(2024, 3, 31), -1, D(2024, 2, 29)),  # backwards
        (D(2024, 3, 31), 0, D(2024, 3, 31)),
    ],
)
def test_add_months_corresponding(start: dt.date, n: int, expected: dt.date) -> None:
    """end='corresponding' (default): same day-of-month n months on, else that month's end."""
    assert EW.add_months(start, n) == expected
    assert EW.add_months(start, n, end="corresponding") == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2024, 3, 1), 6, D(2024, 8, 31)),  # the day before 1 Sep
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # no 31 Feb: the period ends on Feb's last day
        (D(2022, 8, 31), 6, D(2023, 2, 28)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # no 29 Feb 2025: Feb's last day
        (D(2024, 1, 29), 1, D(2024, 2, 28)),  # 29 Feb 2024 exists: the day before it
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # no 31 Feb
        (D(2024, 3, 30), 6, D(2024, 9, 29)),  # 30 Sep exists: the day before
        (D(2024, 3, 31), 6, D(2024, 9, 30)),  # no 31 Sep: Sep's last day
    ],
)
def test_add_months_commencing(start: dt.date, n: int, expected: dt.date) -> None:
    """end='commencing': the period includes start, so it ends the day before the
    corresponding date, or on the month's last day when there is no corresponding date."""
    assert EW.add_months(start, n, end="commencing") == expected


@pytest.mark.parametrize(
    ("start", "n", "end", "roll", "expected"),
    [
        (D(2024, 3, 1), 6, "commencing", "none", D(2024, 8, 31)),  # a Saturday
        (D(2024, 3, 1), 6, "commencing", "next", D(2024, 9, 2)),
        (D(2024, 3, 1), 6, "commencing", "previous", D(2024, 8, 30)),
        (D(2024, 11, 25), 1, "corresponding", "next", D(2024, 12, 27)),  # Christmas, Boxing
        (D(2024, 11, 25), 1, "corresponding", "previous", D(2024, 12, 24)),
    ],
)
def test_add_months_then_roll(
    start: dt.date, n: int, end: Any, roll: Any, expected: dt.date
) -> None:
    """The roll is applied last, after the month end convention."""
    assert EW.add_months(start, n, end=end, roll=roll) == expected


def test_add_months_errors() -> None:
    """Bad conventions, commencing with n < 1 and out-of-range results are refused."""
    e = raises(InvalidArgumentError, lambda: EW.add_months(D(2024, 1, 1), 1, end="start"))  # type: ignore[arg-type]
    assert str(e) == "unknown end 'start'; expected one of: commencing, corresponding"
    e = raises(InvalidArgumentError, lambda: EW.add_months(D(2024, 1, 1), 0, end="commencing"))
    assert str(e) == "n: expected at least 1 month for end='commencing', got 0"
    e = raises(DateOutOfRangeError, lambda: EW.add_months(D(2100, 12, 15), 1))
    assert str(e) == f"result: 2100-12-15 + 1 months {RANGE}"
    e = raises(DateOutOfRangeError, lambda: EW.add_months(D(2024, 1, 1), 100_000))
    assert str(e) == f"result: 2024-01-01 + 100000 months {RANGE}"
    e = raises(DateOutOfRangeError, lambda: EW.add_months(D(1989, 12, 15), 1))
    assert str(e) == f"d: 1989-12-15 {RANGE}"


# --------------------------------------------------------------------------- non-working days


def test_non_working_days_is_inclusive_with_reasons() -> None:
    """non_working_days(a, b) lists every non-working day in [a, b], in order, with why."""
    days = EW.non_working_days(D(2024, 3, 29), D(2024, 4, 1))
    assert days == [
        NonWorkingDay(D(2024, 3, 29), "Good Friday"),
        NonWorkingDay(D(2024, 3, 30), "Saturday"),
        NonWorkingDay(D(2024, 3, 31), "Sunday"),
        NonWorkingDay(D(2024, 4, 1), "Easter Monday"),
    ]
    assert str(days[0]) == "2024-03-29 Good Friday"
    assert (days[0].date, days[0].reason) == (D(2024, 3, 29), "Good Friday")


def test_non_working_days_empty_cases() -> None:
    """No non-working days in a working week; a > b gives an empty list."""
    assert EW.non_working_days(D(2024, 6, 3), D(2024, 6, 7)) == []
    assert EW.non_working_days(D(2024, 4, 1), D(2024, 3, 29)) == []


def test_substitute_days_and_the_weekend_original() -> None:
    """Christmas 2022 fell on a Sunday: the Sunday's reason is 'Sunday' (the holidays
    package's weekend original is not shown) and Tue 27 Dec is the substitute day."""
    assert EW.non_working_days(D(2022, 12, 24), D(2022, 12, 27)) == [
        NonWorkingDay(D(2022, 12, 24), "Saturday"),
        NonWorkingDay(D(2022, 12, 25), "Sunday"),
        NonWorkingDay(D(2022, 12, 26), "Boxing Day"),
        NonWorkingDay(D(2022, 12, 27), "Christmas Day (substitute day)"),
    ]


def test_non_working_reason() -> None:
    """non_working_reason gives the reason, or None for a working day."""
    assert EW.non_working_reason(D(2024, 12, 25)) == "Christmas Day"
    assert EW.non_working_reason(D(2024, 6, 8)) == "Saturday"
    assert EW.non_working_reason(D(2024, 6, 7)) is None
    assert NI.non_working_reason(D(2025, 7, 14)) == "Battle of the Boyne (substitute day)"


# --------------------------------------------------------------------------- overrides (Python)


def test_non_working_override_on_a_weekday() -> None:
    """An extra non-working weekday is skipped and shows its reason."""
    cal = WorkingDayCalendar.for_division(
        non_working={"2024-12-24": "Council closure"}, authoritative_until=2100
    )
    assert EW.add_working_days(D(2024, 12, 23), 1) == D(2024, 12, 24)
    assert cal.add_working_days(D(2024, 12, 23), 1) == D(2024, 12, 27)
    assert cal.non_working_reason(D(2024, 12, 24)) == "Council closure"
    assert cal.working_days_between(D(2024, 12, 20), D(2024, 12, 31)) == 4  # 23, 27, 30, 31


def test_non_working_override_on_a_weekend_keeps_the_weekday_name() -> None:
    """A Saturday closure changes no count; its reason joins the weekday's name."""
    cal = WorkingDayCalendar.for_division(
        non_working={D(2024, 12, 28): "Council closure"}, authoritative_until=2100
    )
    assert cal.non_working_reason(D(2024, 12, 28)) == "Saturday; Council closure"
    assert cal.add_working_days(D(2024, 12, 27), 1) == D(2024, 12, 30)


def test_working_override_on_a_bank_holiday_and_a_saturday() -> None:
    """A day declared working is counted, bank holiday or weekend."""
    cal = WorkingDayCalendar.for_division(
        working={"2024-12-26": "Offices open", "2024-06-08": "Saturday opening"},
        authoritative_until=2100,
    )
    assert cal.add_working_days(D(2024, 12, 24), 1) == D(2024, 12, 26)
    assert cal.add_working_days(D(2024, 6, 7), 1) == D(2024, 6, 8)
    assert cal.is_working_day(D(2024, 12, 26)) is True
    assert cal.non_working_reason(D(2024, 6, 8)) is None


def test_override_forms_and_default_reasons() -> None:
    """Overrides may be {date: reason}, dates, or (date, reason) pairs; dates may be ISO
    strings; an empty reason becomes 'extra (non-)working day'; the result is sorted."""
    o = CalendarOverrides.of(
        non_working=["2024-06-11", (D(2024, 6, 10), "closure")], working={"2024-06-08": ""}
    )
    assert o.non_working == (
        (D(2024, 6, 10), "closure"),
        (D(2024, 6, 11), "extra non-working day"),
    )
    assert o.working == ((D(2024, 6, 8), "extra working day"),)
    assert o.to_dict() == {
        "non_working": [
            {"date": "2024-06-10", "reason": "closure"},
            {"date": "2024-06-11", "reason": "extra non-working day"},
        ],
        "working": [{"date": "2024-06-08", "reason": "extra working day"}],
    }


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        (
            {"non_working": ["2024-06-10"], "working": ["2024-06-10"]},
            InvalidArgumentError,
            "overrides: 2024-06-10 declared both working and non-working",
        ),
        (
            {"non_working": [5]},
            InvalidArgumentError,
            "non_working: expected a date, or a (date, reason) pair, got 5",
        ),
        (
            {"non_working": {"2024-06-10": 5}},
            InvalidArgumentError,
            "non_working[2024-06-10]: expected a reason string, got 5",
        ),
        (
            {"working": ["1980-01-01"]},
            DateOutOfRangeError,
            f"working: 1980-01-01 {RANGE}",
        ),
        (
            {"working": ["24/12/2024"]},
            InvalidArgumentError,
            "working: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got '24/12/2024'",
        ),
        (
            {"non_working": D(2024, 6, 10)},
            InvalidArgumentError,
            "non_working: expected a mapping {date: reason}, or an iterable of dates or "
            "(date, reason) pairs, got datetime.date(2024, 6, 10)",
        ),
        (
            {"non_working": "2024-06-10"},
            InvalidArgumentError,
            "non_working: expected a mapping {date: reason}, or an iterable of dates or "
            "(date, reason) pairs, got '2024-06-10'",
        ),
    ],
)
def test_bad_overrides(kwargs: dict[str, Any], exc: type[Exception], message: str) -> None:
    """Bad override input raises a library error naming the argument and the value."""
    e = raises(exc, lambda: CalendarOverrides.of(**kwargs))
    assert str(e) == message


def test_merged_overrides_let_the_newer_win() -> None:
    """merged(): the other set wins where a date is in both; keyword days beat 'overrides'."""
    day = D(2024, 6, 10)
    closed = CalendarOverrides.of(non_working={day: "closed"})
    opened = CalendarOverrides.of(working={day: "open"})
    assert closed.merged(opened) == CalendarOverrides.of(working={day: "open"})
    assert opened.merged(closed) == CalendarOverrides.of(non_working={day: "closed"})
    cal = WorkingDayCalendar.for_division(
        overrides=closed, working={day: "open"}, authoritative_until=2100
    )
    assert cal.is_working_day(day) is True


def test_overrides_of_the_wrong_type() -> None:
    """'overrides' must be CalendarOverrides: the calendar reads no files itself."""
    e = raises(
        InvalidArgumentError,
        lambda: WorkingDayCalendar.for_division(overrides={"non_working": []}),  # type: ignore[arg-type]
    )
    assert str(e) == (
        "overrides: expected a CalendarOverrides (read a YAML file with "
        "statdeadline.load_overrides(path)), got {'non_working': []}"
    )
    e = raises(InvalidArgumentError, lambda: WorkingDayCalendar("scotland", {}))  # type: ignore[arg-type]
    assert str(e) == "overrides: expected a CalendarOverrides, got {}"


# --------------------------------------------------------------------------- overrides (YAML)

OVERRIDES_YAML = """\
# council closure days
non_working:
  - {date: 2026-12-24, reason: Council closure day}
  - date: 2026-12-31
    reason: Council closure day
working:
  - {date: 2026-12-28, reason: Offices open}
"""


def write(tmp_path: Path, text: str, name: str = "overrides.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_overrides_from_yaml(tmp_path: Path) -> None:
    """A YAML file gives the same overrides as the Python form."""
    path = write(tmp_path, OVERRIDES_YAML)
    expected = CalendarOverrides.of(
        non_working={"2026-12-24": "Council closure day", "2026-12-31": "Council closure day"},
        working={"2026-12-28": "Offices open"},
    )
    assert load_overrides(path) == expected
    assert load_overrides(str(path)) == expected


def test_calendar_from_yaml_file(tmp_path: Path) -> None:
    """for_division(overrides=load_overrides(path)) uses the file; the days change counts and reasons."""
    path = write(tmp_path, OVERRIDES_YAML)
    cal = WorkingDayCalendar.for_division(overrides=load_overrides(path), authoritative_until=2100)
    # Wed 23 Dec 2026 + 1: 24 closed, 25 Christmas, 26-27 weekend, Mon 28 is Boxing Day's
    # substitute but declared open: day 1.
    assert cal.add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 28)
    assert EW.add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 24)
    assert cal.non_working_reason(D(2026, 12, 31)) == "Council closure day"
    assert (
        cal.overrides
        == WorkingDayCalendar.for_division(
            overrides=load_overrides(str(path)), authoritative_until=2100
        ).overrides
    )


def test_empty_overrides_file(tmp_path: Path) -> None:
    """An empty file, or empty lists, mean no overrides."""
    assert load_overrides(write(tmp_path, "")) == CalendarOverrides()
    assert load_overrides(write(tmp_path, "non_working:\nworking: []\n")) == CalendarOverrides()


def test_quoted_iso_date_is_accepted(tmp_path: Path) -> None:
    """A quoted 'YYYY-MM-DD' string is parsed like a YAML date."""
    o = load_overrides(write(tmp_path, 'non_working:\n  - {date: "2026-12-24", reason: x}\n'))
    assert o.non_working == ((D(2026, 12, 24), "x"),)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("holidays: []\n", ["1 holidays: unknown key; allowed: non_working, working"]),
        ("non_working: 2026-12-24\n", ["1 non_working: must be a list"]),
        ("working:\n  - 2026-12-24\n", ["2 working[0]: must be a mapping with date and reason"]),
        (
            "non_working:\n  - {date: 24/12/2026, reason: x}\n",
            ["2 non_working[0].date: must be a date YYYY-MM-DD, got '24/12/2026'"],
        ),
        (
            "non_working:\n  - reason: x\n",
            ["2 non_working[0].date: must be a date YYYY-MM-DD, got None"],
        ),
        (
            "non_working:\n  - date: 2026-12-24 10:00:00\n    reason: x\n",
            [
                "2 non_working[0].date: must be a date YYYY-MM-DD, "
                "got datetime.datetime(2026, 12, 24, 10, 0)"
            ],
        ),
        (
            "non_working:\n  - {date: 2101-01-03, reason: x}\n",
            ["2 non_working[0].date: must be from 1990-01-01 to 2100-12-31, got 2101-01-03"],
        ),
        (
            "non_working:\n  - date: 2026-12-24\n",
            ["2 non_working[0].reason: must be a non-empty string, got None"],
        ),
        (
            "non_working:\n  - date: 2026-12-24\n    reason: ''\n",
            ["3 non_working[0].reason: must be a non-empty string, got ''"],
        ),
        (
            "non_working:\n  - {date: 2026-12-24, reason: x, note: y}\n",
            ["2 non_working[0]: unknown key(s) ['note']; allowed: date, reason"],
        ),
        (
            "non_working:\n  - {date: 2026-12-29, reason: x}\n"
            "working:\n  - {date: 2026-12-29, reason: y}\n",
            ["1 overrides: 2026-12-29 declared both working and non-working"],
        ),
        ("- {date: 2026-12-24, reason: x}\n", ["1 must be a mapping, got list"]),
        (
            "non_working:\n  - {date: 2026-02-30, reason: x}\n",
            ["2 YAML error: invalid timestamp '2026-02-30': day is out of range for month"],
        ),
        ("non_working: [\n", ["2 YAML error: expected the node content, but found '<stream end>'"]),
        (
            "working: []\nworking: []\n",
            ["2 YAML error: duplicate key 'working' (first at line 1)"],
        ),
        # Every problem is reported at once, one line each, in file order.
        (
            "extra: 1\nnon_working:\n  - {date: nope, reason: x}\n"
            "  - {date: 2026-12-24}\nworking: {}\n",
            [
                "1 extra: unknown key; allowed: non_working, working",
                "3 non_working[0].date: must be a date YYYY-MM-DD, got 'nope'",
                "4 non_working[1].reason: must be a non-empty string, got None",
                "5 working: must be a list",
            ],
        ),
    ],
)
def test_overrides_file_errors_name_file_line_and_key(
    tmp_path: Path, text: str, lines: list[str]
) -> None:
    """Each problem in an overrides file is reported as 'file:line key.path: message'."""
    path = write(tmp_path, text)
    e = raises(RuleSetError, lambda: load_overrides(path))
    assert str(e).splitlines() == [f"{path}:{line}" for line in lines]
    assert e.file == str(path)


def test_missing_overrides_file(tmp_path: Path) -> None:
    """A missing file is a RuleSetError naming it."""
    path = tmp_path / "nope.yaml"
    e = raises(RuleSetError, lambda: load_overrides(path))
    assert str(e) == f"{path} cannot read: No such file or directory"


# --------------------------------------------------------------------------- horizon


def test_default_horizon_is_next_year_and_default_policy_warns() -> None:
    """Without arguments, bank holidays up to the end of next year are authoritative."""
    next_year = {dt.date.today().year + 1}
    cal = WorkingDayCalendar()
    next_year.add(dt.date.today().year + 1)  # should the year turn during the test
    assert cal.authoritative_until in next_year
    assert cal.horizon_policy == "warn"


def test_horizon_warning_text_and_location() -> None:
    """Past the horizon, 'warn' returns the answer with a HorizonWarning at the caller."""
    cal = WorkingDayCalendar.for_division(authoritative_until=2030)
    with pytest.warns(HorizonWarning) as record:
        # Tue 31 Dec 2030 + 1: Wed 1 Jan 2031 is New Year's Day, so Thu 2 Jan.
        result = cal.add_working_days(D(2030, 12, 31), 1)
    assert result == D(2031, 1, 2)
    assert [str(w.message) for w in record] == [
        "2031-01-02 is after 2030, the last year whose england-and-wales bank holidays are "
        "treated as authoritative; later bank holidays are forecasts until proclaimed"
    ]
    assert record[0].filename == __file__


def test_within_the_horizon_nothing_warns() -> None:
    """A result on the horizon's last day (31 Dec) is still authoritative."""
    cal = WorkingDayCalendar.for_division(authoritative_until=2030)
    assert no_warnings(lambda: cal.add_working_days(D(2030, 12, 30), 1)) == D(2030, 12, 31)
    assert no_warnings(lambda: cal.working_days_between(D(2030, 1, 1), D(2030, 12, 31))) > 0


def test_horizon_policy_raise() -> None:
    """'raise' refuses the computation with BeyondHorizonError and its fields."""
    cal = WorkingDayCalendar.for_division(
        "scotland", authoritative_until=2030, horizon_policy="raise"
    )
    e = raises(BeyondHorizonError, lambda: cal.add_working_days(D(2030, 12, 31), 1))
    assert (e.date, e.horizon, e.division) == (D(2031, 1, 3), 2030, "scotland")  # 1, 2 Jan


def test_horizon_policy_ignore() -> None:
    """'ignore' gives the same answer silently."""
    cal = WorkingDayCalendar.for_division(authoritative_until=2030, horizon_policy="ignore")
    assert no_warnings(lambda: cal.add_working_days(D(2030, 12, 31), 1)) == D(2031, 1, 2)


RAISING = WorkingDayCalendar.for_division(authoritative_until=2030, horizon_policy="raise")
LATE = D(2031, 6, 2)  # a Monday after the horizon


@pytest.mark.parametrize(
    ("name", "call", "looked_at"),
    [
        ("add forward", lambda c: c.add_working_days(D(2030, 12, 31), 1), D(2031, 1, 2)),
        ("add backward", lambda c: c.add_working_days(LATE, -200), LATE),
        ("between", lambda c: c.working_days_between(LATE, D(2030, 1, 1)), LATE),
        ("is_working_day", lambda c: c.is_working_day(LATE), LATE),
        ("non_working_reason", lambda c: c.non_working_reason(LATE), LATE),
        ("next_working_day (working day)", lambda c: c.next_working_day(LATE), LATE),
        ("previous_working_day (working day)", lambda c: c.previous_working_day(LATE), LATE),
        ("next_working_day (weekend)", lambda c: c.next_working_day(D(2031, 6, 1)), LATE),
        ("non_working_days", lambda c: c.non_working_days(D(2030, 1, 1), LATE), LATE),
        ("add_days roll", lambda c: c.add_days(D(2031, 5, 30), 3, roll="next"), LATE),
        ("add_months roll", lambda c: c.add_months(D(2031, 5, 2), 1, roll="next"), LATE),
        ("explain", lambda c: c.explain_add_working_days(D(2030, 12, 31), 1), D(2031, 1, 2)),
        ("many", lambda c: c.add_working_days_many([D(2030, 12, 31)], 1), D(2031, 1, 2)),
        ("many backward", lambda c: c.add_working_days_many([LATE], -1), LATE),
        ("between many", lambda c: c.working_days_between_many([LATE], [D(2030, 1, 1)]), LATE),
    ],
)
def test_every_lookup_past_the_horizon_applies_the_policy(
    name: str, call: Callable[[WorkingDayCalendar], Any], looked_at: dt.date
) -> None:
    """Each method that consults bank holidays past the horizon applies the policy, naming
    the furthest date it looked at."""
    e = raises(BeyondHorizonError, lambda: call(RAISING))
    assert e.date == looked_at


def test_calendar_day_arithmetic_without_roll_ignores_the_horizon() -> None:
    """add_days/add_months with roll='none' consult no holidays, so they never warn."""
    assert no_warnings(lambda: RAISING.add_days(D(2031, 5, 30), 3)) == LATE
    assert no_warnings(lambda: RAISING.add_months(D(2031, 5, 2), 1)) == D(2031, 6, 2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"authoritative_until": 1989},
            "authoritative_until: expected a year from 1990 to 2100, got 1989",
        ),
        ({"authoritative_until": "2030"}, "authoritative_until: expected an integer, got '2030'"),
        (
            {"horizon_policy": "error"},
            "unknown horizon_policy 'error'; expected one of: ignore, raise, warn",
        ),
    ],
)
def test_bad_horizon_arguments(kwargs: dict[str, Any], message: str) -> None:
    """The horizon year and policy are validated, with the allowed values in the message."""
    e = raises(InvalidArgumentError, lambda: WorkingDayCalendar.for_division(**kwargs))
    assert str(e) == message


def test_with_options_changes_only_the_horizon() -> None:
    """with_options copies the calendar with another horizon/policy; the original is kept."""
    cal = WorkingDayCalendar.for_division("scotland", authoritative_until=2030)
    other = cal.with_options(authoritative_until=2040, horizon_policy="raise")
    assert (other.division, other.authoritative_until, other.horizon_policy) == (
        "scotland",
        2040,
        "raise",
    )
    assert (cal.authoritative_until, cal.horizon_policy) == (2030, "warn")
    assert other.fingerprint == cal.fingerprint
    assert cal.with_options() == cal


# --------------------------------------------------------------------------- range


def test_supported_range() -> None:
    """Calendars support 1990-01-01 .. 2100-12-31, inclusive."""
    assert (D(1990, 1, 1), D(2100, 12, 31)) == (MIN_DATE, MAX_DATE)
    assert (EW.first_date, EW.last_date) == (MIN_DATE, MAX_DATE)
    assert EW.is_working_day(MAX_DATE) is True  # Friday 31 Dec 2100
    assert EW.non_working_reason(MIN_DATE) == "New Year's Day"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: EW.is_working_day(D(2101, 1, 1)), f"d: 2101-01-01 {RANGE}"),
        (lambda: EW.next_working_day(D(1989, 1, 1)), f"d: 1989-01-01 {RANGE}"),
        (lambda: EW.non_working_days(D(1989, 1, 1), D(1990, 1, 5)), f"a: 1989-01-01 {RANGE}"),
        (lambda: EW.explain_add_working_days(D(2101, 1, 1), 1), f"d: 2101-01-01 {RANGE}"),
        (
            lambda: EW.next_working_day(MAX_DATE, include_self=False),
            f"result: 2100-12-31 + 1 working days {RANGE}",
        ),
    ],
)
def test_dates_outside_the_range_raise(call: Callable[[], Any], message: str) -> None:
    """Every method refuses dates (given or computed) outside the range."""
    assert str(raises(DateOutOfRangeError, call)) == message


# --------------------------------------------------------------------------- batch


def test_add_working_days_many_equals_the_scalar_form() -> None:
    """The batch form gives, in order, what the scalar form gives for each date."""
    starts = [D(2024, 3, 28), "2024-06-08", D(2024, 12, 25), D(2024, 12, 20)]
    for n in (-10, -1, 0, 1, 10):
        assert EW.add_working_days_many(starts, n) == [EW.add_working_days(s, n) for s in starts]


def test_batch_forms_accept_any_iterable() -> None:
    """Tuples and generators work as well as lists; an empty batch gives []."""
    assert EW.add_working_days_many((D(2024, 6, 7),), 1) == [D(2024, 6, 10)]
    assert EW.add_working_days_many((d for d in [D(2024, 6, 7)]), 1) == [D(2024, 6, 10)]
    assert EW.add_working_days_many([], 5) == []
    assert EW.add_working_days_many(["2024-06-08"], 0) == [D(2024, 6, 8)]
    assert EW.working_days_between_many([], []) == []


def test_working_days_between_many_equals_the_scalar_form() -> None:
    """Pairwise (a, b] counts, as the scalar form."""
    starts = [D(2024, 12, 20), "2025-01-03", D(2024, 6, 7)]
    ends = [D(2025, 1, 3), D(2024, 12, 20), "2024-06-10"]
    assert EW.working_days_between_many(starts, ends) == [7, -7, 1]
    assert EW.working_days_between_many(iter(starts), iter(ends)) == [7, -7, 1]


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (
            lambda: EW.add_working_days_many([D(2024, 1, 1), "x"], 1),
            InvalidArgumentError,
            "dates[1]: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got 'x'",
        ),
        (
            lambda: EW.add_working_days_many([D(2024, 1, 1), D(1980, 1, 1)], 1),
            DateOutOfRangeError,
            f"dates[1]: 1980-01-01 {RANGE}",
        ),
        (
            lambda: EW.add_working_days_many([D(2024, 1, 1), D(2100, 12, 30)], 5),
            DateOutOfRangeError,
            f"result[1]: 2100-12-30 + 5 working days {RANGE}",
        ),
        (
            lambda: EW.add_working_days_many([D(2024, 1, 1), MIN_DATE], -1),
            DateOutOfRangeError,
            f"result[1]: 1990-01-01 - 1 working days {RANGE}",
        ),
        (
            lambda: EW.add_working_days_many([D(2024, 1, 1)], 1.5),
            InvalidArgumentError,
            "n: expected an integer, got 1.5",
        ),
        (
            lambda: EW.add_working_days_many(D(2024, 1, 1), 1),
            InvalidArgumentError,
            "dates: expected an iterable of dates, got datetime.date(2024, 1, 1)",
        ),
        (
            lambda: EW.add_working_days_many("2024-01-01", 1),
            InvalidArgumentError,
            "dates: expected an iterable of dates, got '2024-01-01'",
        ),
        (
            lambda: EW.working_days_between_many([D(2024, 1, 1)] * 3, [D(2024, 1, 1)] * 2),
            InvalidArgumentError,
            "ends: expected as many dates as starts (3), got 2",
        ),
        (
            lambda: EW.working_days_between_many([D(2024, 1, 1)], [D(2024, 1, 1), None]),
            InvalidArgumentError,
            "ends[1]: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got None",
        ),
        (
            lambda: EW.working_days_between_many([D(2024, 1, 1)], 5),
            InvalidArgumentError,
            "ends: expected an iterable of dates, got 5",
        ),
    ],
)
def test_batch_errors_name_the_position(
    call: Callable[[], Any], exc: type[Exception], message: str
) -> None:
    """Batch errors are the scalar errors, naming the position of the bad item."""
    assert str(raises(exc, call)) == message


def test_batch_applies_the_horizon_policy_once_to_the_latest_result() -> None:
    """One warning per call, for the furthest date looked at."""
    cal = WorkingDayCalendar.for_division(authoritative_until=2030)
    starts = [D(2031, 1, 6), D(2031, 3, 3), D(2031, 2, 3)]
    with pytest.warns(HorizonWarning) as record:
        result = cal.add_working_days_many(starts, 1)
    assert result == [D(2031, 1, 7), D(2031, 3, 4), D(2031, 2, 4)]
    assert len(record) == 1
    assert str(record[0].message).startswith("2031-03-04 is after 2030")


# --------------------------------------------------------------------------- fingerprint


def test_fingerprint_is_a_sha256_hex_digest_stable_across_calendars() -> None:
    """Two calendars for the same division and overrides share one fingerprint, whatever
    their horizon; different divisions differ."""
    fp = EW.fingerprint
    assert len(fp) == 64 and set(fp) <= set("0123456789abcdef")
    again = WorkingDayCalendar.for_division(authoritative_until=2040, horizon_policy="ignore")
    assert again.fingerprint == fp
    assert len({calendar(d).fingerprint for d in DIVISIONS}) == 4


def test_fingerprint_is_stable_across_processes(tmp_path: Path) -> None:
    """The fingerprint depends on data, not on the process (hash seeds, object ids). The
    child's file cache is in tmp_path, never the user's (test_calendar_cache.py checks
    that a build from it gives the same fingerprint)."""
    code = (
        "from statdeadline import WorkingDayCalendar as W;"
        "print(W.for_division('scotland', authoritative_until=2100).fingerprint)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": "", "XDG_CACHE_HOME": str(tmp_path)},
    )
    assert out.stdout.strip() == SCO.fingerprint


@pytest.mark.parametrize(
    "kwargs",
    [
        {"non_working": {"2024-06-10": "closure"}},  # a weekday
        {"non_working": {"2024-06-08": "closure"}},  # a Saturday: no count changes
        {"working": {"2024-12-26": "open"}},  # a bank holiday made working
        {"working": {"2024-06-08": "open"}},  # a Saturday made working
    ],
)
def test_every_override_changes_the_fingerprint(kwargs: dict[str, Any]) -> None:
    """Any override gives a calendar a different fingerprint from the plain division's."""
    cal = WorkingDayCalendar.for_division(authoritative_until=2100, **kwargs)
    assert cal.fingerprint != EW.fingerprint


def test_fingerprint_ignores_reasons_and_construction_path(tmp_path: Path) -> None:
    """Only dates count: the same days with other reasons, or loaded from YAML, give the
    same fingerprint."""
    a = WorkingDayCalendar.for_division(non_working={"2026-12-24": "A"}, authoritative_until=2100)
    b = WorkingDayCalendar.for_division(non_working=[("2026-12-24", "B")], authoritative_until=2100)
    path = write(tmp_path, "non_working:\n  - {date: 2026-12-24, reason: C}\n")
    c = WorkingDayCalendar.for_division(overrides=load_overrides(path), authoritative_until=2100)
    assert a.fingerprint == b.fingerprint == c.fingerprint


# --------------------------------------------------------------------------- explanation


def test_explanation_of_a_weekend_start() -> None:
    """The explanation names why day 0 is not a working day and every day skipped."""
    exp = EW.explain_add_working_days(D(2024, 3, 30), 1)
    assert str(exp) == "\n".join(
        [
            "2024-03-30 + 1 working day = 2024-04-02 (england-and-wales)",
            "  day 0: 2024-03-30 (Saturday) is not a working day (Saturday); not counted",
            "  skipped 2 non-working day(s):",
            "    2024-03-31 Sunday",
            "    2024-04-01 Easter Monday",
            "  day 1: 2024-04-02 (Tuesday)",
        ]
    )
    assert exp.result == EW.add_working_days(D(2024, 3, 30), 1)
    assert exp.start_reason == "Saturday"


def test_explanation_backwards() -> None:
    """Negative n: the days between result and start are listed, in date order."""
    assert str(EW.explain_add_working_days(D(2024, 4, 2), -1)) == "\n".join(
        [
            "2024-04-02 - 1 working day = 2024-03-28 (england-and-wales)",
            "  day 0: 2024-04-02 (Tuesday); not counted",
            "  skipped 4 non-working day(s):",
            "    2024-03-29 Good Friday",
            "    2024-03-30 Saturday",
            "    2024-03-31 Sunday",
            "    2024-04-01 Easter Monday",
            "  day 1: 2024-03-28 (Thursday)",
        ]
    )


def test_explanation_with_nothing_skipped_and_with_zero_days() -> None:
    """An empty skip list is said in words; n == 0 has no 'day n' line."""
    assert str(EW.explain_add_working_days(D(2024, 6, 10), 3)) == "\n".join(
        [
            "2024-06-10 + 3 working days = 2024-06-13 (england-and-wales)",
            "  day 0: 2024-06-10 (Monday); not counted",
            "  skipped no non-working days",
            "  day 3: 2024-06-13 (Thursday)",
        ]
    )
    assert str(EW.explain_add_working_days(D(2024, 6, 8), 0)) == "\n".join(
        [
            "2024-06-08 + 0 working days = 2024-06-08 (england-and-wales)",
            "  day 0: 2024-06-08 (Saturday) is not a working day (Saturday); not counted",
            "  skipped no non-working days",
        ]
    )


def test_explanation_shows_override_reasons() -> None:
    """Override days appear with their own reasons."""
    cal = WorkingDayCalendar.for_division(
        non_working={"2024-12-24": "Council closure"}, authoritative_until=2100
    )
    exp = cal.explain_add_working_days(D(2024, 12, 23), 1)
    assert exp.skipped == (
        NonWorkingDay(D(2024, 12, 24), "Council closure"),
        NonWorkingDay(D(2024, 12, 25), "Christmas Day"),
        NonWorkingDay(D(2024, 12, 26), "Boxing Day"),
    )
    assert exp.fingerprint == cal.fingerprint


def test_explanation_to_dict() -> None:
    """to_dict gives every field as JSON-safe data (ISO dates)."""
    exp = SCO.explain_add_working_days("2024-03-28", 2)
    data = exp.to_dict()
    assert data == {
        "start": "2024-03-28",
        "days": 2,
        "result": "2024-04-02",  # Scotland: Good Friday only, Easter Monday is working
        "division": "scotland",
        "skipped": [
            {"date": "2024-03-29", "reason": "Good Friday"},
            {"date": "2024-03-30", "reason": "Saturday"},
            {"date": "2024-03-31", "reason": "Sunday"},
        ],
        "start_reason": None,
        "fingerprint": SCO.fingerprint,
        "forecast": False,
    }
    assert json.loads(json.dumps(data)) == data
    assert isinstance(exp, Explanation)


def test_explanation_past_the_horizon_is_marked_forecast() -> None:
    """Past authoritative_until the explanation says it rests on forecasts: with 'warn'
    (and the warning is passed on) and with 'ignore' (silently)."""
    warn = WorkingDayCalendar.for_division(authoritative_until=2030)
    with pytest.warns(HorizonWarning):
        exp = warn.explain_add_working_days(D(2030, 12, 31), 1)
    assert exp.forecast is True
    assert str(exp).splitlines()[-1] == (
        "  note: depends on bank holidays not yet proclaimed (forecast)"
    )
    ignore = warn.with_options(horizon_policy="ignore")
    assert no_warnings(lambda: ignore.explain_add_working_days(D(2030, 12, 31), 1)).forecast
    assert warn.explain_add_working_days(D(2030, 12, 20), 1).forecast is False


# --------------------------------------------------------------------------- identity


def test_calendar_equality_hash_and_repr() -> None:
    """Calendars are equal when division, overrides, horizon and policy are."""
    a = WorkingDayCalendar.for_division("scotland", authoritative_until=2100)
    assert a == SCO and hash(a) == hash(SCO)
    assert a != SCO.with_options(horizon_policy="raise")
    assert a != "scotland"
    assert repr(a) == (
        "WorkingDayCalendar('scotland', authoritative_until=2100, horizon_policy='warn')"
    )
    b = WorkingDayCalendar.for_division(non_working=["2024-06-10"], authoritative_until=2100)
    assert repr(b) == (
        "WorkingDayCalendar('england-and-wales', overrides=+1 non-working/+0 working, "
        "authoritative_until=2100, horizon_policy='warn')"
    )
