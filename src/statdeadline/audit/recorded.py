"""Which deadlines of a closed case were never recorded: the case closed (or was
withdrawn) after they fell due, and nothing met them or marked them as ended.

The engine ends every clock still running when a case reaches a final state: it is then
``cancelled`` if the case closed before it was due (it no longer applies: nothing was
owed yet) or ``overdue`` if after. An overdue deadline of a case that is still open is
a deadline being missed; of a closed case, it is one the case system holds no answer
for: **not recorded**, counted apart from overdue (and, like an overdue one, not within
the deadline: the on-time rate's denominator is unchanged).

So a deadline is *not recorded* when the case is closed, the deadline was not met and is
``overdue``, and no event that supersedes or cancels its clock (``superseded_by``,
``cancelled_by``: a Stage 1 overtaken by a Stage 2 request after its due date) was
recorded from its start to the closure.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence

from ..engine import Deadline, Verdict
from ..rules import RuleSet

__all__ = ["ENDED_UNMET", "not_recorded"]

#: The statuses of a deadline that may be one not recorded (when unmet).
ENDED_UNMET = frozenset({"overdue"})


def not_recorded(
    rs: RuleSet,
    events: Sequence[tuple[_dt.date, str]],
    deadlines: Iterable[Deadline | Verdict],
    closed: _dt.date | None,
) -> frozenset[tuple[str, int]]:
    """The ``(clock, instance)`` of each deadline of the case that was not recorded;
    ``events``: the case's ``(date, event id)`` in order; ``closed``: the day the case
    reached a final state (``None``: still open, so nothing is not recorded yet)."""
    if closed is None:
        return frozenset()
    out = set()
    for d in deadlines:
        if d.met_on is not None or d.status not in ENDED_UNMET:
            continue
        clock = rs.clocks[d.clock]
        enders = {*clock.superseded_by, *clock.cancelled_by}
        if enders and any(d.start <= day <= closed and ev in enders for day, ev in events):
            continue
        out.add((d.clock, d.instance))
    return frozenset(out)
