"""The rule-set model: a regime's events, states, transitions, clocks and checks, as data.

Everything here is frozen attrs data with no behaviour beyond lookups; YAML files are
turned into these objects by :mod:`statdeadline.rules.loader`, and the state machine in
:mod:`statdeadline.engine` evaluates them. Adding a regime never touches this module.

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
from typing import Any, Literal

import attrs

from ..calendar import CalendarOverrides, WorkingDayCalendar
from ..exceptions import InvalidArgumentError
from .vocabulary import ClockKind, Confidence

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


#: ``chosen_by`` of a choice made when loading (``load_ruleset(conventions=...,
#: division=...)``, ``--convention``, ``--division``) rather than by a rule file; not a
#: possible rule-set id
CHOSEN_AT_LOAD = "<load>"


@attrs.frozen
class Source:
    """A document rules are taken from: an instrument, guidance, a council procedure."""

    id: str
    title: str
    url: str | None = None
    note: str | None = None


@attrs.frozen
class Citation:
    """Where one rule comes from, and how sure we are of it.

    ``source`` is the id of a :class:`Source` of the rule set; ``ref`` the regulation,
    paragraph or page; ``confidence`` one of :data:`CONFIDENCES`.
    """

    source: str
    ref: str
    confidence: Confidence
    url: str | None = None
    quote: str | None = None
    note: str | None = None
    title: str | None = None  # the source's title, filled in by the loader

    def __str__(self) -> str:
        name = self.title or self.source
        text = f"{name}, {self.ref}" if self.ref else name
        return f"{text} [{self.confidence}]"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "source": self.source,
            "title": self.title,
            "ref": self.ref,
            "confidence": self.confidence,
            "url": self.url,
            "quote": self.quote,
            "note": self.note,
        }


@attrs.frozen
class Duration:
    """A length of time: ``amount`` working days, calendar days or months.

    ``end`` (months only) is ``corresponding`` or ``commencing``; ``roll`` (calendar days
    and months) is ``none``, ``next`` or ``previous``. See
    :meth:`WorkingDayCalendar.add_months`.

    ``dated``: a timescale that changes over time, as ``(date, amount)`` pairs, oldest
    first (``working_days: {2014-08-01: 25, 2027-04-01: 20}`` in a rule file). The amount
    in force for a clock is the one with the latest date on or before the day the clock
    starts (:meth:`on`); ``amount`` is then the first one. ``()``: the amount never changes.

    >>> from datetime import date
    >>> d = Duration("working_days", 25, dated=((date(2014, 8, 1), 25), (date(2027, 4, 1), 20)))
    >>> str(d.on(date(2027, 3, 31))), str(d.on(date(2027, 4, 1)))
    ('25 working days', '20 working days')
    >>> str(d)
    '25 working days from 2014-08-01, 20 working days from 2027-04-01'
    """

    unit: Literal["working_days", "calendar_days", "months", "hours", "office_hours"]
    amount: int
    end: Literal["corresponding", "commencing"] = "corresponding"
    roll: Literal["none", "next", "previous"] = "none"
    dated: tuple[tuple[_dt.date, int], ...] = ()
    #: office hours only: the office's opening and closing times ("HH:MM") on working days
    office: tuple[str, str] = ("09:00", "17:00")

    def on(self, day: _dt.date) -> Duration:
        """The duration in force for a clock that starts on ``day``: for a dated timescale,
        the amount of the latest date on or before ``day``; otherwise itself.

        A day before the first date has no amount in force and raises
        :class:`~statdeadline.exceptions.InvalidArgumentError` (a rule file's first date
        is on or before its ``effective_from``, so a loaded rule set never does).

        >>> from datetime import date
        >>> d = Duration("months", 12, dated=((date(2020, 1, 1), 12),))
        >>> d.on(date(2019, 12, 31))
        Traceback (most recent call last):
        ...
        statdeadline.exceptions.InvalidArgumentError: day: expected a date on or after 2020-01-01, the first date of '12 months (corresponding date) from 2020-01-01', got datetime.date(2019, 12, 31)
        """
        if not self.dated:
            return self
        amount = None
        for since, value in self.dated:
            if since > day:
                break
            amount = value
        if amount is None:
            raise InvalidArgumentError(
                "day", day, f"a date on or after {self.dated[0][0]}, the first date of '{self}'"
            )
        return Duration(self.unit, amount, self.end, self.roll, office=self.office)

    def __str__(self) -> str:
        if self.dated:
            return ", ".join(f"{self.on(since)} from {since}" for since, _ in self.dated)
        unit = self.unit.replace("_", " ")
        if self.amount == 1:
            unit = unit[:-1]
        text = f"{self.amount} {unit}"
        if self.unit == "months":
            text += (
                " beginning with the start day"
                if self.end == "commencing"
                else " (corresponding date)"
            )
        if self.unit == "office_hours":
            text += f" ({self.office[0]}-{self.office[1]} on working days)"
        elif self.roll != "none" and self.unit in ("calendar_days", "months"):
            text += f", rolled to the {self.roll} working day"
        return text


@attrs.frozen
class FieldSpec:
    """A field an event may carry: its type, whether required, allowed values."""

    name: str
    type: Literal["bool", "choice", "clock", "date", "int", "str"]
    required: bool = False
    values: tuple[str, ...] = ()
    label: str | None = None
    minimum: int | None = None


@attrs.frozen
class EventDef:
    """An event a case can record.

    ``receipt``: the event is the council receiving something (a complaint, a request to
    escalate); the rule set's receipt conventions (day of receipt, non-working days,
    cut-off time) apply to the clocks it starts. Other events (the council's own
    acknowledgement, response, a panel meeting) count from their own day.

    ``raised_on``: a date field of a receipt event giving an earlier day the matter was
    first raised (the concern a complaint began as); under convention ``received_on:
    raised_on`` the clocks the event starts count from that day when it is recorded.
    """

    id: str
    label: str
    fields: Mapping[str, FieldSpec] = attrs.field(factory=dict)
    effect: Literal["extend", "pause", "restart", "resume", "triage"] | None = None
    one_of: tuple[tuple[str, ...], ...] = ()  # groups of fields of which exactly one is given
    description: str | None = None
    receipt: bool = False
    raised_on: str | None = None


@attrs.frozen
class StateDef:
    """A state of a case."""

    id: str
    label: str
    initial: bool = False
    final: bool = False


@attrs.frozen
class Transition:
    """``event`` is allowed in each of ``sources``; it moves the case to ``target``
    (``None``: the state is unchanged). ``any_state``: declared as allowed in every state
    that is not final, including states a local overlay adds."""

    event: str
    sources: tuple[str, ...]
    target: str | None = None
    any_state: bool = False  # declared with from: "*" - every state that is not final


@attrs.frozen
class ExtensionRule:
    """How a clock may be extended.

    ``max_total``: the longest the clock may run in all, extensions included (``None``: no
    cap). ``requires``: event fields that must be present and true/non-empty (``reason``,
    ``agreed_with_complainant``). ``before_due``: ``True``, the extension must be
    recorded on or before the current due date; a field name, that date field of the
    extension (the day more time was asked for) must be given and be on or before it
    (the agreement may come later); ``False``, any time. ``requires_alternatives`` and
    ``before_due_alternatives``: other choices a council may make instead (in an overlay;
    see :mod:`statdeadline.rules.choices`). ``max_total_alternatives``:
    other caps a council may choose instead of ``max_total`` (``None`` among them: no cap;
    see :func:`statdeadline.rules.choices.max_total_problem`).
    """

    max_total: Duration | None = None
    requires: tuple[str, ...] = ()
    before_due: bool | str = False
    citation: Citation | None = None
    requires_alternatives: tuple[tuple[str, ...], ...] = ()
    max_total_alternatives: tuple[Duration | None, ...] = ()
    before_due_alternatives: tuple[bool | str, ...] = ()


@attrs.frozen
class TriageLevel:
    """One RAG level: its target, and optionally an aim (sooner) and a maximum (later)."""

    level: str
    target: Duration
    aim: Duration | None = None
    maximum: Duration | None = None
    label: str | None = None


@attrs.frozen
class TriageRule:
    """A clock whose duration is set by a triage event's level."""

    event: str
    field: str
    levels: Mapping[str, TriageLevel]


