"""Evaluating a case at a date: each run's schedule, status and verdict, in due order.

One :class:`Evaluator` serves one call of ``Case.deadlines`` or ``Case.verdicts``: it
remembers the schedules it computed (a run's schedule is needed again for a condition or
a shared due date) and is then dropped, so nothing is cached across calls but what the
runs keep themselves.

Status, in this order (``kind`` meanings from :data:`~statdeadline.rules.vocabulary.CLOCK_KIND_TABLE`):

0. a duty that arises when another clock lapses (``arises_after``): ``cancelled`` if that
   clock was met in time; ``done`` once met; ``owed`` from the day after that clock's due
   date; ``pending`` before it (never late: it has no due date);
1. met by an event: ``met`` on or before the due date, else ``met_late`` (for a clock in
   hours, met on its due date after the time it was due is ``met_late``); ended by an
   event the clock names in ``not_required_by``: ``not_required``, whatever the date;
2. a clock with a condition ("only if X is not met in time") whose condition fails:
   ``cancelled``;
3. ended unmet (superseded, cancelled, or with the case) after its due date: how the
   clock's kind lapses (``overdue``, or ``expired`` for a complainant's window); on or
   before it: ``superseded`` or ``cancelled``;
4. running with no due date yet, or paused: ``pending``;
5. running and past due: how its kind lapses;
6. running and due within the rule set's ``due_soon_working_days``: ``due_soon``;
   otherwise ``pending``.

An offer declined (Wales, reg 16(3) binds only "Any discussion that takes place"): the
discussion, due Wed 17 April 2024, is not required once the complainant declines, even
when that is recorded after the due date; until then it runs to overdue.

>>> from statdeadline import Case, load_ruleset
>>> case = Case(load_ruleset("wales-social-services-2014"))
>>> for event, day in (("received", "2024-03-28"), ("acknowledged", "2024-04-03"),
...                    ("discussion_declined", "2024-04-22")):
...     _ = case.record(event, day)
>>> [(d.due, d.status, d.days_late) for d in case.deadlines("2024-04-19").by_clock("discussion")]
[(datetime.date(2024, 4, 17), 'overdue', 2)]
>>> [(d.due, d.status, d.days_late) for d in case.deadlines("2024-04-22").by_clock("discussion")]
[(datetime.date(2024, 4, 17), 'not_required', 0)]
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Sequence

from ..calendar import WorkingDayCalendar
from ..rules.vocabulary import HOUR_UNITS
from .compiled import CompiledRuleSet, provenance
from .event import Event
from .fold import count_base
from .results import CaseWarning, Deadline, Deadlines, Provenance, Status, Verdict
from .runs import Run
from .schedule import Schedule, arising_day, due_time, schedule_at

__all__ = ["Evaluator", "running_status"]

_NEW_VERDICT = functools.partial(tuple.__new__, Verdict)  # (see fold.new_schedule)
_NEW_PROVENANCE = functools.partial(tuple.__new__, Provenance)
_NEW_DEADLINE = functools.partial(tuple.__new__, Deadline)


_NO_DUE = _dt.date.max  # sorts after every due date


def _on_the_day(end: Event, due: _dt.time | None) -> Status:
    """An hours clock met on its due date: ``met_late`` after the time it was due (an
    event with no time is taken as on time)."""
    if due is not None and end.time is not None and end.time > due:
        return "met_late"
    return "met"


def running_status(
    due: _dt.date | None,
    paused: bool,
    day: _dt.date,
    lapses_as: str,
    cal: WorkingDayCalendar,
    due_soon: int,
) -> Status:
    """The status at ``day`` of a clock still running (steps 4-6 of the module docstring):
    ``pending`` with no due date or paused; ``lapses_as`` (the kind's, ``overdue`` or
    ``expired``) past ``due``; ``due_soon`` within ``due_soon`` working days of it."""
    if due is None or paused:
        return "pending"
    if day > due:
        return lapses_as  # type: ignore[return-value]  # a kind's lapses_as is a Status
    if cal.working_days_between(day, due) <= due_soon:
        return "due_soon"
    return "pending"


class Evaluator:
    """The runs of one case evaluated at ``day``."""

    __slots__ = ("crs", "day", "first", "memo", "runs")

    def __init__(
        self,
        crs: CompiledRuleSet,
        runs: Sequence[Run],
        day: _dt.date,
        first: Callable[[str], Run | None],
    ) -> None:
        self.crs = crs
        self.runs = runs
        self.day = day
        self.first = first  # the first run of a clock (for a clock due with another)
        self.memo: dict[int, Schedule] = {}

    def schedule(self, run: Run) -> Schedule:
        """``run``'s schedule at the evaluator's day (computed once per call)."""
        key = id(run)
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = schedule_at(run, self.crs, self.day, self.first)
        return got

    def condition_holds(self, clock_id: str) -> bool:
        """True unless ``clock_id`` was met on or before its due date (so a clock that
        applies only if it is unmet does not apply)."""
        for r in self.runs:
            if r.cc.clock.id == clock_id and r.end_kind == "met" and r.end is not None:
                due = self.schedule(r).due
                if due is not None and r.end.date <= due:
                    return False
        return True

    def status(self, run: Run, sched: Schedule) -> tuple[Status, _dt.date | None]:
        """The status of ``run`` (see the module docstring) and the day it was met."""
        if run.cc.timing and run.cc.clock.arises_after:
            return self.duty_status(run, run.cc.clock.arises_after)
        due = sched.due
        kind = run.end_kind
        end = run.end
        if kind == "met":
            assert end is not None
            if sched.unit in HOUR_UNITS and due is not None and end.date == due:
                return _on_the_day(end, due_time(sched)), end.date
            return ("met" if due is None or end.date <= due else "met_late"), end.date
        if kind == "not_required":
            return "not_required", None
        cond = run.cc.clock.condition
        if cond is not None and not self.condition_holds(cond.unmet_clock):
            return "cancelled", None
        if kind is not None:  # superseded, cancelled or case_end: ended unmet
            assert end is not None
            if due is not None and due < end.date:
                return run.cc.lapses_as, None  # type: ignore[return-value]
            return ("cancelled" if kind == "case_end" else kind), None  # type: ignore[return-value]
        cc = run.cc
        return running_status(
            due, sched.paused, self.day, cc.lapses_as, cc.cal, self.crs.due_soon
        ), None

    def never_applied(self, run: Run) -> bool:
        """Whether ``run`` is cancelled because it never applied: its condition failed
        (the clock it applies only if unmet was met in time), or, for a duty that arises
        when another clock lapses, that clock was met in time."""
        clock = run.cc.clock
        if run.cc.timing and clock.arises_after:
            return not self.condition_holds(clock.arises_after)
        cond = clock.condition
        return cond is not None and not self.condition_holds(cond.unmet_clock)

    def duty_status(self, run: Run, other_id: str) -> tuple[Status, _dt.date | None]:
        """The status of a duty that arises when ``other_id`` lapses (schedule step 2a):
        ``cancelled`` if that clock was met in time, or the run ended before the duty
        arose; ``done`` once met; ``owed`` from the day it arises; else ``pending``."""
        other, _, arose = arising_day(self.crs, self.day, self.first, other_id)
        if other is not None and not self.condition_holds(other_id):
            return "cancelled", None
        end = run.end
        if run.end_kind == "met":
            assert end is not None
            return "done", end.date
        if end is not None:
            return ("owed" if arose is not None and end.date >= arose else "cancelled"), None
        if arose is not None and self.day >= arose:
            return "owed", None
        return "pending", None

    def judge(
        self, run: Run, sched: Schedule
    ) -> tuple[Status, _dt.date | None, int, int, _dt.date, _dt.date | None]:
        """``run``'s status (its schedule being ``sched``), the day it was met, the working
        days taken (from the start, or its latest restart's day, to the day met or ended,
        or to the evaluator's day while it runs; 0 if that is before it), the working
        days late (past the due date, for a late or overdue clock), the day the count of
        days taken runs from, and the day it stopped running (met or ended by an event;
        ``None`` while it runs)."""
        cal = run.cc.cal
        start = count_base(run, self.crs) if run.records else run.start
        due = sched.due
        if run.end_kind == "met" and self.crs.met_by_date:
            met_on = run.end.date  # type: ignore[union-attr]  # a met run has its end
            taken = cal.working_days_between(start, met_on) if met_on >= start else 0
            if due is None or met_on <= due:
                return "met", met_on, taken, 0, start, met_on
            late = max(0, cal.working_days_between(due, met_on))
            return "met_late", met_on, taken, late, start, met_on
        status, met_on = self.status(run, sched)
        ended = met_on or (run.end.date if run.end is not None else None)
        if status == "cancelled" and self.never_applied(run):
            ended = None  # it never ran: no day ended it
        end = ended or self.day
        taken = cal.working_days_between(start, end) if end >= start else 0
        late = 0
        if due is not None and (status == "overdue" or status == "met_late"):
            late = max(0, cal.working_days_between(due, end))
        return status, met_on, taken, late, start, ended

    def verdicts(self) -> list[Verdict]:
        """A :class:`Verdict` for every run, in due order."""
        crs = self.crs
        day = self.day
        linked = crs.linked
        first = self.first
        rows = []
        for run in self.runs:
            sched = self.schedule(run) if linked else schedule_at(run, crs, day, first)
            status, met_on, taken, late, base, ended = self.judge(run, sched)
            clock = run.cc.clock
            due = sched.due
            start = run.start
            verdict = _NEW_VERDICT(
                (
                    clock.id,
                    run.instance,
                    clock.kind,
                    run.current_level() if run.level else None,
                    start,
                    due,
                    met_on,
                    status,
                    taken,
                    late,
                    len(sched.extensions),
                    len(sched.pauses),
                    ended,
                    base,
                )
            )
            # due order (see deadlines); clock and instance are unique, so never a tie
            rows.append((due or _NO_DUE, start, clock.id, run.instance, verdict))
        rows.sort()
        return [row[4] for row in rows]

    def deadlines(
        self, case_id: str | None, state: str, warnings: tuple[CaseWarning, ...]
    ) -> Deadlines:
        """Every run as a :class:`Deadline`, in due order, with the provenance."""
        crs = self.crs
        day = self.day
        rows = []
        linked = crs.linked
        first = self.first
        for run in self.runs:
            sched = self.schedule(run) if linked else schedule_at(run, crs, day, first)
            cc = run.cc
            cal = cc.cal
            end = run.end
            due = sched.due
            start = run.start
            status, met_on, taken, late, base, ended = self.judge(run, sched)
            clock = cc.clock
            labels = cc.labels
            values = (
                clock.id,
                labels[run.instance - 1] if run.instance <= len(labels) else clock.label,
                clock.kind,
                run.instance,
                run.start_event.id,
                start,
                due,
                status,
                met_on,
                end.id if met_on and end is not None else None,
                end.id if end is not None else None,
                clock.citation,
                day,
                sched.aim,
                sched.maximum,
                run.current_level() if run.level else None,
                sched.paused,
                sched.extensions,
                sched.pauses,
                taken,
                late,
                ended,
                base,
                cc.fingerprint,
                sched,  # the trace: calling a Schedule words its steps
                cal,
            )
            # due order: known due dates first, earliest first; then start, clock, instance
            # (a clock and instance are unique, so the values are never compared)
            rows.append((due or _NO_DUE, start, clock.id, run.instance, values))
        rows.sort()
        items = tuple([_NEW_DEADLINE(row[4]) for row in rows])
        meta = _NEW_PROVENANCE((*provenance(crs.rs), day, case_id))
        return Deadlines(items, meta, state, warnings)
