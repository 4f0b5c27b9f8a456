"""statdeadline.engine: the start shapes, restarts, pauses counting both ends, extensions in
months and the late roll of calendar clocks (issue #11).

Every expected date was worked out by hand; the working is in each docstring. Bank
holidays used (England and Wales unless said): 2024-03-29 Good Friday, 2024-04-01 Easter
Monday, 2024-05-06, 2024-05-27; 2024-07-12 (Northern Ireland only; counted by FOI's
union calendar). June 2024: Mon 3, 10, 17, 24; July: Mon 1, 8, 15, 22, 29.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from statdeadline import (
    Case,
    RuleSetError,
    TransitionNotAllowed,
    WorkingDayCalendar,
    load_ruleset,
    validate_file,
)

D = dt.date

#: A small rule set for the start shapes: ``b`` also starts ``reply``, the first one
#: recorded winning; ``answer`` counts from ``ack`` capped by the ``ack`` clock.
MINI = textwrap.dedent(
    """\
    format: statdeadline/rules@1
    id: mini
    title: Mini
    version: "1"
    effective_from: 2020-01-01
    sources: {s: {title: S}}
    calendar: {division: england-and-wales, authoritative_until: 2027}
    conventions:
      start_cap: {value: actual, alternatives: [earlier_of_deadline]}
    events:
      received: {label: R, receipt: true}
      a: {label: A}
      b: {label: B}
      ack: {label: Ack}
      answer: {label: Answer}
      again: {label: Again, effect: restart, fields: {clock: {type: clock}}}
      closed: {label: Closed}
    states:
      new: {label: New, initial: true}
      open: {label: Open}
      closed: {label: Closed, final: true}
    transitions:
      - {event: received, from: new, to: open}
      - {event: a, from: open}
      - {event: b, from: open}
      - {event: ack, from: open}
      - {event: answer, from: open}
      - {event: again, from: open}
      - {event: closed, from: open, to: closed}
    clocks:
      reply:
        label: Reply
        kind: statutory
        start: a
        start_also: [b]
        met_by: answer
        duration: {working_days: 5}
        citation: {source: s, ref: r, confidence: primary}
      ack:
        label: Ack
        kind: statutory
        start: received
        met_by: ack
        duration: {working_days: 5}
        citation: {source: s, ref: r, confidence: primary}
      answer:
        label: Answer
        kind: statutory
        start: ack
        start_capped_by: ack
        met_by: answer
        restartable: true
        duration: {working_days: 10}
        citation: {source: s, ref: r, confidence: primary}
    """
)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


def _due(case: Case, clock: str, as_of: str) -> dt.date | None:
    (d,) = (d for d in case.deadlines(as_of) if d.clock == clock)
    return d.due


# ----------------------------------------------------------------------- start shapes


def test_start_also_the_first_event_starts_the_clock(mini: Path) -> None:
    """``b`` recorded first starts ``reply``; a later ``a`` changes nothing (no error, no
    second run). From Mon 3 Jun 2024, 5 working days -> Mon 10 Jun."""
    case = Case(load_ruleset(mini))
    case.record("received", "2024-06-01")
    case.record("b", "2024-06-03")
    case.record("a", "2024-06-05")
    replies = [d for d in case.deadlines("2024-06-05") if d.clock == "reply"]
    assert [(d.start, d.due, d.instance) for d in replies] == [(D(2024, 6, 3), D(2024, 6, 10), 1)]


def test_start_capped_actual_by_default(mini: Path) -> None:
    """Under ``start_cap: actual`` a late acknowledgement is the start: received Mon 3 Jun
    2024, ack due Mon 10 Jun, sent Wed 12 Jun -> the answer is due 10 working days after
    12 Jun, Wed 26 Jun."""
    case = Case(load_ruleset(mini))
    case.record("received", "2024-06-03")
    case.record("ack", "2024-06-12")
    assert _due(case, "answer", "2024-06-12") == D(2024, 6, 26)


def test_start_capped_at_the_capping_clocks_due_date(mini: Path) -> None:
    """Under ``earlier_of_deadline`` the answer counts from the ack's due date, Mon 10 Jun:
    10 working days -> Mon 24 Jun; the explanation says why."""
    case = Case(load_ruleset(mini, conventions={"start_cap": "earlier_of_deadline"}))
    case.record("received", "2024-06-03")
    case.record("ack", "2024-06-12")
    (d,) = (d for d in case.deadlines("2024-06-12") if d.clock == "answer")
    assert (d.start, d.due) == (D(2024, 6, 10), D(2024, 6, 24))
    assert "capped at ack's due date, 2024-06-10 (convention start_cap: earlier_of_deadline)" in (
        d.explanation.steps[0].text
    )


def test_start_cap_never_delays_an_early_start(mini: Path) -> None:
    """An acknowledgement before its due date is the start whatever the convention: ack on
    Tue 4 Jun -> answer due Tue 18 Jun."""
    case = Case(load_ruleset(mini, conventions={"start_cap": "earlier_of_deadline"}))
    case.record("received", "2024-06-03")
    case.record("ack", "2024-06-04")
    assert _due(case, "answer", "2024-06-04") == D(2024, 6, 18)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("start_capped_by: ack", "start_capped_by: nope", "unknown clock 'nope'"),
        ("start_capped_by: ack", "start_capped_by: answer", "a clock cannot cap its own start"),
        ("start_also: [b]", "start_also: [zz]", "unknown event 'zz'"),
        (
            "  again: {label: Again, effect: restart, fields: {clock: {type: clock}}}\n",
            "  again: {label: Again, fields: {clock: {type: clock}}}\n",
            "no event has effect 'restart'",
        ),
    ],
)
def test_start_and_restart_references_are_checked(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    """A capping clock, an extra start event and a restartable clock must all exist."""
    assert old in MINI
    path = tmp_path / "mini.yaml"
    path.write_text(MINI.replace(old, new), encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        validate_file(path)
    assert message in str(info.value)


# ----------------------------------------------------------------------- restart


def test_restart_counts_again_from_its_day(mini: Path) -> None:
    """A restart on Fri 14 Jun counts the answer's 10 working days from it: Fri 28 Jun."""
    case = Case(load_ruleset(mini))
    case.record("received", "2024-06-03")
    case.record("ack", "2024-06-04")
    case.record("again", "2024-06-14")
    (d,) = (d for d in case.deadlines("2024-06-14") if d.clock == "answer")
    assert d.due == D(2024, 6, 28)
    assert [s.kind for s in d.explanation.steps][:3] == ["start", "restart", "count"]


