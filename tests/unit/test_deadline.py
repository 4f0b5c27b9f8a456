"""statdeadline.engine.results: the result types, built directly (no engine).

A Deadline's explanation lists, for each step that counts working days, the non-working
days strictly after its ``from_date`` up to (not including) its ``to_date``. The dates
here are in June 2024 (Sat 1, Mon 3, Sat 8, Sun 9, Mon 10 ...); no bank holiday falls in
that month in England and Wales.
"""

from __future__ import annotations

import datetime as dt
import json
import typing

from tests.strategies import calendar

from statdeadline import (
    STATUSES,
    CaseWarning,
    Deadline,
    DeadlineExplanation,
    Deadlines,
    NonWorkingDay,
    Provenance,
)
from statdeadline.engine.results import Status, Step
from statdeadline.rules.model import Citation

D = dt.date
EW = calendar("england-and-wales")
CITE = Citation("regs", "reg 1", "primary", title="The Regulations")
STEPS = (
    Step("start", D(2024, 6, 3), "start: received on 2024-06-03 (Monday)"),
    Step("count", D(2024, 6, 3), "count 5 working days", D(2024, 6, 3), D(2024, 6, 10), True),
    Step("extend", D(2024, 6, 4), "extension to Sat 15th", D(2024, 6, 10), D(2024, 6, 15), True),
    Step("share", None, "due with another clock", D(2024, 6, 1), D(2024, 6, 30), False),
)


def deadline(**changes: typing.Any) -> Deadline:
    """A met deadline with the four STEPS; keyword arguments replace fields."""
    fields: dict[str, typing.Any] = {
        "clock": "ack",
        "label": "Acknowledgement",
        "kind": "statutory",
        "instance": 1,
        "start_event": "received",
        "start": D(2024, 6, 3),
        "due": D(2024, 6, 10),
        "status": "met",
        "met_on": D(2024, 6, 7),
        "met_by": "acknowledged",
        "ended_by": "acknowledged",
        "citation": CITE,
        "as_of": D(2024, 6, 30),
        "trace": lambda: STEPS,
        "calendar": EW,
    }
    fields.update(changes)
    return Deadline(**fields)


def test_statuses_match_the_status_type() -> None:
    """STATUSES lists exactly the values of the Status literal, sorted."""
    assert tuple(sorted(typing.get_args(Status))) == STATUSES
    assert len(STATUSES) == 11


def test_explanation_skips_non_working_days_between_from_and_to() -> None:
    """Count 06-03 -> 06-10: the weekend 8-9 June is skipped (06-10 itself is the result,
    never 'skipped'). Extension 06-10 -> Sat 06-15: 11..14 are working, and 06-15 is the
    end, so nothing is listed. The start step and the calendar-day 'share' step list
    nothing."""
    exp = deadline().explanation
    assert exp.skipped == (
        (),
        (NonWorkingDay(D(2024, 6, 8), "Saturday"), NonWorkingDay(D(2024, 6, 9), "Sunday")),
        (),
        (),
    )
    assert exp.steps == STEPS


def test_explanation_heading_and_result() -> None:
    """Heading: label, instance (from #2), clock id, kind and citation. Result: due date,
    status in words and the meeting event."""
    exp = deadline().explanation
    assert exp.heading == "Acknowledgement (ack, statutory): The Regulations, reg 1 [primary]"
    assert exp.result == "due 2024-06-10: met (acknowledged on 2024-06-07)"
    second = deadline(instance=2, status="met_late").explanation
    assert second.heading.startswith("Acknowledgement #2 (ack, statutory)")
    assert second.result == "due 2024-06-10: met late (acknowledged on 2024-06-07)"
    open_ = deadline(due=None, status="pending", met_on=None, met_by=None).explanation
    assert open_.result == "due not yet known: pending"


def test_explanation_text() -> None:
    """str() puts one step per line, skipped days on the line below, the result last."""
    assert str(deadline().explanation) == (
        "Acknowledgement (ack, statutory): The Regulations, reg 1 [primary]\n"
        "  start: received on 2024-06-03 (Monday)\n"
        "  count 5 working days\n"
        "      skipped: 2024-06-08 Saturday, 2024-06-09 Sunday\n"
        "  extension to Sat 15th\n"
        "  due with another clock\n"
        "  due 2024-06-10: met (acknowledged on 2024-06-07)"
    )


def test_explanation_without_trace_or_calendar() -> None:
    """A deadline built without a trace explains itself with no steps; without a calendar
    it lists no skipped days."""
    bare = deadline(trace=None, calendar=None).explanation
    assert (bare.steps, bare.skipped) == ((), ())
    no_cal = deadline(calendar=None).explanation
    assert no_cal.skipped == ((), (), (), ())


