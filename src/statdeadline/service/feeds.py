"""Subscribable calendars: ``GET /cases/{id}/calendar.ics`` and ``GET /calendar.ics``.

A calendar program that subscribes polls the feed and updates what it shows by each
event's ``UID`` and ``SEQUENCE``, so the feed never simply drops an event:

* ``UID`` is stable per case, clock and instance, and the same one ``statdeadline case
  --format ics`` writes (importing a file and then subscribing updates, not duplicates);
* ``SEQUENCE`` starts at 0 and goes up by one each time the deadline's due date moves
  or it stops running (kept in ``calendar_items``, written with the case);
* a deadline met, superseded, cancelled, ended with its case, or on a deleted case is
  sent as ``STATUS:CANCELLED`` (so the subscriber removes it) rather than left out;
* a clock that applies only if another is unmet (``applies_if``) is sent only once it
  applies: while it is ``due_soon`` or ``overdue``, or once met; a duty that arises when
  another clock lapses, with no due date of its own (``arises_after``: the England
  adults' delay notice) only once it is owed, on the day it is owed from, or done;
* ``?alarm=N`` adds a ``VALARM`` N days before each running deadline (0-60);
* a due date past the bank-holiday horizon (:mod:`statdeadline.service.horizon`) carries
  its warning: an ``X-STATDEADLINE-WARNING;VALUE=TEXT`` property (the message) and a ``Warning:``
  line in ``DESCRIPTION``.

The text is RFC 5545 as :mod:`statdeadline.reports.ics` writes it (its ``escape_text``
and ``fold_line``: CRLF, folded at 75 octets); the due dates and statuses are the
library's, computed at the request's day.
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from collections.abc import Iterable
from typing import Any

from .._version import __version__
from ..engine.case import Case
from ..engine.queue import QUEUE_STATUSES
from ..engine.results import Deadline
from ..reports.ics import escape_text, event_day, fold_line
from .horizon import deadline_warnings
from .store import Store, Tx

__all__ = ["WARNING", "case_feed", "feed_uid", "team_feed", "track"]

#: The property each horizon warning of a deadline is sent in (its message), beside a
#: "Warning:" line in ``DESCRIPTION`` for calendar programs that show no X- property.
WARNING = "X-STATDEADLINE-WARNING"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "statdeadline.invalid")  # as reports/ics.py
_RUNNING = frozenset(QUEUE_STATUSES)


def feed_uid(case_id: str, clock: str, instance: int) -> str:
    """The UID of a case's deadline (the one ``case --format ics`` gives it)."""
    return f"{uuid.uuid5(_NAMESPACE, json.dumps(['case', case_id, clock, instance]))}@statdeadline"


def _running(d: Deadline) -> bool:
    return d.met_by is None and d.ended_by is None and (d.status in _RUNNING or d.status == "owed")


def track(tx: Tx, case: Case | None, case_id: str) -> None:
    """Bring ``calendar_items`` up to date with ``case`` after its last event (``None``:
    the case was deleted, so every item is cancelled): a new item at sequence 0; a due
    date moved or a change between running and not raises the sequence by one."""
    rows = tx.rows(
        "SELECT clock, instance, due, state, sequence FROM calendar_items WHERE case_id = ?",
        (case_id,),
    )
    known = {(r[0], r[1]): r[2:] for r in rows}
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    wanted: dict[tuple[str, int], tuple[str | None, str]] = {}
    if case is not None and case.events:
        for d in case.deadlines(case.events[-1].date):
            day = event_day(d)
            if day is not None:
                state = "CONFIRMED" if _running(d) else "CANCELLED"
                wanted[(d.clock, d.instance)] = (day.isoformat(), state)
    for key, (due, _state, _seq) in known.items():
        if key not in wanted:
            wanted[key] = (due, "CANCELLED")
    for (clock, inst), (due, state) in wanted.items():
        old = known.get((clock, inst))
        if old is None:
            tx.run(
                "INSERT INTO calendar_items (case_id, clock, instance, due, state, sequence,"
                " updated_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
                (case_id, clock, inst, due, state, now),
            )
        elif (old[0], old[1]) != (due, state):
            tx.run(
                "UPDATE calendar_items SET due = ?, state = ?, sequence = sequence + 1,"
                " updated_at = ? WHERE case_id = ? AND clock = ? AND instance = ?",
                (due, state, now, case_id, clock, inst),
            )


def _applies(case: Case, d: Deadline) -> bool:
    """False for a conditional clock that does not apply yet (or never did)."""
    clock = case.ruleset.clocks.get(d.clock)
    if clock is not None and clock.arises_after:
        return d.status in ("owed", "done")
    if clock is None or clock.condition is None:
        return True
    return d.status in ("due_soon", "overdue", "met", "met_late")


