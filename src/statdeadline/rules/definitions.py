"""The parts a rule set is made of, as frozen attrs data: sources and citations, durations,
events and their fields, states and transitions, clocks (with their extensions, triage
levels and conditions), checks and conventions.

:class:`~statdeadline.rules.model.RuleSet` (:mod:`.model`, which re-exports every name
here) holds them; the builders (:mod:`.build` and the modules it names) make them from a
rule file's data. No behaviour beyond lookups and their text.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any, Literal

import attrs

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
