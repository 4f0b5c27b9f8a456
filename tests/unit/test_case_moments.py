"""Dates and times given to a case: datetimes and ISO 8601 timestamps, converted to UK
local time, their time of day feeding the receipt cut-off and clocks counted in hours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from statdeadline import Case, TransitionNotAllowed, load_ruleset
from statdeadline.calendar.dates import parse_moment, parse_time

D = dt.date
T = dt.time
UTC = dt.timezone.utc
HOURS = Path(__file__).parent.parent / "data" / "rules" / "call-back.yaml"
CUTOFF = load_ruleset("england-children-2006", conventions={"receipt_cutoff": "17:00"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-07T17:30", (D(2024, 6, 7), T(17, 30))),  # naive: UK local time
        ("2024-06-07 17:30:15", (D(2024, 6, 7), T(17, 30, 15))),
        ("2024-06-07T16:30:00Z", (D(2024, 6, 7), T(17, 30))),  # BST: UTC+1
        ("2024-06-07T16:30:00z", (D(2024, 6, 7), T(17, 30))),
        ("2024-06-30T23:30:00Z", (D(2024, 7, 1), T(0, 30))),  # just after midnight in BST
        ("2024-01-31T23:30:00Z", (D(2024, 1, 31), T(23, 30))),  # GMT: the same day
        ("2024-06-07T18:30:00+02:00", (D(2024, 6, 7), T(17, 30))),
        ("2024-06-07T18:30:00+0200", (D(2024, 6, 7), T(17, 30))),
        ("2024-06-07T11:30-05", (D(2024, 6, 7), T(17, 30))),
        ("2024-06-07T16:30:00.25Z", (D(2024, 6, 7), T(17, 30, 0, 250000))),
        ("2024-06-07T16:30:00,123456+00:00", (D(2024, 6, 7), T(17, 30, 0, 123456))),
        (dt.datetime(2024, 6, 30, 23, 30, tzinfo=UTC), (D(2024, 7, 1), T(0, 30))),
        (dt.datetime(2024, 6, 30, 23, 30), (D(2024, 6, 30), T(23, 30))),
        (
            dt.datetime(2024, 3, 31, 0, 30, tzinfo=ZoneInfo("Europe/London")),
            (D(2024, 3, 31), T(0, 30)),
        ),
        ("2024-06-07", (D(2024, 6, 7), None)),
        (D(2024, 6, 7), (D(2024, 6, 7), None)),
    ],
)
def test_parse_moment(value: object, expected: tuple[dt.date, dt.time | None]) -> None:
    """Each accepted form gives the UK date and time of day (none for a plain date)."""
    assert parse_moment(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2024-02-30T10:00",
            "d: '2024-02-30T10:00' is not a time (day is out of range for month)",
        ),
        ("2024-06-07T25:00", "d: '2024-06-07T25:00' is not a time (hour must be in 0..23)"),
        (
            "2024-06-07T10:00+5",
            "d: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp "
            "'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got '2024-06-07T10:00+5'",
        ),
    ],
)
def test_parse_moment_refuses(value: str, message: str) -> None:
    """A timestamp of the right shape that is no time, or the wrong shape, is refused."""
    with pytest.raises(ValueError) as info:
        parse_moment(value, "d")
    assert str(info.value) == message


def test_parse_time_keeps_seconds_and_drops_a_zone() -> None:
    """'HH:MM:SS' and fractions are read; a time's own zone is dropped."""
    assert parse_time("09:05:07.5") == T(9, 5, 7, 500000)
    assert parse_time(T(9, 5, tzinfo=UTC)) == T(9, 5)


