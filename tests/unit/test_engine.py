"""statdeadline.engine: recording events, statuses, views, explanations and provenance.

Every expected date here was worked out by hand; the working is in each docstring. The
England and Wales bank holidays used: 2024-01-01, 2024-03-29 (Good Friday), 2024-04-01
(Easter Monday), 2024-05-06, 2024-05-27, 2024-08-26, 2024-12-25 and 2024-12-26.

June 2024 for reference: Sat 1, Mon 3, Mon 10, Mon 17, Mon 24; July: Mon 1, 8, 15, 22, 29.
The working-day count never counts its start ("day 0"), so N working days from a Monday
with no bank holiday in between is the Monday N/5 weeks later.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import statdeadline
from statdeadline import (
    Case,
    CaseError,
    Deadline,
    Deadlines,
    Event,
    RuleSet,
    TransitionNotAllowed,
    load_ruleset,
)

D = dt.date
CH = load_ruleset("england-children-2006")
AD = load_ruleset("england-adults-2009")
WA = load_ruleset("wales-social-services-2014")
OX = load_ruleset("oxfordshire-adults")

CH_STAGE1 = ("extension", "pause", "resume", "stage1_response", "stage2_requested", "withdrawn")
CH_CLOCKS = (
    "final_response, panel, panel_report, stage1_response, stage2_request_window, "
    "stage2_response, stage3_request_window"
)
CH_CITATION = (
    "Getting the Best from Complaints - statutory guidance for children's services "
    "complaints (DfES, 2006), Stage 1 (local resolution) - 10 working days, extendable to 20 "
    "[secondary]"
)


def snapshot(case: Case) -> tuple[Any, ...]:
    """Everything observable about a case, to compare before and after a refused event."""
    as_of = case.events[-1].date if case.events else D(2024, 1, 1)
    return (
        case.to_dict(),
        case.state,
        case.ruleset,
        case.warnings,
        case.allowed_events(),
        case.deadlines(as_of=as_of).to_dict(explain=True),
    )


def refused(case: Case, event: str, on: str, **fields: Any) -> TransitionNotAllowed:
    """Record ``event``, assert it raises TransitionNotAllowed, that the case is unchanged,
    and return the exception."""
    before = snapshot(case)
    with pytest.raises(TransitionNotAllowed) as info:
        case.record(event, on, **fields)
    assert snapshot(case) == before
    return info.value


def one(ds: Deadlines, clock: str) -> Deadline:
    """The single deadline of ``clock``."""
    (d,) = ds.by_clock(clock)
    return d


def children(*events: tuple[Any, ...], rs: RuleSet = CH, case_id: str | None = "C-1") -> Case:
    """A children's case received Monday 2024-06-03, then ``events`` as (id, date, fields)."""
    case = Case(rs, case_id)
    case.record("received", "2024-06-03")
    for event, on, *fields in events:
        case.record(event, on, **(fields[0] if fields else {}))
    return case


# ============================================================================ errors


def test_unknown_event_names_the_allowed_events() -> None:
    """An event the rule set does not define is refused with the events allowed now."""
    case = children()
    exc = refused(case, "appeal", "2024-06-04")
    assert str(exc) == (
        "unknown event 'appeal' for england-children-2006; allowed here: " + ", ".join(CH_STAGE1)
    )
    assert (exc.event, exc.state, exc.allowed, exc.field, exc.case_id) == (
        "appeal",
        "stage1",
        CH_STAGE1,
        None,
        "C-1",
    )


def test_event_not_allowed_in_the_current_state() -> None:
    """A known event the current state does not allow is refused, naming state and
    allowed events (STYLE.md's example message)."""
    case = children()
    exc = refused(case, "panel_held", "2024-06-04")
    assert str(exc) == (
        "cannot apply 'panel_held' in state 'stage1'; allowed: " + ", ".join(CH_STAGE1)
    )
    assert (exc.event, exc.state, exc.allowed, exc.field) == (
        "panel_held",
        "stage1",
        CH_STAGE1,
        None,
    )


def test_closed_case_allows_nothing() -> None:
    """A case in a final state refuses every event and says it is closed."""
    case = children(("withdrawn", "2024-06-04"))
    assert case.closed is True
    assert case.allowed_events() == ()
    exc = refused(case, "stage1_response", "2024-06-05")
    assert str(exc) == (
        "cannot apply 'stage1_response' in state 'withdrawn'; allowed: none (case is closed)"
    )
    assert (exc.state, exc.allowed) == ("withdrawn", ())


def test_event_dated_before_the_previous_one_is_refused() -> None:
    """Events are recorded in date order; the date check comes before the state check
    (order in the engine docstring), so a wrong-state event dated too early gets the date
    message."""
    case = children()
    exc = refused(case, "stage1_response", "2024-05-31")
    assert str(exc) == (
        "cannot record 'stage1_response' on 2024-05-31: it is before the previous event "
        "(received on 2024-06-03)"
    )
    assert (exc.event, exc.state, exc.allowed, exc.field) == (
        "stage1_response",
        "stage1",
        CH_STAGE1,
        None,
    )
    exc = refused(case, "panel_held", "2024-05-31")
    assert str(exc).startswith("cannot record 'panel_held' on 2024-05-31: it is before")


def test_event_on_the_same_day_as_the_previous_one_is_accepted() -> None:
    """Same-day events are in order (only an earlier date is refused)."""
    case = children(("stage1_response", "2024-06-03"))
    assert case.state == "stage1_responded"
    assert [e.date for e in case.events] == [D(2024, 6, 3), D(2024, 6, 3)]


def test_missing_required_field() -> None:
    """A pause needs a reason: refused naming the field."""
    exc = refused(children(), "pause", "2024-06-04")
    assert str(exc) == "pause: missing required field 'reason'"
    assert (exc.event, exc.field) == ("pause", "reason")


def test_unknown_field() -> None:
    """A field the event does not declare is refused, listing the declared ones (or
    'none')."""
    exc = refused(children(), "stage1_response", "2024-06-04", note="x")
    assert str(exc) == "stage1_response: unknown field 'note'; allowed: none"
    assert exc.field == "note"
    exc = refused(
        children(), "extension", "2024-06-04", clock="stage1_response", reason="r", days=3
    )
    assert str(exc) == (
        "extension: unknown field 'days'; allowed: agreed_with_complainant, clock, complainant_told, reason, until, "
        "working_days"
    )
    assert exc.field == "days"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"working_days": "five"},
            "working_days",
            "extension.working_days: expected an integer, got 'five'",
        ),
        (
            {"working_days": True},
            "working_days",
            "extension.working_days: expected an integer, got True",
        ),
        (
            {"working_days": 2.5},
            "working_days",
            "extension.working_days: expected an integer, got 2.5",
        ),
        ({"working_days": 0}, "working_days", "extension.working_days: must be >= 1, got 0"),
        (
            {"until": "2024-13-01"},
            "until",
            "extension.until: '2024-13-01' is not a date (month must be in 1..12)",
        ),
        (
            {"until": "01/07/2024"},
            "until",
            "extension.until: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got '01/07/2024'",
        ),
        (
            {"until": "2101-01-03"},
            "until",
            "extension.until: 2101-01-03 is outside the supported range 1990-01-01 .. 2100-12-31",
        ),
        (
            {"working_days": 3, "reason": 5},
            "reason",
            "extension.reason: expected non-empty text, got 5",
        ),
        (
            {"working_days": 3, "reason": "  "},
            "reason",
            "extension.reason: expected non-empty text, got '  '",
        ),
        (
            {"working_days": 3, "complainant_told": "maybe"},
            "complainant_told",
            "extension.complainant_told: expected true or false, got 'maybe'",
        ),
        (
            {"working_days": 3, "complainant_told": 1},
            "complainant_told",
            "extension.complainant_told: expected true or false, got 1",
        ),
        (
            {"working_days": 3, "clock": "stage9"},
            "clock",
            f"extension.clock: unknown clock 'stage9'; clocks: {CH_CLOCKS}",
        ),
        (
            {"working_days": 3, "clock": ["stage1_response"]},
            "clock",
            f"extension.clock: unknown clock ['stage1_response']; clocks: {CH_CLOCKS}",
        ),
    ],
)
def test_field_of_the_wrong_type(fields: dict[str, Any], field: str, message: str) -> None:
    """Each field type (int with minimum, date, text, bool, clock) refuses a bad value with
    the field named, and never with a bare TypeError (a list as a clock id used to)."""
    given = {"clock": "stage1_response", "reason": "complex", **fields}
    exc = refused(children(), "extension", "2024-06-04", **given)
    assert (str(exc), exc.field, exc.event, exc.state) == (message, field, "extension", "stage1")


def test_choice_field_outside_its_values() -> None:
    """A triage level must be one of the declared values, listed in file order."""
    case = Case(OX)
    case.record("received", "2024-06-03")
    exc = refused(case, "triaged", "2024-06-03", level="purple")
    assert str(exc) == "triaged.level: expected one of: green, yellow, amber, red; got 'purple'"
    assert exc.field == "level"


def test_date_field_outside_the_calendar_range_is_refused_up_front() -> None:
    """A date field outside 1990..2100 is refused before anything changes. It used to be
    recorded, then the time-limit check raised DateOutOfRangeError, leaving a half-recorded
    case in state 'stage1'."""
    case = Case(CH)
    exc = refused(case, "received", "2024-06-03", grounds_arose="1989-06-01")
    assert str(exc) == (
        "received.grounds_arose: 1989-06-01 is outside the supported range 1990-01-01 .. 2100-12-31"
    )
    assert (exc.field, exc.state, case.state, case.events) == ("grounds_arose", "new", "new", ())


