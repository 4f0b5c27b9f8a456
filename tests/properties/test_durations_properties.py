"""Dated durations (statdeadline.rules.model.Duration.on): the value in force on a day is
the one of the latest date on or before it, and there is none before the first date."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from statdeadline.exceptions import InvalidArgumentError
from statdeadline.rules.model import Duration

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
DATED = st.dictionaries(DAYS, st.integers(min_value=0, max_value=400), min_size=1, max_size=6)


def dated(values: dict[dt.date, int]) -> Duration:
    pairs = tuple(sorted(values.items()))
    return Duration("working_days", pairs[0][1], dated=pairs)


@given(DATED, DAYS)
def test_the_value_in_force_is_that_of_the_latest_date_on_or_before_the_day(
    values: dict[dt.date, int], day: dt.date
) -> None:
    """on(day) is a plain Duration with the amount of max(date <= day); before the first
    date it raises InvalidArgumentError."""
    d = dated(values)
    earlier = [since for since in values if since <= day]
    if not earlier:
        with pytest.raises(InvalidArgumentError):
            d.on(day)
        return
    assert d.on(day) == Duration("working_days", values[max(earlier)])


@given(DATED)
def test_each_date_starts_its_own_value(values: dict[dt.date, int]) -> None:
    """On each listed date its own value applies, and the day before, the previous one."""
    d = dated(values)
    pairs = sorted(values.items())
    for (before, old), (since, new) in itertools.pairwise(pairs):
        assert (d.on(since).amount, d.on(since - dt.timedelta(days=1)).amount) == (new, old)
        assert before < since


@given(st.integers(min_value=0, max_value=400), DAYS)
def test_an_undated_duration_is_the_same_on_every_day(amount: int, day: dt.date) -> None:
    """A duration without dated values is itself whatever the day."""
    d = Duration("calendar_days", amount, roll="next")
    assert d.on(day) is d
