"""Random event histories against a simple model of the engine, for every shipped rule set.

The machine drives one :class:`~statdeadline.Case` with events drawn from its rule set
(allowed or not, now and then an unknown one or one dated too early), fields drawn by
:func:`tests.strategies.event_fields` (usually valid, sometimes spoiled) and dates that
never go backwards except on purpose.

The model is a dict lookup of the rule set's transitions plus a count of each clock's
runs (started by its start event; ended by a meeting, superseding or cancelling event or
a final state; a clock with several start events counts once). It predicts:

* an event the state does not allow, an unknown event, an event dated before the
  previous one or one with spoiled fields raises TransitionNotAllowed and changes
  nothing (``to_dict``, state and deadlines are equal before and after);
* an allowed event with valid fields and no effect succeeds unless it would start a clock
  beyond its ``repeat`` (or while it runs), and then the state is ``rs.next_state``;
* an allowed event with an effect (extend, pause, resume, restart, triage) may be refused
  for its effect; if so nothing changes, and if not the state follows the transition.

After every step: deadlines compute; none falls before its start; working-day clocks
fall on working days of their own calendar; the case survives a JSON round trip with
equal state and deadlines. Across steps: an extension never moves any due date earlier
and moves the extended clock's later; a pause from P resumed on R moves the clock's due
date by exactly the working days in (P, R], or in [P, R] under ``pause_days:
both_ends`` (where P is not the day a pause before it ended: that day is taken out
once); a restarted clock is no longer paused and is counted from the restart.

One TestCase per bundled rule set is generated at the bottom of this module, and one more
for each council-choice variant in :data:`VARIANTS` (receipt conventions, a cut-off, a
re-triage counted from the change); events get a time of day now and then.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, ClassVar

from hypothesis import HealthCheck, settings
from hypothesis import event as tally
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from tests.strategies import case_start_dates, day_gaps, event_fields

from statdeadline import (
    STATUSES,
    Case,
    Deadlines,
    RuleSet,
    TransitionNotAllowed,
    list_bundled,
    load_ruleset,
)
from statdeadline.rules import versions_of

UNKNOWN_EVENT = "no_such_event"
#: Times of day drawn for events (None: no time), around a 17:00 cut-off.
TIMES = st.sampled_from((None, None, "09:00", "16:59", "17:00", "17:01", "23:59"))
#: Council choices tried as well as each rule set's own conventions.
VARIANTS: dict[str, dict[str, str]] = {
    "england-children-2006": {"receipt": "deemed_next_working_day", "receipt_cutoff": "17:00"},
    "oxfordshire-adults": {"retriage": "from_change", "receipt": "non_working_deemed_next"},
    "foi-2000": {"receipt": "deemed_next_working_day", "receipt_cutoff": "17:00"},
}
Key = tuple[str, int]  # (clock id, instance)


def _snapshot(case: Case, as_of: dt.date) -> tuple[Any, ...]:
    return case.to_dict(), case.state, case.deadlines(as_of=as_of).to_dict()


def _grouped(clock: Any) -> bool:
    """A clock started by the first of several events: another of them later starts
    nothing (or, for a preferred start after its fallback, moves the running clock)."""
    return bool(clock.start_also or clock.start_fallback)


def _dues(ds: Deadlines) -> dict[Key, dt.date | None]:
    return {(d.clock, d.instance): d.due for d in ds}


class EngineMachine(RuleBasedStateMachine):
    """Drives a Case of ``RULESET_ID`` (set by each generated subclass)."""

    RULESET_ID: ClassVar[str] = ""
    CONVENTIONS: ClassVar[dict[str, str]] = {}
    #: Where the drawn receipt dates are moved to (a version in force only from then),
    #: spread over 60 days; None: as drawn.
    START_FROM: ClassVar[dt.date | None] = None

    def __init__(self) -> None:
        super().__init__()
        self.rs: RuleSet = load_ruleset(self.RULESET_ID, conventions=self.CONVENTIONS)
        self.case = Case(self.rs, "S-1")
        self.state = self.rs.initial_state
        self.day = dt.date(2024, 1, 1)
        self.runs: dict[str, int] = {c: 0 for c in self.rs.clocks}
        self.open: dict[str, bool] = {c: False for c in self.rs.clocks}
        self.paused_at: dict[Key, tuple[dt.date, dt.date]] = {}  # key -> (pause day, due)
        #: key -> the day its last pause ended (a pause begun that day does not take it
        #: out again under both_ends)
        self.resumed_on: dict[Key, dt.date] = {}
        self.events = sorted(self.rs.events)

    # ------------------------------------------------------------------ model

    def _start_refused(self, event: str) -> bool:
        """True if ``event`` would start a clock that may not start again."""
        return any(
            self.runs[c.id] >= c.repeat or self.open[c.id]
            for c in self.rs.clocks_started_by.get(event, ())
            if self.runs[c.id] and not _grouped(c)
        )

    def _model_applied(self, event: str, target: str) -> None:
        for c in self.rs.clocks.values():
            ends = (*c.met_by, *c.superseded_by, *c.cancelled_by)
            if self.open[c.id] and event in ends:
                self.open[c.id] = False
        for c in self.rs.clocks_started_by.get(event, ()):
            if _grouped(c) and self.runs[c.id] and (self.open[c.id] or self.runs[c.id] >= c.repeat):
                continue  # one of its other start events started it (or re-anchors it)
            self.runs[c.id] += 1
            self.open[c.id] = True
        if target in self.rs.final_states:
            self.open = dict.fromkeys(self.open, False)
        self.state = target

    def _refused(self, event: str, on: dt.date, fields: dict[str, Any]) -> TransitionNotAllowed:
        before = _snapshot(self.case, self.day)
        try:
            self.case.record(event, on, **fields)
        except TransitionNotAllowed as exc:
            assert _snapshot(self.case, self.day) == before
            return exc
        raise AssertionError(f"{event} on {on} with {fields} was accepted")

    def _events(self) -> st.SearchStrategy[str]:
        """Mostly an event the state allows (one that ends the case one time in eight, so
        that histories grow long; a resume more often while a clock is paused, a pause while
        a pausable clock runs); one draw in four any event of the rule set or an unknown
        one."""
        allowed = self.rs.allowed_events(self.state)
        ending = [e for e in allowed if self.rs.next_state(self.state, e) in self.rs.final_states]
        going_on = [e for e in allowed if e not in ending]
        anything = st.sampled_from([*self.events, UNKNOWN_EVENT])
        if not going_on:
            return anything
        effects = {self.rs.events[e].effect: e for e in going_on if self.rs.events[e].effect}
        ds = self.case.deadlines(as_of=self.day)
        if "resume" in effects and any(d.paused for d in ds):
            going_on += [effects["resume"]] * 3  # resume what is paused, more often
        elif "pause" in effects and any(
            self.rs.clocks[d.clock].pausable and d.ended_by is None for d in ds
        ):
            going_on += [effects["pause"]] * 2
        weighted = st.integers(0, 7).flatmap(
            lambda n: st.sampled_from(ending) if n == 0 and ending else st.sampled_from(going_on)
        )
        return st.one_of(anything, weighted, weighted, weighted)

    # ------------------------------------------------------------------ rules

    @initialize(start=case_start_dates(), data=st.data())
    def open_case(self, start: dt.date, data: st.DataObject) -> None:
        """Record the event that opens the case (receipt), with drawn valid fields."""
        (opening,) = (
            e
            for e in self.rs.allowed_events(self.state)
            if self.rs.next_state(self.state, e) not in self.rs.final_states
        )
        since = self.START_FROM
        first = min(v.effective_from for v in versions_of(self.rs))
        if since is None and first > start:  # a rule set in force only later
            since = first
        if since is not None:
            start = since + dt.timedelta((start - dt.date(2024, 1, 1)).days % 60)
        fields = data.draw(event_fields(self.rs, opening, start), label="fields")
        self.case.record(opening, start, **fields)
        # the first event chose the version in force on its day (uk-gdpr-sar has two)
        self.rs = self.case.ruleset
        self.events = sorted(self.rs.events)
        self._model_applied(opening, self.rs.next_state(self.state, opening) or self.state)
        self.day = start

    @rule(data=st.data(), gap=day_gaps(), mode=st.integers(0, 11), time=TIMES)
    def record(self, data: st.DataObject, gap: int, mode: int, time: str | None) -> None:
        """Record a drawn event (allowed or not) with drawn fields; one time in twelve the
        fields are spoiled, and one time in twelve the date is before the previous event.
        (One rule, so that swarm testing cannot switch the ordinary steps off.)"""
        event = data.draw(self._events(), label="event")
        if mode == 1:
            self._record_out_of_order(data, event, back=1 + gap)
            return
        on = self.day + dt.timedelta(gap)
        valid = mode != 0
        running = {d.clock: d.due for d in self.case.deadlines(as_of=on) if d.ended_by is None}
        fields = data.draw(event_fields(self.rs, event, on, valid, running), label="fields")
        if time is not None:
            fields["time"] = time
        target = self.rs.next_state(self.state, event)
        if event == UNKNOWN_EVENT or target is None or not valid:
            event_kind = (
                "unknown"
                if event == UNKNOWN_EVENT
                else "not allowed"
                if target is None
                else "spoiled"
            )
            tally(f"refused: {event_kind}")
            exc = self._refused(event, on, fields)
            assert (exc.event, exc.state, exc.allowed) == (
                event,
                self.state,
                self.rs.allowed_events(self.state),
            )
            return
        effect = self.rs.events[event].effect
        before_ds = self.case.deadlines(as_of=on)
        before_snap = _snapshot(self.case, self.day)
        try:
            self.case.record(event, on, **fields)
        except TransitionNotAllowed as exc:
            assert _snapshot(self.case, self.day) == before_snap
            assert exc.event == event and exc.state == self.state
            if effect is None:
                assert self._start_refused(event), str(exc)
                assert str(exc).startswith("cannot start clock"), str(exc)
            tally(f"refused: {effect or 'clock start'}")
            return
        tally(f"accepted: {effect or 'plain'}")
        assert effect is not None or not self._start_refused(event)
        assert self.case.state == target
        self._model_applied(event, target)
        self.day = on
        after_ds = self.case.deadlines(as_of=on)
        self._check_effect(effect, on, before_ds, after_ds, fields.get("clock"))

    def _record_out_of_order(self, data: st.DataObject, event: str, back: int) -> None:
        """An event dated before the previous one is refused, whatever the event (an
        unknown event is refused as unknown first)."""
        on = self.day - dt.timedelta(back)
        fields = data.draw(event_fields(self.rs, event, on), label="fields")
        exc = self._refused(event, on, fields)
        tally("refused: out of order")
        if event != UNKNOWN_EVENT:
            assert str(exc).startswith(f"cannot record {event!r} on {on}: it is before")

    # ------------------------------------------------------------------ effects

    def _check_effect(
        self,
        effect: str | None,
        on: dt.date,
        before: Deadlines,
        after: Deadlines,
        clock: str | None,
    ) -> None:
        old, new = _dues(before), _dues(after)
        if effect == "extend":
            for key, due in old.items():
                if due is not None and new[key] is not None:
                    assert new[key] >= due, (key, due, new[key])
            (extended,) = (d for d in before if d.clock == clock and d.ended_by is None)
            key = (extended.clock, extended.instance)
            assert extended.due is not None and new[key] is not None
            assert new[key] > extended.due, (key, extended.due, new[key])  # it moved
        if effect in ("extend", "triage", "restart"):
            self.paused_at.clear()  # the due date moved for another reason: no pause check
        if effect == "restart":
            self._check_restart(on, after, clock)
        was_paused = {(d.clock, d.instance) for d in before if d.paused}
        now_paused = {(d.clock, d.instance) for d in after if d.paused}
        if effect == "pause":
            for key in now_paused - was_paused:
                if old.get(key) is not None:
                    self.paused_at[key] = (on, old[key])  # type: ignore[assignment]
        if effect == "resume":
            for key in was_paused - now_paused:
                if key in self.paused_at:
                    paused_on, due_before = self.paused_at.pop(key)
                    shared = self.resumed_on.get(key) == paused_on
                    self.resumed_on[key] = on
                    clock = self.case.ruleset.clocks[key[0]]
                    cal = self.case.ruleset.calendar_for(clock)
                    due_after = new[key]
                    assert due_after is not None
                    both = self.case.ruleset.conventions.get("pause_days")
                    # both ends taken out, but not a first day the pause before took out
                    first = both is not None and both.value == "both_ends" and not shared
                    assert clock.duration is not None
                    if clock.duration.unit != "working_days":
                        # calendar days, added before the roll: at least that many
                        # days later, less a roll the earlier date had made
                        days = (on - paused_on).days + first
                        rolled = 0  # the non-working days just before it
                        while not cal.is_working_day(due_before - dt.timedelta(rolled + 1)):
                            rolled += 1
                        assert (due_after - due_before).days >= days - rolled, (key, on)
                        tally("checked: pause moved a calendar clock by the days paused")
                        continue
                    tally("checked: pause moved the due date by the days paused")
                    days = cal.working_days_between(paused_on, on)
                    days += first and cal.is_working_day(paused_on)
                    assert cal.working_days_between(due_before, due_after) == days, (
                        key,
                        paused_on,
                        on,
                    )
        for key in list(self.paused_at):
            if key not in now_paused:
                del self.paused_at[key]  # ended while paused (met, superseded, closed)

    def _check_restart(self, on: dt.date, after: Deadlines, clock: str | None) -> None:
        """Each restarted clock runs unpaused, its due date counted afresh from the
        restart's day (a working-day clock: at least its duration after it)."""
        rs = self.case.ruleset
        for d in after:
            cdef = rs.clocks[d.clock]
            if d.ended_by is not None or not cdef.restartable or clock not in (None, d.clock):
                continue
            assert not d.paused, d.clock
            dur = cdef.duration
            if dur is not None and dur.unit == "working_days" and d.due is not None:
                cal = rs.calendar_for(cdef)
                assert cal.working_days_between(on, d.due) >= dur.on(d.start).amount
                tally("checked: a restart counts afresh from its day")

    # ------------------------------------------------------------------ invariants

    @invariant()
    def deadlines_are_sane(self) -> None:
        """Every deadline computes, starts on or before its dates, and a working-day
        clock's dates are working days of its calendar."""
        rs = self.case.ruleset
        ds = self.case.deadlines(as_of=self.day)
        assert ds.state == self.case.state == self.state
        for d in ds:
            assert d.status in STATUSES
            assert d.days_late >= 0
            clock = rs.clocks[d.clock]
            cal = rs.calendar_for(clock)
            working = (
                clock.duration is not None
                and clock.duration.unit == "working_days"
                and clock.due_on is None  # a date set by a letter may be any day
            ) or (clock.triage is not None)
            for when in (d.due, d.aim, d.maximum):
                if when is None:
                    continue
                assert when >= d.start, (d.clock, d.start, when)
                if working:
                    assert cal.is_working_day(when), (d.clock, when)

    @invariant()
    def json_round_trip(self) -> None:
        """from_dict(to_dict()) through JSON rebuilds the same state and deadlines."""
        data = json.loads(json.dumps(self.case.to_dict()))
        again = Case.from_dict(self.rs, data)
        assert again.state == self.case.state
        assert again.deadlines(as_of=self.day) == self.case.deadlines(as_of=self.day)


