"""What an audit returns: the report, its summary rows, per-case results, rejections."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs

from ..engine import Deadline, Verdict

__all__ = ["OUTPUT_COLUMNS", "AuditReport", "CaseCountRow", "CaseResult", "Rejection", "SummaryRow"]


#: The most characters of a case id, and of a reason, a rejection's line shows (its
#: JSON form has them whole).
SHOWN_ID = 40
SHOWN_REASON = 1000


def _short(text: str, most: int) -> str:
    """``text``, cut after ``most`` characters with how long it was."""
    return text if len(text) <= most else f"{text[:most]}... ({len(text)} characters)"


@attrs.frozen
class Rejection:
    """A row or case left out of the audit, and why."""

    file: str
    line: int | None
    case_id: str | None
    reason: str
    rows: int = 1  # rows this rejection accounts for

    def __str__(self) -> str:
        """One line: where, which case, why; a case id of over :data:`SHOWN_ID` characters
        and a reason of over :data:`SHOWN_REASON` (which may quote a cell) cut short, as a
        case system's runaway cell can make them.

        >>> str(Rejection("a.csv", 7, "X" * 5000, "missing date"))
        'a.csv:7: case XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX... (5000 characters): missing date'
        """
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        cid = _short(self.case_id, SHOWN_ID) if self.case_id else None
        who = f"case {cid}: " if cid else ""
        return f"{where}: {who}{_short(self.reason, SHOWN_REASON)}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "file": self.file,
            "line": self.line,
            "case_id": self.case_id,
            "reason": self.reason,
            "rows": self.rows,
        }


@attrs.frozen
class CaseResult:
    """One audited case: its deadlines at ``as_of``, or why it was rejected."""

    case_id: str
    ruleset: str | None
    groups: Mapping[str, str]
    state: str | None
    deadlines: tuple[Deadline, ...]
    rejection: Rejection | None = None
    rows: int = 0
    #: The deadlines in light form, when full deadlines were not asked for (an audit with
    #: no ``on_case`` callback tallies these: they cost about half as much).
    verdicts: tuple[Verdict, ...] = ()
    #: The date of the case's first event (its receipt), and the date it reached a final
    #: state (``None``: still open at ``as_of``); what places it in a reporting period.
    received: _dt.date | None = None
    closed: _dt.date | None = None
    #: ``(clock, instance)`` of the deadlines the case closed without, unmet and unmarked
    #: (see :mod:`statdeadline.audit.recorded`)
    not_recorded: frozenset[tuple[str, int]] = frozenset()
    #: the version of the rule set the case was judged under (the one in force on the
    #: day it was received; ``None`` for a rejected case)
    ruleset_version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (one entry per deadline, without explanations)."""
        return {
            "case_id": self.case_id,
            "ruleset": self.ruleset,
            "groups": dict(self.groups),
            "state": self.state,
            "rejected": self.rejection.reason if self.rejection else None,
            "deadlines": [_deadline_row(d) for d in self.deadlines],
        }


def taken_if_ended(d: Deadline) -> int | None:
    """The working days ``d`` took, where it ended (met, or ended by an event); ``None``
    while it runs, where the count to the as-of date is no answer: the per-case
    outputs' ``working_days_taken``."""
    return d.working_days_taken if d.met_on is not None or d.ended_by is not None else None


def _deadline_row(d: Deadline) -> dict[str, Any]:
    return {
        "clock": d.clock,
        "instance": d.instance,
        "kind": d.kind,
        "start": d.start.isoformat(),
        "due": d.due.isoformat() if d.due else None,
        "met_on": d.met_on.isoformat() if d.met_on else None,
        "ended_by": d.ended_by,
        "status": d.status,
        "working_days_taken": taken_if_ended(d),
        "days_late": d.days_late,
        "extensions": len(d.extensions),
        "pauses": len(d.pauses),
        "level": d.level,
        "as_of": d.as_of.isoformat(),
    }


