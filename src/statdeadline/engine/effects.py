"""What an event's effect does to running clocks: one planner per effect.

A planner checks that the effect is possible and says what to change, without changing
anything: a list of (run, change) where the change is a record to add to the run
(:class:`~statdeadline.engine.runs.Extension`, ``Pause``, ``Resume``, ``Retriage``) or,
for a run's first triage, its level. :data:`PLANNERS` maps each effect of the rule
language (:data:`statdeadline.rules.vocabulary.EFFECTS`) to its planner: a new effect
is one planner and one entry.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Protocol

from ..exceptions import DateOutOfRangeError, TransitionNotAllowed
from .event import Event
from .runs import Extension, Pause, Record, Restart, Resume, Retriage, Run
from .schedule import Schedule

__all__ = ["PLANNERS", "Change", "Context"]

Change = tuple[Run, "Record | str"]


class Context(Protocol):
    """What a planner may ask of the case it plans for."""

    @property
    def running(self) -> list[Run]:
        """The runs still running before the event, in start order."""
        ...

    def fail(self, event: str, message: str, field: str | None = None) -> TransitionNotAllowed:
        """The error refusing ``event`` (to raise)."""
        ...

    def schedule(self, run: Run, as_of: _dt.date) -> Schedule:
        """``run``'s schedule at ``as_of``."""
        ...

    def has_run(self, clock_id: str) -> bool:
        """True if ``clock_id`` has ever started on this case."""
        ...


def _running_run(ctx: Context, ev: Event, clock_id: str) -> Run:
    """The (oldest) running run of the clock an event names in its ``clock`` field."""
    for run in ctx.running:
        if run.cc.clock.id == clock_id:
            return run
    state = "has not started" if not ctx.has_run(clock_id) else "is no longer running"
    raise ctx.fail(ev.id, f"{ev.id}: clock {clock_id!r} {state}", "clock")


def _cap_text(run: Run) -> str:
    clock = run.cc.clock
    level = run.current_level()
    if clock.triage and level:
        lv = clock.triage.levels[level]
        if lv.maximum:
            return f"maximum {lv.maximum} for {lv.level}"
    assert clock.extension is not None and clock.extension.max_total is not None
    return f"at most {clock.extension.max_total} in all"


def _check_until(ctx: Context, ev: Event, run: Run, named: str, sched: Schedule) -> Extension:
    until: _dt.date = ev.fields["until"]
    assert sched.due is not None
    if until <= sched.due:
        raise ctx.fail(
            ev.id,
            f"{ev.id}.until: must be after the current due date {sched.due}, got {until}",
            "until",
        )
    cal = run.cc.cal
    if sched.unit == "working_days" and not cal.is_working_day(until):
        raise ctx.fail(
            ev.id,
            f"{ev.id}.until: {named!r} counts working days, so its due date must be a working day; got {until} ({cal.non_working_reason(until)})",
            "until",
        )
    return Extension(ev, "until", until)


def _check_asked(ctx: Context, ev: Event, named: str, field: str, due: _dt.date) -> None:
    """Under ``before_due: <field>`` the extension gives the day more time was asked for:
    on or before the due date as it stood, and not after the extension itself."""
    asked = ev.fields.get(field)
    if asked is None:
        raise ctx.fail(
            ev.id,
            f"{ev.id}: extending {named!r} needs {field!r} (the day more time was asked for,"
            f" on or before its due date {due})",
            field,
        )
    if asked > ev.date:
        raise ctx.fail(
            ev.id,
            f"{ev.id}.{field}: more time cannot be asked for after the extension is recorded"
            f" ({ev.date}); got {asked}",
            field,
        )
    if asked > due:
        raise ctx.fail(
            ev.id,
            f"{ev.id}.{field}: more time for {named!r} must be asked for on or before its due"
            f" date {due}; got {asked}",
            field,
        )


def plan_extend(ctx: Context, ev: Event) -> list[Change]:
    """Extend the clock named: it must be running, extendable, have a due date, carry the
    fields the rule requires, come before the due date if the rule says so, move the due
    date later, and stay within the cap."""
    named = ev.fields.get("clock")
    assert isinstance(named, str)
    run = _running_run(ctx, ev, named)
    rule = run.cc.clock.extension
    if rule is None:
        raise ctx.fail(ev.id, f"{ev.id}: clock {named!r} cannot be extended", "clock")
    for req in rule.requires:
        if not ev.fields.get(req):
            raise ctx.fail(ev.id, f"{ev.id}: extending {named!r} needs {req!r}", req)
    sched = ctx.schedule(run, ev.date)
    if sched.due is None:
        raise ctx.fail(
            ev.id, f"{ev.id}: clock {named!r} has no due date yet (not triaged)", "clock"
        )
    if rule.before_due is True and ev.date > sched.due:
        raise ctx.fail(
            ev.id,
            f"{ev.id}: {named!r} must be extended on or before its due date {sched.due}, got {ev.date}",
        )
    if isinstance(rule.before_due, str):
        _check_asked(ctx, ev, named, rule.before_due, sched.due)
    if "until" in ev.fields:
        ext = _check_until(ctx, ev, run, named, sched)
    elif "months" in ev.fields:
        ext = _months(ctx, ev, named, sched)
    else:
        n = ev.fields["working_days"]
        if n < 1:
            raise ctx.fail(ev.id, f"{ev.id}.working_days: must be >= 1, got {n}", "working_days")
        ext = Extension(ev, "working_days", n)
    try:
        new = _with(ctx, run, ev, ext)
    except DateOutOfRangeError as exc:
        raise ctx.fail(ev.id, f"{ev.id}: cannot extend {named!r}: {exc}", ext.how) from None
    new_due = new.due
    assert new_due is not None
    if ext.how == "months" and new_due <= sched.due:
        raise ctx.fail(
            ev.id,
            f"{ev.id}.months: counted from the start, {ev.fields['months']} more month(s) would not move the due date {sched.due} later",
            "months",
        )
    if new.cap is not None and new_due > new.cap:
        raise ctx.fail(
            ev.id,
            f"{ev.id}: extending {named!r} to {new_due} goes past its cap ({_cap_text(run)}, {new.cap})",
            ext.how,
        )
    return [(run, ext)]