def test_restart_of_a_clock_that_cannot_restart_is_refused(mini: Path) -> None:
    """Naming a running clock that is not restartable is refused, with the clock named."""
    case = Case(load_ruleset(mini))
    case.record("received", "2024-06-03")
    with pytest.raises(TransitionNotAllowed) as info:
        case.record("again", "2024-06-04", clock="ack")
    assert str(info.value) == "again: clock 'ack' cannot be restarted"


def test_restart_with_nothing_to_restart_is_refused(mini: Path) -> None:
    """With no restartable clock running the restart is refused."""
    case = Case(load_ruleset(mini))
    case.record("received", "2024-06-03")
    with pytest.raises(TransitionNotAllowed) as info:
        case.record("again", "2024-06-04")
    assert str(info.value) == "again: no running clock can be restarted"


def test_restart_ends_a_pause_and_drops_earlier_extensions() -> None:
    """FOI: received Mon 3 Jun 2024, extended by 10 (due Mon 15 Jul), clarification asked
    Tue 4 Jun (paused) and received Mon 10 Jun: the count starts again from 10 Jun without
    the extension or the pause: 11-14 (4), 17-21 (9), 24-28 (14), 1-5 Jul (19), Mon 8 Jul
    (20)."""
    case = Case(load_ruleset("foi-2000"))
    case.record("received", "2024-06-03")
    case.record(
        "extension",
        "2024-06-03",
        clock="response",
        working_days=10,
        reason="pit",
        refusal_notice_given=True,
    )
    case.record("clarification_requested", "2024-06-04")
    assert case.deadlines("2024-06-05")[0].paused
    case.record("clarification_received", "2024-06-10")
    d = case.deadlines("2024-06-10")[0]
    assert (d.due, d.paused, d.extensions, d.pauses) == (D(2024, 7, 8), False, (), ())


