"""A run's schedule: its due date (and aim, maximum, cap) from its start and its records.

The order of operations, for one run of one clock evaluated at a date ``as_of``:

1. **Start.** The run starts on the start date found by the receipt conventions
   (:func:`~statdeadline.engine.runs.effective_start`).
2. **Share.** A clock ``due_with`` another has that clock's due date (the first run of
   it), and nothing else: no count, extension or pause of its own.
2a. **Arise.** A clock ``arises_after`` another is a duty with no due date of its own:
   owed from the day after the other clock's due date (its first run, with its
   extensions) if that clock is unmet by then. Its status is ``done`` once met,
   ``owed`` from that day, ``pending`` before it, and ``cancelled`` if the other clock
   was met in time (or the case ended before the duty arose); never late.
3. **Level.** A clock set by triage has no due date until it is triaged. Its level is the
   latest triage's. Under ``retriage: from_change`` the count restarts at the re-triage
   (its own day) and the records before it are dropped; under ``from_original_start`` the
   start, extensions and pauses stay and only the level changes.
4. **Count.** A clock ``due_on`` a date field of its start event whose event gives that
   date (a response date set by a letter) is due on it, and nothing is counted; without
   the field, the duration counts as below. The duration (the level's target, or the clock's) is counted from the base
   (the start, or the re-triage): ``n`` working days is the ``n``-th working day after
   it; calendar days and months as :class:`~statdeadline.WorkingDayCalendar` says, with
   their roll. A dated timescale gives the value in force on the run's start day
   (``Duration.on``). The aim and maximum of a level, and the cap of an extension rule,
   are counted from the same base.
   A clock counted in ``hours`` or ``office_hours`` counts from its start event's date and
   time of day (:mod:`statdeadline.engine.hours`: no time is the start of the day) to a
   moment; its due date is that moment's day, and the time is in the explanation and
   judges a clock met on its due date (after the time: ``met_late``).
5. **Records, in order.** An extension by ``n`` working days adds them to the due date
   as it then stands; one ``until`` a date sets it (and counts the working days
   between). A pause from day P resumed on day R moves the due date, aim, maximum and
   cap on by the days in ``(P, R]`` - working days if the clock counts working days,
   calendar days if not - the one definition of "counts working days" being the unit of
   the duration that set the due date.
6. **An open pause** runs to the day the run ended or, while it is running, to the later
   of ``as_of`` and the pause's day; the clock is then ``paused``.
7. **Roll.** A calendar-day or month clock's roll is applied last, to the end its count,
   pauses and extensions give (so days paused are added to the unrolled end; under
   ``month_pause: move_start`` they move a month period's start instead, and the month
   is counted again from it: :mod:`statdeadline.engine.month_pauses`).

Before step 3, a **restart** (an event with effect ``restart``) makes its own day the
base (after the receipt conventions, if it is a receipt) and drops every record before
it: the count starts again. With convention ``pause_days: both_ends`` a pause takes out
the days in ``[P, R]`` instead of ``(P, R]``. An extension by ``months`` lengthens a month
period counted from its base (one month and two more: three months from the start),
plus the days paused so far. A clock's start itself may be capped
(``start_capped_by``, convention ``start_cap``: see ``Case``); a clock started by its
``start_fallback`` event is re-anchored by its preferred start as by a restart.

Each rule, worked on England's children's complaints (10 working days for Stage 1;
Good Friday 29 March and Easter Monday 1 April 2024 are bank holidays):

>>> from statdeadline import Case, load_ruleset
>>> def stage1(case, as_of):
...     d = case.deadlines(as_of)[0]
...     return d.start, d.due, d.status

The day of receipt is day 0 (``receipt: day_0``), whatever day it is: a Saturday
receipt counts from the Saturday, so the weekend and Easter are simply not counted.

>>> case = Case(load_ruleset("england-children-2006"))
>>> _ = case.record("received", "2024-03-30")
>>> stage1(case, "2024-04-02")
(datetime.date(2024, 3, 30), datetime.date(2024, 4, 15), 'pending')

A council choosing ``non_working_deemed_next`` deems that receipt made on Tuesday 2 April,
the next working day, which is then day 0:

>>> rs = load_ruleset("england-children-2006", conventions={"receipt": "non_working_deemed_next"})
>>> case = Case(rs)
>>> _ = case.record("received", "2024-03-30")
>>> stage1(case, "2024-04-02")
(datetime.date(2024, 4, 2), datetime.date(2024, 4, 16), 'pending')

A cut-off moves a receipt strictly after it, on a working day, to the next working day;
one at the cut-off itself is received that day:

>>> rs = load_ruleset("england-children-2006", conventions={"receipt_cutoff": "17:00"})
>>> late, on_time = Case(rs), Case(rs)
>>> _ = late.record("received", "2024-03-28", time="17:30")
>>> _ = on_time.record("received", "2024-03-28", time="17:00")
>>> stage1(late, "2024-04-02")[:2], stage1(on_time, "2024-04-02")[:2]
((datetime.date(2024, 4, 2), datetime.date(2024, 4, 16)), (datetime.date(2024, 3, 28), datetime.date(2024, 4, 15)))

A pause from Monday 10 June to Thursday 13 June adds the working days in (10, 13], three,
to a due date of Monday 17 June; while it is open, the days up to ``as_of`` are added and
the clock is paused, so pending, not counting down:

>>> case = Case(load_ruleset("england-children-2006"))
>>> _ = case.record("received", "2024-06-03")
>>> _ = case.record("pause", "2024-06-10", reason="advocate")
>>> d = case.deadlines("2024-06-12")[0]
>>> d.due, d.paused, d.status
(datetime.date(2024, 6, 19), True, 'pending')
>>> _ = case.record("resume", "2024-06-13")
>>> d = case.deadlines("2024-06-13")[0]
>>> d.due, d.paused, d.pauses[0]["days"]
(datetime.date(2024, 6, 20), False, 3)

An extension by working days adds them to the due date as it then stands; one ``until``
a date must fall on a working day for a clock that counts working days:

>>> case = Case(load_ruleset("england-children-2006"))
>>> _ = case.record("received", "2024-06-03")
>>> _ = case.record("extension", "2024-06-10", clock="stage1_response", working_days=5,
...                 reason="complex", agreed_with_complainant=True)
>>> case.deadlines("2024-06-10")[0].due
datetime.date(2024, 6, 24)
>>> case.record("extension", "2024-06-11", clock="stage1_response", until="2024-06-29",
...             reason="complex", agreed_with_complainant=True)
Traceback (most recent call last):
...
statdeadline.exceptions.TransitionNotAllowed: extension.until: 'stage1_response' counts working days, so its due date must be a working day; got 2024-06-29 (Saturday)

Month counts and their rolls (the corresponding date, the month's last day where there is
none, ``commencing`` periods) are the calendar's: see ``WorkingDayCalendar.add_months``.

A date set by a letter (step 4, ``due_on``) is the due date as given, a Saturday too;
without it the duration counts (10 working days from Monday 3 June 2024: Monday 17 June):

>>> case = Case(load_ruleset("ombudsman-enquiries"))
>>> _ = case.record("enquiry_received", "2024-06-03", respond_by="2024-06-15")
>>> case.deadlines("2024-06-03")[0].due
datetime.date(2024, 6, 15)
>>> case = Case(load_ruleset("ombudsman-enquiries"))
>>> _ = case.record("enquiry_received", "2024-06-03")
>>> case.deadlines("2024-06-03")[0].due
datetime.date(2024, 6, 17)

Hours (step 4) count from the event's time of day: 48 elapsed hours from Friday 24 May
2024 at 16:00 end on Sunday 26 May at 16:00, and a call back at 17:00 that day is late:

>>> case = Case(load_ruleset("concerns"))
>>> _ = case.record("concern_received", "2024-05-24", time="15:30")
>>> _ = case.record("fast_tracked", "2024-05-24", time="16:00")
>>> _ = case.record("called_back", "2024-05-26", time="17:00")
>>> d = case.deadlines("2024-05-26").by_clock("call_back")[0]
>>> d.due, d.status, d.trace()[1].text
(datetime.date(2024, 5, 26), 'met_late', 'count 48 hours from 2024-05-24 16:00 -> 2024-05-26 16:00')

A restart counts again from its day. FOI: received Monday 3 June 2024 (due Monday 1 July),
clarification asked for on 4 June (the clock is held) and received on Monday 10 June:
20 working days from 10 June (11-14, 17-21, 24-28 June, 1-5 and 8 July):

>>> case = Case(load_ruleset("foi-2000"))
>>> _ = case.record("received", "2024-06-03")
>>> _ = case.record("clarification_requested", "2024-06-04")
>>> _ = case.record("clarification_received", "2024-06-10")
>>> d = case.deadlines("2024-06-10")[0]
>>> d.due, d.paused
(datetime.date(2024, 7, 8), False)

Both ends of a pause taken out (``pause_days: both_ends``, FOIA s.10(2)): a fees notice
on Monday 10 June and the fee on Wednesday 12 June take out 10, 11 and 12 June:

>>> case = Case(load_ruleset("foi-2000"))
>>> _ = case.record("received", "2024-06-03")
>>> _ = case.record("fees_notice", "2024-06-10")
>>> _ = case.record("fee_received", "2024-06-12")
>>> case.deadlines("2024-06-12")[0].due
datetime.date(2024, 7, 4)

A day both ends one pause and begins the next (the fee received and a second fees
notice given on Thursday 10 April 2025) is taken out once: received Tuesday 1 April,
20 working days end on Thursday 1 May (Good Friday 18 and Easter Monday 21 April
skipped); 3 to 10 April take out 6 working days, then 11, 14 and 15 April 3 more (not
10 April again): 9 working days after 1 May, the early May bank holiday (5 May)
skipped, is Thursday 15 May:

>>> case = Case(load_ruleset("foi-2000"))
>>> _ = case.record("received", "2025-04-01")
>>> _ = case.record("fees_notice", "2025-04-03", reason="fee")
>>> _ = case.record("fee_received", "2025-04-10")
>>> _ = case.record("fees_notice", "2025-04-10", reason="second fee")
>>> _ = case.record("fee_received", "2025-04-15")
>>> d = case.deadlines("2025-04-15")[0]
>>> d.due, [p["days"] for p in d.pauses]
(datetime.date(2025, 5, 15), [6, 3])

A month clock with a roll (subject access: received Thursday 30 April 2026, one month is
Saturday 30 May, rolled to Monday 1 June). Two days paused are added to Saturday 30 May,
giving Monday 1 June, not to the rolled date; an extension by two months counts three
months from receipt (Thursday 30 July, plus the two days: Saturday 1 August, rolled to
Monday 3 August):

>>> case = Case(load_ruleset("uk-gdpr-sar"))
>>> _ = case.record("received", "2026-04-30")
>>> _ = case.record("information_requested", "2026-05-04")
>>> _ = case.record("information_received", "2026-05-05")
>>> case.deadlines("2026-05-05")[0].due
datetime.date(2026, 6, 1)
>>> _ = case.record("extension", "2026-05-20", clock="response", months=2, reason="complex")
>>> case.deadlines("2026-05-20")[0].due
datetime.date(2026, 8, 3)

A start capped by another clock's due date (``start_cap: earlier_of_deadline``): the
Housing Ombudsman's stage 1 response counts from the acknowledgement, or, if that was
late, from the day it was due (Tuesday 30 December 2025 for a complaint of Friday 19
December):

>>> rs = load_ruleset("housing-ombudsman-code-2024", conventions={"start_cap": "earlier_of_deadline"})
>>> case = Case(rs)
>>> _ = case.record("received", "2025-12-19")
>>> _ = case.record("acknowledged", "2026-01-05")
>>> [(d.clock, d.start, d.due) for d in case.deadlines("2026-01-05")][1]
('stage1_response', datetime.date(2025, 12, 30), datetime.date(2026, 1, 14))

Steps 1-5 do not depend on ``as_of``: a run keeps their result (a :class:`Schedule` whose
``open_pause`` may be set) and folds each new record into it (:func:`add_record`), so a
long history of pauses costs one step per record, and asking again costs nothing. Where
each step is: the counts of step 4 in :mod:`statdeadline.engine.counting` (and hours in
:mod:`statdeadline.engine.hours`), the fold of steps 1 and 3-5 in
:mod:`statdeadline.engine.fold`; steps 2, 2a, 6 and 7, which depend on ``as_of`` or on
other runs, here.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from ..calendar import WorkingDayCalendar
from .compiled import CompiledRuleSet
from .counting import COUNTERS, count
from .fold import Schedule, apply_record, due_time, fold, new_schedule, shift
from .month_pauses import moved_start
from .runs import Extension, Pause, Record, Restart, Resume, Retriage, Run

__all__ = [  # the schedule's names, wherever they are defined (counting.py, fold.py)
    "COUNTERS",
    "Schedule",
    "add_record",
    "arising_day",
    "count",
    "due_time",
    "schedule_at",
    "set_level",
]


def add_record(run: Run, rec: Record) -> None:
    """Append ``rec`` to ``run``. No arithmetic here (recording must not warn or fail
    after it has been checked): the kept schedule folds it in when next asked for, or is
    counted again for a record that changes the count itself."""
    run.records.append(rec)
    cls = rec.__class__
    if cls is Pause:
        run.paused = True
    elif cls is Resume:
        run.paused = False
    elif cls is Retriage or cls is Extension:
        run.kept = None  # a new level, or an extension (which needs the cap): count again
    elif cls is Restart:
        run.paused = False
        run.kept = None  # counted again from the restart
    if run.cc.late_roll != "none":
        run.kept = None  # the kept schedule may be rolled: count again, unrolled


def _keep(run: Run, s: Schedule) -> None:
    """Keep ``s`` as ``run``'s schedule of all its records (unless it is volatile)."""
    if s.volatile:
        run.kept = None
    else:
        run.kept = s
        run.folded = len(run.records)


