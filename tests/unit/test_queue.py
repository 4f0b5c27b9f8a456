"""engine/queue.py: the work queue across cases (``upcoming``) and the running clocks a
store keeps (``open_deadlines``)."""

from __future__ import annotations

import datetime as _dt

import pytest

from statdeadline import Case, InvalidArgumentError, load_ruleset, open_deadlines, upcoming

D = _dt.date


def _case(case_id: str, *events: tuple[str, str]) -> Case:
    case = Case(load_ruleset("england-children-2006"), case_id)
    for event, day in events:
        case.record(event, day)
    return case


def test_open_deadlines_are_the_running_clocks_after_the_last_event() -> None:
    """A Stage 1 response met, the complainant's window to ask for Stage 2 runs."""
    case = _case("C-1", ("received", "2024-03-28"), ("stage1_response", "2024-04-05"))
    assert [(d.clock, d.due) for d in open_deadlines(case)] == [
        ("stage2_request_window", D(2024, 5, 3))
    ]


def test_a_case_without_events_has_no_running_clock() -> None:
    """Nothing has started before the first event."""
    assert open_deadlines(_case("C-0")) == []


def test_upcoming_orders_by_due_date_and_gives_status_and_days_left() -> None:
    """Two cases, the earlier due first; status and days remaining at as_of."""
    late = _case("B", ("received", "2024-03-01"))
    soon = _case("A", ("received", "2024-03-28"))
    got = [
        (e.case_id, e.due, e.status, e.days_remaining, e.working_days_remaining)
        for e in upcoming([soon, late], "2024-04-10")
    ]
    assert got == [
        ("B", D(2024, 3, 15), "overdue", -26, -16),
        ("A", D(2024, 4, 15), "due_soon", 5, 3),
    ]


def test_a_closed_case_is_not_in_the_queue_though_its_clock_ended_overdue() -> None:
    """Overdue on a case closed long ago is told apart from overdue and actionable: the
    first is in the case's deadlines with ended_by, never in the queue."""
    gone = _case("W", ("received", "2024-03-01"), ("withdrawn", "2024-04-01"))
    assert [(d.status, d.ended_by) for d in gone.deadlines("2024-06-01")] == [
        ("overdue", "withdrawn")
    ]
    assert upcoming([gone], "2024-06-01") == []


def test_within_and_statuses_narrow_the_queue() -> None:
    """within keeps what is due by as_of + within days, and everything past due."""
    cases = [
        _case("A", ("received", "2024-03-01")),
        _case("B", ("received", "2024-03-28")),
        _case("C", ("received", "2024-04-08")),
    ]
    assert [e.case_id for e in upcoming(cases, "2024-04-10", within=7)] == ["A", "B"]
    assert [e.case_id for e in upcoming(cases, "2024-04-10", statuses=["pending"])] == ["C"]


def test_a_paused_clock_is_pending_whatever_its_date() -> None:
    """Paused: neither counting down nor late."""
    case = _case("P", ("received", "2024-03-01"))
    case.record("pause", "2024-03-05", clock="stage1_response", reason="awaiting consent")
    (entry,) = upcoming([case], "2024-06-01")
    assert (entry.status, entry.paused) == ("pending", True)


def test_upcoming_accepts_stored_records_as_well_as_cases() -> None:
    """What a store keeps gives the same queue as the cases."""
    cases = [_case("A", ("received", "2024-03-01")), _case("B", ("received", "2024-03-28"))]
    stored = [d for c in cases for d in open_deadlines(c)]
    assert upcoming(stored, "2024-04-10") == upcoming(cases, "2024-04-10")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"within": -1}, "within"),
        ({"statuses": ["met"]}, "statuses"),
    ],
)
def test_bad_arguments_are_refused_naming_them(kwargs: dict[str, object], message: str) -> None:
    """A negative within or a status a running clock cannot have."""
    with pytest.raises(InvalidArgumentError) as info:
        upcoming([], "2024-04-10", **kwargs)  # type: ignore[arg-type]
    assert info.value.argument == message