# ----------------------------------------------------------------------- pauses


@pytest.mark.parametrize(
    ("rule", "resume", "due"),
    [
        ("both_ends", "2024-06-12", D(2024, 7, 4)),  # 10, 11, 12 Jun: 3
        ("both_ends", "2024-06-10", D(2024, 7, 2)),  # the same day: 1
        ("after_pause", "2024-06-12", D(2024, 7, 3)),  # 11, 12 Jun: 2
        ("after_pause", "2024-06-10", D(2024, 7, 1)),  # the same day: 0
    ],
)
def test_pause_days_working_day_clock(tmp_path: Path, rule: str, resume: str, due: dt.date) -> None:
    """FOI's response (due Mon 1 Jul 2024 from Mon 3 Jun) paused on Mon 10 Jun: under
    ``both_ends`` the pause day and the resume day are both taken out; under
    ``after_pause`` only the days after the pause day."""
    text = Path("rules/foi-2000.yaml").read_text(encoding="utf-8")
    text = text.replace("    value: both_ends\n", f"    value: {rule}\n")
    path = tmp_path / "foi-2000.yaml"
    path.write_text(text, encoding="utf-8")
    case = Case(load_ruleset(path))
    case.record("received", "2024-06-03")
    case.record("fees_notice", "2024-06-10")
    case.record("fee_received", resume)
    assert case.deadlines(resume)[0].due == due


def test_pause_both_ends_is_reported() -> None:
    """The pause as reported says both ends were taken out."""
    case = Case(load_ruleset("foi-2000"))
    case.record("received", "2024-06-03")
    case.record("fees_notice", "2024-06-10")
    case.record("fee_received", "2024-06-12")
    (pause,) = case.deadlines("2024-06-12")[0].pauses
    assert dict(pause) == {
        "from": "2024-06-10",
        "to": "2024-06-12",
        "days": 3,
        "unit": "working_days",
        "reason": None,
        "open": False,
        "both_ends": True,
    }


def test_calendar_pause_is_added_before_the_roll() -> None:
    """SAR received Thu 30 Apr 2026: one month -> Sat 30 May, rolled to Mon 1 Jun. A pause
    of Mon 4 to Tue 5 May (2 days, both ends) moves the unrolled Sat 30 May to Mon 1 Jun,
    a working day; added after the roll it would give Wed 3 Jun. No roll step: the end
    needed none."""
    case = Case(load_ruleset("uk-gdpr-sar"))
    case.record("received", "2026-04-30")
    assert case.deadlines("2026-04-30")[0].due == D(2026, 6, 1)
    case.record("information_requested", "2026-05-04")
    case.record("information_received", "2026-05-05")
    d = case.deadlines("2026-05-05")[0]
    assert d.due == D(2026, 6, 1)
    assert [s.kind for s in d.explanation.steps] == ["start", "count", "pause"]


def test_months_extensions_count_from_the_start() -> None:
    """SAR (the 2021 version) received Fri 31 May 2024 and extended by one month: two
    months from 31 May -> Wed 31 Jul. Received Sun 30 Jun and extended by two: three months
    -> Mon 30 Sep. Received Sat 31 Aug 2024, one month -> Mon 30 Sep; unextended, the end
    needs no roll; received Mon 30 Sep 2024 -> Wed 30 Oct."""
    case = Case(load_ruleset("uk-gdpr-sar"))
    case.record("received", "2024-05-31")
    case.record("extension", "2024-06-03", clock="response", months=1, reason="complex")
    assert case.deadlines("2024-06-03")[0].due == D(2024, 7, 31)
    case = Case(load_ruleset("uk-gdpr-sar"))
    case.record("received", "2024-06-30")
    case.record("extension", "2024-07-01", clock="response", months=2, reason="complex")
    assert case.deadlines("2024-07-01")[0].due == D(2024, 9, 30)