@attrs.frozen
class Condition:
    """When a clock applies: only if ``clock`` is not met by its due date."""

    unmet_clock: str


@attrs.frozen
class ClockDef:
    """A deadline. See ``docs/rule-authoring.md`` for every field."""

    id: str
    label: str
    kind: ClockKind
    start: str
    met_by: tuple[str, ...]
    citation: Citation
    duration: Duration | None = None
    due_with: str | None = None  # the clock whose due date this one shares
    start_alternatives: tuple[str, ...] = ()
    superseded_by: tuple[str, ...] = ()
    cancelled_by: tuple[str, ...] = ()
    extension: ExtensionRule | None = None
    #: events that end the clock as not required: neither met nor late (an offer the
    #: complainant declines, where the time limit binds only what takes place)
    not_required_by: tuple[str, ...] = ()
    #: a duty with no due date of its own, owed from the day after this clock's due date
    #: if that clock is unmet by then (a delay notice after a backstop)
    arises_after: str | None = None
    #: other durations a council's overlay may choose (``clocks: {id: {duration: ...}}``)
    duration_alternatives: tuple[Duration, ...] = ()
    #: a date field of the start event that, when the event carries it, is the due date
    #: (a response date set by a letter); the duration counts only without it
    due_on: str | None = None
    pausable: bool = False
    triage: TriageRule | None = None
    condition: Condition | None = None
    repeat: int = 1  # how many times the clock may run (review tiers); 1: once
    instance_labels: tuple[str, ...] = ()
    note: str | None = None
    layer: str = ""  # id of the rule set (base or overlay) that declared the clock
    #: events that also start the clock: it starts with whichever of ``start`` and these
    #: is recorded first (the others then change nothing)
    start_also: tuple[str, ...] = ()
    #: an event that starts the clock while ``start`` (the preferred one) is not recorded;
    #: ``start`` recorded later moves the running clock's start to its own day
    start_fallback: str | None = None
    #: a clock whose due date caps this one's start, under convention ``start_cap:
    #: earlier_of_deadline`` (the start is the earlier of the start event's day and that
    #: clock's due date)
    start_capped_by: str | None = None
    restartable: bool = False  # an event with effect ``restart`` starts its count again
    #: which layer chose what: ``(choice, rule-set id)`` pairs for the choices an overlay
    #: made (``start``, ``duration``, ``extension.requires``, ``extension.max_total``,
    #: ``extension.before_due``); a choice not listed is the declaring layer's
    chosen_by: tuple[tuple[str, str], ...] = ()

    def chooser(self, choice: str) -> str | None:
        """The id of the layer that chose ``choice`` (``"start"``, ``"duration"``,
        ``"extension.requires"``...), or ``None`` if it is the declared value."""
        return dict(self.chosen_by).get(choice)


@attrs.frozen
class CheckDef:
    """A warning check on an event: ``event`` should be within ``within`` of its
    ``field`` date (e.g. received within 12 months of the grounds arising)."""

    id: str
    label: str
    event: str
    field: str
    within: Duration
    message: str
    citation: Citation


@attrs.frozen
class ConventionChoice:
    """A named convention: the value chosen, the alternatives allowed, and why.

    ``alternatives`` are the other values that may still be chosen: after an overlay's
    choice they include the value it replaced, so a further overlay may choose back.
    ``chosen_by``: the id of the overlay that chose ``value`` (:data:`CHOSEN_AT_LOAD`:
    chosen by ``load_ruleset(conventions=...)``), ``None`` if it is the declared value.
    """

    name: str
    value: str
    alternatives: tuple[str, ...]
    citation: Citation | None = None
    note: str | None = None
    chosen_by: str | None = None


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
