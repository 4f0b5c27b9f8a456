"""``POST /calendar/add`` and ``POST /calendar/between``: the working-day calendar, with
its explanations, as ``statdeadline calendar add`` and ``between`` give it in JSON."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from ..calendar import DIVISION_NAMES, WorkingDayCalendar, division_name, parse_date
from ..exceptions import InvalidArgumentError
from .cases import ServiceError

__all__ = ["add", "between"]


@functools.cache
def _calendar(division: str) -> WorkingDayCalendar:
    return WorkingDayCalendar.for_division(division)


def _division(body: Mapping[str, Any]) -> WorkingDayCalendar:
    division = body.get("division", "england-and-wales")
    name = division_name(division)  # a division, or python-holidays' code for one
    if name is None:
        raise ServiceError(
            400,
            f"division: expected one of {', '.join(DIVISION_NAMES)}, got {division!r}",
            field="division",
        )
    return _calendar(name)


def _date(body: Mapping[str, Any], name: str) -> Any:
    try:
        return parse_date(body[name], name)
    except InvalidArgumentError as exc:
        raise ServiceError(400, str(exc), field=name) from None


def add(body: Mapping[str, Any]) -> dict[str, Any]:
    """The ``working_days``-th working day after ``date`` (day 0; negative counts back),
    with every non-working day skipped."""
    cal = _division(body)
    n = body["working_days"]
    return dict(cal.explain_add_working_days(_date(body, "date"), n).to_dict())


def between(body: Mapping[str, Any]) -> dict[str, Any]:
    """Working days in ``(start, end]`` and the non-working days in it."""
    cal = _division(body)
    start, end = _date(body, "start"), _date(body, "end")
    lo, hi = sorted((start, end))
    skipped = [d for d in cal.non_working_days(lo, hi) if d.date != lo]
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "working_days": cal.working_days_between(start, end),
        "division": cal.division,
        "fingerprint": cal.fingerprint,
        "non_working": [{"date": d.date.isoformat(), "reason": d.reason} for d in skipped],
    }