def test_a_rolled_end_after_a_pause_is_a_step() -> None:
    """SAR received Tue 31 Mar 2026 -> Thu 30 Apr; information asked Wed 1 Apr, received
    Thu 2 Apr: 2 days -> Sat 2 May, rolled past Sun 3 and Mon 4 May (bank holiday) to Tue 5
    May; the roll is the last step."""
    case = Case(load_ruleset("uk-gdpr-sar"))
    case.record("received", "2026-03-31")
    case.record("information_requested", "2026-04-01")
    case.record("information_received", "2026-04-02")
    d = case.deadlines("2026-04-02")[0]
    assert d.due == D(2026, 5, 5)
    last = d.explanation.steps[-1]
    assert (last.kind, last.text) == (
        "roll",
        "2026-05-02 is not a working day: rolled to the next one, 2026-05-05",
    )


# ----------------------------------------------------------------------- months


def test_months_extension_must_be_at_least_one() -> None:
    """An extension by 0 months is refused, naming the field."""
    sar = Case(load_ruleset("uk-gdpr-sar"))
    sar.record("received", "2024-06-03")
    with pytest.raises(TransitionNotAllowed) as info:
        sar.record("extension", "2024-06-04", clock="response", months=0, reason="r")
    assert str(info.value) == "extension.months: must be >= 1, got 0"


def test_months_extension_after_a_later_until_is_refused() -> None:
    """SAR received Mon 3 Jun 2024 (due Wed 3 Jul); extended until Fri 30 Aug; one more
    month counted from the start (Sat 3 Aug -> Mon 5 Aug) would not move 30 Aug later:
    refused."""
    case = Case(load_ruleset("uk-gdpr-sar"))
    case.record("received", "2024-06-03")
    case.record("extension", "2024-06-10", clock="response", until="2024-08-30", reason="r")
    with pytest.raises(TransitionNotAllowed) as info:
        case.record("extension", "2024-06-11", clock="response", months=1, reason="r")
    assert str(info.value) == (
        "extension.months: counted from the start, 1 more month(s) would not move the due "
        "date 2024-08-30 later"
    )


# ----------------------------------------------------------------------- conventions


def test_optional_conventions_only_where_declared() -> None:
    """A rule set that does not declare pause_days has no such choice; choosing it is an
    unknown convention, naming the rule set's own conventions."""
    assert "pause_days" not in load_ruleset("england-children-2006").conventions
    assert load_ruleset("foi-2000").conventions["pause_days"].value == "both_ends"
    with pytest.raises(RuleSetError) as info:
        load_ruleset("england-children-2006", conventions={"pause_days": "both_ends"})
    assert str(info.value) == (
        "load_ruleset() conventions.pause_days: unknown convention; known: receipt, "
        "receipt_cutoff, received_on, retriage"
    )


def test_a_choice_carries_only_to_versions_that_declare_it() -> None:
    """uk-gdpr-sar loaded with pause_days after_pause: a case received in 2025 moves to the
    earlier version, which has no pauses, and is counted as usual (3 Jun -> Thu 3 Jul)."""
    rs = load_ruleset("uk-gdpr-sar", conventions={"pause_days": "after_pause"})
    case = Case(rs)
    case.record("received", "2025-06-03")
    assert (case.ruleset.version, case.deadlines("2025-06-03")[0].due) == (
        "1.1.0",
        D(2025, 7, 3),
    )


def test_an_overlay_cannot_choose_a_convention_its_base_lacks(tmp_path: Path) -> None:
    """An overlay choosing start_cap on a base that declares none is refused."""
    path = tmp_path / "xx.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            format: statdeadline/rules@1
            id: xx
            title: X
            version: "1"
            effective_from: 2009-04-01
            extends: england-adults-2009
            conventions: {start_cap: earlier_of_deadline}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError) as info:
        validate_file(path)
    assert str(info.value) == (
        f"{path}:7 conventions.start_cap: england-adults-2009 declares no 'start_cap' "
        "convention, so there is nothing to choose"
    )


# ----------------------------------------------------------------------- fallback start

PANEL = [
    ("received", "2023-02-06"),
    ("stage1_response", "2023-02-17"),
    ("stage2_requested", "2023-02-20"),
    ("stage2_response", "2023-04-14"),
    ("stage3_requested", "2023-05-02"),
    ("panel_held", "2023-06-14"),
    ("panel_report", "2023-06-23"),
]


