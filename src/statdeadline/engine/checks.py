"""A rule set's warning checks on an event (``checks:``): a complaint received more than
the time limit after the matter arose gives a :class:`~statdeadline.CaseWarning`, never
a refusal.

The day judged is the event's own, or, under convention ``received_on: raised_on``, the
day its ``raised_on`` field gives (a complaint that began as a concern was made when the
concern was raised).
"""

from __future__ import annotations

import datetime as _dt

from .compiled import CompiledEvent, CompiledRuleSet
from .event import Event
from .results import CaseWarning
from .schedule import count

__all__ = ["warnings_for"]


def warnings_for(crs: CompiledRuleSet, ce: CompiledEvent, ev: Event) -> list[CaseWarning]:
    """The warnings ``ev``'s checks give (each check whose date field ``ev`` carries)."""
    found = []
    made = ev.date  # the day the complaint was made (the concern's, if chosen)
    raised = crs.raised_on.get(ev.id) if crs.raised_on else None
    if raised and ev.fields.get(raised) is not None:
        made = ev.fields[raised]
    for check in ce.checks:
        if check.field in ev.fields:
            origin: _dt.date = ev.fields[check.field]
            latest = count(check.within.on(made), crs.rs.calendar, origin)
            if made > latest:
                found.append(
                    CaseWarning(
                        check.id,
                        f"{check.message.strip()} ({check.field} {origin}; limit {latest})",
                        ev.id,
                        ev.date,
                        check.citation,
                    )
                )
    return found