def test_text_values_are_converted_for_int_and_bool_fields() -> None:
    """'5' is read as 5 and 'yes' as True (as a CSV import would give them); dates from
    ISO text. The stored Event holds the converted values."""
    case = children()
    ev = case.record(
        "extension",
        "2024-06-04",
        clock="stage1_response",
        working_days="5",
        reason="complex",
        complainant_told="yes",
        agreed_with_complainant=True,
    )
    assert ev == Event(
        "extension",
        D(2024, 6, 4),
        {
            "clock": "stage1_response",
            "working_days": 5,
            "reason": "complex",
            "complainant_told": True,
            "agreed_with_complainant": True,
        },
    )


def test_a_field_given_as_none_counts_as_absent() -> None:
    """``until=None`` is as if ``until`` were not given: exactly one of working_days and
    until is still satisfied by working_days."""
    case = children()
    ev = case.record(
        "extension",
        "2024-06-04",
        clock="stage1_response",
        working_days=2,
        until=None,
        reason="r",
        agreed_with_complainant=True,
    )
    assert dict(ev.fields) == {
        "clock": "stage1_response",
        "working_days": 2,
        "reason": "r",
        "agreed_with_complainant": True,
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"working_days": 3, "until": "2024-06-24"},
            "extension: needs exactly one of working_days, until; got working_days, until",
        ),
        ({}, "extension: needs exactly one of working_days, until; got none"),
    ],
)
def test_one_of_needs_exactly_one(fields: dict[str, Any], message: str) -> None:
    """An extension gives working_days or until, not both and not neither; the error names
    the group's first field."""
    exc = refused(
        children(), "extension", "2024-06-04", clock="stage1_response", reason="r", **fields
    )
    assert (str(exc), exc.field) == (message, "working_days")


def test_extension_up_to_the_cap_is_accepted_and_past_it_refused() -> None:
    """Stage 1 (children): 10 working days, at most 20 in all. Received Mon 2024-06-03:
    due 06-03 + 10 WD = Mon 06-17; cap 06-03 + 20 WD = Mon 07-01. +11 WD from 06-17 is Tue
    07-02 > cap: refused, naming the amount field; +10 WD lands on the cap: accepted.
    until 07-02 is refused the same way."""
    case = children()
    exc = refused(
        case,
        "extension",
        "2024-06-05",
        clock="stage1_response",
        working_days=11,
        reason="r",
        agreed_with_complainant=True,
    )
    assert str(exc) == (
        "extension: extending 'stage1_response' to 2024-07-02 goes past its cap "
        "(at most 20 working days in all, 2024-07-01)"
    )
    assert (exc.field, exc.state) == ("working_days", "stage1")
    exc = refused(
        case,
        "extension",
        "2024-06-05",
        clock="stage1_response",
        until="2024-07-02",
        reason="r",
        agreed_with_complainant=True,
    )
    assert exc.field == "until"
    assert str(exc).startswith("extension: extending 'stage1_response' to 2024-07-02 goes past")
    case.record(
        "extension",
        "2024-06-05",
        clock="stage1_response",
        working_days=10,
        reason="r",
        agreed_with_complainant=True,
    )
    assert one(case.deadlines(as_of="2024-06-05"), "stage1_response").due == D(2024, 7, 1)


def test_extension_after_the_due_date_refused_where_before_due() -> None:
    """Adults' six-month backstop may be extended only before it expires. Received Mon
    2024-01-15: six months beginning that day end Sun 2024-07-14 (the day before the
    corresponding date; not rolled). Extending on 07-15 is refused; on 07-14 itself it is
    accepted."""
    case = Case(AD, "A-1")
    case.record("received", "2024-01-15")
    agreed = {"reason": "more time", "agreed_with_complainant": True}
    exc = refused(
        case, "extension", "2024-07-15", clock="response_backstop", working_days=5, **agreed
    )
    assert str(exc) == (
        "extension: 'response_backstop' must be extended on or before its due date "
        "2024-07-14, got 2024-07-15"
    )
    assert (exc.field, exc.state, exc.allowed) == (
        None,
        "open",
        ("acknowledged", "delay_notice", "extension", "response", "withdrawn"),
    )
    case.record("extension", "2024-07-14", clock="response_backstop", working_days=5, **agreed)
    # Sun 07-14 + 5 WD = Mon 15 .. Fri 19
    assert one(case.deadlines(as_of="2024-07-14"), "response_backstop").due == D(2024, 7, 19)


def test_extension_requires_its_fields_to_be_true() -> None:
    """Adults' extension requires agreed_with_complainant: False is refused."""
    case = Case(AD)
    case.record("received", "2024-01-15")
    exc = refused(
        case,
        "extension",
        "2024-02-01",
        clock="response_backstop",
        working_days=5,
        reason="r",
        agreed_with_complainant=False,
    )
    assert str(exc) == ("extension: extending 'response_backstop' needs 'agreed_with_complainant'")
    assert exc.field == "agreed_with_complainant"


def test_extension_of_a_clock_not_running_or_not_extendable() -> None:
    """A clock not started, one no longer running (superseded) and one without an
    extension rule are refused, each naming the clock field."""
    case = children()
    exc = refused(
        case, "extension", "2024-06-04", clock="stage2_response", working_days=3, reason="r"
    )
    assert (str(exc), exc.field) == ("extension: clock 'stage2_response' has not started", "clock")
    case.record("stage2_requested", "2024-06-05")
    exc = refused(
        case,
        "extension",
        "2024-06-06",
        clock="stage1_response",
        working_days=3,
        reason="r",
        agreed_with_complainant=True,
    )
    assert str(exc) == "extension: clock 'stage1_response' is no longer running"
    adults = Case(AD)
    adults.record("received", "2024-01-15")
    exc = refused(
        adults,
        "extension",
        "2024-01-16",
        clock="acknowledgement",
        working_days=3,
        reason="r",
        agreed_with_complainant=True,
    )
    assert (str(exc), exc.field) == (
        "extension: clock 'acknowledgement' cannot be extended",
        "clock",
    )


def test_extension_of_an_untriaged_clock_is_refused() -> None:
    """Oxfordshire's local target has no due date before triage, so it cannot be extended."""
    case = Case(OX)
    case.record("received", "2024-06-03")
    exc = refused(
        case,
        "extension",
        "2024-06-04",
        clock="local_response",
        working_days=3,
        reason="r",
        agreed_with_complainant=True,
    )
    assert str(exc) == "extension: clock 'local_response' has no due date yet (not triaged)"
    assert exc.field == "clock"


def test_extension_until_must_be_a_later_working_day() -> None:
    """until must be after the current due date (Mon 2024-06-17) and, as Stage 1 counts
    working days, a working day: Sat 06-22 is refused rather than giving a Saturday
    deadline; Mon 06-24 is accepted."""
    case = children()
    exc = refused(
        case,
        "extension",
        "2024-06-04",
        clock="stage1_response",
        until="2024-06-17",
        reason="r",
        agreed_with_complainant=True,
    )
    assert (
        str(exc) == "extension.until: must be after the current due date 2024-06-17, got 2024-06-17"
    )
    assert exc.field == "until"
    exc = refused(
        case,
        "extension",
        "2024-06-04",
        clock="stage1_response",
        until="2024-06-22",
        reason="r",
        agreed_with_complainant=True,
    )
    assert str(exc) == (
        "extension.until: 'stage1_response' counts working days, so its due date must be a "
        "working day; got 2024-06-22 (Saturday)"
    )
    assert exc.field == "until"
    case.record(
        "extension",
        "2024-06-04",
        clock="stage1_response",
        until="2024-06-24",
        reason="r",
        agreed_with_complainant=True,
    )
    d = one(case.deadlines(as_of="2024-06-04"), "stage1_response")
    assert (d.due, d.extensions) == (
        D(2024, 6, 24),
        ({"on": "2024-06-04", "working_days": 5, "until": "2024-06-24", "reason": "r"},),
    )


def test_extension_until_a_weekend_is_allowed_on_a_calendar_clock() -> None:
    """The six-month backstop counts months, not working days, so an agreed date may be any
    day: until Sat 2024-08-31."""
    case = Case(AD)
    case.record("received", "2024-01-15")
    case.record(
        "extension",
        "2024-07-01",
        clock="response_backstop",
        until="2024-08-31",
        reason="r",
        agreed_with_complainant=True,
    )
    assert one(case.deadlines(as_of="2024-07-01"), "response_backstop").due == D(2024, 8, 31)


def test_extension_beyond_the_calendar_range_is_refused() -> None:
    """An extension whose result leaves the supported range is a refused event naming the
    amount field (not a bare DateOutOfRangeError). Wales' discussion clock has no cap:
    acknowledged Tue 2024-06-04, due + 10 WD = Tue 06-18."""
    case = Case(WA)
    case.record("received", "2024-06-03")
    case.record("acknowledged", "2024-06-04")
    exc = refused(
        case,
        "extension",
        "2024-06-05",
        clock="discussion",
        working_days=100_000,
        reason="r",
        agreed_with_complainant=True,
    )
    assert str(exc) == (
        "extension: cannot extend 'discussion': result: 2024-06-18 + 100000 working days is "
        "outside the supported range 1990-01-01 .. 2100-12-31"
    )
    assert exc.field == "working_days"


def test_pause_already_paused_or_after_due() -> None:
    """A named clock already paused is refused; with no clock named and every pausable
    clock paused, 'no running clock can be paused'. Stage 1 is due Mon 2024-06-17: a pause
    on Tue 06-18 is refused."""
    case = children(("pause", "2024-06-04", {"reason": "advocate", "clock": "stage1_response"}))
    exc = refused(case, "pause", "2024-06-05", reason="again", clock="stage1_response")
    assert (str(exc), exc.field) == ("pause: clock 'stage1_response' is already paused", "clock")
    exc = refused(case, "pause", "2024-06-05", reason="again")
    assert (str(exc), exc.field) == ("pause: no running clock can be paused", None)
    late = children()
    exc = refused(late, "pause", "2024-06-18", reason="late")
    assert str(exc) == (
        "pause: clock 'stage1_response' was due on 2024-06-17; a clock cannot be paused after "
        "its due date"
    )


