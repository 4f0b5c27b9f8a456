"""The rule-set model: a regime's events, states, transitions, clocks and checks, as data.

Everything here is frozen attrs data with no behaviour beyond lookups; YAML files are
turned into these objects by :mod:`statdeadline.rules.loader`, and the state machine in
:mod:`statdeadline.engine` evaluates them. Adding a regime never touches this module.
This module holds :class:`RuleSet` and its summary; the parts it is made of (the types
below) are in :mod:`.definitions`, and every one of them is importable from here too.

Vocabulary (see ``docs/rule-authoring.md`` for the file format):

* **event** - a dated fact about a case (``received``, ``extension``...), with declared
  fields. A few events have an *effect* on clocks: ``extend``, ``pause``, ``resume`` or
  ``triage``.
* **state / transition** - which events are allowed when, and where they lead.
* **clock** - a deadline: started by an event, met by another, with a duration, and
  optionally extensions, pauses, RAG triage and a condition.
* **check** - a test on one event's fields (the time limit to complain) that gives a
  warning, never an error.
* **convention** - a named choice where the law is ambiguous (day of receipt, the
  bank-holiday division), with its citation and the alternatives a council may pick.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from functools import cached_property
from typing import Any

import attrs

from ..calendar import CalendarOverrides, WorkingDayCalendar
from .definitions import (
    CHOSEN_AT_LOAD,
    CheckDef,
    Citation,
    ClockDef,
    Condition,
    ConventionChoice,
    Duration,
    EventDef,
    ExtensionRule,
    FieldSpec,
    Source,
    StateDef,
    Transition,
    TriageLevel,
    TriageRule,
)

__all__ = [
    "CHOSEN_AT_LOAD",
    "CheckDef",
    "Citation",
    "ClockDef",
    "Condition",
    "ConventionChoice",
    "Duration",
    "EventDef",
    "ExtensionRule",
    "FieldSpec",
    "RuleSet",
    "Source",
    "StateDef",
    "Transition",
    "TriageLevel",
    "TriageRule",
]


@attrs.frozen(eq=False)
class RuleSet:
    """One regime (or a local overlay merged onto its base), ready for the engine.

    Construct through :func:`statdeadline.load_ruleset`; the loader validates the whole
    thing (including the state graph) before it is built.
    """

    id: str
    title: str
    version: str
    effective_from: _dt.date
    effective_to: _dt.date | None
    division: str
    division_alternatives: tuple[str, ...]
    overrides: CalendarOverrides
    local_overrides: CalendarOverrides
    conventions: Mapping[str, ConventionChoice]
    sources: Mapping[str, Source]
    events: Mapping[str, EventDef]
    states: Mapping[str, StateDef]
    transitions: tuple[Transition, ...]
    clocks: Mapping[str, ClockDef]
    checks: Mapping[str, CheckDef]
    due_soon_working_days: int = 3
    extends: str | None = None
    layers: tuple[str, ...] = ()  # ids from the statutory base to this rule set
    path: str | None = None
    description: str | None = None
    horizon_year: int | None = None  # authoritative_until for the calendars (None: default)
    #: the id of the overlay that chose ``division`` (:data:`CHOSEN_AT_LOAD`: chosen by
    #: ``load_ruleset(division=...)``), ``None`` if it is the declared one
    division_chosen_by: str | None = None
    #: the rules folders it was loaded with (``load_ruleset(rules_dirs=...)``): where its
    #: base, and its other versions' bases, are looked for
    rules_dirs: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"<RuleSet {self.id} {self.version}>"

    @cached_property
    def initial_state(self) -> str:
        """The state a new case starts in."""
        return next(s.id for s in self.states.values() if s.initial)

    @cached_property
    def final_states(self) -> frozenset[str]:
        """States a case ends in."""
        return frozenset(s.id for s in self.states.values() if s.final)

    @cached_property
    def _moves(self) -> dict[tuple[str, str], str]:
        moves: dict[tuple[str, str], str] = {}
        for t in self.transitions:
            for src in t.sources:
                moves[(src, t.event)] = t.target if t.target is not None else src
        return moves

    @cached_property
    def _allowed(self) -> dict[str, tuple[str, ...]]:
        allowed: dict[str, set[str]] = {s: set() for s in self.states}
        for state, event in self._moves:
            allowed[state].add(event)
        return {s: tuple(sorted(e)) for s, e in allowed.items()}

    def allowed_events(self, state: str) -> tuple[str, ...]:
        """Event ids allowed in ``state``, sorted."""
        return self._allowed.get(state, ())

    def next_state(self, state: str, event: str) -> str | None:
        """Where ``event`` leads from ``state``, or ``None`` if it is not allowed there."""
        return self._moves.get((state, event))

    @cached_property
    def clocks_started_by(self) -> dict[str, tuple[ClockDef, ...]]:
        """Event id -> clocks that event starts (with the chosen start)."""
        out: dict[str, list[ClockDef]] = {}
        for c in self.clocks.values():
            extra = (c.start_fallback,) if c.start_fallback and c.start_fallback != c.start else ()
            for event in (c.start, *c.start_also, *extra):
                out.setdefault(event, []).append(c)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def calendar(self) -> WorkingDayCalendar:
        """The calendar for statutory clocks: the division and the statutory overrides."""
        return WorkingDayCalendar(
            self.division, self.overrides, authoritative_until=self.horizon_year
        )

    @cached_property
    def local_calendar(self) -> WorkingDayCalendar:
        """The calendar for clocks declared by local overlays: statutory days plus the
        overlays' own (closure days apply to local targets only)."""
        if not self.local_overrides.non_working and not self.local_overrides.working:
            return self.calendar
        return WorkingDayCalendar(
            self.division,
            self.overrides.merged(self.local_overrides),
            authoritative_until=self.horizon_year,
        )

    @cached_property
    def _checks_by_event(self) -> dict[str, tuple[CheckDef, ...]]:
        out: dict[str, list[CheckDef]] = {}
        for check in self.checks.values():
            out.setdefault(check.event, []).append(check)
        return {k: tuple(v) for k, v in out.items()}

    def checks_for(self, event: str) -> tuple[CheckDef, ...]:
        """The checks made when ``event`` is recorded."""
        return self._checks_by_event.get(event, ())

    def calendar_for(self, clock: ClockDef) -> WorkingDayCalendar:
        """The calendar a clock counts in: local overlays' clocks use the local calendar."""
        if clock.layer and self.layers and clock.layer != self.layers[0]:
            return self.local_calendar
        return self.calendar

    def covers(self, d: _dt.date) -> bool:
        """True if this rule set is in force on ``d``."""
        return self.effective_from <= d and (self.effective_to is None or d <= self.effective_to)

    def to_summary(self) -> dict[str, Any]:
        """A JSON-safe summary: identity, division and conventions with their alternatives
        (and which layer chose them), the events with their fields, and the clocks with
        their choices and citations.

        ``chosen_by`` (division, each convention and clock choice): the id of the overlay
        that chose the value, :data:`CHOSEN_AT_LOAD` for a choice made when loading, or
        ``None``/absent for the declared value.
        """
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "extends": self.extends,
            "layers": list(self.layers),
            "division": self.division,
            "division_alternatives": list(self.division_alternatives),
            "division_chosen_by": self.division_chosen_by,
            "conventions": {k: v.value for k, v in self.conventions.items()},
            "convention_choices": {
                k: {
                    "value": v.value,
                    "alternatives": list(v.alternatives),
                    "chosen_by": v.chosen_by,
                }
                for k, v in self.conventions.items()
            },
            "events": {e.id: _event_summary(e) for e in self.events.values()},
            "clocks": {c.id: _clock_summary(c) for c in self.clocks.values()},
        }


