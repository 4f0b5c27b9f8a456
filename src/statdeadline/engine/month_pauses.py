"""Convention ``month_pause: move_start``: days not counted move a month period's start.

A month clock's paused (not-counted) calendar days are by default added to the end of
its period (``add_to_end``), before the roll. Under ``move_start`` they move the period's
start instead, and the month is counted again from the moved start, so the
corresponding-date rule applies to the new start: received Saturday 28 March 2026 and
three days not counted, the period runs from 31 March to 30 April (``add_to_end``: 28
April plus three days, 1 May). The two differ only where a month has no corresponding
date.

:func:`moved_start` rewrites a schedule already folded under ``add_to_end``: it needs the
run's base (its start, or its latest restart), its months (the duration and any
extensions in months) and the days paused; a schedule with an extension ``until`` a date
is left as it is (the date was set, not counted).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, TypeVar, cast

from .compiled import CompiledRuleSet
from .runs import Extension, Restart, Run, effective_start

__all__ = ["moved_start"]

S = TypeVar("S", bound=Any)  # a Schedule (a named tuple; kept generic to avoid a cycle)


def moved_start(run: Run, crs: CompiledRuleSet, s: S) -> S:
    """``s`` with its due date (and cap) counted from the start moved on by the days
    paused, for a month clock under ``month_pause: move_start``; ``s`` unchanged when
    nothing was paused, or an extension set a date."""
    if not s.pauses or s.due is None or s.unit != "months":
        return s
    records = run.records
    base = run.start
    for i in range(len(records) - 1, -1, -1):
        if records[i].__class__ is Restart:
            ev = records[i].event
            base = effective_start(crs, crs.events[ev.id].edef.receipt, ev, run.cc.cal)[0]
            records = records[i + 1 :]
            break
    extensions = [r for r in records if r.__class__ is Extension]
    if any(r.how != "months" for r in extensions):
        return s
    clock = run.cc.clock
    assert clock.duration is not None
    dur = clock.duration.on(run.start)
    months = dur.amount + sum(r.amount for r in extensions)
    days = sum(p["days"] for p in s.pauses)
    moved = base + _dt.timedelta(days)
    cal = run.cc.cal
    if run.cc.month_extension_from_end and months > dur.amount:  # from the first end
        due = cal.add_months(cal.add_months(moved, dur.amount, end=dur.end), months - dur.amount)
    else:
        due = cal.add_months(moved, months, end=dur.end)
    cap = s.cap
    ext = clock.extension
    if cap is not None and ext is not None and ext.max_total is not None:
        most = ext.max_total.on(run.start)
        cap = cal.add_months(moved, most.amount, end=most.end)
    steps = [
        *s.steps[: s.n],
        *((s.tail,) if s.tail else ()),
        ("moved_start", base, days, moved, due),
    ]
    return cast(S, s._replace(due=due, cap=cap, steps=steps, n=len(steps), tail=None))