def test_resume_when_nothing_is_paused() -> None:
    """Resume with nothing paused, or naming a clock that is not paused, is refused."""
    case = children()
    exc = refused(case, "resume", "2024-06-04")
    assert (str(exc), exc.field) == ("resume: no clock is paused", None)
    exc = refused(case, "resume", "2024-06-04", clock="stage1_response")
    assert (str(exc), exc.field) == ("resume: clock 'stage1_response' is not paused", "clock")
    exc = refused(case, "resume", "2024-06-04", clock="panel")
    assert (str(exc), exc.field) == ("resume: clock 'panel' has not started", "clock")


def test_third_review_is_refused() -> None:
    """Oxfordshire's internal review runs at most twice after the first response (a
    service manager's, then a deputy director's or director's: legal review O8); a third
    request is refused. The two reviews are labelled and numbered in order."""
    case = Case(OX, "O-1")
    case.record("received", "2024-06-03")
    case.record("triaged", "2024-06-03", level="green")
    case.record("response", "2024-06-10")
    for start, end in (("06-11", "06-20"), ("06-21", "07-01")):
        case.record("review_requested", f"2024-{start}")
        case.record("review_response", f"2024-{end}")
    exc = refused(case, "review_requested", "2024-07-02")
    assert str(exc) == "cannot start clock 'review_response' again: it may run at most 2 time(s)"
    assert (exc.event, exc.state, exc.allowed, exc.field) == (
        "review_requested",
        "responded",
        ("closed", "review_requested", "withdrawn"),
        None,
    )
    reviews = case.deadlines(as_of="2024-07-02").by_clock("review_response")
    assert [(d.instance, d.label, d.status) for d in reviews] == [
        (1, "Internal review response (service manager)", "met"),
        (2, "Internal review response (deputy director or director)", "met"),
    ]


def test_a_clock_runs_as_often_as_its_repeat() -> None:
    """Wales: acknowledgement starts the discussion clock, which runs once (repeat 1), so a
    second acknowledgement is refused."""
    case = Case(WA)
    case.record("received", "2024-06-03")
    case.record("acknowledged", "2024-06-04")
    exc = refused(case, "acknowledged", "2024-06-05")
    assert str(exc) == "cannot start clock 'discussion' again: it may run at most 1 time(s)"


def test_no_version_in_force_is_a_case_error_and_changes_nothing() -> None:
    """England adults' regulations are in force from 2009-04-01; a receipt the day before
    has no version."""
    case = Case(AD, "A-0")
    with pytest.raises(CaseError) as info:
        case.record("received", "2009-03-31")
    assert str(info.value) == (
        "england-adults-2009 1.2.0 is in force from 2009-04-01; no version covers a case "
        "received on 2009-03-31"
    )
    assert (info.value.case_id, info.value.state) == ("A-0", "new")
    assert (case.state, case.events, case.ruleset) == ("new", (), AD)


# ============================================================================ statuses


@pytest.mark.parametrize(
    ("as_of", "status", "taken"),
    [
        ("2024-06-10", "pending", 5),  # 5 WD left (11..14, 17) > 3
        ("2024-06-11", "pending", 6),  # 4 left: 12, 13, 14, 17
        ("2024-06-12", "due_soon", 7),  # 3 left: 13, 14, 17
        ("2024-06-17", "due_soon", 10),  # due today: 0 left
        ("2024-06-18", "overdue", 11),
    ],
)
def test_running_clock_status_by_as_of(as_of: str, status: str, taken: int) -> None:
    """Stage 1 received Mon 2024-06-03 is due Mon 06-17. due_soon when at most 3 working
    days (the rule set's due_soon_working_days) remain in (as_of, due]; overdue the day
    after. working_days_taken counts (start, as_of]."""
    d = one(children().deadlines(as_of=as_of), "stage1_response")
    assert (d.due, d.status, d.working_days_taken, d.met_on) == (
        D(2024, 6, 17),
        status,
        taken,
        None,
    )
    assert d.days_late == (1 if status == "overdue" else 0)


def test_met_and_met_late() -> None:
    """Met on the due date (Mon 2024-06-17) is met; two working days after (Wed 06-19) is
    met_late with days_late 2. Both show the meeting event."""
    d = one(
        children(("stage1_response", "2024-06-17")).deadlines(as_of="2024-07-01"), "stage1_response"
    )
    assert (d.status, d.met_on, d.met_by, d.ended_by, d.working_days_taken, d.days_late) == (
        "met",
        D(2024, 6, 17),
        "stage1_response",
        "stage1_response",
        10,
        0,
    )
    d = one(
        children(("stage1_response", "2024-06-19")).deadlines(as_of="2024-07-01"), "stage1_response"
    )
    assert (d.status, d.met_on, d.working_days_taken, d.days_late) == (
        "met_late",
        D(2024, 6, 19),
        12,
        2,
    )


def test_complainant_window_expires() -> None:
    """The window to ask for Stage 2 starts with the Stage 1 response (Mon 2024-06-17):
    20 WD -> Mon 07-15. Unused, it is 'expired' on 07-16 (not the council's failure)."""
    case = children(("stage1_response", "2024-06-17"))
    d = one(case.deadlines(as_of="2024-07-15"), "stage2_request_window")
    assert (d.start, d.due, d.status, d.kind) == (
        D(2024, 6, 17),
        D(2024, 7, 15),
        "due_soon",
        "complainant_window",
    )
    d = one(case.deadlines(as_of="2024-07-16"), "stage2_request_window")
    assert (d.status, d.days_late) == ("expired", 0)


def test_withdrawn_before_the_due_date_cancels_after_it_is_overdue() -> None:
    """Withdrawal on Mon 2024-06-10 (before the Stage 1 due date 06-17) cancels the clock;
    on Thu 06-20 it leaves it overdue by 3 working days (18, 19, 20), counted to the
    withdrawal however late the as_of."""
    d = one(children(("withdrawn", "2024-06-10")).deadlines(as_of="2024-07-01"), "stage1_response")
    assert (d.status, d.ended_by, d.met_by, d.working_days_taken, d.days_late) == (
        "cancelled",
        "withdrawn",
        None,
        5,
        0,
    )
    d = one(children(("withdrawn", "2024-06-20")).deadlines(as_of="2024-07-01"), "stage1_response")
    assert (d.status, d.ended_by, d.working_days_taken, d.days_late) == (
        "overdue",
        "withdrawn",
        13,
        3,
    )


def test_superseded_by_a_later_stage() -> None:
    """Going straight to Stage 2 on Mon 2024-06-10 supersedes Stage 1 (due 06-17) and
    starts Stage 2: 25 WD from 06-10 -> Mon 07-15."""
    case = children(("stage2_requested", "2024-06-10"))
    ds = case.deadlines(as_of="2024-06-10")
    d = one(ds, "stage1_response")
    assert (d.status, d.ended_by, d.working_days_taken, d.days_late) == (
        "superseded",
        "stage2_requested",
        5,
        0,
    )
    d = one(ds, "stage2_response")
    assert (d.start, d.due, d.status) == (D(2024, 6, 10), D(2024, 7, 15), "pending")


def test_superseded_after_its_due_date_is_overdue() -> None:
    """Decision (engine docstring): a Stage 1 response already late when the complaint
    moved to Stage 2 is a late Stage 1 response. Stage 2 asked for on Wed 2024-06-19,
    Stage 1 due Mon 06-17: overdue by 2 working days (18, 19), counted to the request."""
    case = children(("stage2_requested", "2024-06-19"))
    d = one(case.deadlines(as_of="2024-07-01"), "stage1_response")
    assert (d.status, d.ended_by, d.days_late) == ("overdue", "stage2_requested", 2)