def set_level(run: Run, level: str) -> None:
    """The first triage of ``run``: its level, so its schedule is counted afresh."""
    run.level = level
    run.kept = None


def schedule_at(
    run: Run,
    crs: CompiledRuleSet,
    as_of: _dt.date,
    first_run: Callable[[str], Run | None],
) -> Schedule:
    """The schedule of ``run`` at ``as_of`` (``first_run(clock_id)`` finds the run a
    shared clock is due with); a calendar-day or month clock's roll is applied last."""
    cc = run.cc
    s: Schedule | None = run.kept
    records = run.records
    if s is None:
        if cc.timing:
            shared = cc.clock.due_with
            if shared:
                return _shared(run, crs, as_of, first_run, shared)
            if cc.clock.arises_after:
                return _arising(run, crs, as_of, first_run, cc.clock.arises_after)
        s = fold(run, crs)
        _keep(run, s)
    elif run.folded < len(records):  # pauses and resumes since: one step each
        if s.due is None:  # not triaged yet: nothing to move, count it all again
            s = fold(run, crs)
        else:
            cal = cc.cal
            inclusive = cc.pause_both_ends
            for rec in records[run.folded :]:
                s = apply_record(s, rec, cal, inclusive)
        _keep(run, s)
    pev = s.open_pause
    if pev is None:
        return _last(run, crs, s) if cc.last else s
    end = run.end
    until = end.date if end is not None else max(as_of, pev.date)
    due, aim, mx, cap, pause, step = shift(
        s,
        cc.cal,
        pev,
        until,
        "ended" if end is not None else "still paused at",
        cc.pause_both_ends,
    )
    s = new_schedule(
        (
            due, aim, mx, cap, end is None, s.extensions, (*s.pauses, pause), s.unit,
            s.steps, s.n, step, None, s.volatile,
        )
    )  # fmt: skip
    return _last(run, crs, s) if cc.last else s


