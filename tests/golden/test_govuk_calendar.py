"""The calendar against the published gov.uk bank-holiday lists, and hand-checked cases.

Ground truth is ``tests/data/uk-bank-holidays.json`` (verbatim gov.uk events, 2012-2027)
plus ``tests/data/uk-bank-holidays-addenda-2026.json`` (Scotland's 2026-06-15 and all of
2028). ``united-kingdom`` is the union of the three divisions' lists. Hand-checked cases
with their working are in ``calendar_cases.yaml`` next to this file.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from tests.strategies import calendar, dates, divisions

from statdeadline import DIVISIONS, WorkingDayCalendar

HERE = Path(__file__).parent
DATA = HERE.parent / "data"
YEARS = range(2012, 2029)
ONE = dt.timedelta(days=1)
GOVUK_DIVISIONS = ("england-and-wales", "scotland", "northern-ireland")


@functools.cache
def govuk_holidays() -> dict[str, frozenset[dt.date]]:
    """Each division's gov.uk bank holidays (main file + addenda); UK = their union."""
    by_division: dict[str, set[dt.date]] = {d: set() for d in GOVUK_DIVISIONS}
    for name in ("uk-bank-holidays.json", "uk-bank-holidays-addenda-2026.json"):
        data = json.loads((DATA / name).read_text(encoding="utf-8"))
        for division in GOVUK_DIVISIONS:
            for event in data[division]["events"]:
                by_division[division].add(dt.date.fromisoformat(event["date"]))
    out = {d: frozenset(days) for d, days in by_division.items()}
    out["united-kingdom"] = frozenset().union(*by_division.values())
    return out


def govuk_is_working(division: str, d: dt.date) -> bool:
    """Reference working-day test: Monday-Friday and not a gov.uk bank holiday."""
    if not dt.date(YEARS[0], 1, 1) <= d <= dt.date(YEARS[-1], 12, 31):
        raise AssertionError(f"{d} is outside the gov.uk reference data")
    return d.weekday() < 5 and d not in govuk_holidays()[division]


def govuk_add(division: str, d: dt.date, n: int) -> dt.date:
    """Naive reference: step a day at a time, never counting d, until n working days."""
    step = ONE if n > 0 else -ONE
    remaining = abs(n)
    while remaining:
        d += step
        if govuk_is_working(division, d):
            remaining -= 1
    return d


def govuk_between(division: str, a: dt.date, b: dt.date) -> int:
    """Naive reference: working days in (a, b], negative when b < a."""
    lo, hi = sorted((a, b))
    count = sum(govuk_is_working(division, lo + k * ONE) for k in range(1, (hi - lo).days + 1))
    return count if a <= b else -count


# --------------------------------------------------------------------------- the lists


def test_reference_data_covers_every_year_and_division() -> None:
    """The vendored data has bank holidays in every year 2012-2028 for each division,
    all on weekdays (gov.uk lists a weekend holiday only on its substitute weekday)."""
    for division, days in govuk_holidays().items():
        assert {d.year for d in days} == set(YEARS), division
        assert [d for d in days if d.weekday() >= 5] == [], division


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("division", DIVISIONS)
def test_non_working_weekdays_equal_the_govuk_list(division: str, year: int) -> None:
    """Every non-working weekday of the calendar in the year is a gov.uk bank holiday of
    the division, and every gov.uk bank holiday is a non-working day."""
    cal = calendar(division)
    ours = [
        day.date
        for day in cal.non_working_days(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if day.date.weekday() < 5
    ]
    theirs = sorted(d for d in govuk_holidays()[division] if d.year == year)
    assert ours == theirs


# --------------------------------------------------------------------------- hand cases

CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "calendar_cases.yaml").read_text("utf-8"))
EXPANDED = [(division, case) for case in CASES for division in case["divisions"]]


def run_case(cal: WorkingDayCalendar, op: str, args: dict[str, Any]) -> Any:
    if op == "add_working_days":
        return cal.add_working_days(args["start"], args["n"])
    if op == "working_days_between":
        return cal.working_days_between(args["a"], args["b"])
    if op == "non_working_weekdays":
        return [d.date for d in cal.non_working_days(args["a"], args["b"]) if d.date.weekday() < 5]
    if op == "add_months":
        return cal.add_months(args["start"], args["n"], end=args["end"], roll=args["roll"])
    raise AssertionError(f"unknown op {op!r}")


def test_cases_file_is_well_formed() -> None:
    """Every case has an id (unique), known divisions and op, args, expected, a note and a
    source."""
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert set(case) == {"id", "divisions", "op", "args", "expected", "note", "source"}
        assert set(case["divisions"]) <= set(DIVISIONS), case["id"]
        assert case["op"] in {
            "add_working_days",
            "working_days_between",
            "non_working_weekdays",
            "add_months",
        }
        assert case["note"].strip() and case["source"].strip(), case["id"]


@pytest.mark.parametrize(
    ("division", "case"), EXPANDED, ids=[f"{c['id']}-{d}" for d, c in EXPANDED]
)
def test_hand_checked_case(division: str, case: dict[str, Any]) -> None:
    """Each hand-worked case (see its note) gives the expected answer."""
    assert run_case(calendar(division), case["op"], case["args"]) == case["expected"]


def test_hand_checked_cases_agree_with_the_govuk_reference() -> None:
    """The hand-worked answers also match the naive gov.uk reference (a check on the
    working in the notes, independent of the library)."""
    for division, case in EXPANDED:
        args = case["args"]
        if case["op"] == "add_working_days":
            assert govuk_add(division, args["start"], args["n"]) == case["expected"], case["id"]
        elif case["op"] == "working_days_between":
            assert govuk_between(division, args["a"], args["b"]) == case["expected"], case["id"]


# --------------------------------------------------------------------------- properties


def with_examples(op: str, names: tuple[str, ...]) -> Any:
    """Decorate a @given test with one @example per hand case of ``op``."""

    def decorate(test: Any) -> Any:
        for division, case in EXPANDED:
            if case["op"] == op:
                values = [case["args"][name] for name in names]
                test = example(division, *values)(test)
        return test

    return decorate


#: Starts far enough inside 2012-2028 that 60 working days either way stay in the data.
govuk_dates = dates(dt.date(2012, 6, 1), dt.date(2028, 8, 31))


@with_examples("add_working_days", ("start", "n"))
@given(division=divisions(), start=govuk_dates, n=st.integers(-60, 60))
def test_add_working_days_matches_govuk(division: str, start: dt.date, n: int) -> None:
    """add_working_days equals a day-by-day count over the gov.uk lists."""
    assert calendar(division).add_working_days(start, n) == govuk_add(division, start, n)


@with_examples("working_days_between", ("a", "b"))
@given(division=divisions(), a=govuk_dates, b=govuk_dates)
def test_working_days_between_matches_govuk(division: str, a: dt.date, b: dt.date) -> None:
    """working_days_between equals a day-by-day count of (a, b] over the gov.uk lists."""
    assert calendar(division).working_days_between(a, b) == govuk_between(division, a, b)
