"""A case's open deadlines as an iCalendar file (RFC 5545), for Outlook or Google Calendar.

:func:`to_ics` gives one all-day ``VEVENT`` per open deadline (see :func:`open_deadlines`)
on its due date, and one per owed duty (a duty with no due date of its own, such as a
delay notice after a missed backstop) on the day it has been owed from (so it appears
only once it applies). The text follows RFC 5545 so calendar programs import it as it is:

* every line ends with CRLF;
* a line longer than 75 octets (UTF-8 bytes, not characters) is folded: CRLF and one
  space, never inside a multi-byte character (section 3.1);
* text values escape ``\\``, ``;``, ``,`` and line breaks (section 3.3.11);
* an all-day event is ``DTSTART;VALUE=DATE`` on the due date and ``DTEND`` the day after
  (DTEND is exclusive), ``TRANSP:TRANSPARENT`` so it does not show the day as busy;
* ``UID`` is stable: the same case, clock and instance always give the same UID, so
  importing a later export updates the event instead of adding a second one. With no
  case id the rule set and the clock's start date stand in for it (two cases without ids,
  under one rule set, whose clock started the same day would share a UID: give case ids);
* ``DTSTAMP`` is when the file was made (UTC), passed in so output can be reproduced.

A calendar with no open deadline has no ``VEVENT``. RFC 5545 asks for at least one
component, but an empty calendar is what calendar programs expect for "nothing to add",
and it keeps a script that exports every case simple.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sys
import uuid
from collections.abc import Iterable
from typing import TextIO

from .._version import __version__
from ..engine import Case, Deadline, Deadlines
from ..exceptions import InvalidArgumentError
from .registry import CASE_DEADLINES, register

__all__ = [
    "OPEN_STATUSES",
    "dtstamp_now",
    "escape_text",
    "event_day",
    "fold_line",
    "open_deadlines",
    "owed_from",
    "to_ics",
    "write_ics",
]

#: Statuses of a deadline still to be met (with ``ended_by`` unset: still running).
OPEN_STATUSES = ("due_soon", "overdue", "pending")

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "statdeadline.invalid")
_LIMIT = 75  # octets per line, CRLF excluded (RFC 5545 section 3.1)


def owed_from(d: Deadline) -> _dt.date | None:
    """The day a duty with no due date of its own (``arises_after``) is owed from, or
    would be if the other clock is missed, as its explanation gives it (the day after
    that clock's due date); ``None`` for any other deadline, or while that is not known."""
    if d.due is not None or d.trace is None:
        return None
    return next((step.on for step in d.trace() if step.kind == "arises"), None)


def event_day(d: Deadline) -> _dt.date | None:
    """The day a deadline's calendar event goes on: its due date, or for a duty with no
    due date of its own the day it is owed from."""
    return d.due if d.due is not None else owed_from(d)


def open_deadlines(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """The deadlines still running with a day to show, in the order given.

    Open means: status ``pending``, ``due_soon`` or ``overdue`` with a due date (a triage
    clock not yet triaged has none), or an ``owed`` duty (on the day it is owed from); and
    not ended (met, superseded, cancelled, or ended with the case: a clock that ended
    unmet after its due date is ``overdue`` but no longer open).
    """
    return [
        d
        for d in deadlines
        if d.ended_by is None
        and ((d.status in OPEN_STATUSES and d.due) or (d.status == "owed" and owed_from(d)))
    ]


def escape_text(value: str) -> str:
    r"""A TEXT value escaped as RFC 5545 section 3.3.11 asks.

    >>> escape_text('a\\b; c, d\ne')
    'a\\\\b\\; c\\, d\\ne'
    """
    out = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return out.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """One content line folded to at most 75 octets per physical line (CRLF not included).

    Continuation lines start with one space, which counts towards their 75 octets; a
    multi-byte UTF-8 character is never split.

    >>> folded = fold_line("SUMMARY:" + "x" * 80)
    >>> [len(part) for part in folded.split("\\r\\n")]
    [75, 14]
    >>> fold_line("SUMMARY:short")
    'SUMMARY:short'
    """
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > _LIMIT:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += n
    parts.append("".join(current))
    return "\r\n".join(parts)


def _uid(deadlines: Deadlines, d: Deadline) -> str:
    meta = deadlines.meta
    if meta.case_id is not None:
        key: list[object] = ["case", meta.case_id, d.clock, d.instance]
    else:
        key = ["ruleset", meta.ruleset_id, d.start.isoformat(), d.clock, d.instance]
    return f"{uuid.uuid5(_NAMESPACE, json.dumps(key))}@statdeadline"


def _summary(deadlines: Deadlines, d: Deadline) -> str:
    label = d.label + (f" #{d.instance}" if d.instance > 1 else "")  # as in explanations
    who = (
        f"case {deadlines.meta.case_id}"
        if deadlines.meta.case_id is not None
        else deadlines.meta.ruleset_id
    )
    late = {"overdue": " (overdue)", "owed": " (owed)"}.get(d.status, "")
    return f"{label} - {who}{late}"


def _description(deadlines: Deadlines, d: Deadline) -> str:
    meta = deadlines.meta
    day = event_day(d)
    assert day is not None
    when = f"Due {day.isoformat()}" if d.due is not None else f"Owed from {day.isoformat()}"
    lines = [
        f"{d.label} ({d.clock}, {d.kind})"
        + (f" for case {meta.case_id}" if meta.case_id is not None else ""),
        f"{when}: {d.status.replace('_', ' ')}"
        + (" (paused)" if d.paused else "")
        + f"; started by {d.start_event} on {d.start.isoformat()}",
        f"Citation: {d.citation}",
    ]
    if d.citation.url:
        lines.append(d.citation.url)
    lines.append(
        f"Rule set {meta.ruleset_id} {meta.ruleset_version}; as of {meta.as_of.isoformat()}; "
        f"statdeadline {meta.library_version}"
    )
    return "\n".join(lines)


def to_ics(deadlines: Deadlines, *, dtstamp: _dt.datetime | None = None) -> str:
    """The open deadlines of a case as iCalendar text (CRLF line endings, folded lines).

    ``dtstamp``: when the file was made (default: now); a naive value is taken as UTC.
    Each event's ``SUMMARY`` is the deadline's label and the case id, ``DESCRIPTION`` its
    clock, status, start, citation (and URL) and the provenance of the result.
    """
    stamp = dtstamp or _dt.datetime.now(_dt.timezone.utc)
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(_dt.timezone.utc)
    stamp_text = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//statdeadline//statdeadline {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for d in open_deadlines(deadlines):
        day = event_day(d)
        assert day is not None
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(deadlines, d)}",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + _dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(_summary(deadlines, d))}",
            f"DESCRIPTION:{escape_text(_description(deadlines, d))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def dtstamp_now() -> _dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention), so an
    iCalendar file can be made byte for byte again."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise InvalidArgumentError("SOURCE_DATE_EPOCH", epoch, "whole seconds")
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
    return _dt.datetime.now(_dt.timezone.utc)


def write_ics(case: Case, deadlines: Deadlines, out: TextIO, *, explain: bool = False) -> None:
    """:func:`to_ics` stamped :func:`dtstamp_now`, written to ``out`` with its CRLF line
    endings as they are (to standard output as bytes, so the platform adds no newlines of
    its own). ``case`` and ``explain`` are not needed: the deadlines say it all."""
    text = to_ics(deadlines, dtstamp=dtstamp_now())
    buffer = getattr(out, "buffer", None)
    if buffer is not None and out is sys.stdout:
        out.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        out.write(text)


register(
    "ics",
    ".ics",
    CASE_DEADLINES,
    "an iCalendar file with an all-day event on the due date of each open deadline",
    write_ics,
)
