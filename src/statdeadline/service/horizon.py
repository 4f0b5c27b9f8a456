"""Horizon warnings in the service's answers: a deadline whose date lies past the last
year of bank holidays its calendar treats as authoritative rests on forecast holidays,
which a proclamation may still change.

The library says so with a :class:`~statdeadline.HorizonWarning` (a Python warning, which
in a server would reach only its log; and catching warnings is not safe across the
server's threads). The service applies the calendar's own test to each date it answers
with instead: a date after 31 December of ``calendar.authoritative_until`` is past the
horizon, unless the calendar's ``horizon_policy`` is ``"ignore"`` (see
:class:`~statdeadline.calendar.WorkingDayCalendar`). Each such date is one warning, in
the response's ``warnings`` list beside the case's own (whose ``check`` differs).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

from ..calendar import WorkingDayCalendar
from ..engine.case import Case
from ..engine.results import Deadline
from ..exceptions import horizon_message

__all__ = ["CHECK", "case_warnings", "date_warnings", "deadline_warnings"]

#: The ``check`` of a horizon warning.
CHECK = "bank_holiday_horizon"


def date_warnings(
    calendar: WorkingDayCalendar, clock: str, instance: int, dates: Iterable[_dt.date | None]
) -> list[dict[str, Any]]:
    """One warning for the latest of ``dates`` (a clock's due date, aim, maximum) past
    ``calendar``'s horizon, or none."""
    if calendar.horizon_policy == "ignore":
        return []
    last = _dt.date(calendar.authoritative_until, 12, 31)
    past = [d for d in dates if d is not None and d > last]
    if not past:
        return []
    date = max(past)
    return [
        {
            "check": CHECK,
            "message": f"{clock}: "
            + horizon_message(date, calendar.authoritative_until, calendar.division),
            "clock": clock,
            "instance": instance,
            "date": date.isoformat(),
            "horizon": calendar.authoritative_until,
            "division": calendar.division,
        }
    ]


def deadline_warnings(case: Case, d: Deadline) -> list[dict[str, Any]]:
    """The horizon warning of one of a case's deadlines (its due date, aim, maximum in
    its clock's calendar), or none."""
    rs = case.ruleset
    found = rs.clocks.get(d.clock)
    calendar = rs.calendar if found is None else rs.calendar_for(found)
    return date_warnings(calendar, d.clock, d.instance, (d.due, d.aim, d.maximum))


def case_warnings(case: Case, deadlines: Iterable[Deadline]) -> list[dict[str, Any]]:
    """The horizon warnings of a case's deadlines, in their order."""
    out: list[dict[str, Any]] = []
    for d in deadlines:
        out += deadline_warnings(case, d)
    return out