class TestDelayNotice:
    """England adults: the written explanation of a delay is a duty that arises only if the
    response misses the (possibly extended) backstop: owed from the next day, with no due
    date of its own, done once sent (never late). Received Mon 2024-01-15: the six months
    beginning that day end Sun 2024-07-14 (not rolled)."""

    @staticmethod
    def case(*events: tuple[str, str]) -> Case:
        case = Case(AD, "A-2")
        case.record("received", "2024-01-15")
        for event, on in events:
            case.record(event, on)
        return case

    def test_cancelled_when_the_response_meets_the_backstop(self) -> None:
        """Response on Mon 2024-06-03 (before 07-14): backstop met, delay notice cancelled
        (it has no due date, so it comes last)."""
        ds = self.case(("response", "2024-06-03")).deadlines(as_of="2024-08-01")
        assert [(d.clock, d.due, d.status) for d in ds] == [
            ("acknowledgement", D(2024, 1, 18), "overdue"),
            ("response_backstop", D(2024, 7, 14), "met"),
            ("delay_notice", None, "cancelled"),
        ]

    def test_pending_before_the_backstop(self) -> None:
        """On Mon 2024-07-01 nothing has happened: the notice is pending, with no due date
        (it would be owed from Mon 07-15)."""
        d = one(self.case().deadlines(as_of="2024-07-01"), "delay_notice")
        assert (d.due, d.status) == (None, "pending")

    def test_owed_when_neither_happened_by_the_backstop(self) -> None:
        """On Mon 2024-07-15 there is neither a response nor a notice: the backstop is
        overdue by one working day (Sunday 14 -> Monday 15) and the notice owed from that
        day, not late. The acknowledgement (due Thu 01-18) is 123 WD
        late: Thu 01-18 to Thu 07-18 is 26 weeks = 130 weekdays, less 4 bank holidays (29 Mar,
        1 Apr, 6 May, 27 May) = 126, less (07-15, 07-18] = 3."""
        ds = self.case().deadlines(as_of="2024-07-15")
        assert [(d.clock, d.status, d.days_late) for d in ds] == [
            ("acknowledgement", "overdue", 123),
            ("response_backstop", "overdue", 1),
            ("delay_notice", "owed", 0),
        ]

    def test_late_response_without_a_notice(self) -> None:
        """Response on Fri 2024-07-19, no notice: the backstop is met late (5 WD: 15..19)
        and the notice is still owed (the response does not do it), never late."""
        ds = self.case(("response", "2024-07-19")).deadlines(as_of="2024-07-19")
        assert (one(ds, "response_backstop").status, one(ds, "response_backstop").days_late) == (
            "met_late",
            5,
        )
        assert (one(ds, "delay_notice").status, one(ds, "delay_notice").days_late) == (
            "owed",
            0,
        )

    def test_notice_sent_in_time(self) -> None:
        """Notice on Fri 2024-07-12 (before the duty arose), response on 07-19: the
        backstop is met late, so the notice was owed, and it is done."""
        ds = self.case(("delay_notice", "2024-07-12"), ("response", "2024-07-19")).deadlines(
            as_of="2024-07-19"
        )
        assert (one(ds, "delay_notice").status, one(ds, "delay_notice").met_on) == (
            "done",
            D(2024, 7, 12),
        )
        assert one(ds, "response_backstop").status == "met_late"

    def test_follows_an_extended_backstop(self) -> None:
        """Backstop extended until Fri 2024-08-30 on 07-01; a response on 08-30 meets it and
        the notice is cancelled; withdrawal on Mon 09-02 without a response leaves the
        backstop overdue by one working day and the notice owed (from Sat 08-31)."""
        agreed = {"reason": "r", "agreed_with_complainant": True}
        case = self.case()
        case.record(
            "extension", "2024-07-01", clock="response_backstop", until="2024-08-30", **agreed
        )
        met = Case.from_dict(AD, case.to_dict())
        met.record("response", "2024-08-30")
        ds = met.deadlines(as_of="2024-09-30")
        assert (one(ds, "delay_notice").due, one(ds, "delay_notice").status) == (
            None,
            "cancelled",
        )
        case.record("withdrawn", "2024-09-02")
        ds = case.deadlines(as_of="2024-09-30")
        assert [(d.clock, d.status, d.days_late) for d in ds][1:] == [
            ("response_backstop", "overdue", 1),
            ("delay_notice", "owed", 0),
        ]


def test_paused_clock_is_pending_whatever_the_day() -> None:
    """A clock paused on its due date (Mon 2024-06-17) is pending while paused, also on a
    weekend: it used to show 'overdue' on Sat 06-22 (due shown as the last working day
    before as_of, Fri 06-21) and 'due_soon' on weekdays."""
    case = children(("pause", "2024-06-17", {"reason": "complainant unwell"}))
    for as_of, due in (("2024-06-17", D(2024, 6, 17)), ("2024-06-22", D(2024, 6, 21))):
        d = one(case.deadlines(as_of=as_of), "stage1_response")
        assert (d.status, d.paused, d.due) == ("pending", True, due)


def test_pause_and_resume_move_the_due_date_by_the_working_days_paused() -> None:
    """Paused Fri 2024-06-07, resumed Wed 06-12: working days in (06-07, 06-12] are 10, 11,
    12 = 3, so the due date moves from Mon 06-17 to Thu 06-20 (6 WD after 06-12: pending).
    While still paused on Tue 06-11 it is moved by the 2 days so far (10, 11): Wed 06-19."""
    case = children(("pause", "2024-06-07", {"reason": "advocate"}))
    d = one(case.deadlines(as_of="2024-06-11"), "stage1_response")
    assert (d.due, d.paused, d.pauses) == (
        D(2024, 6, 19),
        True,
        (
            {
                "from": "2024-06-07",
                "to": "2024-06-11",
                "days": 2,
                "unit": "working_days",
                "reason": "advocate",
                "open": True,
            },
        ),
    )
    case.record("resume", "2024-06-12")
    d = one(case.deadlines(as_of="2024-06-12"), "stage1_response")
    assert (d.due, d.paused, d.status, d.pauses[0]["days"], d.pauses[0]["open"]) == (
        D(2024, 6, 20),
        False,
        "pending",
        3,
        False,
    )


def test_meeting_a_paused_clock_ends_the_pause() -> None:
    """Paused Fri 2024-06-07 and answered Wed 06-12 without a resume: the pause counts to
    the answer (3 WD), so the due date is Thu 06-20 and the answer is on time."""
    case = children(("pause", "2024-06-07", {"reason": "r"}), ("stage1_response", "2024-06-12"))
    d = one(case.deadlines(as_of="2024-07-01"), "stage1_response")
    assert (d.due, d.status, d.paused) == (D(2024, 6, 20), "met", False)


# ============================================================================ as_of views


def test_as_of_ignores_later_events() -> None:
    """Deadlines at an earlier date are what was known then: the Stage 1 response of
    06-19 and the extension of 06-20 are ignored on 06-18, and the state is that day's."""
    case = children(
        ("stage1_response", "2024-06-19"),
        ("withdrawn", "2024-06-20"),
    )
    early = case.deadlines(as_of="2024-06-18")
    assert (early.state, [(d.clock, d.status) for d in early]) == (
        "stage1",
        [("stage1_response", "overdue")],
    )
    late = case.deadlines(as_of="2024-06-20")
    assert (late.state, [(d.clock, d.status) for d in late]) == (
        "withdrawn",
        [("stage1_response", "met_late"), ("stage2_request_window", "cancelled")],
    )
    assert case.deadlines(as_of="2024-06-02").state == "new"
    assert list(case.deadlines(as_of="2024-06-02")) == []


def test_as_of_ignores_later_warnings() -> None:
    """A warning given by an event after as_of is not known at as_of."""
    case = Case(CH)
    case.record("received", "2024-06-03", grounds_arose="2023-06-02")
    assert len(case.deadlines(as_of="2024-06-03").warnings) == 1
    assert case.deadlines(as_of="2024-06-02").warnings == ()


def test_deadlines_default_to_today() -> None:
    """Without as_of, deadlines are as of today's date."""
    ds = children().deadlines()
    assert ds.meta.as_of == dt.date.today()
    assert one(ds, "stage1_response").as_of == dt.date.today()


# ============================================================================ explanations

EXPLAINED = f"""\
Stage 1 response (stage1_response, statutory): {CH_CITATION}
  start: received on 2024-03-28 (Thursday); day 0 under convention day_0
  count 10 working days from 2024-03-28 -> 2024-04-15
      skipped: 2024-03-29 Good Friday, 2024-03-30 Saturday, 2024-03-31 Sunday, \
2024-04-01 Easter Monday, 2024-04-06 Saturday, 2024-04-07 Sunday, 2024-04-13 Saturday, \
2024-04-14 Sunday
  extension on 2024-04-10: +5 working days -> 2024-04-22; reason: complex
      skipped: 2024-04-20 Saturday, 2024-04-21 Sunday
  paused 2024-04-12, resumed 2024-04-17: 3 working day(s) added -> 2024-04-25; reason: advocate
  due 2024-04-25: pending"""


def explained_case() -> Case:
    """Received Thu 2024-03-28: 10 WD skip Good Friday, Easter Monday and the weekends:
    Tue 04-02 is day 1, Mon 04-15 day 10. Extended on 04-10 by 5 WD: Mon 04-22 (skips
    20-21 April). Paused Fri 04-12, resumed Wed 04-17: (12, 17] holds 15, 16, 17 = 3 WD:
    Thu 04-25 (no weekend between 22 and 25)."""
    case = Case(CH, "C-3")
    case.record("received", "2024-03-28")
    case.record(
        "extension",
        "2024-04-10",
        clock="stage1_response",
        working_days=5,
        reason="complex",
        agreed_with_complainant=True,
    )
    case.record("pause", "2024-04-12", reason="advocate")
    case.record("resume", "2024-04-17")
    return case


def test_explanation_text() -> None:
    """The explanation names the clock and its citation, the start and convention, the
    count, each extension and pause with its reason, every non-working day skipped, and
    the result (worked in explained_case)."""
    d = one(explained_case().deadlines(as_of="2024-04-17"), "stage1_response")
    assert str(d.explanation) == EXPLAINED


def test_explanation_of_a_met_clock_names_the_meeting_event() -> None:
    """The result line of a met clock says which event met it and when."""
    case = explained_case()
    case.record("stage1_response", "2024-04-24")
    d = one(case.deadlines(as_of="2024-04-24"), "stage1_response")
    assert d.explanation.result == "due 2024-04-25: met (stage1_response on 2024-04-24)"


def test_explanation_of_an_open_pause() -> None:
    """Still paused on Tue 04-16: (12, 16] holds 15 and 16, so 2 WD so far -> Wed 04-24."""
    case = explained_case()
    d = one(case.deadlines(as_of="2024-04-16"), "stage1_response")
    assert d.explanation.steps[-1].text == (
        "paused 2024-04-12, still paused at 2024-04-16: 2 working day(s) added -> 2024-04-24; "
        "reason: advocate"
    )
    assert d.explanation.result == "due 2024-04-24: pending"