def _event(
    case: Case, d: Deadline, state: str, seq: int, stamp: str, alarm: int | None
) -> list[str]:
    assert d.due is not None
    inst = f" #{d.instance}" if d.instance > 1 else ""
    summary = f"{d.label}{inst} - case {case.case_id}"
    status = d.status.replace("_", " ")
    warned = [w["message"] for w in deadline_warnings(case, d)]
    lines = [
        "BEGIN:VEVENT",
        f"UID:{feed_uid(case.case_id or '', d.clock, d.instance)}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{seq}",
        f"STATUS:{state}",
        f"DTSTART;VALUE=DATE:{d.due.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(d.due + _dt.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape_text(summary)}",
        "DESCRIPTION:"
        + escape_text(
            f"{d.label} ({d.clock}, {d.kind}) for case {case.case_id}\n"
            f"{'Owed from' if d.status in ('owed', 'done') else 'Due'} {d.due.isoformat()}:"
            f" {status}\nCitation: {d.citation}" + "".join(f"\nWarning: {m}" for m in warned)
        ),
        *(f"{WARNING};VALUE=TEXT:{escape_text(m)}" for m in warned),
        "TRANSP:TRANSPARENT",
    ]
    if alarm is not None and state == "CONFIRMED":
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(summary)}",
            f"TRIGGER:-P{alarm}D",
            "END:VALARM",
        ]
    return [*lines, "END:VEVENT"]


def _calendar(events: Iterable[list[str]], name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//statdeadline//statdeadline service {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for e in events:
        lines += e
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def _items(
    case: Case | None, items: dict[tuple[str, int], tuple[Any, ...]], as_of: _dt.date,
    stamp: str, alarm: int | None,
) -> list[list[str]]:  # fmt: skip
    """The VEVENTs of one case (``None``: deleted; its items are all cancelled)."""
    if case is None:
        return []
    out = []
    for d in case.deadlines(as_of):
        got = items.get((d.clock, d.instance))
        if got is None or not _applies(case, d):
            continue
        due, state, seq = got  # the due date the sequence number counts
        out.append(
            _event(case, d._replace(due=_dt.date.fromisoformat(due)), state, seq, stamp, alarm)
        )
    return out


def _stamp() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def case_feed(
    store: Store, case_id: str, rebuild: Any, as_of: _dt.date, alarm: int | None
) -> str | None:
    """The calendar of one case, ``None`` if there is no such case. ``rebuild(ruleset,
    case_id, events)`` gives the :class:`Case`."""
    feeds = _cases(store, "c.case_id = ?", (case_id,), rebuild)
    if not feeds:
        return None
    return _calendar(_events(feeds, as_of, alarm), f"statdeadline case {case_id}")


def team_feed(
    store: Store, team: str | None, rebuild: Any, as_of: _dt.date, alarm: int | None
) -> str:
    """The calendar of every case of ``team`` (every case, with no team given)."""
    where, params = ("c.team = ?", (team,)) if team else ("1 = 1", ())
    feeds = _cases(store, where, params, rebuild)
    return _calendar(_events(feeds, as_of, alarm), f"statdeadline {team or 'all teams'}")


Feed = tuple[Case | None, str, dict[tuple[str, int], tuple[Any, ...]], list[Any]]


def _cases(store: Store, where: str, params: tuple[Any, ...], rebuild: Any) -> list[Feed]:
    """(case or None if deleted, id, items, deleted items' rows) per case matching."""
    with store.read() as tx:
        cases = tx.rows(
            f"SELECT c.case_id, c.ruleset, c.deleted_at, c.choices FROM cases c WHERE {where}"
            " ORDER BY c.case_id",
            params,
        )
        out: list[Feed] = []
        for cid, rs, deleted, choices in cases:
            rows = tx.rows(
                "SELECT clock, instance, due, state, sequence FROM calendar_items"
                " WHERE case_id = ? ORDER BY clock, instance",
                (cid,),
            )
            items = {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}
            if deleted is not None:
                out.append((None, cid, items, rows))
                continue
            events = [
                json.loads(r[0])
                for r in tx.rows("SELECT data FROM events WHERE case_id = ? ORDER BY seq", (cid,))
            ]
            out.append((rebuild(rs, cid, events, choices), cid, items, rows))
    return out


def _events(feeds: list[Feed], as_of: _dt.date, alarm: int | None) -> list[list[str]]:
    stamp = _stamp()
    out: list[list[str]] = []
    for case, cid, items, rows in feeds:
        if case is not None:
            out += _items(case, items, as_of, stamp, alarm)
            continue
        for clock, inst, due, _state, seq in rows:  # a deleted case: everything cancelled
            day = _dt.date.fromisoformat(due).strftime("%Y%m%d")
            nxt = (_dt.date.fromisoformat(due) + _dt.timedelta(days=1)).strftime("%Y%m%d")
            out.append(
                [
                    "BEGIN:VEVENT",
                    f"UID:{feed_uid(cid, clock, inst)}",
                    f"DTSTAMP:{stamp}",
                    f"SEQUENCE:{seq}",
                    "STATUS:CANCELLED",
                    f"DTSTART;VALUE=DATE:{day}",
                    f"DTEND;VALUE=DATE:{nxt}",
                    f"SUMMARY:{escape_text(f'{clock} - case {cid} (deleted)')}",
                    "END:VEVENT",
                ]
            )
    return out