def _months(ctx: Context, ev: Event, named: str, sched: Schedule) -> Extension:
    """An extension by ``months``: only of a clock counted in months."""
    n = ev.fields["months"]
    if sched.unit != "months":
        raise ctx.fail(
            ev.id,
            f"{ev.id}.months: {named!r} counts {str(sched.unit).replace('_', ' ')}, not months; extend it by working_days or until",
            "months",
        )
    if n < 1:
        raise ctx.fail(ev.id, f"{ev.id}.months: must be >= 1, got {n}", "months")
    return Extension(ev, "months", n)


def _with(ctx: Context, run: Run, ev: Event, ext: Extension) -> Schedule:
    """``run``'s schedule at ``ev``'s day were ``ext`` added (tried on the run, then taken
    back: the schedule is a pure function of the records)."""
    run.records.append(ext)
    saved, folded, run.kept = run.kept, run.folded, None
    try:
        return ctx.schedule(run, ev.date)
    finally:
        run.records.pop()
        run.kept, run.folded = saved, folded


def plan_pause(ctx: Context, ev: Event) -> list[Change]:
    """Pause the clock named, or every running pausable clock not already paused: each
    must be pausable, not paused, and not past its due date."""
    named = ev.fields.get("clock")
    targets = (
        [_running_run(ctx, ev, named)]
        if named
        else [r for r in ctx.running if r.cc.clock.pausable and not r.paused]
    )
    for run in targets:
        cid = run.cc.clock.id
        if not run.cc.clock.pausable:
            raise ctx.fail(ev.id, f"{ev.id}: clock {cid!r} cannot be paused", "clock")
        if run.paused:
            raise ctx.fail(ev.id, f"{ev.id}: clock {cid!r} is already paused", "clock")
        due = ctx.schedule(run, ev.date).due
        if due is not None and ev.date > due:
            raise ctx.fail(
                ev.id,
                f"{ev.id}: clock {cid!r} was due on {due}; a clock cannot be paused after its due date",
            )
    if not targets:
        raise ctx.fail(ev.id, f"{ev.id}: no running clock can be paused")
    return [(r, Pause(ev)) for r in targets]


def plan_resume(ctx: Context, ev: Event) -> list[Change]:
    """Resume the clock named, or every paused clock: each must be paused."""
    named = ev.fields.get("clock")
    targets = [_running_run(ctx, ev, named)] if named else [r for r in ctx.running if r.paused]
    for run in targets:
        if not run.paused:
            raise ctx.fail(ev.id, f"{ev.id}: clock {run.cc.clock.id!r} is not paused", "clock")
    if not targets:
        raise ctx.fail(ev.id, f"{ev.id}: no clock is paused")
    return [(r, Resume(ev)) for r in targets]


def plan_triage(ctx: Context, ev: Event) -> list[Change]:
    """Set (or change) the level of every running clock this event triages, when the
    event carries the level field."""
    plan: list[Change] = []
    for run in ctx.running:
        t = run.cc.clock.triage
        if t is not None and t.event == ev.id and t.field in ev.fields:
            level = ev.fields[t.field]
            plan.append((run, level if run.level is None else Retriage(ev, level)))
    if not plan:
        raise ctx.fail(ev.id, f"{ev.id}: no running clock is set by this triage event")
    return plan


def plan_restart(ctx: Context, ev: Event) -> list[Change]:
    """Start the count of the clock named, or of every running restartable clock, again
    from this event (paused or not): each must be restartable."""
    named = ev.fields.get("clock")
    targets = (
        [_running_run(ctx, ev, named)]
        if named
        else [r for r in ctx.running if r.cc.clock.restartable]
    )
    for run in targets:
        if not run.cc.clock.restartable:
            raise ctx.fail(
                ev.id, f"{ev.id}: clock {run.cc.clock.id!r} cannot be restarted", "clock"
            )
    if not targets:
        raise ctx.fail(ev.id, f"{ev.id}: no running clock can be restarted")
    return [(r, Restart(ev)) for r in targets]


#: Effect -> its planner.
PLANNERS: dict[str, Callable[[Context, Event], list[Change]]] = {
    "extend": plan_extend,
    "pause": plan_pause,
    "restart": plan_restart,
    "resume": plan_resume,
    "triage": plan_triage,
}