def test_explanation_handed_out_does_not_change_with_later_events() -> None:
    """Explanations are built on demand; one handed out before later events are recorded
    still explains the deadline it came with (not the case as it now is)."""
    case = explained_case()
    d = one(case.deadlines(as_of="2024-04-30"), "stage1_response")
    case.record(
        "extension",
        "2024-04-18",
        clock="stage1_response",
        working_days=2,
        reason="more",
        agreed_with_complainant=True,
    )
    case.record("stage1_response", "2024-04-29")
    assert (
        str(d.explanation).replace("\n  due 2024-04-25: overdue", "\n  due 2024-04-25: pending")
        == EXPLAINED
    )
    assert d.explanation.result == "due 2024-04-25: overdue"
    now = one(case.deadlines(as_of="2024-04-30"), "stage1_response")
    assert now.explanation.result == "due 2024-04-29: met (stage1_response on 2024-04-29)"


def test_explanation_to_dict_lists_skipped_days() -> None:
    """The JSON form of the explanation has every step with its dates and skipped days."""
    d = one(explained_case().deadlines(as_of="2024-04-17"), "stage1_response")
    data = d.explanation.to_dict()
    assert [s["kind"] for s in data["steps"]] == ["start", "count", "extend", "pause"]
    assert data["steps"][2] == {
        "kind": "extend",
        "on": "2024-04-10",
        "text": "extension on 2024-04-10: +5 working days -> 2024-04-22; reason: complex",
        "from": "2024-04-15",
        "to": "2024-04-22",
        "skipped": [
            {"date": "2024-04-20", "reason": "Saturday"},
            {"date": "2024-04-21", "reason": "Sunday"},
        ],
    }
    assert data["result"] == "due 2024-04-25: pending"


# ============================================================================ provenance


def test_provenance_meta() -> None:
    """Each result carries what is needed to reproduce it: library version (from package
    metadata), rule-set id, version and layers, division, conventions, both calendar
    fingerprints (the same when there are no local days), as_of and case id."""
    ds = children().deadlines(as_of="2024-06-10")
    assert ds.meta.to_dict() == {
        "library_version": importlib.metadata.version("statdeadline"),
        "ruleset_id": "england-children-2006",
        "ruleset_version": "1.3.0",
        "ruleset_layers": ["england-children-2006"],
        "division": "england-and-wales",
        "conventions": {
            "receipt": "day_0",
            "retriage": "from_original_start",
            "receipt_cutoff": "none",
            "received_on": "raised_on",
        },
        "calendar_fingerprint": CH.calendar.fingerprint,
        "local_calendar_fingerprint": CH.calendar.fingerprint,
        "as_of": "2024-06-10",
        "case_id": "C-1",
    }
    assert ds.meta.library_version == statdeadline.__version__
    assert len(ds.meta.calendar_fingerprint) == 64
    assert one(ds, "stage1_response").calendar_fingerprint == CH.calendar.fingerprint


def test_provenance_of_an_overlay_and_council_choices() -> None:
    """An overlay lists its layers; conventions and division chosen at load time show in
    the meta, and the united-kingdom calendar has another fingerprint."""
    rs = load_ruleset(
        "oxfordshire-adults",
        conventions={"retriage": "from_change", "receipt_cutoff": "16:00"},
        division="united-kingdom",
    )
    case = Case(rs)
    case.record("received", "2024-06-03")
    meta = case.deadlines(as_of="2024-06-03").meta
    assert (meta.ruleset_id, meta.ruleset_layers, meta.division) == (
        "oxfordshire-adults",
        ("england-adults-2009", "oxfordshire-adults"),
        "united-kingdom",
    )
    assert meta.conventions == {
        "receipt": "day_0",
        "retriage": "from_change",
        "receipt_cutoff": "16:00",
        "received_on": "raised_on",
    }
    assert meta.calendar_fingerprint == rs.calendar.fingerprint != OX.calendar.fingerprint


# ============================================================================ conventions


@pytest.mark.parametrize(
    ("receipt", "start", "due", "note"),
    [
        ("day_0", D(2024, 6, 1), D(2024, 6, 14), "day 0 under convention day_0"),
        (
            "non_working_deemed_next",
            D(2024, 6, 3),
            D(2024, 6, 17),
            "received on a non-working day, deemed received 2024-06-03 "
            "(convention non_working_deemed_next)",
        ),
        (
            "deemed_next_working_day",
            D(2024, 6, 3),
            D(2024, 6, 17),
            "deemed received on the next working day, 2024-06-03 "
            "(convention deemed_next_working_day)",
        ),
    ],
)
def test_receipt_convention_on_a_saturday(
    receipt: str, start: dt.date, due: dt.date, note: str
) -> None:
    """Received Sat 2024-06-01. day_0: Saturday is day 0, Mon 06-03 day 1, so 10 WD is Fri
    06-14. Both other conventions deem it received Mon 06-03: 10 WD -> Mon 06-17."""
    rs = load_ruleset("england-children-2006", conventions={"receipt": receipt})
    case = Case(rs)
    case.record("received", "2024-06-01")
    d = one(case.deadlines(as_of="2024-06-03"), "stage1_response")
    assert (d.start, d.due) == (start, due)
    assert d.explanation.steps[0].text == f"start: received on 2024-06-01 (Saturday); {note}"


@pytest.mark.parametrize(
    ("receipt", "due"),
    [
        ("day_0", D(2024, 6, 17)),
        ("non_working_deemed_next", D(2024, 6, 17)),
        ("deemed_next_working_day", D(2024, 6, 18)),
    ],
)
def test_receipt_convention_on_a_monday(receipt: str, due: dt.date) -> None:
    """Received Mon 2024-06-03: only deemed_next_working_day moves a working-day receipt
    (to Tue 06-04, so 10 WD -> Tue 06-18)."""
    rs = load_ruleset("england-children-2006", conventions={"receipt": receipt})
    case = Case(rs)
    case.record("received", "2024-06-03")
    assert one(case.deadlines(as_of="2024-06-03"), "stage1_response").due == due


def test_extension_on_the_receipt_day_counts_when_the_start_is_deemed_later() -> None:
    """deemed_next_working_day: received Mon 2024-06-03, start Tue 06-04, due 06-18. An
    extension of 5 WD recorded on 06-03 moves it to Tue 06-25 (it used to be dropped
    silently because it was dated before the deemed start)."""
    rs = load_ruleset("england-children-2006", conventions={"receipt": "deemed_next_working_day"})
    case = Case(rs)
    case.record("received", "2024-06-03")
    case.record(
        "extension",
        "2024-06-03",
        clock="stage1_response",
        working_days=5,
        reason="r",
        agreed_with_complainant=True,
    )
    d = one(case.deadlines(as_of="2024-06-03"), "stage1_response")
    assert (d.start, d.due, len(d.extensions)) == (D(2024, 6, 4), D(2024, 6, 25), 1)


@pytest.mark.parametrize(
    ("time", "start", "due"),
    [
        (None, D(2024, 6, 7), D(2024, 6, 21)),
        ("16:59", D(2024, 6, 7), D(2024, 6, 21)),
        ("17:00", D(2024, 6, 7), D(2024, 6, 21)),
        ("17:01", D(2024, 6, 10), D(2024, 6, 24)),
    ],
)
def test_receipt_cutoff(time: str | None, start: dt.date, due: dt.date) -> None:
    """Cut-off 17:00: a receipt on Fri 2024-06-07 *after* 17:00 is deemed received on Mon
    06-10 (10 WD -> Mon 06-24); at 17:00 exactly, before it, or with no time given it is
    received that Friday (10 WD -> Fri 06-21). Decision: 17:00 is not after 17:00 (it used
    to count as after)."""
    rs = load_ruleset("england-children-2006", conventions={"receipt_cutoff": "17:00"})
    case = Case(rs)
    case.record("received", "2024-06-07", time=time)
    d = one(case.deadlines(as_of="2024-06-07"), "stage1_response")
    assert (d.start, d.due) == (start, due)
    if time == "17:01":
        assert d.explanation.steps[0].text == (
            "start: received on 2024-06-07 (Friday); after the 17:00 cut-off, deemed received "
            "2024-06-10; day 0 under convention day_0"
        )


def test_bad_time_of_day() -> None:
    """A time must be 'HH:MM' (24-hour); the error names the event's time."""
    with pytest.raises(statdeadline.TransitionNotAllowed) as info:
        Case(CH).record("received", "2024-06-07", time="5pm")
    assert str(info.value) == "received.time: expected a time of day 'HH:MM' (24-hour), got '5pm'"