def test_a_clock_with_no_date_yet_is_pending_and_last() -> None:
    """Oxfordshire's local response before triage has no due date: pending, no days
    remaining, after every dated clock; a within bound leaves it out."""
    case = Case(load_ruleset("oxfordshire-adults"), "O-1")
    case.record("received", "2024-03-28")
    got = upcoming([case], "2024-04-02")
    assert (got[-1].clock, got[-1].due, got[-1].status, got[-1].days_remaining) == (
        "local_response",
        None,
        "pending",
        None,
    )
    dated = sorted(e.due for e in got if e.due)  # the delay notice has no due date either
    assert [e.due for e in got[: len(dated)]] == dated
    assert [e.clock for e in got[len(dated) :]] == ["delay_notice", "local_response"]
    assert "local_response" not in [e.clock for e in upcoming([case], "2024-04-02", within=400)]


OVERLAY = """\
format: statdeadline/rules@1
id: my-council
title: My council's Ombudsman enquiries
version: "1.0.0"
effective_from: 2014-08-01
extends: ombudsman-enquiries
clocks:
  enquiry_response:
    extension:
      before_due: requested_on
"""


def test_upcoming_agrees_with_case_deadlines_on_events_after_as_of(tmp_path: object) -> None:
    """An Ombudsman enquiry whose letter asks for a response by Monday 30 June 2025; more
    time (to 7 July) asked for on 27 June and recorded, once agreed, on 10 July (an
    overlay choosing ``before_due: requested_on``, which allows that). On 2 July the
    extension is not yet known: ``Case.deadlines`` says due 30 June, overdue (2 July is
    after it), and so must ``upcoming`` (days remaining 30 June - 2 July = -2). On 10
    July, with the extension known, both say due 7 July, overdue (-3)."""
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "my-council.yaml").write_text(OVERLAY)
    case = Case(load_ruleset("my-council", rules_dirs=[str(folder)]), "O-1")
    case.record("enquiry_received", "2025-06-02", respond_by="2025-06-30")
    case.record(
        "extension",
        "2025-07-10",
        clock="enquiry_response",
        until="2025-07-07",
        requested_on="2025-06-27",
        reason="more records to find",
        agreed_by_ombudsman="yes",
    )
    for as_of, want in [
        ("2025-07-02", (D(2025, 6, 30), "overdue", -2)),
        ("2025-07-10", (D(2025, 7, 7), "overdue", -3)),
    ]:
        (d,) = case.deadlines(as_of=as_of)
        (e,) = upcoming([case], as_of=as_of)
        assert ((d.due, d.status), (e.due, e.status, e.days_remaining)) == (want[:2], want)


def test_a_response_recorded_after_as_of_is_not_yet_known_to_the_queue() -> None:
    """Received Thursday 28 March 2024, Stage 1 response due 15 April (10 working days
    after Easter), answered 5 April. On 2 April the answer is not yet known: the Stage 1
    clock is still in the queue (due 15 April, 13 days away), not the Stage 2 window
    that the answer starts."""
    case = _case("C-1", ("received", "2024-03-28"), ("stage1_response", "2024-04-05"))
    got = [(e.clock, e.due, e.days_remaining) for e in upcoming([case], "2024-04-02")]
    assert got == [("stage1_response", D(2024, 4, 15), 13)]
    assert [e.clock for e in upcoming([case], "2024-04-05")] == ["stage2_request_window"]


def test_an_expired_window_is_left_out_unless_asked_for() -> None:
    """Stage 1 answered 5 April 2024 starts the complainant's window to ask for Stage 2,
    due 3 May 2024 (20 working days: 8-12, 15-19, 22-26 April, 29 April-3 May). By 1 July
    2025 it has expired: no work for the council, so not in the default queue; asked for
    by status it is there, 2024-05-03 - 2025-07-01 = -424 days."""
    case = _case("C-1", ("received", "2024-03-28"), ("stage1_response", "2024-04-05"))
    assert upcoming([case], "2025-07-01") == []
    got = [
        (e.clock, e.status, e.days_remaining)
        for e in upcoming([case], "2025-07-01", statuses=["expired"])
    ]
    assert got == [("stage2_request_window", "expired", -424)]