def _event_summary(e: EventDef) -> dict[str, Any]:
    fields = {
        f.name: {
            "type": f.type,
            "required": f.required,
            "label": f.label,
            **({"values": list(f.values)} if f.values else {}),
            **({"minimum": f.minimum} if f.minimum is not None else {}),
        }
        for f in e.fields.values()
    }
    return {
        "label": e.label,
        "description": e.description,
        "effect": e.effect,
        "receipt": e.receipt,
        "raised_on": e.raised_on,
        "fields": fields,
        "one_of": [list(g) for g in e.one_of],
    }


def _cap(d: Duration | None) -> str | None:
    return None if d is None else str(d)


def _clock_summary(c: ClockDef) -> dict[str, Any]:
    ext = c.extension
    extension = (
        None
        if ext is None
        else {
            "max_total": _cap(ext.max_total),
            "max_total_alternatives": [_cap(a) for a in ext.max_total_alternatives],
            "requires": list(ext.requires),
            "requires_alternatives": [list(a) for a in ext.requires_alternatives],
            "before_due": ext.before_due,
            "before_due_alternatives": list(ext.before_due_alternatives),
            "citation": str(ext.citation) if ext.citation else None,
        }
    )
    return {
        "label": c.label,
        "kind": c.kind,
        "layer": c.layer,
        "start": c.start,
        "start_alternatives": list(c.start_alternatives),
        "met_by": list(c.met_by),
        "duration": str(c.duration) if c.duration else None,
        "duration_alternatives": [str(d) for d in c.duration_alternatives],
        "extension": extension,
        "chosen_by": dict(c.chosen_by),
        "citation": str(c.citation),
    }
