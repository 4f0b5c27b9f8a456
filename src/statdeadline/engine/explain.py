"""Words for a schedule: the steps of a deadline's explanation, rendered from its trace.

The arithmetic in :mod:`statdeadline.engine.schedule` records what it did as small
tuples; this module turns them into :class:`~statdeadline.engine.results.Step` objects
with their text, only when an explanation is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .results import Step
from .runs import Run

__all__ = ["start_note", "worded"]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


_HOW: dict[str, str] = {
    "not_receipt": "day 0 (the event's own day; not a receipt)",
    "cutoff": "after the {cutoff} cut-off, deemed received {d}",
    "non_working": (
        "received on a non-working day, deemed received {d} (convention non_working_deemed_next)"
    ),
    "deemed_next": (
        "deemed received on the next working day, {d} (convention deemed_next_working_day)"
    ),
    "day0": "day 0 under convention {rule}",
    "capped": "{d} (convention start_cap: earlier_of_deadline)",
    "raised_on": (
        "counted from {raised[0]}, {raised[1]}, the day the matter was first raised"
        " (convention received_on: raised_on)"
    ),
}


def start_note(how: tuple[tuple[str, Any], ...], receipt_rule: str, cutoff: str | None) -> str:
    """How a start date was found, in words (see ``effective_start``).

    >>> start_note((("cutoff", "2024-04-02"), ("day0", None)), "day_0", "17:00")
    'after the 17:00 cut-off, deemed received 2024-04-02; day 0 under convention day_0'
    """
    return "; ".join(
        _HOW[code].format(d=d, cutoff=cutoff, rule=receipt_rule, raised=d) for code, d in how
    )


def _start(run: Run, note: str) -> Step:
    ev = run.start_event
    return Step(
        "start", ev.date, f"start: {ev.id} on {ev.date} ({_WEEKDAYS[ev.date.weekday()]}); {note}"
    )


def _share_missing(shared: str) -> Step:
    return Step("share", None, f"due with {shared}, which has not started")


def _share(label: str, clock_id: str, due: Any) -> Step:
    return Step("share", None, f"due with {label} ({clock_id}): {due}")


def _arises_missing(other: str) -> Step:
    return Step("arises", None, f"owed if {other} is unmet by its due date; it has not started")


def _arises(label: str, clock_id: str, due: Any, arose: Any) -> Step:
    if due is None:
        return Step("arises", None, f"owed if {label} ({clock_id}) is unmet by its due date")
    return Step(
        "arises",
        arose,
        f"owed from {arose} if {label} ({clock_id}) is unmet by its due date {due}; no due"
        " date of its own",
    )


def _given(event: str, field: str, due: Any) -> Step:
    return Step("count", None, f"due date {due}, given by {event}.{field} (not counted)")


def _hours(start: Any, dur: Any, due: Any) -> Step:
    return Step(
        "count",
        start.date(),
        f"count {dur} from {start:%Y-%m-%d %H:%M} -> {due:%Y-%m-%d %H:%M}",
    )


def _untriaged(event: str) -> Step:
    return Step("count", None, f"due date set by triage ({event}); not yet triaged")


def _level(kind: str, level: str, lv: Any) -> Step:
    return Step(
        kind,
        None,
        f"triage level {level}: target {lv.target}"
        + (f", aim {lv.aim}" if lv.aim else "")
        + (f", maximum {lv.maximum}" if lv.maximum else ""),
    )


def _count(base: Any, dur: Any, due: Any) -> Step:
    return Step(
        "count", base, f"count {dur} from {base} -> {due}", base, due, dur.unit == "working_days"
    )


def _extend(aev: Any, how: str, old: Any, due: Any, n: int, first_end: Any = None) -> Step:
    if how == "months" and first_end is not None:  # convention month_extension: from_first_end
        text = f"extension on {aev.date}: +{n} month(s), counted from the end of the first period, {first_end} -> {due}"
    elif how == "months":
        text = f"extension on {aev.date}: +{n} month(s), the period counted from its start -> {due}"
    elif how == "until":
        text = f"extension on {aev.date}: until {due} (+{n} working days)"
    else:
        text = f"extension on {aev.date}: +{n} working days -> {due}"
    reason = aev.fields.get("reason")
    if reason:
        text += f"; reason: {reason}"
    return Step("extend", aev.date, text, old, due, how != "months")


def _pause(
    pev: Any,
    until: Any,
    how: str,
    k: int,
    wd: bool,
    old: Any,
    new: Any,
    both: bool = False,
    shared: bool = False,
) -> Step:
    amount = f"{k} working day(s)" if wd else f"{k} calendar day(s)"
    reason = pev.fields.get("reason")
    ends = " (both days included: convention pause_days both_ends)" if both else ""
    if shared:
        ends = (
            " (convention pause_days both_ends; its first day ended the pause before and"
            " is not taken out again)"
        )
    return Step(
        "pause",
        pev.date,
        f"paused {pev.date}, {how} {until}{ends}: {amount} added -> {new}"
        + (f"; reason: {reason}" if reason else ""),
        old,
        new,
        wd,
    )


def _restart(rev: Any, base: Any) -> Step:
    return Step(
        "restart",
        rev.date,
        f"restarted by {rev.id} on {rev.date}: counted again from {base}; earlier extensions and pauses no longer count",
    )


def _roll(old: Any, new: Any, roll: str) -> Step:
    return Step(
        "roll", None, f"{old} is not a working day: rolled to the {roll} one, {new}", old, new
    )


def _moved_start(base: Any, days: int, moved: Any, due: Any) -> Step:
    return Step(
        "pause",
        None,
        f"{days} calendar day(s) not counted move the start from {base} to {moved} "
        f"(convention month_pause: move_start): counted again -> {due}",
    )


#: Trace tag -> the function that words it (the start step is worded from the run).
_RENDER: dict[str, Callable[..., Step]] = {
    "share_missing": _share_missing,
    "share": _share,
    "arises_missing": _arises_missing,
    "arises": _arises,
    "given": _given,
    "hours": _hours,
    "untriaged": _untriaged,
    "level": _level,
    "count": _count,
    "extend": _extend,
    "pause": _pause,
    "restart": _restart,
    "roll": _roll,
    "moved_start": _moved_start,
}


def worded(steps: list[tuple[Any, ...]], n: int, tail: tuple[Any, ...] | None) -> tuple[Step, ...]:
    """The first ``n`` trace ``steps`` (then ``tail``, if any) as worded :class:`Step` s.
    The first step is ``("start", run, compiled rule set)``."""
    items = steps[:n] if tail is None else [*steps[:n], tail]
    out = []
    for item in items:
        tag = item[0]
        if tag == "start":
            run, crs = item[1], item[2]
            out.append(_start(run, start_note(run.how, crs.receipt_rule, crs.cutoff)))
        else:
            out.append(_RENDER[tag](*item[1:]))
    return tuple(out)
