"""What each deadline status means for an audit's summary, written once as a table.

Every status a deadline can have (the engine's :data:`~statdeadline.engine.STATUSES`, and
the audit's own ``not_recorded``: see :mod:`statdeadline.audit.recorded`) is counted in
exactly one summary column, so a row's status columns add up to its ``deadlines``. The
tally, the headlines and every writer look a column's meaning up here (whether it counts
for or against the on-time rate, whether it ended with an answer, its words in a table
and a glossary) rather than naming statuses themselves: a new status is one row.

>>> [c.column for c in STATUS_COLUMNS if c.rate != "no"]
['met', 'met_late', 'overdue', 'not_recorded']
>>> column_of("due_soon"), column_of("discussion_declined")
('open', None)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs

__all__ = [
    "DUTY_COLUMNS",
    "STATUS_COLUMNS",
    "StatusColumn",
    "column_counts",
    "column_of",
    "decided",
    "ended",
]


@attrs.frozen
class StatusColumn:
    """One summary column and the statuses it counts.

    ``column``: the :class:`~statdeadline.audit.SummaryRow` field; ``statuses``: the
    statuses counted in it; ``short``: its heading in the terminal table (columns with the
    same heading are shown together there); ``label``: its name in a report's glossary;
    ``rate``: whether it counts ``for`` the on-time rate, ``against`` it, or not at all
    (``no``: neither numerator nor denominator); ``ended``: a deadline that ended with an
    answer or without one when one was due (met, late, not recorded), the base of the
    bands' shares; ``duty``: a duty with no due date of its own (``arises_after``), which
    has no on-time rate; ``meaning``: what it means, for the glossary and the auditor's
    guide.
    """

    column: str
    statuses: tuple[str, ...]
    short: str
    label: str
    rate: Literal["for", "against", "no"]
    ended: bool
    duty: bool
    meaning: str


#: One row per summary column, in the order reports show them.
STATUS_COLUMNS: tuple[StatusColumn, ...] = (
    StatusColumn(
        "met",
        ("met",),
        "on time",
        "met on time",
        "for",
        True,
        False,
        "met on or before its due date (extensions and pauses included); counts for the "
        "on-time rate",
    ),
    StatusColumn(
        "met_late",
        ("met_late",),
        "late",
        "met late",
        "against",
        True,
        False,
        "met after its due date; counts against the on-time rate",
    ),
    StatusColumn(
        "overdue",
        ("overdue",),
        "overdue",
        "overdue",
        "against",
        False,
        False,
        "past its due date and never met: still running at the as-of date, or ended unmet "
        "after it was due (superseded late); counts against the on-time rate",
    ),
    StatusColumn(
        "not_recorded",
        ("not_recorded",),
        "not rec.",
        "not recorded",
        "against",
        True,
        False,
        "the case was closed or withdrawn after the deadline was due, and nothing met it: "
        "no answer is recorded; counts against the on-time rate",
    ),
    StatusColumn(
        "open",
        ("pending", "due_soon"),
        "open",
        "open",
        "no",
        False,
        False,
        "still running at the as-of date and not yet due (pending, due soon or paused, or "
        "a triage clock not yet triaged); not in the on-time rate, and counted apart from "
        "the working-day bands",
    ),
    StatusColumn(
        "expired",
        ("expired",),
        "expired",
        "expired",
        "no",
        False,
        False,
        "a complainant's window (e.g. to ask for Stage 2) that closed unused: the "
        "complainant's choice, not a failure of the council; not in the on-time rate",
    ),
    StatusColumn(
        "cancelled",
        ("cancelled",),
        "n/a",
        "cancelled",
        "no",
        False,
        False,
        "no longer applies: withdrawn or closed before it was due, or its condition was "
        "not met (a delay notice when the response came in time); not in the on-time rate",
    ),
    StatusColumn(
        "superseded",
        ("superseded",),
        "n/a",
        "superseded",
        "no",
        False,
        False,
        "overtaken before it was due by a later stage (straight to Stage 2); not in the "
        "on-time rate",
    ),
    StatusColumn(
        "not_required",
        ("not_required",),
        "not req.",
        "not required",
        "no",
        False,
        False,
        "ended by an event that makes it not required, before or after its due date (the "
        "complainant declined the offer of a discussion: Wales, reg 16(3) binds only a "
        "discussion that takes place); neither met nor late, not in the on-time rate",
    ),
    StatusColumn(
        "owed",
        ("owed",),
        "owed",
        "owed",
        "no",
        False,
        True,
        "a duty with no due date of its own that has arisen and is not yet done (the "
        "written explanation of a delay, owed from the day after the six-month backstop "
        "passed without a response); it has no on-time rate: count how many are owed",
    ),
    StatusColumn(
        "done",
        ("done",),
        "done",
        "done",
        "no",
        False,
        True,
        "such a duty done, whenever that was: after it arose, or before (a notice sent "
        "before the period ended, the response then coming after it); never late, not in "
        "an on-time rate",
    ),
)

#: The columns of a duty with no due date of its own (``arises_after``).
DUTY_COLUMNS: tuple[StatusColumn, ...] = tuple(c for c in STATUS_COLUMNS if c.duty)

_COLUMN_OF: Mapping[str, str] = {s: c.column for c in STATUS_COLUMNS for s in c.statuses}


def column_of(status: str) -> str | None:
    """The summary column that counts ``status`` (``None``: no status of that name)."""
    return _COLUMN_OF.get(status)


def column_counts(statuses: Mapping[str, int]) -> dict[str, int]:
    """The count of each summary column from counts by status (every column, zeros
    included; a status no column counts raises ``KeyError``, so none is lost).

    >>> column_counts({"met": 2, "pending": 1, "due_soon": 3})["open"]
    4
    """
    out = dict.fromkeys((c.column for c in STATUS_COLUMNS), 0)
    for status, n in statuses.items():
        out[_COLUMN_OF[status]] += n
    return out


def decided(row: object) -> int:
    """The deadlines of a summary row (or anything with the columns as attributes) that
    count toward its on-time rate: met, met late, overdue, not recorded."""
    return sum(getattr(row, c.column) for c in STATUS_COLUMNS if c.rate != "no")


def ended(row: object) -> int:
    """The deadlines of a row that ended with an answer or without one that was due: the
    base of the working-day bands' shares (met on time or late, or not recorded)."""
    return sum(getattr(row, c.column) for c in STATUS_COLUMNS if c.ended)