def test_explanation_to_dict() -> None:
    """The JSON form of an explanation: heading, steps with ISO dates and skipped days."""
    data = deadline().explanation.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["steps"][1] == {
        "kind": "count",
        "on": "2024-06-03",
        "text": "count 5 working days",
        "from": "2024-06-03",
        "to": "2024-06-10",
        "skipped": [
            {"date": "2024-06-08", "reason": "Saturday"},
            {"date": "2024-06-09", "reason": "Sunday"},
        ],
    }
    assert data["steps"][3]["on"] is None
    assert (data["heading"], data["result"]) == (
        "Acknowledgement (ack, statutory): The Regulations, reg 1 [primary]",
        "due 2024-06-10: met (acknowledged on 2024-06-07)",
    )


def test_deadline_to_dict() -> None:
    """Every field in JSON-safe form; the explanation only when asked for."""
    d = deadline(
        aim=D(2024, 6, 5),
        level="yellow",
        extensions=({"on": "2024-06-04", "working_days": 1},),
        working_days_taken=4,
        ended_on=D(2024, 6, 7),
        counted_from=D(2024, 6, 3),
        calendar_fingerprint="f" * 64,
    )
    data = d.to_dict()
    assert data == {
        "clock": "ack",
        "label": "Acknowledgement",
        "kind": "statutory",
        "instance": 1,
        "start_event": "received",
        "start": "2024-06-03",
        "due": "2024-06-10",
        "status": "met",
        "met_on": "2024-06-07",
        "met_by": "acknowledged",
        "ended_by": "acknowledged",
        "aim": "2024-06-05",
        "maximum": None,
        "level": "yellow",
        "paused": False,
        "extensions": [{"on": "2024-06-04", "working_days": 1}],
        "pauses": [],
        "working_days_taken": 4,
        "days_late": 0,
        "ended_on": "2024-06-07",
        "counted_from": "2024-06-03",
        "citation": CITE.to_dict(),
        "calendar_fingerprint": "f" * 64,
    }
    explained = d.to_dict(explain=True)
    assert explained["explanation"] == d.explanation.to_dict()
    assert json.loads(json.dumps(explained)) == explained


def test_deadline_equality_ignores_the_trace() -> None:
    """Two deadlines with the same data are equal whatever their trace and calendar."""
    assert deadline() == deadline(trace=lambda: (), calendar=None)
    assert deadline() != deadline(status="met_late")


def test_case_warning() -> None:
    """A warning prints its date, event, message and citation, and has a JSON form."""
    w = CaseWarning("time_limit", "late complaint", "received", D(2024, 6, 3), CITE)
    assert str(w) == "2024-06-03 received: late complaint (The Regulations, reg 1 [primary])"
    assert w.to_dict() == {
        "check": "time_limit",
        "message": "late complaint",
        "event": "received",
        "on": "2024-06-03",
        "citation": CITE.to_dict(),
    }


META = Provenance(
    library_version="0.1.0",
    ruleset_id="base-x",
    ruleset_version="2.0.0",
    ruleset_layers=("base", "base-x"),
    division="england-and-wales",
    conventions={"receipt": "day_0"},
    calendar_fingerprint="a" * 64,
    local_calendar_fingerprint="b" * 64,
    as_of=D(2024, 6, 30),
    case_id="C-1",
)


def test_provenance_to_dict() -> None:
    """Provenance as JSON: layers as a list, as_of in ISO form."""
    assert META.to_dict() == {
        "library_version": "0.1.0",
        "ruleset_id": "base-x",
        "ruleset_version": "2.0.0",
        "ruleset_layers": ["base", "base-x"],
        "division": "england-and-wales",
        "conventions": {"receipt": "day_0"},
        "calendar_fingerprint": "a" * 64,
        "local_calendar_fingerprint": "b" * 64,
        "as_of": "2024-06-30",
        "case_id": "C-1",
    }


def test_deadlines_is_a_read_only_sequence() -> None:
    """Deadlines supports len, indexing, slicing, iteration and lookup by clock."""
    a = deadline()
    b = deadline(clock="resp", instance=1)
    c = deadline(clock="resp", instance=2)
    ds = Deadlines((a, b, c), META, "open")
    assert (len(ds), ds[0], list(ds[1:]), list(ds)) == (3, a, [b, c], [a, b, c])
    assert ds.by_clock("resp") == [b, c]
    assert ds.by_clock("none") == []
    assert ds.warnings == ()


def test_deadlines_to_dict() -> None:
    """The JSON form of a result: meta, state, warnings and each deadline."""
    w = CaseWarning("time_limit", "late", "received", D(2024, 6, 3), CITE)
    ds = Deadlines((deadline(),), META, "open", (w,))
    data = ds.to_dict(explain=True)
    assert data == {
        "meta": META.to_dict(),
        "state": "open",
        "warnings": [w.to_dict()],
        "deadlines": [deadline().to_dict(explain=True)],
    }
    assert json.loads(json.dumps(data)) == data
    assert "explanation" not in ds.to_dict()["deadlines"][0]


def test_explanation_is_frozen_data() -> None:
    """A DeadlineExplanation compares by value."""
    assert deadline().explanation == DeadlineExplanation(
        deadline().explanation.heading,
        STEPS,
        deadline().explanation.skipped,
        "due 2024-06-10: met (acknowledged on 2024-06-07)",
    )