@pytest.mark.parametrize(
    ("on", "start"),
    [
        # Fri 7 June 2024 (BST): 15:59 UTC is 16:59 UK time, before the 17:00 cut-off ...
        ("2024-06-07T15:59:00Z", D(2024, 6, 7)),
        # ... 16:01 UTC is 17:01 UK time, after it: deemed received on Monday 10 June
        ("2024-06-07T16:01:00Z", D(2024, 6, 10)),
        (dt.datetime(2024, 6, 7, 17, 1), D(2024, 6, 10)),  # naive: UK time
        (dt.datetime(2024, 6, 7, 16, 1, tzinfo=UTC), D(2024, 6, 10)),
        ("2024-06-07T17:00:00", D(2024, 6, 7)),  # 17:00 exactly is not after 17:00
        ("2024-06-07T17:00:01", D(2024, 6, 10)),  # one second after it is
    ],
)
def test_a_timestamp_feeds_the_receipt_cutoff(on: object, start: dt.date) -> None:
    """The time of day of a datetime or timestamp is the receipt's time."""
    case = Case(CUTOFF)
    ev = case.record("received", on)  # type: ignore[arg-type]
    assert ev.date == D(2024, 6, 7)
    assert case.deadlines(as_of="2024-06-07")[0].start == start


def test_a_timestamp_after_midnight_utc_in_summer_is_the_next_uk_day() -> None:
    """23:30 UTC on Sun 30 June 2024 is 00:30 on Mon 1 July in the UK: received then."""
    case = Case(CUTOFF)
    ev = case.record("received", "2024-06-30T23:30:00Z")
    assert (ev.date, ev.time) == (D(2024, 7, 1), T(0, 30))
    assert case.to_dict()["events"] == [
        {"event": "received", "date": "2024-07-01", "time": "00:30"}
    ]


def test_an_hours_clock_counts_from_the_timestamps_time() -> None:
    """Received at 15:00 UTC on Fri 24 May 2024 (16:00 in BST): 48 elapsed hours are due
    at 16:00 on Sunday 26 May, the same as time='16:00'."""
    a = Case(load_ruleset(HOURS))
    a.record("received", "2024-05-24T15:00:00Z")
    b = Case(load_ruleset(HOURS))
    b.record("received", "2024-05-24", time="16:00")
    da, db = (c.deadlines("2024-05-24").by_clock("elapsed")[0] for c in (a, b))
    assert (da.due, [s.text for s in da.trace()]) == (db.due, [s.text for s in db.trace()])
    assert da.due == D(2024, 5, 26)


def test_seconds_are_kept_in_the_history() -> None:
    """A time with seconds is written with them, and read back."""
    case = Case(CUTOFF)
    case.record("received", "2024-06-07T16:59:30")
    data = case.to_dict()
    assert data["events"][0]["time"] == "16:59:30"
    assert Case.from_dict(CUTOFF, data).events == case.events


@pytest.mark.parametrize(
    ("on", "kwargs", "field", "message"),
    [
        (
            "28/03/2024",
            {},
            "date",
            "received.date: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or "
            "timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got '28/03/2024'",
        ),
        (
            "2024-06-07",
            {"time": "5pm"},
            "time",
            "received.time: expected a time of day 'HH:MM' (24-hour), got '5pm'",
        ),
        (
            "2024-06-07T10:00",
            {"time": "11:00"},
            "time",
            "received.time: the date '2024-06-07T10:00' already has a time of day (10:00:00); "
            "got time='11:00' as well",
        ),
    ],
)
def test_errors_name_the_event_and_the_field(
    on: str, kwargs: dict[str, str], field: str, message: str
) -> None:
    """A date or time that cannot be read is refused naming <event>.date or <event>.time
    (never the Python parameter), with the event and field as the error's fields."""
    case = Case(CUTOFF)
    with pytest.raises(TransitionNotAllowed) as info:
        case.record("received", on, **kwargs)
    assert str(info.value) == message
    assert (info.value.event, info.value.field) == ("received", field)
    assert case.events == ()


def test_stored_events_may_carry_timestamps() -> None:
    """Events given as data (Case(events=...)) take timestamps in 'date' too."""
    case = Case(CUTOFF, events=[{"event": "received", "date": "2024-06-07T16:01:00Z"}])
    assert case.deadlines(as_of="2024-06-07")[0].start == D(2024, 6, 10)
