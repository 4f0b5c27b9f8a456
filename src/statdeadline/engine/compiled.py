"""A rule set compiled for the engine: lookup tables built once per loaded rule set.

Recording an event must touch only what the event affects. :func:`compile_ruleset` turns
a :class:`~statdeadline.rules.model.RuleSet` into, per event, the moves it makes (state
-> next state), the clocks it meets, supersedes, cancels and starts, its effect, its
checks and whether any field needs checking; per clock, the calendar it counts in and
what its kind means. The result is cached per rule set object (rule sets are immutable).
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .. import _version
from ..calendar import WorkingDayCalendar
from ..rules import ClockDef, EventDef, RuleSet, versions_of
from ..rules.model import CheckDef
from ..rules.vocabulary import HOUR_UNITS, kind_info

__all__ = [
    "CompiledClock",
    "CompiledEvent",
    "CompiledRuleSet",
    "compile_ruleset",
    "in_force",
    "provenance",
    "versions",
]

#: What an event does to the running clocks that name it, and the clock field naming it,
#: strongest first: a clock met by an event is met even if the same event would also
#: supersede or cancel it; one it ends as not required (an offer declined) is neither met
#: nor late, whenever that happens.
ROLES = (
    ("met", "met_by"),
    ("not_required", "not_required_by"),
    ("superseded", "superseded_by"),
    ("cancelled", "cancelled_by"),
)


@attrs.frozen(slots=True)
class CompiledClock:
    """A clock with what the engine needs at hand: its calendar and its kind's meaning."""

    id: str
    clock: ClockDef
    cal: WorkingDayCalendar
    lapses_as: str
    repeat: int
    labels: tuple[str, ...]  # the deadline's label for instance 1, 2, ... (where named)
    fingerprint: str  # the calendar's
    pause_both_ends: bool = False  # convention pause_days: both_ends
    #: a calendar-day or month clock's roll, applied after its pauses and extensions
    #: (``"none"``: no roll, or a working-day clock)
    late_roll: str = "none"
    month_move_start: bool = False  # convention month_pause: move_start
    month_extension_from_end: bool = False  # convention month_extension: from_first_end
    #: its due date is not one count of its duration in days: ``due_on``, ``due_with``,
    #: ``arises_after`` or a duration in hours (the common clock skips those steps)
    timing: bool = False
    #: its start is more than its start event's day: ``start_also``, ``start_fallback``,
    #: ``start_capped_by`` (under ``start_cap: earlier_of_deadline``) or ``due_on``
    #: (the date given is checked against the start)
    start_shape: bool = False
    #: step 7 applies: a late roll, or ``month_pause: move_start``
    last: bool = False


@attrs.frozen(slots=True)
class CompiledEvent:
    """One event's tables."""

    id: str
    edef: EventDef
    moves: dict[str, str]  # state -> the state the event leads to
    roles: dict[str, str]  # clock id -> what the event does to its running runs (ROLES)
    starts: tuple[CompiledClock, ...]
    checks: tuple[CheckDef, ...]
    needs_check: bool  # fields are required or grouped, so even no fields must be checked
    effect: str | None
    receipt: bool
    plain: bool  # no effect, no clock met, ended, started, no check: only a move
    #: the preferred start of a clock it starts that has a ``start_fallback``: it may
    #: re-anchor that clock's runs
    reanchors: bool = False


@attrs.frozen(slots=True, eq=False)
class CompiledRuleSet:
    """Everything the engine reads from a rule set while recording and evaluating."""

    rs: RuleSet
    events: dict[str, CompiledEvent]
    clocks: dict[str, CompiledClock]
    final_states: frozenset[str]
    cutoff: str | None  # receipt cut-off "HH:MM", or None
    receipt_rule: str  # the receipt convention's value
    day0: bool  # no cut-off and receipt: day_0, so a receipt's day is its start
    retriage_from_change: bool
    due_soon: int
    #: some clock's schedule or status reads another's (due_with, condition, arises_after)
    linked: bool
    start_capped: bool = False  # convention start_cap: earlier_of_deadline
    #: receipt event id -> its ``raised_on`` date field, under convention ``received_on:
    #: raised_on`` (empty otherwise): the clocks it starts count from that field's day
    raised_on: Mapping[str, str] = MappingProxyType({})
    #: a met clock's status is its end date against its due date: no clock reads
    #: another's (``linked``) and none is counted in hours (met late after a time of day)
    met_by_date: bool = False

    def allowed(self, state: str) -> tuple[str, ...]:
        """Event ids allowed in ``state``, sorted."""
        return self.rs.allowed_events(state)


def _roles(rs: RuleSet, event: str) -> dict[str, str]:
    """Clock id -> what ``event`` does to its running runs (the strongest of ROLES)."""
    out = {}
    for c in rs.clocks.values():
        for role, names in ROLES:
            if event in getattr(c, names):
                out[c.id] = role
                break
    return out


def _timing(c: ClockDef) -> bool:
    """True if ``c``'s due date is not one count of its duration in days."""
    hours = c.duration is not None and c.duration.unit in HOUR_UNITS
    return bool(c.due_on or c.due_with or c.arises_after or hours)


