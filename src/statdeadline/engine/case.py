"""The state machine: a case's events in; its state, deadlines and explanations out.

Recording an event (:meth:`Case.record`) checks, in this order, and changes nothing if any
check fails: the event is known; its date is not before the previous event's; the case's
state allows it; its fields are present, of the right type and allowed; its effect is
possible (the clock it extends is running and extendable, the extension keeps within the
cap and, where required, comes before the due date; a pause names a running pausable
clock; a resume names a paused one; a triage level is valid). Then it applies, in this
order: clocks met by the event; clocks superseded or cancelled by it; the event's effect
(extend, pause, resume, triage); clocks it starts; the state transition; if the new state
is final, every clock still running ends with the case; finally the warning checks.

Deadlines are computed from this history on demand (:meth:`Case.deadlines`), for any
``as_of`` date: events after ``as_of`` are not known at ``as_of`` and are ignored.

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
  and cap) on by the working days in ``(P, R]``; while a pause is open the same count runs
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
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .._version import __version__
from ..calendar import MAX_DATE, MIN_DATE, WorkingDayCalendar, parse_date
from ..exceptions import (
    CaseError,
    DateOutOfRangeError,
    InvalidArgumentError,
    TransitionNotAllowed,
)
from ..rules.model import ClockDef, Duration, EventDef, RuleSet
from ..rules.vocabulary import kind_info
from .results import CaseWarning, Deadline, Deadlines, Provenance, Status, Step, Verdict

__all__ = ["Case", "Event"]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def _parse_time(value: Any) -> _dt.time | None:
    if value is None or isinstance(value, _dt.time):
        return value
    if isinstance(value, str) and _TIME.fullmatch(value):
        return _dt.time(int(value[:2]), int(value[3:]))
    raise InvalidArgumentError("time", value, "a time of day 'HH:MM' (24-hour)")


@functools.lru_cache(maxsize=256)
def _versions(ruleset: RuleSet) -> tuple[RuleSet, ...]:
    """Every version of ``ruleset``'s id, oldest first (cached per loaded rule set)."""
    from ..rules.loader import versions_of  # deferred: the loader is only needed here

    return tuple(versions_of(ruleset))


def _due_order(item: tuple[int, _Schedule, Verdict]) -> tuple[Any, ...]:
    """Due order: known due dates first, earliest first; then start, clock, instance."""
    v = item[2]
    return (v.due is None, v.due or v.start, v.start, v.clock, v.instance)


@functools.lru_cache(maxsize=256)
def _provenance(rs: RuleSet) -> dict[str, Any]:
    """The parts of a result's provenance that depend only on the rule set."""
    return {
        "library_version": __version__,
        "ruleset_id": rs.id,
        "ruleset_version": rs.version,
        "ruleset_layers": rs.layers,
        "division": rs.division,
        "conventions": {k: v.value for k, v in rs.conventions.items()},
        "calendar_fingerprint": rs.calendar.fingerprint,
        "local_calendar_fingerprint": rs.local_calendar.fingerprint,
    }


