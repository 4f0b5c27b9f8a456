"""The work queue across many cases: every deadline still running, in due order.

A complaints team runs its week from one list: what is overdue, what is due soon and what
is pending, across all its cases. :func:`upcoming` makes that list from cases (or from the
:class:`OpenDeadline` records :func:`open_deadlines` takes from a case, which is what a
store keeps so the queue need not replay every case).

Only deadlines still *actionable* are queued: a clock that is running (not met, not
superseded or cancelled, not ended with the case). By default an ``expired`` clock (a
complainant's window that lapsed) is left out too: it is no work for the council
(:data:`DEFAULT_STATUSES`; ask for ``expired`` to see them). An "overdue" deadline on a case that
closed long ago is not in the queue; it stays in :meth:`Case.deadlines` as ``overdue``
with ``ended_by`` naming the event that ended it, so the two are told apart by
``ended_by``.

The status of a running clock at ``as_of`` is, in this order (as
:mod:`statdeadline.engine.evaluate` decides it for a case):

1. no due date yet (an untriaged clock), or paused: ``pending``;
2. ``as_of`` after the due date: how the clock's kind lapses (``overdue``, or ``expired``
   for a complainant's window);
3. at most the rule set's ``due_soon_working_days`` working days from ``as_of`` to the due
   date: ``due_soon``;
4. otherwise ``pending``.

``days_remaining`` is calendar days from ``as_of`` to the due date (negative once past);
``working_days_remaining`` counts working days in the clock's calendar, ``(as_of, due]``,
negated when past due. Both are ``None`` without a due date.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import NamedTuple

from ..calendar import WorkingDayCalendar, parse_date
from ..exceptions import InvalidArgumentError
from ..rules.vocabulary import kind_info
from .case import Case
from .evaluate import running_status
from .results import Status

__all__ = [
    "DEFAULT_STATUSES",
    "QUEUE_STATUSES",
    "OpenDeadline",
    "QueueEntry",
    "open_deadlines",
    "upcoming",
]

#: The statuses a running clock can have, the ones :func:`upcoming` may return.
QUEUE_STATUSES: tuple[Status, ...] = ("overdue", "expired", "due_soon", "pending")
#: What the queue lists unless asked for other statuses: all but ``expired``. A
#: complainant's window that lapsed (to ask for the next stage, say) is no work for the
#: council, and would otherwise stay in every later queue forever; ask for
#: ``statuses=["expired"]`` to see them.
DEFAULT_STATUSES: tuple[Status, ...] = ("overdue", "due_soon", "pending")

_RUNNING = frozenset(QUEUE_STATUSES)


class OpenDeadline(NamedTuple):
    """One running clock of one case, as a store keeps it: enough to give its status on
    any later date without replaying the case."""

    case_id: str | None
    ruleset: str
    clock: str
    label: str
    kind: str
    instance: int
    start: _dt.date
    due: _dt.date | None
    paused: bool
    level: str | None
    lapses_as: str
    due_soon_working_days: int
    calendar: WorkingDayCalendar


class QueueEntry(NamedTuple):
    """One line of the work queue: a running clock, its status and time left at ``as_of``."""

    case_id: str | None
    ruleset: str
    clock: str
    label: str
    kind: str
    instance: int
    start: _dt.date
    due: _dt.date | None
    status: Status
    days_remaining: int | None
    working_days_remaining: int | None
    paused: bool
    level: str | None
    as_of: _dt.date


def open_deadlines(case: Case, as_of: _dt.date | None = None) -> list[OpenDeadline]:
    """The clocks of ``case`` still running after its last event (all of its history
    counted), in due order; none for a case without events. With ``as_of``, only the
    events on or before it are counted (those after it are not yet known), as
    :meth:`Case.deadlines` counts them: the clocks running after the last of those."""
    known = [e.date for e in case.events if as_of is None or e.date <= as_of]
    if not known:
        return []
    rs = case.ruleset
    out = []
    for d in case.deadlines(max(known)):
        if d.met_by is not None or d.ended_by is not None or d.status not in _RUNNING:
            continue
        clock = rs.clocks[d.clock]
        out.append(
            OpenDeadline(
                case.case_id,
                rs.id,
                d.clock,
                d.label,
                d.kind,
                d.instance,
                d.start,
                d.due,
                d.paused,
                d.level,
                kind_info(d.kind).lapses_as,
                rs.due_soon_working_days,
                rs.calendar_for(clock),
            )
        )
    return out


def status_at(item: OpenDeadline, as_of: _dt.date) -> Status:
    """The status of the running clock ``item`` at ``as_of`` (the module docstring's
    order: a case's, :func:`~statdeadline.engine.evaluate.running_status`)."""
    return running_status(
        item.due,
        item.paused,
        as_of,
        item.lapses_as,
        item.calendar,
        item.due_soon_working_days,
    )


def entry(item: OpenDeadline, as_of: _dt.date) -> QueueEntry:
    """``item`` as a line of the queue at ``as_of``."""
    due = item.due
    days = wdays = None
    if due is not None:
        days = (due - as_of).days
        wdays = item.calendar.working_days_between(as_of, due)
    return QueueEntry(
        item.case_id,
        item.ruleset,
        item.clock,
        item.label,
        item.kind,
        item.instance,
        item.start,
        due,
        status_at(item, as_of),
        days,
        wdays,
        item.paused,
        item.level,
        as_of,
    )


def _within(within: int | _dt.timedelta | None) -> _dt.timedelta | None:
    if within is None or isinstance(within, _dt.timedelta):
        return within
    if isinstance(within, bool) or not isinstance(within, int) or within < 0:
        raise InvalidArgumentError("within", within, "a number of days >= 0 or a timedelta")
    return _dt.timedelta(days=within)


def upcoming(
    cases: Iterable[Case | OpenDeadline],
    as_of: _dt.date | str,
    within: int | _dt.timedelta | None = None,
    statuses: Iterable[str] | None = None,
) -> list[QueueEntry]:
    """The work queue at ``as_of``: every running clock of ``cases``, ordered by due date
    (no due date last), then case id, clock and instance.

    ``cases`` are :class:`~statdeadline.Case` objects or :class:`OpenDeadline` records
    (from :func:`open_deadlines`). Of a ``Case``, only the events on or before ``as_of``
    count, as in :meth:`Case.deadlines`: an event recorded after ``as_of`` (a response,
    an extension) is not yet known, so the two agree on every clock's due date and
    status. An ``OpenDeadline`` is taken as it was stored (after all the events its case
    had then). ``within`` (days or a ``timedelta``) keeps the clocks
    due by ``as_of + within``, and every clock already past due; ``statuses`` keeps only
    those statuses (of :data:`QUEUE_STATUSES`; by default :data:`DEFAULT_STATUSES`, all
    but ``expired``: a complainant's window that lapsed is not the council's work).

    >>> from statdeadline import Case, load_ruleset
    >>> case = Case(load_ruleset("england-children-2006"), case_id="C-1")
    >>> _ = case.record("received", "2024-03-28")
    >>> [(e.case_id, e.clock, e.due, e.status, e.days_remaining)
    ...  for e in upcoming([case], "2024-04-10")]
    [('C-1', 'stage1_response', datetime.date(2024, 4, 15), 'due_soon', 5)]
    """
    day = parse_date(as_of, "as_of")
    horizon = _within(within)
    wanted = set(DEFAULT_STATUSES if statuses is None else statuses)
    if not wanted <= _RUNNING:
        raise InvalidArgumentError(
            "statuses", sorted(wanted - _RUNNING), f"some of {', '.join(QUEUE_STATUSES)}"
        )
    out = []
    for c in cases:
        for item in open_deadlines(c, day) if isinstance(c, Case) else (c,):
            if horizon is not None and (item.due is None or item.due > day + horizon):
                continue
            e = entry(item, day)
            if e.status in wanted:
                out.append(e)
    out.sort(key=_order)
    return out


def _order(e: QueueEntry) -> tuple[_dt.date, str, str, int]:
    return (e.due or _dt.date.max, e.case_id or "", e.clock, e.instance)
