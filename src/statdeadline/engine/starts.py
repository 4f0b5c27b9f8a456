"""The runs an event starts, and the day each counts from.

A clock runs once at a time and at most its ``repeat`` times; one with ``start_also`` is
started only by the first of its start events; one with ``start_fallback`` by that event
while its preferred start is not recorded, the preferred start then re-anchoring the
running fallback-started run (:func:`reanchored`); a capped start (``start_capped_by``,
under ``start_cap: earlier_of_deadline``) on the earlier of the event's day and the
capping clock's due date. A receipt's day follows the receipt conventions
(:func:`~statdeadline.engine.runs.effective_start`). Nothing here changes the case: the
:class:`~statdeadline.engine.case.Case` plans the runs, then records them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..exceptions import TransitionNotAllowed
from .compiled import CompiledClock, CompiledEvent, CompiledRuleSet
from .event import Event
from .runs import DAY0, NOT_RECEIPT, Run, effective_start
from .schedule import schedule_at

__all__ = ["Fail", "new_runs", "reanchored"]

#: Builds the refusal of an event: (event id, message, field) -> the error to raise.
Fail = Callable[[str, str, str | None], TransitionNotAllowed]
FirstRun = Callable[[str], Run | None]


def new_runs(
    crs: CompiledRuleSet,
    started: Mapping[str, Sequence[Run]],
    ce: CompiledEvent,
    ev: Event,
    first_run: FirstRun,
    fail: Fail,
) -> list[Run]:
    """The runs ``ev`` starts, given each clock's runs so far (``started``); a clock that
    may not start again refuses the event."""
    out = []
    for cc in ce.starts:
        mine = started.get(cc.id)
        if mine:
            n = len(mine)
            grouped = cc.start_shape and (cc.clock.start_also or cc.clock.start_fallback)
            if grouped and (n >= cc.repeat or mine[-1].end_kind is None):
                continue  # started by the first of its start events (or re-anchored)
            if n >= cc.repeat or mine[-1].end_kind is None:
                limit = f"at most {cc.repeat} time(s)" if n >= cc.repeat else "once at a time"
                raise fail(
                    ev.id, f"cannot start clock {cc.clock.id!r} again: it may run {limit}", None
                )
        else:
            n = 0
        if cc.start_shape:
            out.append(_shaped_run(crs, cc, n + 1, ev, ce.receipt, first_run, fail))
        elif not ce.receipt:
            out.append(Run(cc, n + 1, ev, ev.date, NOT_RECEIPT))
        elif crs.day0:
            out.append(Run(cc, n + 1, ev, ev.date, DAY0))
        else:
            start, how = effective_start(crs, True, ev, cc.cal)
            out.append(Run(cc, n + 1, ev, start, how))
    return out


def _shaped_run(
    crs: CompiledRuleSet,
    cc: CompiledClock,
    instance: int,
    ev: Event,
    receipt: bool,
    first_run: FirstRun,
    fail: Fail,
) -> Run:
    """A run of a clock whose start has a shape (``CompiledClock.start_shape``): capped
    under the convention, and with the date its start event gives checked."""
    if cc.clock.start_capped_by and crs.start_capped:
        run = _capped_run(crs, cc, instance, ev, receipt, first_run)
    else:
        start, how = effective_start(crs, receipt, ev, cc.cal)
        run = Run(cc, instance, ev, start, how)
    field = cc.clock.due_on
    given = ev.fields.get(field) if field else None
    if given is not None and given < run.start:
        raise fail(
            ev.id,
            f"{ev.id}.{field}: clock {cc.id!r} is due on this date, which must not be "
            f"before its start {run.start}; got {given}",
            field,
        )
    return run


def _capped_run(
    crs: CompiledRuleSet,
    cc: CompiledClock,
    instance: int,
    ev: Event,
    receipt: bool,
    first_run: FirstRun,
) -> Run:
    """A run of a clock whose start is capped (``start_capped_by``, convention
    ``start_cap: earlier_of_deadline``): it starts on the earlier of its own start and
    the capping clock's due date as it stands on the event's day (no cap if that clock
    has not started or has no due date)."""
    start, how = effective_start(crs, receipt, ev, cc.cal)
    cap_id = cc.clock.start_capped_by
    assert cap_id is not None
    other = first_run(cap_id)
    if other is not None:
        due = schedule_at(other, crs, ev.date, first_run).due
        if due is not None and due < start:
            start = due
            how = (*how, ("capped", f"capped at {cap_id}'s due date, {due}"))
    return Run(cc, instance, ev, start, how)


def reanchored(started: Mapping[str, Sequence[Run]], ce: CompiledEvent, ev: Event) -> list[Run]:
    """The running runs that ``ev``, their clock's preferred start, re-anchors: runs
    started by the clock's ``start_fallback`` event (their count starts again from
    ``ev``, as a restart)."""
    out = []
    for cc in ce.starts:
        fallback = cc.clock.start_fallback
        if fallback is None or ev.id != cc.clock.start or fallback == ev.id:
            continue
        for run in started.get(cc.id, ()):
            if run.end_kind is None and run.start_event.id == fallback:
                out.append(run)
    return out