class TestTriage:
    """Oxfordshire's RAG target, received and triaged green on Mon 2024-06-03: 10 WD ->
    Mon 06-17. Red is 20 WD; yellow aims for 2 WD, targets 45 and never exceeds 65."""

    @staticmethod
    def case(retriage: str = "from_original_start") -> Case:
        rs = load_ruleset("oxfordshire-adults", conventions={"retriage": retriage})
        case = Case(rs)
        case.record("received", "2024-06-03")
        case.record("triaged", "2024-06-03", level="green")
        return case

    def test_first_triage_sets_the_target(self) -> None:
        """Green: 10 WD from 06-03 -> 06-17; the level is reported."""
        d = one(self.case().deadlines(as_of="2024-06-03"), "local_response")
        assert (d.level, d.due, d.aim, d.maximum) == ("green", D(2024, 6, 17), None, None)

    def test_untriaged_clock_is_pending_with_no_due_date(self) -> None:
        """Before triage the local target has no due date and is pending."""
        case = Case(OX)
        case.record("received", "2024-06-03")
        d = one(case.deadlines(as_of="2024-12-31"), "local_response")
        assert (d.due, d.status, d.level) == (None, "pending", None)

    def test_yellow_aim_target_and_maximum(self) -> None:
        """Yellow from 06-03: aim 2 WD -> Wed 06-05; target 45 WD = 9 weeks -> Mon 08-05 (no
        bank holiday before it); maximum 65 WD = 13 weeks -> Mon 09-02, plus one for the
        26 Aug bank holiday -> Tue 09-03. The maximum caps extensions."""
        case = Case(OX)
        case.record("received", "2024-06-03")
        case.record("triaged", "2024-06-03", level="yellow")
        d = one(case.deadlines(as_of="2024-06-03"), "local_response")
        assert (d.aim, d.due, d.maximum) == (D(2024, 6, 5), D(2024, 8, 5), D(2024, 9, 3))
        agreed = {"reason": "r", "agreed_with_complainant": True}
        exc = refused(
            case, "extension", "2024-06-04", clock="local_response", until="2024-09-04", **agreed
        )
        assert str(exc) == (
            "extension: extending 'local_response' to 2024-09-04 goes past its cap "
            "(maximum 65 working days for yellow, 2024-09-03)"
        )
        case.record("extension", "2024-06-04", clock="local_response", until="2024-09-03", **agreed)

    def test_retriage_from_original_start(self) -> None:
        """Re-triaged red on Mon 06-10: 20 WD from the original start 06-03 -> Mon 07-01;
        an extension of 2 WD recorded before the change still applies -> Wed 07-03."""
        case = self.case()
        case.record(
            "extension",
            "2024-06-05",
            clock="local_response",
            working_days=2,
            reason="r",
            agreed_with_complainant=True,
        )
        case.record("triaged", "2024-06-10", level="red")
        d = one(case.deadlines(as_of="2024-06-10"), "local_response")
        assert (d.level, d.due, len(d.extensions)) == ("red", D(2024, 7, 3), 1)

    def test_retriage_from_change(self) -> None:
        """from_change: red counts 20 WD from the change on 06-10 -> Mon 07-08, and the
        extension recorded before the change is dropped; one recorded after it (+1 WD on
        the same day) applies -> Tue 07-09."""
        case = self.case("from_change")
        agreed = {"reason": "r", "agreed_with_complainant": True}
        case.record("extension", "2024-06-05", clock="local_response", working_days=2, **agreed)
        case.record("triaged", "2024-06-10", level="red")
        d = one(case.deadlines(as_of="2024-06-10"), "local_response")
        assert (d.level, d.due, d.extensions) == ("red", D(2024, 7, 8), ())
        case.record("extension", "2024-06-10", clock="local_response", working_days=1, **agreed)
        d = one(case.deadlines(as_of="2024-06-10"), "local_response")
        assert (d.due, len(d.extensions)) == (D(2024, 7, 9), 1)
        assert d.explanation.steps[1].kind == "retriage"

    @pytest.mark.parametrize(
        ("retriage", "counted_from", "taken"),
        [("from_change", D(2024, 6, 10), 10), ("from_original_start", D(2024, 6, 3), 15)],
    )
    def test_days_taken_count_from_where_the_due_date_does(
        self, retriage: str, counted_from: dt.date, taken: int
    ) -> None:
        """Re-triaged red on Mon 06-10, answered Mon 06-24. from_change counts the due
        date from the change, and so the days taken: Jun 11-14 (4), 17-21 (9), 24 (10);
        from_original_start counts both from 06-03: Jun 4-7 (4), 10-14 (9), 17-21 (14),
        24 (15)."""
        case = self.case(retriage)
        case.record("triaged", "2024-06-10", level="red")
        case.record("response", "2024-06-24")
        d = one(case.deadlines(as_of="2024-06-30"), "local_response")
        assert (d.counted_from, d.working_days_taken) == (counted_from, taken)


# ============================================================================ local calendars

OVERLAY = """\
format: statdeadline/rules@1
id: test-closure
title: Test overlay with a council closure day
version: "1.0.0"
effective_from: 2006-09-01
extends: england-children-2006
sources:
  local-procedure:
    title: Local procedure
calendar:
  non_working:
    - {date: 2024-06-05, reason: Council closure day}
events:
  local_ack:
    label: Local acknowledgement sent
transitions:
  - {event: local_ack, from: stage1}
clocks:
  local_ack:
    label: Local acknowledgement
    kind: local_target
    start: received
    met_by: local_ack
    duration: {working_days: 5}
    citation: {source: local-procedure, ref: para 1, confidence: local}
"""


@pytest.fixture
def overlay(tmp_path: Path) -> RuleSet:
    """A local overlay of the children's rules with one closure day (Wed 2024-06-05) and a
    5-working-day local target that cannot be paused."""
    path = tmp_path / "test-closure.yaml"
    path.write_text(OVERLAY, encoding="utf-8")
    return load_ruleset(path)


def test_closure_days_apply_to_local_clocks_only(overlay: RuleSet) -> None:
    """Received Mon 2024-06-03. The local target skips the closure day: 4, 6, 7, 10, 11 ->
    Tue 06-11 (06-10 without it). The statutory Stage 1 clock ignores it: Mon 06-17. Each
    deadline names its calendar's fingerprint; the meta has both."""
    case = Case(overlay)
    case.record("received", "2024-06-03")
    ds = case.deadlines(as_of="2024-06-03")
    local, statutory = one(ds, "local_ack"), one(ds, "stage1_response")
    assert (local.due, statutory.due) == (D(2024, 6, 11), D(2024, 6, 17))
    assert local.calendar_fingerprint == overlay.local_calendar.fingerprint
    assert statutory.calendar_fingerprint == overlay.calendar.fingerprint == CH.calendar.fingerprint
    assert ds.meta.local_calendar_fingerprint != ds.meta.calendar_fingerprint
    assert local.explanation.skipped[1] == (
        statdeadline.NonWorkingDay(D(2024, 6, 5), "Council closure day"),
        statdeadline.NonWorkingDay(D(2024, 6, 8), "Saturday"),
        statdeadline.NonWorkingDay(D(2024, 6, 9), "Sunday"),
    )


def test_pause_of_a_clock_that_cannot_be_paused(overlay: RuleSet) -> None:
    """Naming a running clock that is not pausable is refused; unnamed pauses reach only
    pausable clocks (Stage 1 here)."""
    case = Case(overlay)
    case.record("received", "2024-06-03")
    exc = refused(case, "pause", "2024-06-04", reason="r", clock="local_ack")
    assert (str(exc), exc.field) == ("pause: clock 'local_ack' cannot be paused", "clock")
    case.record("pause", "2024-06-04", reason="r")
    ds = case.deadlines(as_of="2024-06-04")
    assert (one(ds, "stage1_response").paused, one(ds, "local_ack").paused) == (True, False)


# ============================================================================ serialising


def test_to_dict_and_json_round_trip() -> None:
    """to_dict is plain JSON data (dates as ISO text, times as HH:MM, fields inline);
    from_dict replays it into an equal case with equal deadlines."""
    rs = load_ruleset("england-children-2006", conventions={"receipt_cutoff": "17:00"})
    case = Case(rs, "C-7")
    case.record("received", "2024-06-07", time="17:30", grounds_arose="2024-05-01")
    case.record(
        "extension",
        "2024-06-10",
        clock="stage1_response",
        working_days=3,
        reason="complex",
        complainant_told=True,
        agreed_with_complainant=True,
    )
    data = case.to_dict()
    assert data == {
        "case_id": "C-7",
        "ruleset": "england-children-2006",
        "ruleset_version": "1.3.0",
        "events": [
            {
                "event": "received",
                "date": "2024-06-07",
                "time": "17:30",
                "grounds_arose": "2024-05-01",
            },
            {
                "event": "extension",
                "date": "2024-06-10",
                "clock": "stage1_response",
                "working_days": 3,
                "reason": "complex",
                "complainant_told": True,
                "agreed_with_complainant": True,
            },
        ],
    }
    again = Case.from_dict(rs, json.loads(json.dumps(data)))
    assert again == case
    assert again.events == case.events
    assert again.deadlines(as_of="2024-06-10") == case.deadlines(as_of="2024-06-10")
    assert one(again.deadlines(as_of="2024-06-10"), "stage1_response").due == D(2024, 6, 27)


def test_deadlines_to_dict_with_explanations_is_json() -> None:
    """Deadlines.to_dict(explain=True) survives json.dumps and keeps every deadline, the
    meta, the state and the warnings."""
    case = Case(AD, "A-9")
    case.record("received", "2024-06-03", grounds_arose="2023-01-01")
    case.record(
        "extension",
        "2024-06-04",
        clock="response_backstop",
        working_days=3,
        reason="r",
        agreed_with_complainant=True,
    )
    data = json.loads(json.dumps(case.deadlines(as_of="2024-06-04").to_dict(explain=True)))
    assert data["state"] == "open"
    assert [d["clock"] for d in data["deadlines"]] == [
        "acknowledgement",
        "response_backstop",
        "delay_notice",  # no due date of its own: last
    ]
    assert all("explanation" in d for d in data["deadlines"])
    assert data["warnings"][0]["message"] == (
        "received more than 12 months after the matter (or its coming to the complainant's "
        "notice); the council may still consider it if there is good reason and it can still "
        "be investigated effectively and fairly (grounds_arose 2023-01-01; limit 2024-01-01)"
    )