@attrs.frozen
class Event:
    """A dated fact about a case: the event id, its date, optional time and fields."""

    id: str
    date: _dt.date
    fields: Mapping[str, Any] = attrs.field(factory=dict)
    time: _dt.time | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: ``{"event": ..., "date": ..., "time"?: ..., **fields}``."""
        out: dict[str, Any] = {"event": self.id, "date": self.date.isoformat()}
        if self.time is not None:
            out["time"] = self.time.strftime("%H:%M")
        for k, v in self.fields.items():
            out[k] = v.isoformat() if isinstance(v, _dt.date) else v
        return out


class _Run:
    """One running of one clock (mutable, internal)."""

    __slots__ = (
        "adjust",
        "cal",
        "clock",
        "counts",
        "end",
        "end_kind",
        "instance",
        "level",
        "start",
        "start_event",
        "start_note",
    )

    def __init__(
        self,
        clock: ClockDef,
        instance: int,
        event: Event,
        start: _dt.date,
        note: str,
        cal: WorkingDayCalendar,
    ):
        self.clock = clock
        self.instance = instance
        self.start_event = event
        self.start = start
        self.start_note = note
        self.cal = cal
        self.level: str | None = None
        self.adjust: list[tuple[str, Event, Any]] = []  # (kind, event, value)
        self.end_kind: str | None = None  # met | superseded | cancelled | case_end
        self.end: Event | None = None
        self.counts: dict[tuple[int, _dt.date], _dt.date] = {}

    def count(self, dur: Duration, base: _dt.date) -> _dt.date:
        """``dur`` from ``base`` in this run's calendar.

        Month and calendar-day counts are remembered: a schedule is recomputed for each
        extension check and each time deadlines are asked for. A result past the calendar's authoritative years is not
        remembered, so its HorizonWarning is given every time it is used.
        """
        if dur.unit == "working_days":
            return dur.apply(self.cal, base)
        key = (id(dur), base)  # dur belongs to this run's clock, so its id is stable
        got = self.counts.get(key)
        if got is None:
            got = dur.apply(self.cal, base)
            if got.year <= self.cal.authoritative_until:
                self.counts[key] = got
        return got

    def paused(self) -> bool:
        state = False
        for kind, _, _ in self.adjust:
            if kind == "pause":
                state = True
            elif kind == "resume":
                state = False
        return state


@attrs.frozen
class _Schedule:
    due: _dt.date | None
    aim: _dt.date | None
    maximum: _dt.date | None
    cap: _dt.date | None
    steps: tuple[Step, ...]
    paused: bool
    extensions: tuple[dict[str, Any], ...]
    pauses: tuple[dict[str, Any], ...]


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
        self._events: list[Event] = []
        self._state = ruleset.initial_state
        self._runs: list[_Run] = []
        self._warnings: list[CaseWarning] = []
        self._memo: dict[tuple[int, _dt.date], _Schedule] | None = None
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
        return self._state in self._rs.final_states

    def allowed_events(self) -> tuple[str, ...]:
        """Event ids the current state allows, sorted."""
        return self._rs.allowed_events(self._state)

    def __repr__(self) -> str:
        return (
            f"<Case {self.case_id!r} {self._rs.id} state={self._state} events={len(self._events)}>"
        )

    # ------------------------------------------------------------------ recording

    def record(
        self, event: str, on: _dt.date | str, *, time: _dt.time | str | None = None, **fields: Any
    ) -> Event:
        """Record ``event`` on date ``on`` with its ``fields``; returns the :class:`Event`.

        Raises :class:`TransitionNotAllowed` (the case is unchanged) if the event is not
        allowed now, is dated before the previous event, lacks a required field, or its
        effect is impossible (an extension past its cap, ...).
        """
        rs = self._rs
        allowed = self.allowed_events()
        if event not in rs.events:
            raise self._fail(
                event,
                f"unknown event {event!r} for {rs.id}; allowed here: {', '.join(allowed) or 'none (case is closed)'}",
            )
        d = parse_date(on, "on")
        t = _parse_time(time)
        if self._events:
            return self._record(event, d, t, fields, allowed)
        chosen = self._rs
        self._choose_version(d)  # the first event fixes the version in force
        try:
            return self._record(event, d, t, fields, allowed)
        except BaseException:
            self._rs = chosen  # a refused first event chooses nothing
            raise

    def _record(
        self,
        event: str,
        d: _dt.date,
        t: _dt.time | None,
        fields: Mapping[str, Any],
        allowed: tuple[str, ...],
    ) -> Event:
        rs = self._rs
        if self._events and d < self._events[-1].date:
            prev = self._events[-1]
            raise self._fail(
                event,
                f"cannot record {event!r} on {d}: it is before the previous event ({prev.id} on {prev.date})",
            )
        target = rs.next_state(self._state, event)
        if target is None:
            raise self._fail(
                event,
                f"cannot apply {event!r} in state {self._state!r}; allowed: {', '.join(allowed) or 'none (case is closed)'}",
            )
        edef = rs.events[event]
        values = self._check_fields(edef, fields)
        ev = Event(event, d, values, t)
        self._apply(ev, target)
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

    def _choose_version(self, d: _dt.date) -> None:
        """Switch to the newest version of the rule set in force on ``d`` (the same one
        ``load_ruleset(id, on=d)`` gives)."""
        for version in reversed(_versions(self._rs)):
            if version.covers(d):
                self._rs = version
                return
        raise CaseError(
            f"{self._rs.id} {self._rs.version} is in force from {self._rs.effective_from}"
            + (f" to {self._rs.effective_to}" if self._rs.effective_to else "")
            + f"; no version covers a case received on {d}",
            case_id=self.case_id,
            state=self._state,
        )

    def _check_fields(self, edef: EventDef, fields: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in fields.items():
            spec = edef.fields.get(name)
            if spec is None:
                raise self._fail(
                    edef.id,
                    f"{edef.id}: unknown field {name!r}; allowed: {', '.join(sorted(edef.fields)) or 'none'}",
                    name,
                )
            if value is None:
                continue
            where = f"{edef.id}.{name}"
            if spec.type == "date":
                try:
                    value = parse_date(value, where)
                except InvalidArgumentError as exc:
                    raise self._fail(edef.id, str(exc), name) from None
                if not MIN_DATE <= value <= MAX_DATE:
                    raise self._fail(
                        edef.id,
                        f"{where}: {value} is outside the supported range {MIN_DATE} .. {MAX_DATE}",
                        name,
                    )
            elif spec.type == "int":
                if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
                    value = int(value)
                if not isinstance(value, int) or isinstance(value, bool):
                    raise self._fail(edef.id, f"{where}: expected an integer, got {value!r}", name)
                if spec.minimum is not None and value < spec.minimum:
                    raise self._fail(
                        edef.id, f"{where}: must be >= {spec.minimum}, got {value}", name
                    )
            elif spec.type == "bool":
                if isinstance(value, str) and value.lower() in ("true", "yes", "false", "no"):
                    value = value.lower() in ("true", "yes")
                if not isinstance(value, bool):
                    raise self._fail(
                        edef.id, f"{where}: expected true or false, got {value!r}", name
                    )
            elif spec.type == "choice":
                value = str(value)
                if value not in spec.values:
                    raise self._fail(
                        edef.id,
                        f"{where}: expected one of: {', '.join(spec.values)}; got {value!r}",
                        name,
                    )
            elif spec.type == "clock":
                if not isinstance(value, str) or value not in self._rs.clocks:
                    raise self._fail(
                        edef.id,
                        f"{where}: unknown clock {value!r}; clocks: {', '.join(sorted(self._rs.clocks))}",
                        name,
                    )
            elif not isinstance(value, str) or not value.strip():
                raise self._fail(edef.id, f"{where}: expected non-empty text, got {value!r}", name)
            out[name] = value
        for name, spec in edef.fields.items():
            if spec.required and name not in out:
                raise self._fail(edef.id, f"{edef.id}: missing required field {name!r}", name)
        for group in edef.one_of:
            given = [f for f in group if f in out]
            if len(given) != 1:
                raise self._fail(
                    edef.id,
                    f"{edef.id}: needs exactly one of {', '.join(group)}; got {', '.join(given) or 'none'}",
                    group[0],
                )
        return out

    def _record_dict(self, data: Mapping[str, Any], index: int) -> None:
        if not isinstance(data, Mapping) or "event" not in data or "date" not in data:
            raise CaseError(
                f"events[{index}]: expected a mapping with 'event' and 'date', got {data!r}",
                case_id=self.case_id,
            )
        fields = {k: v for k, v in data.items() if k not in ("event", "date", "time")}
        self.record(data["event"], data["date"], time=data.get("time"), **fields)

    # ------------------------------------------------------------------ applying

    def _running(self) -> list[_Run]:
        return [r for r in self._runs if r.end_kind is None]

    def _apply(self, ev: Event, target: str) -> None:
        rs = self._rs
        running = self._running()
        edef = rs.events[ev.id]
        # validate the effect and clock starts before changing anything
        effect_plan = self._plan_effect(ev, edef, running)
        starts = []
        for clock in rs.clocks_started_by.get(ev.id, ()):
            runs = [r for r in self._runs if r.clock.id == clock.id]
            if runs and (len(runs) >= clock.repeat or runs[-1].end_kind is None):
                limit = (
                    f"at most {clock.repeat} time(s)"
                    if len(runs) >= clock.repeat
                    else "once at a time"
                )
                raise self._fail(
                    ev.id, f"cannot start clock {clock.id!r} again: it may run {limit}"
                )
            cal = rs.calendar_for(clock)
            start, note = self._effective_start(ev, cal)
            starts.append(_Run(clock, len(runs) + 1, ev, start, note, cal))
        found: list[CaseWarning] = []
        for check in rs.checks_for(ev.id):
            if check.field in ev.fields:
                origin: _dt.date = ev.fields[check.field]
                latest = check.within.apply(rs.calendar, origin)
                if ev.date > latest:
                    found.append(
                        CaseWarning(
                            check.id,
                            f"{check.message.strip()} ({check.field} {origin}; limit {latest})",
                            ev.id,
                            ev.date,
                            check.citation,
                        )
                    )
        # --- mutate (nothing below may fail)
        self._events.append(ev)
        for run in running:
            c = run.clock
            if ev.id in c.met_by and run.end_kind is None:
                if c.repeat > 1 and any(
                    o.clock.id == c.id and o.end_kind is None and o.instance < run.instance
                    for o in running
                ):
                    continue  # meet the oldest open instance first
                run.end_kind, run.end = "met", ev
            elif ev.id in c.superseded_by:
                run.end_kind, run.end = "superseded", ev
            elif ev.id in c.cancelled_by:
                run.end_kind, run.end = "cancelled", ev
        for run, kind, value in effect_plan:
            if kind == "triage" and run.level is None:
                run.level = value
            else:
                run.adjust.append(("retriage" if kind == "triage" else kind, ev, value))
        self._runs.extend(starts)
        self._state = target
        if target in rs.final_states:
            for run in self._runs:
                if run.end_kind is None:
                    run.end_kind, run.end = "case_end", ev
        self._warnings.extend(found)

    def _effective_start(self, ev: Event, cal: WorkingDayCalendar) -> tuple[_dt.date, str]:
        """The start date of a clock that ``ev`` starts, and how it was found.

        Only receipt events (``receipt: true`` in the rule set) are subject to the receipt
        conventions; any other event is day 0 on its own date. For a receipt, in order: a
        time strictly after the cut-off, on a working day, deems it received on the next
        working day (a receipt on a non-working day is out of hours whatever the time, so
        the cut-off changes nothing there); then the ``receipt`` convention applies.
        """
        conv = self._rs.conventions
        d = ev.date
        if not self._rs.events[ev.id].receipt:
            return d, "day 0 (the event's own day; not a receipt)"
        notes = []
        cutoff = conv["receipt_cutoff"].value if "receipt_cutoff" in conv else "none"
        if (
            cutoff != "none"
            and ev.time is not None
            and ev.time.strftime("%H:%M") > cutoff
            and cal.is_working_day(d)
        ):
            d = cal.next_working_day(d, include_self=False)
            notes.append(f"after the {cutoff} cut-off, deemed received {d}")
        rule = conv["receipt"].value
        if rule == "non_working_deemed_next" and not cal.is_working_day(d):
            d = cal.next_working_day(d)
            notes.append(
                f"received on a non-working day, deemed received {d} (convention non_working_deemed_next)"
            )
        elif rule == "deemed_next_working_day":
            d = cal.next_working_day(d, include_self=False)
            notes.append(
                f"deemed received on the next working day, {d} (convention deemed_next_working_day)"
            )
        else:
            notes.append(f"day 0 under convention {rule}")
        return d, "; ".join(notes)

    def _plan_effect(
        self, ev: Event, edef: EventDef, running: list[_Run]
    ) -> list[tuple[_Run, str, Any]]:
        effect = edef.effect
        if effect is None:
            return []
        named = ev.fields.get("clock")
        if effect == "triage":
            plan = []
            for run in running:
                t = run.clock.triage
                if t is not None and t.event == ev.id and t.field in ev.fields:
                    plan.append((run, "triage", ev.fields[t.field]))
            if not plan:
                raise self._fail(ev.id, f"{ev.id}: no running clock is set by this triage event")
            return plan
        if effect == "extend":
            assert isinstance(named, str)
            run = self._running_run(ev, named, running)
            rule = run.clock.extension
            if rule is None:
                raise self._fail(ev.id, f"{ev.id}: clock {named!r} cannot be extended", "clock")
            for req in rule.requires:
                if not ev.fields.get(req):
                    raise self._fail(ev.id, f"{ev.id}: extending {named!r} needs {req!r}", req)
            sched = self._schedule(run, ev.date)
            if sched.due is None:
                raise self._fail(
                    ev.id, f"{ev.id}: clock {named!r} has no due date yet (not triaged)", "clock"
                )
            if rule.before_due and ev.date > sched.due:
                raise self._fail(
                    ev.id,
                    f"{ev.id}: {named!r} must be extended on or before its due date {sched.due}, got {ev.date}",
                )
            if "until" in ev.fields:
                value: Any = ("until", ev.fields["until"])
                until: _dt.date = ev.fields["until"]
                if until <= sched.due:
                    raise self._fail(
                        ev.id,
                        f"{ev.id}.until: must be after the current due date {sched.due}, got {until}",
                        "until",
                    )
                if self._counts_working_days(run) and not run.cal.is_working_day(until):
                    raise self._fail(
                        ev.id,
                        f"{ev.id}.until: {named!r} counts working days, so its due date must be a working day; got {until} ({run.cal.non_working_reason(until)})",
                        "until",
                    )
            else:
                value = ("working_days", ev.fields["working_days"])
                if value[1] < 1:
                    raise self._fail(
                        ev.id, f"{ev.id}.working_days: must be >= 1, got {value[1]}", "working_days"
                    )
            amount_field = value[0]
            run.adjust.append(("extend", ev, value))
            try:
                new = self._schedule(run, ev.date)
            except DateOutOfRangeError as exc:
                raise self._fail(
                    ev.id, f"{ev.id}: cannot extend {named!r}: {exc}", amount_field
                ) from None
            finally:
                run.adjust.pop()
            if new.cap is not None and new.due is not None and new.due > new.cap:
                raise self._fail(
                    ev.id,
                    f"{ev.id}: extending {named!r} to {new.due} goes past its cap ({self._cap_text(run)}, {new.cap})",
                    amount_field,
                )
            return [(run, "extend", value)]
        if effect == "pause":
            targets = (
                [self._running_run(ev, named, running)]
                if named
                else [r for r in running if r.clock.pausable and not r.paused()]
            )
            for run in targets:
                if not run.clock.pausable:
                    raise self._fail(
                        ev.id, f"{ev.id}: clock {run.clock.id!r} cannot be paused", "clock"
                    )
                if run.paused():
                    raise self._fail(
                        ev.id, f"{ev.id}: clock {run.clock.id!r} is already paused", "clock"
                    )
                due = self._schedule(run, ev.date).due
                if due is not None and ev.date > due:
                    raise self._fail(
                        ev.id,
                        f"{ev.id}: clock {run.clock.id!r} was due on {due}; a clock cannot be paused after its due date",
                    )
            if not targets:
                raise self._fail(ev.id, f"{ev.id}: no running clock can be paused")
            return [(r, "pause", None) for r in targets]
        # resume
        targets = (
            [self._running_run(ev, named, running)] if named else [r for r in running if r.paused()]
        )
        for run in targets:
            if not run.paused():
                raise self._fail(ev.id, f"{ev.id}: clock {run.clock.id!r} is not paused", "clock")
        if not targets:
            raise self._fail(ev.id, f"{ev.id}: no clock is paused")
        return [(r, "resume", None) for r in targets]

    def _running_run(self, ev: Event, clock_id: str, running: list[_Run]) -> _Run:
        runs = [r for r in running if r.clock.id == clock_id]
        if not runs:
            state = (
                "has not started"
                if not any(r.clock.id == clock_id for r in self._runs)
                else "is no longer running"
            )
            raise self._fail(ev.id, f"{ev.id}: clock {clock_id!r} {state}", "clock")
        return runs[0]

    def _cap_text(self, run: _Run) -> str:
        clock = run.clock
        if clock.triage and run.level:
            lv = clock.triage.levels[self._level(run)]
            if lv.maximum:
                return f"maximum {lv.maximum} for {lv.level}"
        assert clock.extension is not None and clock.extension.max_total is not None
        return f"at most {clock.extension.max_total} in all"

    @staticmethod
    def _counts_working_days(run: _Run) -> bool:
        """True if ``run``'s due date is counted in working days (so it is a working day)."""
        clock = run.clock
        if clock.duration is not None:
            return clock.duration.unit == "working_days"
        if clock.triage is not None:
            return all(lv.target.unit == "working_days" for lv in clock.triage.levels.values())
        return False  # due_with: shares another clock's date

    @staticmethod
    def _level(run: _Run) -> str:
        level = run.level
        for kind, _, value in run.adjust:
            if kind == "retriage":
                level = value
        assert level is not None
        return level

    # ------------------------------------------------------------------ computing

    def _schedule(self, run: _Run, as_of: _dt.date, explain: bool = False) -> _Schedule:
        """The due date of ``run``; with ``explain``, also the steps that led to it (their
        text costs more than the arithmetic, so it is built only for explanations).

        While :meth:`deadlines` runs, schedules are remembered per run (a run's schedule is
        needed again for conditions and shared due dates); nothing changes meanwhile.
        """
        memo = self._memo
        if memo is None or explain:
            return self._compute_schedule(run, as_of, explain)
        key = (id(run), as_of)
        got = memo.get(key)
        if got is None:
            got = memo[key] = self._compute_schedule(run, as_of, False)
        return got

    def _compute_schedule(self, run: _Run, as_of: _dt.date, explain: bool) -> _Schedule:
        clock = run.clock
        cal = run.cal
        ev = run.start_event
        steps: list[Step] = []
        if explain:
            steps.append(
                Step(
                    "start",
                    ev.date,
                    f"start: {ev.id} on {ev.date} ({_WEEKDAYS[ev.date.weekday()]}); {run.start_note}",
                )
            )
        if clock.due_with:
            other = next((r for r in self._runs if r.clock.id == clock.due_with), None)
            if other is None:
                if explain:
                    steps.append(
                        Step("share", None, f"due with {clock.due_with}, which has not started")
                    )
                return _Schedule(None, None, None, None, tuple(steps), False, (), ())
            o = self._schedule(other, as_of, explain)
            if explain:
                steps.append(
                    Step("share", None, f"due with {other.clock.label} ({other.clock.id}): {o.due}")
                )
            return _Schedule(o.due, None, None, None, tuple(steps), o.paused, (), ())
        base = run.start
        aim_d = max_d = cap_d = None
        adjust = run.adjust
        if clock.triage:
            level = run.level
            for i, (kind, aev, value) in enumerate(run.adjust):
                if kind == "retriage":
                    level = value
                    if self._rs.conventions["retriage"].value == "from_change":
                        # the count restarts at the change: earlier adjustments are dropped
                        base, _ = self._effective_start(aev, cal)
                        adjust = run.adjust[i + 1 :]
            if level is None:
                if explain:
                    steps.append(
                        Step(
                            "count",
                            None,
                            f"due date set by triage ({clock.triage.event}); not yet triaged",
                        )
                    )
                return _Schedule(None, None, None, None, tuple(steps), run.paused(), (), ())
            lv = clock.triage.levels[level]
            dur = lv.target
            if explain:
                steps.append(
                    Step(
                        "retriage" if base != run.start else "count",
                        None,
                        f"triage level {level}: target {lv.target}"
                        + (f", aim {lv.aim}" if lv.aim else "")
                        + (f", maximum {lv.maximum}" if lv.maximum else ""),
                    )
                )
            aim_d = run.count(lv.aim, base) if lv.aim else None
            max_d = run.count(lv.maximum, base) if lv.maximum else None
            cap_d = max_d
        else:
            assert clock.duration is not None
            dur = clock.duration
        if cap_d is None and clock.extension and clock.extension.max_total:
            cap_d = run.count(clock.extension.max_total, base)
        due = run.count(dur, base)
        if explain:
            steps.append(
                Step(
                    "count",
                    base,
                    f"count {dur} from {base} -> {due}",
                    base,
                    due,
                    dur.unit == "working_days",
                )
            )
        extensions: list[dict[str, Any]] = []
        pauses: list[dict[str, Any]] = []
        pause_ev: Event | None = None
        for kind, aev, value in adjust:
            if kind == "extend":
                how, amount = value
                old = due
                if how == "until":
                    due = amount
                    n = cal.working_days_between(old, due)
                else:
                    n = amount
                    due = cal.add_working_days(old, n)
                reason = aev.fields.get("reason")
                if explain:
                    text = (
                        f"extension on {aev.date}: until {due} (+{n} working days)"
                        if how == "until"
                        else f"extension on {aev.date}: +{n} working days -> {due}"
                    )
                    if reason:
                        text += f"; reason: {reason}"
                    steps.append(Step("extend", aev.date, text, old, due, True))
                extensions.append(
                    {
                        "on": aev.date.isoformat(),
                        "working_days": n,
                        "until": due.isoformat(),
                        "reason": reason,
                    }
                )
            elif kind == "pause":
                pause_ev = aev
            elif kind == "resume" and pause_ev is not None:
                due, aim_d, max_d, cap_d = self._shift(
                    run,
                    steps,
                    pauses,
                    pause_ev,
                    aev.date,
                    due,
                    aim_d,
                    max_d,
                    cap_d,
                    "resumed",
                    explain,
                )
                pause_ev = None
        paused = False
        if pause_ev is not None:
            end = run.end.date if run.end is not None else max(as_of, pause_ev.date)
            due, aim_d, max_d, cap_d = self._shift(
                run,
                steps,
                pauses,
                pause_ev,
                end,
                due,
                aim_d,
                max_d,
                cap_d,
                "ended" if run.end else "still paused at",
                explain,
            )
            paused = run.end is None
        return _Schedule(
            due, aim_d, max_d, cap_d, tuple(steps), paused, tuple(extensions), tuple(pauses)
        )

    @staticmethod
    def _shift(
        run: _Run,
        steps: list[Step],
        pauses: list[dict[str, Any]],
        pev: Event,
        until: _dt.date,
        due: _dt.date,
        aim: _dt.date | None,
        mx: _dt.date | None,
        cap: _dt.date | None,
        how: str,
        explain: bool,
    ) -> tuple[_dt.date, _dt.date | None, _dt.date | None, _dt.date | None]:
        cal = run.cal
        wd = run.clock.duration is None or run.clock.duration.unit == "working_days"
        if wd:
            k = cal.working_days_between(pev.date, until)

            def move(d: _dt.date) -> _dt.date:
                return cal.add_working_days(d, k)

            amount = f"{k} working day(s)"
        else:
            k = (until - pev.date).days

            def move(d: _dt.date) -> _dt.date:
                return d + _dt.timedelta(k)

            amount = f"{k} calendar day(s)"
        new = move(due)
        reason = pev.fields.get("reason")
        if explain:
            steps.append(
                Step(
                    "pause",
                    pev.date,
                    f"paused {pev.date}, {how} {until}: {amount} added -> {new}"
                    + (f"; reason: {reason}" if reason else ""),
                    due,
                    new,
                    wd,
                )
            )
        pauses.append(
            {
                "from": pev.date.isoformat(),
                "to": until.isoformat(),
                "days": k,
                "unit": "working_days" if wd else "calendar_days",
                "reason": reason,
                "open": how != "resumed",
            }
        )
        return new, move(aim) if aim else None, move(mx) if mx else None, move(cap) if cap else None

    def _status(
        self, run: _Run, sched: _Schedule, as_of: _dt.date
    ) -> tuple[Status, _dt.date | None]:
        due = sched.due
        kind = run.end_kind
        if kind == "met":
            assert run.end is not None
            return ("met" if due is None or run.end.date <= due else "met_late"), run.end.date
        if run.clock.condition is not None and not self._condition_holds(
            run.clock.condition.unmet_clock, as_of
        ):
            return "cancelled", None
        if kind is not None:  # superseded, cancelled or case_end: ended unmet
            assert run.end is not None
            if due is not None and due < run.end.date:
                return kind_info(run.clock.kind).lapses_as, None
            return ("cancelled" if kind == "case_end" else kind), None  # type: ignore[return-value]
        if due is None or sched.paused:
            return "pending", None
        if as_of > due:
            return kind_info(run.clock.kind).lapses_as, None
        if run.cal.working_days_between(as_of, due) <= self._rs.due_soon_working_days:
            return "due_soon", None
        return "pending", None

    def _condition_holds(self, clock_id: str, as_of: _dt.date) -> bool:
        """True unless ``clock_id`` was met on or before its due date (so a clock that
        applies only if it is unmet does not apply)."""
        for r in self._runs:
            if r.clock.id == clock_id and r.end_kind == "met" and r.end is not None:
                due = self._schedule(r, as_of).due
                if due is not None and r.end.date <= due:
                    return False
        return True

    def _view(self, as_of: _dt.date) -> Case:
        if not self._events or self._events[-1].date <= as_of:
            return self
        view = Case(self._rs, self.case_id)
        for ev in self._events:
            if ev.date > as_of:
                break
            view.record(ev.id, ev.date, time=ev.time, **ev.fields)
        return view

    def _replay(self, count: int) -> Case:
        """A copy of this case with only its first ``count`` events."""
        copy = Case(self._rs, self.case_id)
        for ev in self._events[:count]:
            copy.record(ev.id, ev.date, time=ev.time, **ev.fields)
        return copy

    def _trace(self, count: int, index: int, as_of: _dt.date) -> tuple[Step, ...]:
        """The explanation steps of run ``index`` as it stood after ``count`` events.

        Deadlines build their explanations on demand; events recorded since then must
        not change an explanation already handed out, so the history is replayed up to
        ``count`` when it has grown.
        """
        case = self if len(self._events) == count else self._replay(count)
        return case._schedule(case._runs[index], as_of, explain=True).steps

    def deadlines(self, as_of: _dt.date | str | None = None) -> Deadlines:
        """Every clock that has started by ``as_of`` (default: today), in due order.

        Events dated after ``as_of`` are ignored: the result is what was known that day.
        """
        day = _dt.date.today() if as_of is None else parse_date(as_of, "as_of")
        view = self._view(day)
        view._memo = {}
        try:
            return view._deadlines(day, self.case_id)
        finally:
            view._memo = None

    def state_at(self, as_of: _dt.date | str) -> str:
        """The state the case was in at the end of ``as_of`` (events after it ignored)."""
        return self._view(parse_date(as_of, "as_of"))._state

    def verdicts(self, as_of: _dt.date | str | None = None) -> list[Verdict]:
        """The light form of :meth:`deadlines`: one :class:`~statdeadline.deadline.Verdict`
        per deadline, in due order, with no explanation or provenance (for bulk work)."""
        day = _dt.date.today() if as_of is None else parse_date(as_of, "as_of")
        view = self._view(day)
        view._memo = {}
        try:
            found = view._evaluate(day)
        finally:
            view._memo = None
        return [v for _, _, v in found]

    def _evaluate(self, day: _dt.date) -> list[tuple[int, _Schedule, Verdict]]:
        """(run index, schedule, verdict) for every run, in due order."""
        out = []
        for index, run in enumerate(self._runs):
            sched = self._schedule(run, day)
            status, met_on = self._status(run, sched, day)
            end = met_on or (run.end.date if run.end is not None else None) or day
            taken = run.cal.working_days_between(run.start, end) if end >= run.start else 0
            late = 0
            if sched.due is not None and status in ("met_late", "overdue"):
                late = max(0, run.cal.working_days_between(sched.due, end))
            verdict = Verdict(
                run.clock.id,
                run.instance,
                run.clock.kind,
                self._level(run) if run.level else None,
                run.start,
                sched.due,
                met_on,
                status,
                taken,
                late,
                len(sched.extensions),
                len(sched.pauses),
            )
            out.append((index, sched, verdict))
        out.sort(key=_due_order)
        return out

    def _deadlines(self, day: _dt.date, case_id: str | None) -> Deadlines:
        view = self
        known = len(view._events)
        items = []
        for index, sched, v in view._evaluate(day):
            run = view._runs[index]
            status, met_on = v.status, v.met_on
            labels = run.clock.instance_labels
            label = run.clock.label + (
                f" ({labels[run.instance - 1]})" if run.instance <= len(labels) else ""
            )
            items.append(
                Deadline(
                    clock=run.clock.id,
                    label=label,
                    kind=run.clock.kind,
                    instance=run.instance,
                    start_event=run.start_event.id,
                    start=run.start,
                    due=sched.due,
                    status=status,
                    met_on=met_on,
                    met_by=run.end.id if met_on and run.end else None,
                    ended_by=run.end.id if run.end is not None else None,
                    citation=run.clock.citation,
                    as_of=day,
                    aim=sched.aim,
                    maximum=sched.maximum,
                    level=v.level,
                    paused=sched.paused,
                    extensions=sched.extensions,
                    pauses=sched.pauses,
                    working_days_taken=v.working_days_taken,
                    days_late=v.days_late,
                    calendar_fingerprint=run.cal.fingerprint,
                    trace=functools.partial(view._trace, known, index, day),
                    calendar=run.cal,
                )
            )
        meta = Provenance(**_provenance(view._rs), as_of=day, case_id=case_id)
        return Deadlines(tuple(items), meta, view._state, tuple(view._warnings))

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
    def from_dict(cls, ruleset: RuleSet, data: Mapping[str, Any]) -> Case:
        """Rebuild a case from :meth:`to_dict` data by replaying its events."""
        if not isinstance(data, Mapping):
            raise CaseError(
                f"expected a mapping with case_id, ruleset and events, got {type(data).__name__}"
            )
        rid = data.get("ruleset")
        if rid is not None and rid != ruleset.id:
            raise CaseError(
                f"case data is for rule set {rid!r}, not {ruleset.id!r}",
                case_id=data.get("case_id"),
            )
        events = data.get("events", [])
        if not isinstance(events, list):
            raise CaseError("events: expected a list", case_id=data.get("case_id"))
        return cls(ruleset, data.get("case_id"), events=events)

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