def _start_shape(c: ClockDef, capped: bool) -> bool:
    """True if ``c``'s start needs more than its start event's day (``capped``: the rule
    set chooses ``start_cap: earlier_of_deadline``)."""
    return bool(c.start_also or c.start_fallback or c.due_on or (c.start_capped_by and capped))


def _reanchors(event: str, starts: tuple[CompiledClock, ...]) -> bool:
    """True if ``event`` is the preferred start of a clock it starts with a fallback."""
    return any(
        cc.clock.start_fallback not in (None, event) and cc.clock.start == event for cc in starts
    )


def _compile(rs: RuleSet) -> CompiledRuleSet:
    capped = _value(rs, "start_cap") == "earlier_of_deadline"
    clocks = {
        c.id: CompiledClock(
            c.id,
            c,
            rs.calendar_for(c),
            kind_info(c.kind).lapses_as,
            c.repeat,
            tuple(f"{c.label} ({name})" for name in c.instance_labels),
            rs.calendar_for(c).fingerprint,
            pause_both_ends=_value(rs, "pause_days") == "both_ends",
            late_roll=_late_roll(c),
            month_move_start=_value(rs, "month_pause") == "move_start",
            month_extension_from_end=_value(rs, "month_extension") == "from_first_end",
            timing=_timing(c),
            start_shape=_start_shape(c, capped),
            last=_late_roll(c) != "none" or _value(rs, "month_pause") == "move_start",
        )
        for c in rs.clocks.values()
    }
    moves: dict[str, dict[str, str]] = {e: {} for e in rs.events}
    for t in rs.transitions:
        for src in t.sources:
            moves[t.event][src] = t.target if t.target is not None else src
    started = rs.clocks_started_by
    events = {}
    for eid, edef in rs.events.items():
        roles = _roles(rs, eid)
        starts = tuple(clocks[c.id] for c in started.get(eid, ()))
        checks = rs.checks_for(eid)
        events[eid] = CompiledEvent(
            id=eid,
            edef=edef,
            moves=moves[eid],
            roles=roles,
            starts=starts,
            checks=checks,
            needs_check=bool(edef.one_of) or any(f.required for f in edef.fields.values()),
            effect=edef.effect,
            receipt=edef.receipt,
            plain=edef.effect is None and not (roles or starts or checks),
            reanchors=_reanchors(eid, starts),
        )
    conv = rs.conventions
    linked = any(c.due_with or c.condition or c.arises_after for c in rs.clocks.values())
    cutoff = conv["receipt_cutoff"].value if "receipt_cutoff" in conv else "none"
    raised_on = (
        {e.id: e.raised_on for e in rs.events.values() if e.raised_on}
        if _value(rs, "received_on") == "raised_on"
        else {}
    )
    return CompiledRuleSet(
        rs=rs,
        events=events,
        clocks=clocks,
        final_states=rs.final_states,
        cutoff=None if cutoff == "none" else cutoff,
        receipt_rule=conv["receipt"].value,
        day0=cutoff == "none" and conv["receipt"].value == "day_0" and not raised_on,
        retriage_from_change=conv["retriage"].value == "from_change",
        due_soon=rs.due_soon_working_days,
        linked=linked,
        start_capped=capped,
        raised_on=MappingProxyType(raised_on),
        met_by_date=not linked and not any(cc.timing for cc in clocks.values()),
    )


def _value(rs: RuleSet, convention: str) -> str | None:
    """The value of an optional convention (``None``: the rule set does not declare it)."""
    choice = rs.conventions.get(convention)
    return choice.value if choice is not None else None


def _late_roll(c: ClockDef) -> str:
    """The roll a clock's schedule applies last: a calendar-day or month duration's, so
    that days paused are added to the unrolled end (then rolled once)."""
    d = c.duration
    if d is None or d.unit == "working_days":
        return "none"
    return d.roll


@functools.lru_cache(maxsize=256)
def compile_ruleset(rs: RuleSet) -> CompiledRuleSet:
    """The compiled form of ``rs`` (built once per rule set object)."""
    return _compile(rs)


@functools.lru_cache(maxsize=256)
def versions(rs: RuleSet) -> tuple[RuleSet, ...]:
    """Every version of ``rs``'s id, oldest first (cached per loaded rule set)."""
    return tuple(versions_of(rs))


def in_force(rs: RuleSet, day: _dt.date) -> RuleSet | None:
    """The newest version of ``rs``'s id in force on ``day`` (``rs`` itself when it is
    the newest and covers the day, the common case, without a search), ``None`` when
    none is: the version a case received that day is judged under."""
    every = versions(rs)
    if rs.covers(day) and rs is every[-1]:
        return rs
    return next((v for v in reversed(every) if v.covers(day)), None)


@functools.lru_cache(maxsize=256)
def provenance(rs: RuleSet) -> tuple[Any, ...]:
    """The parts of a result's provenance that depend only on the rule set, in the order
    of :class:`~statdeadline.engine.results.Provenance`'s fields (``as_of`` and
    ``case_id`` follow)."""
    return (
        _version.__version__,  # read here, not at import: it may be computed lazily
        rs.id,
        rs.version,
        rs.layers,
        rs.division,
        MappingProxyType({k: v.value for k, v in rs.conventions.items()}),  # shared: read-only
        rs.calendar.fingerprint,
        rs.local_calendar.fingerprint,
    )