def _final(case: Case) -> tuple[dt.date, dt.date | None]:
    (d,) = (d for d in case.deadlines("2023-07-12") if d.clock == "final_response")
    return d.start, d.due


def test_fallback_start_then_the_preferred_event_moves_it() -> None:
    """england-children-2006: the council's response counts from the day the panel sent
    its report (Fri 23 Jun 2023 -> Fri 14 Jul) until the council's receipt is recorded
    (Tue 27 Jun -> Tue 18 Jul); the run keeps its start and the trace says why."""
    case = Case(load_ruleset("england-children-2006"))
    for event, day in PANEL:
        case.record(event, day)
    assert _final(case) == (D(2023, 6, 23), D(2023, 7, 14))
    case.record("panel_report_received", "2023-06-27")
    assert _final(case)[1] == D(2023, 7, 18)
    (d,) = (d for d in case.deadlines("2023-07-12") if d.clock == "final_response")
    assert d.explanation.steps[1].text.startswith(
        "restarted by panel_report_received on 2023-06-27: counted again from 2023-06-27"
    )


def test_an_overlay_may_prefer_the_fallback(tmp_path: Path) -> None:
    """A council choosing start: panel_report (the declared alternative) counts from the
    sending; the receipt then changes nothing (Fri 14 Jul 2023 stays)."""
    path = tmp_path / "kids-local.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            format: statdeadline/rules@1
            id: kids-local
            title: Kids local
            version: "1"
            effective_from: 2006-09-01
            extends: england-children-2006
            clocks:
              final_response: {start: panel_report}
            """
        ),
        encoding="utf-8",
    )
    case = Case(load_ruleset(path))
    for event, day in PANEL:
        case.record(event, day)
    case.record("panel_report_received", "2023-06-27")
    assert _final(case) == (D(2023, 6, 23), D(2023, 7, 14))


# ----------------------------------------------------------------------- union calendar


def test_foi_counts_in_the_union_calendar_with_its_own_fingerprint() -> None:
    """FOI's rule set chooses the union of the three divisions: its results carry that
    calendar's fingerprint, not England and Wales'; a bank holiday of one nation only
    (Northern Ireland's 17 March 2025) is not a working day in it."""
    rs = load_ruleset("foi-2000")
    uk = WorkingDayCalendar("united-kingdom", authoritative_until=2027)
    ew = WorkingDayCalendar("england-and-wales", authoritative_until=2027)
    case = Case(rs)
    case.record("received", "2025-03-03")
    meta = case.deadlines("2025-03-03").meta
    assert (meta.division, meta.calendar_fingerprint) == ("united-kingdom", uk.fingerprint)
    assert uk.fingerprint != ew.fingerprint
    assert (rs.calendar.is_working_day("2025-03-17"), ew.is_working_day("2025-03-17")) == (
        False,
        True,
    )


# ----------------------------------------------------------------------- month_pause


def test_move_start_counts_the_month_from_the_moved_start() -> None:
    """uk-gdpr-sar under month_pause move_start: received Sat 28 Mar 2026, 1-3 Apr not
    counted -> from Tue 31 Mar, April has no 31st -> Thu 30 Apr; the trace says so. With
    an extension until a date the date stands (Fri 29 May)."""
    rs = load_ruleset("uk-gdpr-sar", conventions={"month_pause": "move_start"})
    case = Case(rs)
    case.record("received", "2026-03-28")
    case.record("information_requested", "2026-04-01")
    case.record("information_received", "2026-04-03")
    d = case.deadlines("2026-04-03")[0]
    assert d.due == D(2026, 4, 30)
    assert d.explanation.steps[-1].text == (
        "3 calendar day(s) not counted move the start from 2026-03-28 to 2026-03-31 "
        "(convention month_pause: move_start): counted again -> 2026-04-30"
    )
    case.record("extension", "2026-04-20", clock="response", until="2026-05-29", reason="r")
    assert case.deadlines("2026-04-20")[0].due == D(2026, 5, 29)