@attrs.frozen
class SummaryRow:
    """Tallies for one rule set, clock, group and reporting period.

    ``period`` is the period's label (``2019-20``; ``None``: the audit has no periods, and
    the row counts every case). ``tier``: for a repeatable clock (review tiers), the run
    this row counts (1, 2, ...; its label names the tier), ``None`` for every run together.
    ``total``: the row adds up every group (``group`` is then empty). ``cases`` counts the
    cases in which the clock started (once
    each, however many times a repeatable clock ran); ``carried_forward`` the deadlines
    still running at the period's end (not met by then and the case not closed), which are
    counted in this period only. ``change`` and ``change_pct`` compare ``deadlines`` with
    the same row of the period before (``None``: the first period, or no such row;
    ``change_pct`` also ``None`` when that row counted none).

    ``deadlines`` counts every running of the clock; each is in exactly one of
    ``met``, ``met_late``, ``overdue``, ``not_recorded`` (the case closed or was withdrawn
    after it fell due, unmet and unmarked: see :mod:`statdeadline.audit.recorded`), ``open``
    (pending or due soon at ``as_of``), ``expired``, ``cancelled``, ``superseded``,
    ``not_required`` (ended by an event that makes it not required: an offer declined),
    ``owed`` and ``done`` (a duty with no due date of its own, ``duty`` true: arisen and not
    yet done, or done, whenever that was); :data:`statdeadline.audit.columns.STATUS_COLUMNS`
    says which statuses each counts and what each means.
    ``on_time_rate`` is ``met`` over the decided ones (``met + met_late + overdue +
    not_recorded``: a deadline not recorded was not met in time), ``None`` when none is
    decided (so always ``None`` for a duty, which is never late);
    ``target_met`` compares it with ``target``, except for a complainant's window (``kind``
    ``complainant_window``: not the council's deadline), where it is ``None``. Working days
    taken (``mean``, ``median``, ``p90``, ``histogram``) are over the met ones (on time or
    late); ``histogram`` has a band per bucket edge plus ``over N``, and open deadlines are
    counted apart in ``open``.
    """

    ruleset: str
    clock: str
    label: str
    kind: str
    group: Mapping[str, str]
    deadlines: int
    met: int
    met_late: int
    overdue: int
    open: int
    expired: int
    cancelled: int
    superseded: int
    on_time_rate: float | None
    target: float | None
    target_met: bool | None
    wd_mean: float | None
    wd_median: float | None
    wd_p90: float | None
    histogram: Mapping[str, int]
    extensions_used: int
    backstop_breaches: int
    period: str | None = None
    cases: int = 0
    carried_forward: int = 0
    change: int | None = None
    change_pct: float | None = None
    not_recorded: int = 0
    tier: int | None = None
    total: bool = False
    #: what the histogram's bands and the averages (``wd_mean``, ``wd_median``,
    #: ``wd_p90``) count: ``working_days`` or ``calendar_days`` (a profile's choice)
    band_unit: str = "working_days"
    average_unit: str = "working_days"
    not_required: int = 0
    owed: int = 0
    done: int = 0
    #: the clock is a duty with no due date of its own (``arises_after``): its row is
    #: read as owed and done, with no on-time rate
    duty: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        out = attrs.asdict(self)
        out["group"] = dict(self.group)
        out["histogram"] = dict(self.histogram)
        return out


@attrs.frozen
class CaseCountRow:
    """The cases of one rule set, group and reporting period, counted once each whatever
    their deadlines: ``cases`` placed in the period (by the audit's placement rule),
    ``carried_forward`` those with a council deadline still running at the period's end
    (not met, the case not closed, by then; a case with no council deadline: not closed by
    then), ``closed`` the others (``cases == closed + carried_forward``). ``change``/``change_pct`` compare ``cases``
    with the period before, as in :class:`SummaryRow`; ``total``: every group added up."""

    ruleset: str
    group: Mapping[str, str]
    period: str | None
    cases: int
    closed: int
    carried_forward: int
    change: int | None = None
    change_pct: float | None = None
    total: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        out = attrs.asdict(self)
        out["group"] = dict(self.group)
        return out


@attrs.frozen
class AuditReport:
    """The result of an audit: provenance, reconciled counts, summary tables and rejections.

    Per-case results are streamed to the ``on_case`` callback of :func:`audit` rather
    than kept here, so memory does not grow with the number of cases.
    """

    meta: Mapping[str, Any]
    counts: Mapping[str, int]
    summary: tuple[SummaryRow, ...]
    rejections: tuple[Rejection, ...]
    #: the cases per rule set, group and period (see :class:`CaseCountRow`)
    case_counts: tuple[CaseCountRow, ...] = ()
    #: with group columns, the summary rows and case counts added up across the groups
    #: (``total`` true; none without groups, where ``summary`` is the total)
    totals: tuple[SummaryRow, ...] = ()
    case_totals: tuple[CaseCountRow, ...] = ()
    #: sentences for the front of the report (see :mod:`statdeadline.audit.headlines`)
    headlines: tuple[str, ...] = ()

    @property
    def rows_without_case(self) -> int:
        """The rows rejected that name no case (no case id, or unreadable: each is
        rejected alone, and counts as one thing read and rejected when the reports and
        ``--max-rejected`` judge how much was rejected)."""
        return sum(r.rows for r in self.rejections if r.case_id is None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "meta": dict(self.meta),
            "headlines": list(self.headlines),
            "counts": dict(self.counts),
            "summary": [r.to_dict() for r in self.summary],
            "totals": [r.to_dict() for r in self.totals],
            "case_counts": [r.to_dict() for r in self.case_counts],
            "case_totals": [r.to_dict() for r in self.case_totals],
            "rejections": [r.to_dict() for r in self.rejections],
        }


#: The names of every column an audit's outputs have (the summary's, a case's and a
#: deadline's): a group column may not take one of them.
OUTPUT_COLUMNS = frozenset(
    {*attrs.fields_dict(SummaryRow), *attrs.fields_dict(CaseResult), *Deadline._fields, "rejected"}
)