SETTINGS = settings(
    max_examples=40,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Rule sets with a later version whose cases also start from its first day.
LATER_VERSIONS: dict[str, dt.date] = {"uk-gdpr-sar": dt.date(2026, 2, 5)}

_RUNS: list[tuple[str, dict[str, str], dt.date | None]] = [
    (rid, {}, None) for rid in list_bundled()
]
_RUNS += [(rid, conventions, None) for rid, conventions in VARIANTS.items()]
_RUNS += [(rid, {}, since) for rid, since in LATER_VERSIONS.items()]
for _rid, _conventions, _since in _RUNS:
    _name = "Test" + "".join(part.capitalize() for part in _rid.split("-"))
    _name += "CouncilChoices" if _conventions else ""
    _name += f"From{_since.year}" if _since else ""
    _machine = type(
        _name.removeprefix("Test") + "Machine",
        (EngineMachine,),
        {"RULESET_ID": _rid, "CONVENTIONS": _conventions, "START_FROM": _since},
    )
    _test = _machine.TestCase
    _test.settings = SETTINGS
    _test.__name__ = _test.__qualname__ = _name
    _test.__doc__ = (
        f"Random histories of {_rid} (conventions {_conventions or 'as shipped'}) against "
        "the model (see the module docstring)."
    )
    globals()[_name] = _test
del _rid, _conventions, _since, _name, _machine, _test
