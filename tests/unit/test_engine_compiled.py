"""statdeadline.engine.compiled: the per-event tables a rule set is compiled into.

Recording an event touches only what these tables name, so they must say exactly what
the rule file says: the moves, the clocks an event meets, supersedes, cancels and starts.
"""

from __future__ import annotations

from statdeadline import load_ruleset
from statdeadline.engine.compiled import compile_ruleset
from statdeadline.rules.vocabulary import kind_info

CH = load_ruleset("england-children-2006")


def test_compiled_once_per_rule_set() -> None:
    """The same rule set object gives the same compiled tables (built once)."""
    assert compile_ruleset(CH) is compile_ruleset(CH)


def test_every_event_has_the_moves_the_transitions_declare() -> None:
    """For every event and state, the compiled move is the rule set's next state."""
    crs = compile_ruleset(CH)
    assert set(crs.events) == set(CH.events)
    for eid, ce in crs.events.items():
        for state in CH.states:
            assert ce.moves.get(state) == CH.next_state(state, eid), (eid, state)


def test_roles_meet_before_supersede_before_cancel() -> None:
    """An event's role for each clock is the strongest that clock gives it, and only the
    clocks that name the event appear."""
    crs = compile_ruleset(CH)
    for eid, ce in crs.events.items():
        expected = {}
        for c in CH.clocks.values():
            if eid in c.met_by:
                expected[c.id] = "met"
            elif eid in c.superseded_by:
                expected[c.id] = "superseded"
            elif eid in c.cancelled_by:
                expected[c.id] = "cancelled"
        assert ce.roles == expected, eid


def test_starts_checks_and_the_plain_flag() -> None:
    """Each event starts the clocks whose start (or fallback start) it is, carries its
    checks, and is 'plain' (only a move) exactly when it has no effect, no role, no start
    and no check."""
    crs = compile_ruleset(CH)
    for eid, ce in crs.events.items():
        starters = [c.id for c in CH.clocks.values() if eid in (c.start, c.start_fallback)]
        assert [cc.id for cc in ce.starts] == starters
        assert ce.checks == CH.checks_for(eid)
        plain = CH.events[eid].effect is None and not (ce.roles or ce.starts or ce.checks)
        assert ce.plain is plain, eid
    assert crs.events["received"].starts[0].id == "stage1_response"
    assert crs.events["closed"].plain is True


def test_each_clock_knows_its_calendar_and_how_its_kind_lapses() -> None:
    """A compiled clock carries the calendar it counts in and its kind's meaning."""
    crs = compile_ruleset(CH)
    for cid, cc in crs.clocks.items():
        clock = CH.clocks[cid]
        assert cc.cal is CH.calendar_for(clock)
        assert cc.lapses_as == kind_info(clock.kind).lapses_as
        assert cc.fingerprint == cc.cal.fingerprint
    assert crs.clocks["stage2_request_window"].lapses_as == "expired"
    assert crs.clocks["stage1_response"].lapses_as == "overdue"
