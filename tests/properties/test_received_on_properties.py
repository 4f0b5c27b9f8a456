"""Hypothesis properties of convention ``received_on``: a complaint that began as a
concern counts from the concern's day under ``raised_on`` and from the event's own day
under ``event_date``, exactly as if the complaint had been recorded on that day with no
concern; and a later start never gives an earlier due date."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from tests.strategies import case_start_dates, day_gaps

from statdeadline import Case, load_ruleset

RULE_SETS = ("england-adults-2009", "wales-social-services-2014", "england-children-2006")
RAISED = {rid: load_ruleset(rid) for rid in RULE_SETS}
EVENT_DATE = {
    rid: load_ruleset(rid, conventions={"received_on": "event_date"}) for rid in RULE_SETS
}


def dues(rs: object, on: dt.date, **fields: object) -> dict[str, dt.date | None]:
    c = Case(rs)  # type: ignore[arg-type]
    c.record("received", on, **fields)
    return {d.clock: d.due for d in c.deadlines(as_of=on)}


@settings(max_examples=60, deadline=None)
@given(raised=case_start_dates(), gap=day_gaps(21))
def test_each_choice_is_the_plain_receipt_on_its_day(raised: dt.date, gap: int) -> None:
    """Under raised_on the deadlines are those of a complaint received on the concern's
    day; under event_date those of one received on the event's day."""
    received = raised + dt.timedelta(gap)
    for rid in RULE_SETS:
        assert dues(RAISED[rid], received, concern_raised=raised) == dues(RAISED[rid], raised)
        assert dues(EVENT_DATE[rid], received, concern_raised=raised) == dues(
            EVENT_DATE[rid], received
        )


@settings(max_examples=60, deadline=None)
@given(raised=case_start_dates(), gap=day_gaps(21))
def test_the_concerns_day_is_never_later(raised: dt.date, gap: int) -> None:
    """Counting from the earlier day never makes a deadline later than counting from the
    event's own day."""
    received = raised + dt.timedelta(gap)
    for rid in RULE_SETS:
        early = dues(RAISED[rid], received, concern_raised=raised)
        late = dues(EVENT_DATE[rid], received, concern_raised=raised)
        for clock, due in early.items():
            other = late[clock]
            assert due is None or other is None or due <= other
