"""The state machine: a case's events in; its state, deadlines and explanations out.

Recording an event (:meth:`Case.record`) checks, in this order, and changes nothing if any
check fails: the event is known; its date is not before the previous event's; the case's
state allows it; its fields are present, of the right type and allowed; its effect is
possible (the clock it extends is running and extendable, the extension keeps within the
cap and, where required, comes before the due date; a pause names a running pausable
clock; a resume names a paused one; a triage level is valid); the clocks it starts may
start. Then it applies, in this order: clocks met by the event; clocks it ends as not
required (an offer declined); clocks superseded or cancelled by it; the event's effect
(extend, pause, resume, triage, restart); clocks it starts (a clock with ``start_also``
only by the first of its start events;
one with ``start_fallback`` by that event while its preferred start is not recorded, the
preferred start then moving a running fallback-started clock's count to its own day;
a capped start on the earlier of the event's day and the capping clock's due date);
the state transition; if the new state is final, every clock still running ends with
the case; finally the warning checks.

Deadlines are computed from this history on demand (:meth:`Case.deadlines`), for any
``as_of`` date: events after ``as_of`` are not known at ``as_of`` and are ignored. The
arithmetic is in :mod:`statdeadline.engine.schedule` (its docstring gives the order of
operations), the statuses in :mod:`statdeadline.engine.evaluate`.

Choices where the rules are silent (each what an auditor would expect):

* **Version.** The first event's date chooses the version of the rule set in force; the
  conventions and division chosen when the rule set was loaded carry over to it. A
  refused first event chooses nothing.
* **Cut-off.** ``receipt_cutoff: "17:00"`` moves a receipt *after* 17:00 to the next
  working day; one at 17:00 exactly is received that day.
* **Extensions.** ``until`` must be after the current due date and, for a clock counted
  in working days, a working day (a working-day deadline never falls on a weekend).
  Extensions and pauses count from the day they are recorded, even when the clock's
  start is deemed later (``deemed_next_working_day``, a cut-off).
* **Pauses.** A pause from day P resumed on day R moves the due date (and aim, maximum
  and cap) on by the days in ``(P, R]`` - working days for a clock that counts working
  days, calendar days for one that does not; while a pause is open the same count runs
  to ``as_of``. A paused clock is ``pending``: it is neither counting down nor late.
* **Re-triage.** ``retriage: from_original_start`` keeps the start, extensions and pauses
  and swaps the level; ``from_change`` counts the new level from the re-triage and drops
  the extensions and pauses recorded before it.
* **Ending unmet.** A clock superseded, cancelled by an event or ended with the case after
  its due date is ``overdue`` (a complainant's window ``expired``), with ``days_late``
  counted to that event; ended on or before its due date it is ``superseded`` or
  ``cancelled``. A Stage 1 response already late when the complaint moved to Stage 2 is
  a late Stage 1 response.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any

from ..calendar import parse_date
from ..calendar.dates import parse_moment
from ..exceptions import CaseError, InvalidArgumentError, TransitionNotAllowed
from ..rules.model import RuleSet
from .checks import warnings_for
from .compiled import CompiledEvent, compile_ruleset, in_force
from .effects import PLANNERS
from .evaluate import Evaluator
from .event import Event
from .fields import FieldRejected, check_fields, parse_time
from .results import CaseWarning, Deadlines, Verdict
from .runs import Restart, Run
from .schedule import Schedule, add_record, schedule_at, set_level
from .starts import new_runs, reanchored
from .stored import check_case_data, check_choices, check_version

__all__ = ["Case", "Event"]

_date = _dt.date
_NEW_EVENT = functools.partial(tuple.__new__, Event)  # (see schedule._NEW)


class Case:
    """One complaint's history under one rule set.

    >>> from statdeadline import load_ruleset
    >>> case = Case(load_ruleset("england-children-2006"), case_id="C-1")
    >>> _ = case.record("received", "2024-03-28")
    >>> case.state, case.deadlines(as_of="2024-04-02")[0].due
    ('stage1', datetime.date(2024, 4, 15))
    """

    def __init__(
        self,
        ruleset: RuleSet,
        case_id: str | None = None,
        *,
        events: Iterable[Mapping[str, Any]] = (),
    ):
        if not isinstance(ruleset, RuleSet):
            raise InvalidArgumentError("ruleset", ruleset, "a RuleSet from load_ruleset()")
        self.case_id = case_id
        self._rs = ruleset
        self._c = compile_ruleset(ruleset)
        self._events: list[Event] = []
        self._state = ruleset.initial_state
        self._runs: list[Run] = []
        self._open: list[Run] = []  # runs still running, in start order
        self._started: dict[str, list[Run]] = {}  # clock id -> its runs, in start order
        self._warnings: list[CaseWarning] = []
        self._planning = _Planning(self)
        for i, data in enumerate(events):
            self._record_dict(data, i)

    # ------------------------------------------------------------------ inspection

    @property
    def ruleset(self) -> RuleSet:
        """The rule set (the version chosen by the receipt date once the case has events)."""
        return self._rs

    @property
    def state(self) -> str:
        """The current state id."""
        return self._state

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event recorded, in order."""
        return tuple(self._events)

    @property
    def warnings(self) -> tuple[CaseWarning, ...]:
        """Warnings from the rule set's checks (e.g. complaint made after the time limit)."""
        return tuple(self._warnings)

    @property
    def closed(self) -> bool:
        """True once the case is in a final state."""
        return self._state in self._c.final_states

    def allowed_events(self) -> tuple[str, ...]:
        """Event ids the current state allows, sorted."""
        return self._rs.allowed_events(self._state)

    def __repr__(self) -> str:
        return (
            f"<Case {self.case_id!r} {self._rs.id} state={self._state} events={len(self._events)}>"
        )

    # ------------------------------------------------------------------ recording

    def record(
        self,
        event: str,
        on: _dt.date | _dt.datetime | str,
        *,
        time: _dt.time | str | None = None,
        **fields: Any,
    ) -> Event:
        """Record ``event`` on ``on`` with its ``fields``; returns the :class:`Event`.

        ``on`` is a date, a datetime or an ISO 8601 date or timestamp; an aware timestamp
        is converted to UK local time (Europe/London) before its date and time of day are
        taken, a naive one is UK local time (:func:`~statdeadline.calendar.dates.parse_moment`).
        The time of day (``time``, ``"HH:MM"``, or a timestamp's) feeds the receipt cut-off
        and clocks counted in hours; giving both a timestamp and ``time`` is refused.

        Raises :class:`TransitionNotAllowed` (the case is unchanged) if the event is not
        allowed now, is dated before the previous event, its date or time cannot be read
        (naming ``<event>.date`` or ``<event>.time``), lacks a required field, or its
        effect is impossible (an extension past its cap, ...).
        """
        ce = self._c.events.get(event)
        if ce is None:
            allowed = self.allowed_events()
            raise self._fail(
                event,
                f"unknown event {event!r} for {self._rs.id}; allowed here: {', '.join(allowed) or 'none (case is closed)'}",
            )
        if type(on) is _date and time is None:  # the common case, kept fast
            d, t = on, None
        else:
            d, t = self._moment(event, on, time)
        events = self._events
        if not events:
            return self._record_first(event, d, t, fields)
        if d < events[-1].date:
            prev = events[-1]
            raise self._fail(
                event,
                f"cannot record {event!r} on {d}: it is before the previous event ({prev.id} on {prev.date})",
            )
        return self._record(ce, d, t, fields)

    def _moment(self, event: str, on: Any, time: Any) -> tuple[_dt.date, _dt.time | None]:
        """The date and time of day of ``event`` from ``on`` and ``time`` (errors name
        ``<event>.date`` or ``<event>.time``)."""
        try:
            d, t = parse_moment(on, f"{event}.date")
        except InvalidArgumentError as exc:
            raise self._fail(event, str(exc), "date") from None
        if time is not None:
            if t is not None:
                raise self._fail(
                    event,
                    f"{event}.time: the date {on!r} already has a time of day ({t}); "
                    f"got time={time!r} as well",
                    "time",
                )
            try:
                t = parse_time(time, f"{event}.time")
            except InvalidArgumentError as exc:
                raise self._fail(event, str(exc), "time") from None
        return d, t

    def _record_first(
        self, event: str, d: _dt.date, t: _dt.time | None, fields: Mapping[str, Any]
    ) -> Event:
        """The first event: it chooses the version of the rule set in force on its day."""
        chosen, compiled = self._rs, self._c
        self._choose_version(d)
        try:
            ce = self._c.events.get(event)
            if ce is None:  # the version in force has no such event
                allowed = self.allowed_events()
                raise self._fail(
                    event,
                    f"unknown event {event!r} for {self._rs.id} {self._rs.version}; allowed here: {', '.join(allowed) or 'none (case is closed)'}",
                )
            return self._record(ce, d, t, fields)
        except BaseException:
            self._rs, self._c = chosen, compiled  # a refused first event chooses nothing
            raise

    def _record(
        self, ce: CompiledEvent, d: _dt.date, t: _dt.time | None, fields: Mapping[str, Any]
    ) -> Event:
        """Check the move and the fields, then apply (the date order is checked)."""
        eid = ce.id
        target = ce.moves.get(self._state)
        if target is None:
            allowed = self.allowed_events()
            raise self._fail(
                eid,
                f"cannot apply {eid!r} in state {self._state!r}; allowed: {', '.join(allowed) or 'none (case is closed)'}",
            )
        values: Mapping[str, Any]
        if fields or ce.needs_check:
            try:
                values = check_fields(ce.edef, fields, self._rs.clocks)
            except FieldRejected as exc:
                raise self._fail(eid, exc.message, exc.field) from None
            raised = ce.edef.raised_on
            if raised and values.get(raised) is not None and values[raised] > d:
                raise self._fail(
                    eid,
                    f"{eid}.{raised}: the day the matter was first raised must not be after"
                    f" the event's own date ({d}); got {values[raised]}",
                    raised,
                )
        else:
            values = {}  # its own, as a checked event gets (cheap, and never shared)
        ev = _NEW_EVENT((eid, d, values, t))
        if ce.plain:  # only a move: nothing to plan or check
            self._events.append(ev)
            self._state = target
            if target in self._c.final_states:
                self._end_all(ev)
        else:
            self._apply(ce, ev, target)
        return ev

    def _fail(self, ev_id: str, message: str, field: str | None = None) -> TransitionNotAllowed:
        return TransitionNotAllowed(
            message,
            event=ev_id,
            state=self._state,
            allowed=self.allowed_events(),
            case_id=self.case_id,
            field=field,
        )

    def _first_run(self, clock_id: str) -> Run | None:
        mine = self._started.get(clock_id)
        return mine[0] if mine else None

    def _choose_version(self, d: _dt.date) -> None:
        """Switch to the newest version of the rule set in force on ``d`` (the same one
        ``load_ruleset(id, on=d)`` gives)."""
        rs = self._rs
        version = in_force(rs, d)
        if version is rs:
            return
        if version is not None:
            self._rs, self._c = version, compile_ruleset(version)
            return
        raise CaseError(
            f"{rs.id} {rs.version} is in force from {rs.effective_from}"
            + (f" to {rs.effective_to}" if rs.effective_to else "")
            + f"; no version covers a case received on {d}",
            case_id=self.case_id,
            state=self._state,
        )

    def _record_dict(self, data: Mapping[str, Any], index: int) -> None:
        if not isinstance(data, Mapping) or "event" not in data or "date" not in data:
            raise CaseError(
                f"events[{index}]: expected a mapping with 'event' and 'date', got {data!r}",
                case_id=self.case_id,
            )
        fields = {k: v for k, v in data.items() if k not in ("event", "date", "time")}
        self.record(data["event"], data["date"], time=data.get("time"), **fields)

    # ------------------------------------------------------------------ applying

    def _end(self, ce: CompiledEvent, ev: Event) -> None:
        """Meet, supersede or cancel the running clocks ``ev`` names (a repeating clock's
        oldest open run is met first), and keep the others running."""
        roles = ce.roles
        running = []
        met: tuple[str, ...] = ()
        for run in self._open:  # in start order, so a clock's oldest run comes first
            cid = run.cc.id
            role = roles.get(cid)
            if role is None or (role == "met" and cid in met):
                running.append(run)
                continue
            if role == "met":
                met += (cid,)
            run.end_kind, run.end = role, ev
        self._open = running

    def _end_all(self, ev: Event) -> None:
        """The case reached a final state at ``ev``: every clock still running ends."""
        for run in self._open:
            if run.end_kind is None:
                run.end_kind, run.end = "case_end", ev
        self._open = []

    def _apply(self, ce: CompiledEvent, ev: Event, target: str) -> None:
        # plan and check everything before changing anything
        effect = ce.effect
        plan = PLANNERS[effect](self._planning, ev) if effect is not None else None
        starts = (
            new_runs(self._c, self._started, ce, ev, self._first_run, self._fail)
            if ce.starts
            else None
        )
        if ce.reanchors:  # a preferred start restarts the runs its fallback started
            again = reanchored(self._started, ce, ev)
            plan = [*(plan or ()), *((run, Restart(ev)) for run in again)]
        found = warnings_for(self._c, ce, ev) if ce.checks else None
        # --- mutate (nothing below may fail)
        self._events.append(ev)
        if ce.roles and self._open:
            self._end(ce, ev)
        if plan:
            for run, change in plan:
                if change.__class__ is str:
                    set_level(run, change)
                else:
                    add_record(run, change)  # type: ignore[arg-type]
        if starts:
            self._runs.extend(starts)
            self._open.extend(starts)
            started = self._started
            for run in starts:
                started.setdefault(run.cc.id, []).append(run)
        self._state = target
        if target in self._c.final_states:  # every clock still running ends, new ones too
            self._end_all(ev)
        if found:
            self._warnings.extend(found)

    # ------------------------------------------------------------------ evaluating

    def _view(self, as_of: _dt.date) -> Case:
        """This case as it stood at the end of ``as_of`` (itself, if nothing is later)."""
        if not self._events or self._events[-1].date <= as_of:
            return self
        view = Case(self._rs, self.case_id)
        for ev in self._events:
            if ev.date > as_of:
                break
            view.record(ev.id, ev.date, time=ev.time, **ev.fields)
        return view

    def deadlines(self, as_of: _dt.date | str | None = None) -> Deadlines:
        """Every clock that has started by ``as_of`` (default: today), in due order.

        Events dated after ``as_of`` are ignored: the result is what was known that day.
        """
        day = _dt.date.today() if as_of is None else parse_date(as_of, "as_of")
        view = self._view(day)
        return Evaluator(view._c, view._runs, day, view._first_run).deadlines(
            self.case_id, view._state, tuple(view._warnings)
        )

    def state_at(self, as_of: _dt.date | str) -> str:
        """The state the case was in at the end of ``as_of`` (events after it ignored)."""
        return self._view(parse_date(as_of, "as_of"))._state

    def verdicts(self, as_of: _dt.date | str | None = None) -> list[Verdict]:
        """The light form of :meth:`deadlines`: one :class:`~statdeadline.Verdict` per
        deadline, in due order, with no explanation or provenance (for bulk work)."""
        day = _dt.date.today() if as_of is None else parse_date(as_of, "as_of")
        view = self._view(day)
        return Evaluator(view._c, view._runs, day, view._first_run).verdicts()

    # ------------------------------------------------------------------ serialising

    def to_dict(self) -> dict[str, Any]:
        """The case as JSON-safe data: id, rule set and event history."""
        return {
            "case_id": self.case_id,
            "ruleset": self._rs.id,
            "ruleset_version": self._rs.version,
            "events": [e.to_dict() for e in self._events],
        }

    @classmethod
    def from_dict(cls, ruleset: RuleSet, data: Mapping[str, Any], *, strict: bool = False) -> Case:
        """Rebuild a case from :meth:`to_dict` data by replaying its events.

        Refused with a :class:`CaseError` naming the key (its ``field``): data that is not
        a mapping, a missing ``ruleset`` or ``events``, an unknown key, another rule set's
        id, ``conventions`` or a ``division`` other than ``ruleset``'s (the derived keys
        of the service's and ``--format json``'s answers are not read). A ``ruleset_version`` other than the version the replayed case is under gives
        a :class:`~statdeadline.RuleSetVersionWarning`, or with ``strict`` a
        ``CaseError`` (:mod:`statdeadline.engine.stored`).
        """
        cid, events = check_case_data(ruleset.id, data)
        check_choices(data, ruleset)
        case = cls(ruleset, cid, events=events)
        check_version(data, ruleset.id, case._rs.version, strict)
        return case

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Case):
            return NotImplemented
        return (
            self._rs is other._rs
            and self.case_id == other.case_id
            and self._events == other._events
            and self._state == other._state
        )

    __hash__ = None  # type: ignore[assignment]  # mutable


class _Planning:
    """What the effect planners may ask of a case (:class:`~statdeadline.engine.effects.Context`),
    kept off :class:`Case`'s own surface."""

    __slots__ = ("_case",)

    def __init__(self, case: Case) -> None:
        self._case = case

    @property
    def running(self) -> list[Run]:
        return self._case._open

    def fail(self, event: str, message: str, field: str | None = None) -> TransitionNotAllowed:
        return self._case._fail(event, message, field)

    def schedule(self, run: Run, as_of: _dt.date) -> Schedule:
        return schedule_at(run, self._case._c, as_of, self._case._first_run)

    def has_run(self, clock_id: str) -> bool:
        return self._case._first_run(clock_id) is not None