def _last(run: Run, crs: CompiledRuleSet, s: Schedule) -> Schedule:
    """Step 7: ``s`` with its month period's start moved (``month_pause: move_start``),
    then its late roll applied (a calendar-day or month clock's)."""
    if run.cc.month_move_start:
        s = moved_start(run, crs, s)
    roll = run.cc.late_roll
    if roll == "none" or s.due is None:
        return s
    return _rolled(s, run.cc.cal, roll)


def _rolled(s: Schedule, cal: WorkingDayCalendar, roll: str) -> Schedule:
    """``s`` with its due date and cap rolled to a working day (step 7)."""
    assert s.due is not None
    due = cal.roll(s.due, roll)  # type: ignore[arg-type]  # a Duration's roll, checked on load
    cap = cal.roll(s.cap, roll) if s.cap is not None else None  # type: ignore[arg-type]
    if due == s.due:
        return s if cap == s.cap else s._replace(cap=cap)
    steps = [*s.steps[: s.n], *((s.tail,) if s.tail else ()), ("roll", s.due, due, roll)]
    return s._replace(due=due, cap=cap, steps=steps, n=len(steps), tail=None)


def _shared(
    run: Run,
    crs: CompiledRuleSet,
    as_of: _dt.date,
    first_run: Callable[[str], Run | None],
    shared: str,
) -> Schedule:
    """Step 2: the due date of the clock ``shared`` (its first run), and nothing else."""
    other = first_run(shared)
    if other is None:
        steps: list[tuple[Any, ...]] = [("start", run, crs), ("share_missing", shared)]
        return new_schedule(
            (None, None, None, None, False, (), (), None, steps, 2, None, None, False)
        )
    o = schedule_at(other, crs, as_of, first_run)
    steps = [("start", run, crs), ("share", other.cc.clock.label, other.cc.clock.id, o.due)]
    return new_schedule(
        (o.due, None, None, None, o.paused, (), (), None, steps, 2, None, None, False)
    )


def arising_day(
    crs: CompiledRuleSet,
    as_of: _dt.date,
    first_run: Callable[[str], Run | None],
    other_id: str,
) -> tuple[Run | None, _dt.date | None, _dt.date | None]:
    """For a duty ``arises_after`` clock ``other_id``: that clock's first run, its due
    date, and the day the duty arises (the day after it; ``None`` while it has no due
    date)."""
    other = first_run(other_id)
    if other is None:
        return None, None, None
    due = schedule_at(other, crs, as_of, first_run).due
    return other, due, (due + _dt.timedelta(1) if due is not None else None)


def _arising(
    run: Run,
    crs: CompiledRuleSet,
    as_of: _dt.date,
    first_run: Callable[[str], Run | None],
    other_id: str,
) -> Schedule:
    """Step 2a: a duty that arises when another clock lapses has no due date; its trace
    names the day it arises."""
    other, due, arose = arising_day(crs, as_of, first_run, other_id)
    steps: list[tuple[Any, ...]] = [("start", run, crs)]
    if other is None:
        steps.append(("arises_missing", other_id))
    else:
        steps.append(("arises", other.cc.clock.label, other_id, due, arose))
    return new_schedule((None, None, None, None, False, (), (), None, steps, 2, None, None, False))