def test_constructor_with_events() -> None:
    """Case(events=[...]) records each mapping in turn, as record() would."""
    events = [
        {"event": "received", "date": "2024-06-03"},
        {"event": "stage1_response", "date": "2024-06-14"},
    ]
    built = Case(CH, "C-8", events=events)
    by_hand = Case(CH, "C-8")
    by_hand.record("received", "2024-06-03")
    by_hand.record("stage1_response", "2024-06-14")
    assert built == by_hand
    assert built.state == "stage1_responded"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: Case(CH, "C", events=[{"date": "2024-06-03"}]),
            "events[0]: expected a mapping with 'event' and 'date', got {'date': '2024-06-03'}",
        ),
        (
            lambda: Case.from_dict(CH, {"ruleset": "england-adults-2009", "events": []}),
            "ruleset: the case data is for rule set 'england-adults-2009', not "
            "'england-children-2006'",
        ),
        (
            lambda: Case.from_dict(CH, ["received"]),  # type: ignore[arg-type]
            "case data: expected a mapping with case_id, ruleset, ruleset_version and events, "
            "got list",
        ),
        (
            lambda: Case.from_dict(CH, {"ruleset": CH.id, "events": "received"}),
            "events: expected a list, got str",
        ),
    ],
)
def test_bad_case_data(make: Callable[[], Case], message: str) -> None:
    """Case data that cannot be used raises CaseError saying what was expected."""
    with pytest.raises(CaseError) as info:
        make()
    assert str(info.value) == message


def test_ruleset_argument_is_checked() -> None:
    """Case() needs a RuleSet, not an id."""
    with pytest.raises(statdeadline.InvalidArgumentError) as info:
        Case("england-children-2006")  # type: ignore[arg-type]
    assert str(info.value) == (
        "ruleset: expected a RuleSet from load_ruleset(), got 'england-children-2006'"
    )


def test_inspection() -> None:
    """state, events, closed, warnings and repr describe the case."""
    case = Case(CH, "C-4")
    assert (case.state, case.events, case.closed, repr(case)) == (
        "new",
        (),
        False,
        "<Case 'C-4' england-children-2006 state=new events=0>",
    )
    case.record("received", "2024-06-03", grounds_arose="2023-06-03")
    assert case.warnings == ()  # limit 2024-06-03: received on the last day
    assert repr(case) == "<Case 'C-4' england-children-2006 state=stage1 events=1>"


def test_time_limit_warning() -> None:
    """Received 2024-06-03 on grounds of 2023-06-02: 12 months from then is 2024-06-02,
    so the complaint is a day late: a warning (not an error) with the check's citation."""
    case = Case(CH)
    case.record("received", "2024-06-03", grounds_arose="2023-06-02")
    (w,) = case.warnings
    assert (w.check, w.event, w.on) == ("time_limit", "received", D(2024, 6, 3))
    assert w.message == (
        "received more than 1 year after the grounds arose; the council may still consider it "
        "if it can do so effectively and fairly and it was unreasonable to expect the complaint "
        "earlier (grounds_arose 2023-06-02; limit 2024-06-02)"
    )
    assert w.citation.ref == "time limit - one year, with discretion"


# ============================================================================ versions


@pytest.fixture
def versions(tmp_path: Path) -> Path:
    """Two versions of one rule set in a folder: 'kids' 1.0.0 (Stage 1: 10 WD) to
    2019-12-31 and 2.0.0 (Stage 1: 15 WD, cap 30) from 2020-01-01."""
    src = re.sub(
        r'(?m)^version: ".*"$',
        'version: "1.0.0"',
        Path(CH.path or "")
        .read_text(encoding="utf-8")
        .replace("id: england-children-2006", "id: kids"),
    )
    v1 = src.replace("effective_to: null", "effective_to: 2019-12-31")
    v2 = (
        src.replace('version: "1.0.0"', 'version: "2.0.0"')
        .replace("effective_from: 2006-09-01", "effective_from: 2020-01-01")
        .replace("duration: {working_days: 10}", "duration: {working_days: 15}", 1)
        .replace("max_total: {working_days: 20}", "max_total: {working_days: 30}", 1)
    )
    (tmp_path / "kids@1.yaml").write_text(v1, encoding="utf-8")
    (tmp_path / "kids@2.yaml").write_text(v2, encoding="utf-8")
    return tmp_path


def test_the_receipt_date_chooses_the_version(versions: Path) -> None:
    """Loaded as 2.0.0, a case received Mon 2019-06-03 runs under 1.0.0 (10 WD -> Mon
    06-17) and one received Mon 2020-06-01 under 2.0.0 (15 WD -> Mon 06-22)."""
    rs = load_ruleset(versions / "kids@2.yaml")
    old, new = Case(rs), Case(rs)
    old.record("received", "2019-06-03")
    new.record("received", "2020-06-01")
    assert (old.ruleset.version, one(old.deadlines(as_of="2019-06-03"), "stage1_response").due) == (
        "1.0.0",
        D(2019, 6, 17),
    )
    assert (new.ruleset.version, one(new.deadlines(as_of="2020-06-01"), "stage1_response").due) == (
        "2.0.0",
        D(2020, 6, 22),
    )
    assert old.deadlines(as_of="2019-06-03").meta.ruleset_version == "1.0.0"


def test_council_choices_carry_over_to_the_version_chosen(versions: Path) -> None:
    """A convention chosen at load time applies under the older version too: received Sat
    2019-06-01 with non_working_deemed_next starts Mon 06-03 (it used to fall back to
    the file's day_0)."""
    rs = load_ruleset(versions / "kids@2.yaml", conventions={"receipt": "non_working_deemed_next"})
    case = Case(rs)
    case.record("received", "2019-06-01")
    ds = case.deadlines(as_of="2019-06-03")
    assert (case.ruleset.version, ds.meta.conventions["receipt"]) == (
        "1.0.0",
        "non_working_deemed_next",
    )
    assert (one(ds, "stage1_response").start, one(ds, "stage1_response").due) == (
        D(2019, 6, 3),
        D(2019, 6, 17),
    )


def test_a_refused_first_event_chooses_no_version(versions: Path) -> None:
    """A first event refused (not allowed in 'new') leaves the case on the rule set it was
    given (it used to switch to the version in force on that date)."""
    rs = load_ruleset(versions / "kids@2.yaml")
    case = Case(rs)
    exc = refused(case, "stage1_response", "2019-06-03")
    assert str(exc) == "cannot apply 'stage1_response' in state 'new'; allowed: received, withdrawn"
    assert case.ruleset is rs


def test_a_first_event_the_version_in_force_lacks_is_refused(versions: Path) -> None:
    """An event known to the version loaded but not to the older version in force on its
    day is refused with the version named, and the case stays on the rule set it was
    given (it raised a KeyError)."""
    v2 = versions / "kids@2.yaml"
    v2.write_text(
        v2.read_text(encoding="utf-8")
        .replace(
            "transitions:\n",
            "transitions:\n  - {event: triage_note, from: new}\n",
        )
        .replace("events:\n", "events:\n  triage_note:\n    label: Note made on receipt\n", 1),
        encoding="utf-8",
    )
    rs = load_ruleset(v2)
    case = Case(rs)
    exc = refused(case, "triage_note", "2019-06-03")
    assert str(exc) == (
        "unknown event 'triage_note' for kids 1.0.0; allowed here: received, withdrawn"
    )
    assert case.ruleset is rs


def test_a_renamed_copy_of_a_bundled_file_keeps_its_own_rules(tmp_path: Path) -> None:
    """A council's edited copy of a bundled rule set, saved under another name, is the
    version its cases run under: the first event must not swap it for the bundled file
    of the same id (it did: Stage 1 came out 10 working days, not the copy's 12). Received
    Mon 2024-06-03: 12 working days -> Wed 06-19."""
    src = Path(CH.path or "").read_text(encoding="utf-8")
    edited = src.replace("duration: {working_days: 10}", "duration: {working_days: 12}", 1)
    assert edited != src
    path = tmp_path / "my-council.yaml"
    path.write_text(edited, encoding="utf-8")
    case = Case(load_ruleset(path))
    case.record("received", "2024-06-03")
    assert case.ruleset.path == str(path.resolve())
    assert one(case.deadlines("2024-06-03"), "stage1_response").due == D(2024, 6, 19)


# ============================================================================ horizon


ROLLED_OVERLAY = """\
format: statdeadline/rules@1
id: test-rolled
title: Test overlay with a rolled month count
version: "1.0.0"
effective_from: 2009-04-01
extends: england-adults-2009
sources:
  local-procedure:
    title: Local procedure
clocks:
  rolled_backstop:
    label: Response within six months, rolled to a working day
    kind: local_target
    start: received
    met_by: response
    duration: {months: 6, end: commencing, roll: next}
    citation: {source: local-procedure, ref: para 2, confidence: local}
"""


def test_every_deadlines_call_past_the_horizon_warns(tmp_path: Path) -> None:
    """Month counts are remembered per clock run, but not past the calendar's horizon
    (default: next year), so a due date resting on unproclaimed bank holidays warns on every
    deadlines() call. Received 1 October next year: six months beginning that day end 31
    March the year after, rolled to a working day, which needs that year's holidays. The
    response on 1 November is within the horizon, so only the count itself can warn."""
    path = tmp_path / "test-rolled.yaml"
    path.write_text(ROLLED_OVERLAY, encoding="utf-8")
    year = dt.date.today().year + 1
    case = Case(load_ruleset(path))
    case.record("received", D(year, 10, 1))
    case.record("response", D(year, 11, 1))
    for _ in range(2):
        with pytest.warns(statdeadline.HorizonWarning):
            ds = case.deadlines(as_of=D(year, 11, 1))
        d = one(ds, "rolled_backstop")
        assert (d.status, d.due.year if d.due else None) == ("met", year + 1)


def test_receipt_conventions_apply_only_to_receipt_events() -> None:
    """Under deemed_next_working_day, the complaint (a receipt) is deemed received the next
    working day, but the complainant's window opened by the council's own Stage 1 response
    (not a receipt) counts from the response's day.

    Received Mon 2024-01-08, deemed Tue 01-09: 10 WD -> Tue 01-23. Response Wed 01-17 is
    day 0 of the window: 20 WD -> Wed 2024-02-14 (no bank holidays in between)."""
    rs = load_ruleset("england-children-2006", conventions={"receipt": "deemed_next_working_day"})
    case = Case(rs)
    case.record("received", "2024-01-08")
    case.record("stage1_response", "2024-01-17")
    got = {d.clock: (d.start.isoformat(), d.due.isoformat()) for d in case.deadlines("2024-01-17")}
    assert got == {
        "stage1_response": ("2024-01-09", "2024-01-23"),
        "stage2_request_window": ("2024-01-17", "2024-02-14"),
    }


