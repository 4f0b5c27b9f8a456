"""Clocks in hours, elapsed and in office hours, from the event's time of day.

The rule set is ``tests/data/rules/call-back.yaml``: a call back within 48 hours, and
within 48 office hours (09:00-17:00 on working days). Spring bank holiday: Monday 27 May
2024.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from statdeadline import Case, WorkingDayCalendar, load_ruleset
from statdeadline.calendar.hours import OfficeHours, add_office_hours
from statdeadline.exceptions import InvalidArgumentError, RuleSetError

RULES = Path(__file__).parent.parent / "data" / "rules" / "call-back.yaml"
D = dt.date
CAL = WorkingDayCalendar("england-and-wales", authoritative_until=2100)
NINE_TO_FIVE = OfficeHours(dt.time(9), dt.time(17))


def dues(c: Case, as_of: str) -> dict[str, tuple[object, ...]]:
    return {d.clock: (d.due, d.status) for d in c.deadlines(as_of)}


def received(day: str, time: str | None = None, **conventions: str) -> Case:
    c = Case(load_ruleset(RULES, conventions=conventions or None))
    c.record("received", day, **({"time": time} if time else {}))
    return c


def test_48_hours_over_a_bank_holiday_weekend() -> None:
    """Friday 24 May 2024 at 16:00. Elapsed: Sunday 26 May at 16:00. Office hours: 1 on
    Friday; Monday 27 is a bank holiday; 8 on each of Tuesday 28 to Friday 31 (33); 8 on
    Monday 3 June (41) and 7 on Tuesday 4 June, to 16:00. On the day of receipt the
    elapsed count is due within 3 working days: due soon."""
    c = received("2024-05-24", "16:00")
    assert dues(c, "2024-05-24") == {
        "elapsed": (D(2024, 5, 26), "due_soon"),
        "office": (D(2024, 6, 4), "pending"),
    }
    d = c.deadlines("2024-05-24").by_clock("office")[0]
    assert [s.text for s in d.trace()][1] == (
        "count 48 office hours (09:00-17:00 on working days) from 2024-05-24 16:00 -> "
        "2024-06-04 16:00"
    )


def test_met_on_the_due_day_is_judged_by_the_time() -> None:
    """Received Tuesday 4 June 2024 at 10:30: elapsed due Thursday 6 June at 10:30. A call
    back at 10:30 is met; at 10:31 it is met late (0 working days late); with no time
    recorded it is taken as on time."""
    for time, status in (("10:30", "met"), ("10:31", "met_late"), (None, "met")):
        c = received("2024-06-04", "10:30")
        c.record("called_back", "2024-06-06", **({"time": time} if time else {}))
        d = c.deadlines("2024-06-06").by_clock("elapsed")[0]
        assert (d.due, d.status, d.days_late) == (D(2024, 6, 6), status, 0)


def test_an_event_without_a_time_counts_from_the_start_of_its_day() -> None:
    """Received Tuesday 4 June 2024, no time: elapsed from 00:00 to Thursday 6 June 00:00;
    office hours from the day's opening, 09:00, to Tuesday 11 June at 17:00 (six full
    days: 4-7, 10, 11 June)."""
    c = received("2024-06-04")
    elapsed = c.deadlines("2024-06-04").by_clock("elapsed")[0]
    office = c.deadlines("2024-06-04").by_clock("office")[0]
    assert [s.text for s in elapsed.trace()][1].endswith("2024-06-04 00:00 -> 2024-06-06 00:00")
    assert [s.text for s in office.trace()][1].endswith("2024-06-04 00:00 -> 2024-06-11 17:00")


def test_a_deemed_start_counts_from_the_start_of_that_day() -> None:
    """Under deemed_next_working_day a receipt on Friday 24 May 2024 at 16:00 counts from
    Tuesday 28 May (Monday is a bank holiday) at 00:00: elapsed due Thursday 30 May (due
    soon: within the rule set's 3 working days)."""
    c = received("2024-05-24", "16:00", receipt="deemed_next_working_day")
    assert dues(c, "2024-05-28")["elapsed"] == (D(2024, 5, 30), "due_soon")


def test_overdue_the_day_after() -> None:
    """An hours clock is judged by date while it runs: on its due day it is due soon, the
    next day overdue."""
    c = received("2024-06-04", "10:30")
    assert dues(c, "2024-06-06")["elapsed"] == (D(2024, 6, 6), "due_soon")
    assert dues(c, "2024-06-07")["elapsed"] == (D(2024, 6, 6), "overdue")


def test_office_hours_must_close_after_they_open(tmp_path: Path) -> None:
    """Closing at or before opening is refused at file:line, and so are opening hours on
    a duration that is not in office hours."""
    text = RULES.read_text(encoding="utf-8")
    f = tmp_path / "bad.yaml"
    f.write_text(
        text.replace('closes: "17:00"', 'closes: "08:00"').replace(
            "duration: {hours: 48}", 'duration: {hours: 48, opens: "10:00"}'
        )
    )
    with pytest.raises(RuleSetError) as info:
        load_ruleset(f)
    assert str(info.value).splitlines() == [
        f"{f.resolve()}:34 clocks.elapsed.duration.opens: only office_hours take opens, not hours",
        f"{f.resolve()}:41 clocks.office.duration.closes: must be after opens (09:00), got 08:00",
    ]


def test_add_office_hours_refuses_nonsense() -> None:
    """No negative hours, and no opening hours that close before they open."""
    start = dt.datetime(2024, 6, 3, 9)
    with pytest.raises(InvalidArgumentError):
        add_office_hours(CAL, start, -1, NINE_TO_FIVE)
    with pytest.raises(InvalidArgumentError):
        add_office_hours(CAL, start, 1, OfficeHours(dt.time(17), dt.time(9)))


@pytest.mark.parametrize(
    ("start", "hours", "end"),
    [
        # inside the day, to the minute
        (dt.datetime(2024, 6, 3, 9, 15), 3, dt.datetime(2024, 6, 3, 12, 15)),
        # 8 hours from opening end at closing the same day
        (dt.datetime(2024, 6, 3, 9), 8, dt.datetime(2024, 6, 3, 17)),
        # after closing: from the next working day's opening
        (dt.datetime(2024, 6, 3, 18), 1, dt.datetime(2024, 6, 4, 10)),
        # Christmas 2024: Tue 24 at 16:00, 1 hour; Wed 25 and Thu 26 closed -> Fri 27 at 17:00
        (dt.datetime(2024, 12, 24, 16), 9, dt.datetime(2024, 12, 27, 17)),
        # zero hours from a closed moment is the next opening
        (dt.datetime(2024, 6, 8, 12), 0, dt.datetime(2024, 6, 10, 9)),
    ],
)
def test_add_office_hours(start: dt.datetime, hours: int, end: dt.datetime) -> None:
    """Worked by hand, 09:00-17:00 on England and Wales working days."""
    assert add_office_hours(CAL, start, hours, NINE_TO_FIVE) == end


def test_only_a_clocks_own_duration_may_be_in_hours(tmp_path: Path) -> None:
    """An extension cap (or a check's period, or a triage level) in hours is refused when
    the file loads, with file:line and key path: only a clock's duration is counted in
    hours."""
    text = RULES.read_text(encoding="utf-8")
    f = tmp_path / "cap.yaml"
    f.write_text(
        text.replace(
            "    duration: {hours: 48}\n",
            "    duration: {hours: 48}\n    extension: {max_total: {hours: 96}}\n",
        )
        .replace(
            "  called_back: {label: Called back}\n",
            "  called_back: {label: Called back}\n"
            "  extension:\n    label: Extended\n    effect: extend\n"
            "    fields: {clock: {type: clock, required: true}, working_days: {type: int}}\n",
        )
        .replace(
            "  - {event: called_back, from: open}\n",
            "  - {event: called_back, from: open}\n  - {event: extension, from: open}\n",
        )
    )
    with pytest.raises(RuleSetError) as info:
        load_ruleset(f)
    assert str(info.value).splitlines() == [
        f"{f.resolve()}:40 clocks.elapsed.extension.max_total.hours: only a clock's duration "
        "(or its duration_alternatives) may be counted in hours"
    ]
