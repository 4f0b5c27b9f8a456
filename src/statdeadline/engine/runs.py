"""One running of one clock, and the typed records of what happened to it.

A :class:`Run` is created when an event starts a clock. Later events append typed
records to it (:class:`Extension`, :class:`Pause`, :class:`Resume`, :class:`Retriage`,
:class:`Restart`)
and may end it (met, superseded, cancelled, or with the case). Its schedule is a pure
function of the clock, its start and these records (:mod:`statdeadline.engine.schedule`);
the run keeps the schedule it last computed and folds each new record into it, so
recording an event costs the same however long the history is.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, NamedTuple

from ..calendar import WorkingDayCalendar
from .compiled import CompiledClock, CompiledRuleSet
from .event import Event

__all__ = [
    "DAY0",
    "NOT_RECEIPT",
    "Extension",
    "Pause",
    "Record",
    "Restart",
    "Resume",
    "Retriage",
    "Run",
    "effective_start",
]


class Extension(NamedTuple):
    """An extension of a run: ``until`` a date, or by ``working_days``."""

    event: Event
    how: str  # "until" or "working_days"
    amount: Any  # the date, or the number of working days


class Pause(NamedTuple):
    """The run stops counting from ``event``'s day."""

    event: Event


class Resume(NamedTuple):
    """The run counts again from ``event``'s day."""

    event: Event


class Retriage(NamedTuple):
    """The run's RAG level changes to ``level`` at ``event``."""

    event: Event
    level: str


class Restart(NamedTuple):
    """The run's count starts again from ``event`` (its day, after the receipt
    conventions if it is a receipt); the records before it no longer count."""

    event: Event


Record = Extension | Pause | Resume | Retriage | Restart

#: How a start date was found, as (code, date) pairs rendered into words only when an
#: explanation is asked for (see :func:`statdeadline.engine.explain.start_note`).
NOT_RECEIPT: tuple[tuple[str, Any], ...] = (("not_receipt", None),)
DAY0: tuple[tuple[str, Any], ...] = (("day0", None),)


def effective_start(
    crs: CompiledRuleSet, receipt: bool, ev: Event, cal: WorkingDayCalendar
) -> tuple[_dt.date, tuple[tuple[str, Any], ...]]:
    """The start date of a clock that ``ev`` starts, and how it was found.

    Only receipt events (``receipt: true`` in the rule set) are subject to the receipt
    conventions; any other event is day 0 on its own date. For a receipt, in order: under
    convention ``received_on: raised_on``, a receipt event that carries its ``raised_on``
    date field (the day a concern it began as was raised) counts from that day instead of
    its own, with no time of day (the event's time is the later day's, so the cut-off
    does not apply); a time strictly after the cut-off, on a working day, deems it received on the next
    working day (a receipt on a non-working day is out of hours whatever the time, so
    the cut-off changes nothing there); then the ``receipt`` convention applies:
    ``day_0`` (the day of receipt is day 0), ``non_working_deemed_next`` (a receipt on a
    non-working day is deemed received on the next working day) or
    ``deemed_next_working_day`` (every receipt is deemed received on the next working
    day).

    >>> from statdeadline import load_ruleset
    >>> from statdeadline.engine.event import Event
    >>> from statdeadline.engine.compiled import compile_ruleset
    >>> rs = load_ruleset("england-children-2006",
    ...                   conventions={"receipt": "non_working_deemed_next"})
    >>> crs = compile_ruleset(rs)
    >>> effective_start(crs, True, Event("received", _dt.date(2024, 3, 30)), rs.calendar)
    (datetime.date(2024, 4, 2), (('non_working', datetime.date(2024, 4, 2)),))
    >>> effective_start(crs, False, Event("stage1_response", _dt.date(2024, 3, 30)),
    ...                 rs.calendar)[0]
    datetime.date(2024, 3, 30)
    """
    d = ev.date
    if not receipt:
        return d, NOT_RECEIPT
    cutoff = crs.cutoff
    rule = crs.receipt_rule
    how: list[tuple[str, Any]] = []
    field = crs.raised_on.get(ev.id) if crs.raised_on else None
    raised = ev.fields.get(field) if field else None
    if raised is not None:
        d = raised
        how.append(("raised_on", (field, d)))
    elif cutoff is None and rule == "day_0":
        return d, DAY0
    if (
        raised is None
        and cutoff is not None
        and ev.time is not None
        and ev.time > _dt.time.fromisoformat(cutoff)  # (17:00:30 is after 17:00)
        and cal.is_working_day(d)
    ):
        d = cal.next_working_day(d, include_self=False)
        how.append(("cutoff", d))
    if rule == "non_working_deemed_next" and not cal.is_working_day(d):
        d = cal.next_working_day(d)
        how.append(("non_working", d))
    elif rule == "deemed_next_working_day":
        d = cal.next_working_day(d, include_self=False)
        how.append(("deemed_next", d))
    else:
        how.append(("day0", None))
    return d, tuple(how)


class Run:
    """One running of one clock on one case (mutable, internal to the engine)."""

    __slots__ = (
        "cc",
        "counts",
        "end",
        "end_kind",
        "folded",
        "how",
        "instance",
        "kept",
        "level",
        "paused",
        "records",
        "start",
        "start_event",
    )

    def __init__(
        self,
        cc: CompiledClock,
        instance: int,
        event: Event,
        start: _dt.date,
        how: tuple[tuple[str, Any], ...],
    ) -> None:
        self.cc = cc
        self.instance = instance
        self.start_event = event
        self.start = start
        self.how = how
        self.level: str | None = None  # the level first set by triage
        self.records: list[Record] = []
        self.paused = False
        self.end_kind: str | None = None  # met | superseded | cancelled | case_end
        self.end: Event | None = None
        self.folded = 0  # how many of the records the kept schedule has folded in
        self.counts: dict[tuple[_dt.date, Any], _dt.date] | None = None  # see counting.counted
        self.kept: Any = None  # its Schedule before any as_of (an open pause not yet run on), when computed and reusable

    def current_level(self) -> str | None:
        """The RAG level now: the first triage's, or the latest re-triage's."""
        level = self.level
        for rec in self.records:
            if rec.__class__ is Retriage:
                level = rec.level
        return level