def test_verdicts_are_the_deadlines_in_light_form() -> None:
    """Case.verdicts gives, in the same order, each deadline's values (extensions and
    pauses as counts) without building explanations or provenance."""
    rs = load_ruleset("england-children-2006")
    case = Case(rs, "V-1")
    case.record("received", "2024-03-28")
    case.record(
        "extension",
        "2024-04-10",
        clock="stage1_response",
        working_days=10,
        reason="complex",
        agreed_with_complainant=True,
    )
    case.record("stage1_response", "2024-04-22")
    as_of = dt.date(2024, 6, 3)
    expected = [
        (
            d.clock,
            d.instance,
            d.kind,
            d.level,
            d.start,
            d.due,
            d.met_on,
            d.status,
            d.working_days_taken,
            d.days_late,
            len(d.extensions),
            len(d.pauses),
            d.ended_on,
            d.counted_from,
        )
        for d in case.deadlines(as_of)
    ]
    assert [tuple(v) for v in case.verdicts(as_of)] == expected
    assert [v.status for v in case.verdicts(as_of)] == ["met", "expired"]


# ============================================================================ counting once


CALENDAR_DAY_CLOCKS = """\
format: statdeadline/rules@1
id: test-calendar-day-pauses
title: Two pausable 28-calendar-day clocks, one of them set by triage
version: "1.0.0"
effective_from: 2009-04-01
extends: england-adults-2009
sources:
  local-procedure:
    title: Local procedure
events:
  triaged:
    label: Triaged
    effect: triage
    fields:
      level: {type: choice, required: true, values: [standard]}
  paused:
    label: Paused
    effect: pause
  resumed:
    label: Resumed
    effect: resume
transitions:
  - {event: triaged, from: open}
  - {event: paused, from: open}
  - {event: resumed, from: open}
clocks:
  plain:
    label: Plain 28 calendar days
    kind: local_target
    start: received
    met_by: response
    duration: {calendar_days: 28}
    pausable: true
    citation: {source: local-procedure, ref: para 1, confidence: local}
  triaged_clock:
    label: Triaged 28 calendar days
    kind: local_target
    start: received
    met_by: response
    pausable: true
    triage:
      event: triaged
      field: level
      levels:
        standard: {target: {calendar_days: 28}}
    citation: {source: local-procedure, ref: para 2, confidence: local}
"""


def test_a_pause_adds_calendar_days_to_every_calendar_day_clock(tmp_path: Path) -> None:
    """Whether a clock counts working days is one fact, the unit of the duration that set
    its due date, so a clock set by triage to 28 calendar days is paused like any other
    28-calendar-day clock (it used to get working days added).

    Received Wed 2024-06-05: 28 calendar days -> Wed 07-03. Paused Mon 06-10, resumed Thu
    06-20: 10 calendar days in (06-10, 06-20], so both are due Sat 2024-07-13 (the 8
    working days in that span put the triaged clock on Mon 07-15 before)."""
    path = tmp_path / "test-calendar-day-pauses.yaml"
    path.write_text(CALENDAR_DAY_CLOCKS, encoding="utf-8")
    case = Case(load_ruleset(path))
    case.record("received", "2024-06-05")
    case.record("triaged", "2024-06-06", level="standard")
    case.record("paused", "2024-06-10")
    case.record("resumed", "2024-06-20")
    ds = case.deadlines(as_of="2024-06-21")
    due = {d.clock: d.due for d in ds if d.clock in ("plain", "triaged_clock")}
    assert due == {"plain": D(2024, 7, 13), "triaged_clock": D(2024, 7, 13)}
    pauses = {d.clock: d.pauses for d in ds if d.clock in ("plain", "triaged_clock")}
    assert pauses["plain"] == pauses["triaged_clock"]
    assert pauses["plain"][0]["unit"] == "calendar_days" and pauses["plain"][0]["days"] == 10


def test_two_hundred_pauses_cost_one_step_each() -> None:
    """Recording a pause folds it into the schedule the run keeps: after 100 pause/resume
    pairs of one day each, the Stage 2 due date has moved on by exactly 100 working days,
    and the run kept every pause (the count, not the time, is asserted)."""
    case = children(("stage1_response", "2024-06-10"), ("stage2_requested", "2024-06-11"))
    base = one(case.deadlines("2024-06-11"), "stage2_response").due
    assert base is not None
    day = D(2024, 6, 12)
    for _ in range(100):
        case.record("pause", day, reason="advocate")
        day = CH.calendar.next_working_day(day, include_self=False)
        case.record("resume", day)
    d = one(case.deadlines(day), "stage2_response")
    assert len(d.pauses) == 100
    assert d.due == CH.calendar.add_working_days(base, 100)


def test_a_dated_check_window_is_the_one_in_force_when_the_event_happens(
    tmp_path: Path,
) -> None:
    """A check's window is read on the day of the event checked (the complaint's receipt),
    not on the day in its field: grounds that arose before the window's first date must
    not make the check fail. Here the adults' 12-month time limit is 12 months from
    2009-04-01 and 6 months from 2024-01-01: a complaint received 2024-09-02 about grounds
    of 2024-01-15 is past the 6-month limit (2024-07-15) and warns; one about grounds of
    2008-01-01 (before the first date) is read with the 6-month window too."""
    src = Path(load_ruleset("england-adults-2009").path or "").read_text(encoding="utf-8")
    dated = src.replace(
        "within: {months: 12, end: corresponding}",
        "within: {months: {2009-04-01: 12, 2024-01-01: 6}, end: corresponding}",
    )
    assert dated != src
    path = tmp_path / "england-adults-2009.yaml"
    path.write_text(dated, encoding="utf-8")
    rs = load_ruleset(path)
    case = Case(rs)
    case.record("received", "2024-09-02", grounds_arose="2024-01-15")
    assert [w.check for w in case.warnings] == ["time_limit"]
    assert "limit 2024-07-15" in case.warnings[0].message
    old = Case(rs)
    old.record("received", "2024-09-02", grounds_arose="2008-01-01")
    assert "limit 2008-07-01" in old.warnings[0].message


# ============================================================================ review fixes

FINAL_START_OVERLAY = """\
format: statdeadline/rules@1
id: test-final-start
title: An event that closes the case and starts a clock
version: "1.0.0"
effective_from: 2009-04-01
extends: england-adults-2009
sources:
  local-procedure:
    title: Local procedure
events:
  decided:
    label: Decided and closed
transitions:
  - {event: decided, from: open, to: closed}
clocks:
  ombudsman_window:
    label: Window to go to the Ombudsman
    kind: complainant_window
    start: decided
    met_by: response
    duration: {working_days: 20}
    citation: {source: local-procedure, ref: para 3, confidence: local}
"""


def test_a_clock_started_by_the_event_that_closes_the_case_ends_with_it(tmp_path: Path) -> None:
    """The order of operations: clocks an event starts, then the state transition, then,
    if the state is final, every clock still running ends, the new ones too. A clock
    started by the closing event is cancelled by it (day 0, before its due date), not left
    running (it was left open: 'expired' by August, 38 working days taken)."""
    path = tmp_path / "test-final-start.yaml"
    path.write_text(FINAL_START_OVERLAY, encoding="utf-8")
    case = Case(load_ruleset(path))
    case.record("received", "2024-06-03")
    case.record("decided", "2024-06-10")
    assert case.closed
    d = one(case.deadlines("2024-08-01"), "ombudsman_window")
    assert (d.status, d.ended_by, d.working_days_taken) == ("cancelled", "decided", 0)


def test_recording_a_resume_does_no_arithmetic(recwarn: pytest.WarningsRecorder) -> None:
    """A resume past the bank-holiday horizon warns when deadlines are asked for, never
    when it is recorded (the engine folded it into the kept schedule at once, so a
    HorizonWarning made an error left the case half-updated). The horizon of
    england-children-2006 is 2027."""
    case = Case(CH)
    case.record("received", "2027-12-01")
    case.record("pause", "2027-12-03", reason="advocate")
    case.deadlines("2027-12-03")  # the schedule is kept, with the pause open
    case.record("resume", "2028-01-20")
    assert [w for w in recwarn if issubclass(w.category, statdeadline.HorizonWarning)] == []
    with pytest.warns(statdeadline.HorizonWarning):
        d = one(case.deadlines("2028-01-20"), "stage1_response")
    assert (d.paused, len(d.pauses)) == (False, 1)


def test_results_share_nothing_mutable_with_the_engine() -> None:
    """Extensions and pauses handed out are read-only, and their JSON form is a copy: a
    caller editing either cannot change a later result (the dicts were shared)."""
    case = children(
        (
            "extension",
            "2024-06-04",
            {
                "clock": "stage1_response",
                "working_days": 2,
                "reason": "complex",
                "agreed_with_complainant": True,
            },
        ),
        ("pause", "2024-06-05", {"reason": "advocate"}),
        ("resume", "2024-06-07"),
    )
    d = one(case.deadlines("2024-06-10"), "stage1_response")
    with pytest.raises(TypeError):
        d.extensions[0]["reason"] = "EDITED"  # type: ignore[index]
    out = d.to_dict()
    out["extensions"][0]["reason"] = "EDITED"
    out["pauses"][0]["days"] = 99
    again = one(case.deadlines("2024-06-10"), "stage1_response")
    assert (again.extensions[0]["reason"], again.pauses[0]["days"]) == ("complex", 2)
