"""The fold of a run's records: its :class:`Schedule` counted from scratch, and a record
folded into a schedule.

:func:`fold` is steps 1 and 3-5 of the order of operations
(:mod:`statdeadline.engine.schedule`): the start, a restart, the level, the count (or the
date a letter gives, or hours), then each record in order (:func:`apply_record`: an
extension, a pause, a resume, with :func:`shift` moving the dates on by a pause). Steps
that depend on the date asked about (an open pause, a shared or arising clock, the late
roll) are :mod:`statdeadline.engine.schedule`'s.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from ..calendar import WorkingDayCalendar
from ..rules.model import Duration
from ..rules.vocabulary import HOUR_UNITS
from .compiled import CompiledRuleSet
from .counting import WD, beyond, count, counted
from .event import Event
from .explain import worded
from .hours import due_at, start_at
from .results import Step
from .runs import Extension, Pause, Record, Restart, Resume, Retriage, Run, effective_start

__all__ = [
    "GIVEN",
    "Schedule",
    "apply_record",
    "count_base",
    "due_time",
    "fold",
    "new_schedule",
    "shift",
]


class Schedule(NamedTuple):
    """A run's schedule: its dates, and how they were found.

    ``unit`` is the unit of the duration that set the due date: whether the clock
    "counts working days" is this one fact, used by pauses and extensions alike.
    ``steps[:n]`` (plus ``tail``, an open pause's step) is what was done, as tuples worded
    only for an explanation (:mod:`statdeadline.engine.explain`; the first names the run
    and the rule set, for the start); ``steps`` is only ever appended to, so a schedule
    handed out keeps its own steps. Calling a schedule words them. ``open_pause``: the pause
    still open after the records (the schedule kept by a run, before the date asked
    about). ``volatile``: a date rests on bank holidays past the calendar's horizon, so
    the schedule is not kept but computed (and warns) each time. ``cap`` is counted only
    where an extension needs it.
    """

    due: _dt.date | None
    aim: _dt.date | None
    maximum: _dt.date | None
    cap: _dt.date | None
    paused: bool
    extensions: tuple[Mapping[str, Any], ...]
    pauses: tuple[Mapping[str, Any], ...]
    unit: str | None
    steps: list[tuple[Any, ...]]
    n: int
    tail: tuple[Any, ...] | None
    open_pause: Event | None
    volatile: bool

    def __call__(self) -> tuple[Step, ...]:
        """The steps of the explanation, worded (what a Deadline's ``trace`` gives)."""
        return worded(self.steps, self.n, self.tail)


#: Build a Schedule from a tuple of its fields (tuple.__new__ directly: the named
#: tuple's own _make is a Python function that also counts the fields).
new_schedule = functools.partial(tuple.__new__, Schedule)
#: Extensions and pauses as reported: read-only, since every result built from a kept
#: schedule shares them.
_READ_ONLY = MappingProxyType


def shift(
    s: Schedule,
    cal: WorkingDayCalendar,
    pev: Event,
    until: _dt.date,
    how: str,
    inclusive: bool = False,
) -> tuple[
    _dt.date, _dt.date | None, _dt.date | None, _dt.date | None, Mapping[str, Any], tuple[Any, ...]
]:
    """The dates of ``s`` moved on by a pause from ``pev`` to ``until``, the pause as
    reported, and its trace step. The days are those in ``(pause, until]``, or with
    ``inclusive`` (convention ``pause_days: both_ends``) in ``[pause, until]``, except a
    first day that ends the pause before (resumed and paused again that day: the day is
    disregarded once, not twice)."""
    assert s.due is not None
    wd = s.unit == WD
    aim, mx, cap = s.aim, s.maximum, s.cap
    due = s.due
    # its first day the last of the pause before: taken out once, with that pause
    shared = inclusive and bool(s.pauses) and s.pauses[-1]["to"] == pev.date.isoformat()
    if shared:
        inclusive = False
    if wd:
        k = cal.working_days_between(pev.date, until)
        if inclusive and cal.is_working_day(pev.date):
            k += 1
        if k:  # (a pause within one day moves nothing)
            add = cal.add_working_days
            due = add(due, k)
            if aim or mx or cap:
                aim, mx, cap = (add(x, k) if x else None for x in (aim, mx, cap))
    else:
        k = (until - pev.date).days + inclusive
        if k:
            step = _dt.timedelta(k)
            due = due + step
            if aim or mx or cap:
                aim, mx, cap = (x + step if x else None for x in (aim, mx, cap))
    reported = {
        "from": pev.date.isoformat(),
        "to": until.isoformat(),
        "days": k,
        "unit": "working_days" if wd else "calendar_days",
        "reason": pev.fields.get("reason"),
        "open": how != "resumed",
    }
    if inclusive or shared:
        reported["both_ends"] = True
    pause = _READ_ONLY(reported)
    trace = ("pause", pev, until, how, k, wd, s.due, due, inclusive, shared)
    return due, aim, mx, cap, pause, trace


def apply_record(
    s: Schedule, rec: Record, cal: WorkingDayCalendar, inclusive: bool = False
) -> Schedule:
    """``s`` with one more record folded in (step 5 of the order of operations)."""
    cls = rec.__class__
    steps = s.steps
    if cls is Extension:
        aev, how, amount = rec  # type: ignore[misc]
        old = s.due
        assert old is not None
        first: tuple[Any, ...] = ()
        if how == "until":
            due = amount
            n = cal.working_days_between(old, due)
        elif how == "months":  # (months, the due date fold counted for them[, from])
            n, due, *rest = amount
            first = tuple(rest)
        else:
            n = amount
            due = cal.add_working_days(old, n)
        steps.append(("extend", aev, how, old, due, n, *first))
        ext = _READ_ONLY(
            {
                "on": aev.date.isoformat(),
                "months" if how == "months" else "working_days": n,
                "until": due.isoformat(),
                "reason": aev.fields.get("reason"),
            }
        )
        return new_schedule(
            (
                due, s.aim, s.maximum, s.cap, s.paused, (*s.extensions, ext), s.pauses, s.unit,
                steps, len(steps), s.tail, s.open_pause, s.volatile or beyond(cal, due),
            )
        )  # fmt: skip
    if cls is Pause:
        return new_schedule(
            (
                s.due, s.aim, s.maximum, s.cap, s.paused, s.extensions, s.pauses, s.unit,
                steps, s.n, s.tail, rec.event, s.volatile,
            )
        )  # fmt: skip
    if cls is Resume and s.open_pause is not None:
        due, aim, mx, cap, pause, step = shift(
            s, cal, s.open_pause, rec.event.date, "resumed", inclusive
        )
        steps.append(step)
        return new_schedule(
            (
                due, aim, mx, cap, s.paused, s.extensions, (*s.pauses, pause), s.unit,
                steps, len(steps), s.tail, None, s.volatile or beyond(cal, due, aim, mx, cap),
            )
        )  # fmt: skip
    return s


def fold(run: Run, crs: CompiledRuleSet) -> Schedule:
    """Steps 1 and 3-5 from scratch: the schedule the run's records add up to."""
    cc = run.cc
    clock = cc.clock
    if cc.timing:  # a date given, or hours (due_with and arises_after: not folded)
        if clock.due_on is not None:
            given = run.start_event.fields.get(clock.due_on)
            if given is not None:
                return _given(run, crs, clock.due_on, given)
        if clock.duration is not None and clock.duration.unit in HOUR_UNITS:
            return _hours(run, crs, clock.duration.on(run.start))
    cal = cc.cal
    if not run.records and clock.triage is None:  # most runs: one count, nothing else
        start = run.start
        dur = clock.duration.on(start)  # type: ignore[union-attr]  # a duration clock
        due = cal.add_working_days(start, dur.amount) if dur.unit == WD else count(dur, cal, start)
        return new_schedule(
            (
                due, None, None, None, False, (), (), dur.unit,
                [("start", run, crs), ("count", start, dur, due)], 2, None, None,
                due.year > cal.authoritative_until,
            )
        )  # fmt: skip
    steps: list[tuple[Any, ...]] = [("start", run, crs)]
    start = run.start
    base, records = _restarted(run, crs, steps)
    aim = mx = cap = None
    triage = clock.triage
    if triage is not None:
        level = run.level
        after = records
        for i, rec in enumerate(after):
            if rec.__class__ is Retriage:
                level = rec.level
                if crs.retriage_from_change:  # the count restarts at the change
                    base = _event_day(crs, rec.event, cal)
                    records = after[i + 1 :]
        if level is None:
            steps.append(("untriaged", triage.event))
            return new_schedule(
                (None, None, None, None, run.paused, (), (), None, steps, 2, None, None, False)
            )
        lv = triage.levels[level]
        dur = lv.target.on(start)
        steps.append(("level", "retriage" if base != start else "count", level, lv))
        aim = counted(run, lv.aim.on(start), cal, base) if lv.aim else None
        mx = cap = counted(run, lv.maximum.on(start), cal, base) if lv.maximum else None
    else:
        assert clock.duration is not None
        dur = clock.duration.on(start)
    late = run.cc.late_roll != "none"
    if records:
        ext = clock.extension
        if (
            cap is None
            and ext is not None
            and ext.max_total is not None
            and any(r.__class__ is Extension for r in records)
        ):
            most = ext.max_total.on(start)
            cap = counted(run, attrs.evolve(most, roll="none") if late else most, cal, base)
    if late:  # rolled once, after the pauses (schedule_at)
        dur = attrs.evolve(dur, roll="none")
    due = counted(run, dur, cal, base)
    steps.append(("count", base, dur, due))
    s = new_schedule(
        (
            due, aim, mx, cap, False, (), (), dur.unit, steps, len(steps), None, None,
            beyond(cal, due, aim, mx, cap),
        )
    )  # fmt: skip
    return _folded(run, s, records, dur, base)


def count_base(run: Run, crs: CompiledRuleSet) -> _dt.date:
    """The day ``run``'s count runs from: its latest restart's day (after the receipt
    conventions: an FOI clarification received), or its start; for a triaged clock under
    ``retriage: from_change``, the day of the latest re-triage after that (where
    :func:`fold` counts its due date from). The days it took are counted from this day."""
    base, records, _ = _latest_restart(run, crs)
    if run.cc.clock.triage is not None and crs.retriage_from_change:
        for rec in reversed(records):
            if rec.__class__ is Retriage:
                return _event_day(crs, rec.event, run.cc.cal)
    return base


def _event_day(crs: CompiledRuleSet, ev: Any, cal: Any) -> _dt.date:
    """The day a count starting at event ``ev`` runs from (its receipt conventions)."""
    return effective_start(crs, crs.events[ev.id].edef.receipt, ev, cal)[0]


def _latest_restart(run: Run, crs: CompiledRuleSet) -> tuple[_dt.date, list[Record], Any]:
    """``run``'s latest restart: its day (after the receipt conventions), the records
    after it and its event; or the run's start, all its records and ``None``."""
    records: list[Record] = run.records
    for i in range(len(records) - 1, -1, -1):
        if records[i].__class__ is Restart:
            rev = records[i].event
            return _event_day(crs, rev, run.cc.cal), records[i + 1 :], rev
    return run.start, records, None


def _restarted(
    run: Run, crs: CompiledRuleSet, steps: list[tuple[Any, ...]]
) -> tuple[_dt.date, list[Record]]:
    """The base of ``run``'s count and the records that follow it (see
    :func:`_latest_restart`); a restart is a step of ``steps``."""
    base, records, rev = _latest_restart(run, crs)
    if rev is not None:
        steps.append(("restart", rev, base))
    return base, records


def _folded(
    run: Run, s: Schedule, records: list[Record], dur: Duration, base: _dt.date
) -> Schedule:
    """``s`` (the count of ``dur`` from ``base``) with ``records`` folded in, in order; an
    extension by months lengthens the period from its base (under ``month_extension:
    from_first_end``, its months count from the end of the period first counted, its
    corresponding date, ``dur`` being unrolled here)."""
    cal = run.cc.cal
    inclusive = run.cc.pause_both_ends
    from_end = run.cc.month_extension_from_end
    months = dur.amount
    for rec in records:
        first = None
        if rec.__class__ is Extension and rec.how == "months":
            # the period is lengthened from its start: the months so far from the base,
            # plus the days paused so far (never earlier than the due date as it stands)
            months += rec.amount
            paused = _dt.timedelta(sum(p["days"] for p in s.pauses))
            if from_end:
                first = counted(run, dur, cal, base)
                more = attrs.evolve(dur, amount=months - dur.amount, end="corresponding")
                target = counted(run, more, cal, first) + paused
            else:
                target = counted(run, attrs.evolve(dur, amount=months), cal, base) + paused
            assert s.due is not None
            # (months, the due date counted for them[, the first period's end they
            # counted from, for the explanation])
            counted_for = (rec.amount, max(target, s.due), *(() if first is None else (first,)))
            rec = Extension(rec.event, "months", counted_for)
        s = apply_record(s, rec, cal, inclusive)
    return s


#: The unit of a schedule whose due date was given by its start event (a letter), not
#: counted: a pause then moves it by calendar days, like any clock not counted in
#: working days.
GIVEN = "date_given"


def _given(run: Run, crs: CompiledRuleSet, field: str, due: _dt.date) -> Schedule:
    """Step 4a: the due date is the date the start event gives in ``field`` (set by a
    letter); the records (extensions, pauses) then apply as to any count."""
    cal = run.cc.cal
    ext = run.cc.clock.extension
    cap = None
    if ext is not None and ext.max_total is not None:
        cap = counted(run, ext.max_total.on(run.start), cal, run.start)
    steps: list[tuple[Any, ...]] = [("start", run, crs), ("given", run.start_event.id, field, due)]
    s = new_schedule(
        (
            due, None, None, cap, False, (), (), GIVEN, steps, len(steps), None, None,
            beyond(cal, due, cap),
        )
    )  # fmt: skip
    for rec in run.records:
        s = apply_record(s, rec, cal)
    return s


def _hours(run: Run, crs: CompiledRuleSet, dur: Duration) -> Schedule:
    """Step 4b: a duration in hours or office hours counted from the start's date and
    time (:mod:`statdeadline.engine.hours`); the due date is the day of the moment it
    ends, and that moment is in the trace. Records then apply to the date as to a clock
    not counted in working days (a pause moves it by calendar days, an extension by
    working days or to a date); the time of day stays."""
    cal = run.cc.cal
    start = start_at(run)
    due_dt = due_at(cal, start, dur)
    steps: list[tuple[Any, ...]] = [("start", run, crs), ("hours", start, dur, due_dt)]
    due = due_dt.date()
    s = new_schedule(
        (
            due, None, None, None, False, (), (), dur.unit, steps, len(steps), None, None,
            beyond(cal, due),
        )
    )  # fmt: skip
    for rec in run.records:
        s = apply_record(s, rec, cal)
    return s


def due_time(s: Schedule) -> _dt.time | None:
    """The time of day an hours clock is due (``None`` for a clock counted in days)."""
    for step in s.steps[: s.n]:
        if step[0] == "hours":
            t: _dt.time = step[3].time()
            return t
    return None
