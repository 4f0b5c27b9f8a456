"""Tallies: the running totals of an audit, how shares of them add up, and the summary
rows made from them (rates, working-day statistics by nearest rank, histogram bands).

With reporting periods (:class:`~statdeadline.audit.periods.PeriodSpec`), each case and
each deadline is counted in the one period its placement date is in (or in none, when
that date is outside every period): a tally's key carries the period.

Every meaning of a clock kind is looked up in :func:`statdeadline.rules.vocabulary.kind_info`
(whether a late or overdue deadline is a breach; whether it is judged against a target),
and every meaning of a status (its summary column, whether it is in the on-time rate) in
:data:`statdeadline.audit.columns.STATUS_COLUMNS`.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

import attrs

from ..engine import Deadline, Verdict
from ..rules import RuleSet
from ..rules.model import ClockDef
from ..rules.vocabulary import kind_info
from .columns import STATUS_COLUMNS, column_counts
from .model import CaseCountRow, CaseResult, Rejection, SummaryRow
from .periods import Period, PeriodSpec
from .shape import Band, ReportShape, RowShape, bands

__all__ = [
    "CaseKey",
    "Tally",
    "TallyKey",
    "Totals",
    "all_periods",
    "bands",
    "case_rows",
    "median",
    "percentile",
    "summary_rows",
    "whole_periods",
]

#: A group as (column, value) pairs.
GroupKey = tuple[tuple[str, str], ...]
#: A summary row's key: rule-set id, clock id, tier (0: every run of the clock; for a
#: repeatable clock, n: its n-th run), the group, and the period (``None``: the audit has
#: no periods).
TallyKey = tuple[str, str, int, GroupKey, Period | None]
#: A case count's key: rule-set id, the group and the period.
CaseKey = tuple[str, GroupKey, Period | None]

#: Statuses of a deadline that never ran to a period's end whatever the day: a
#: complainant's window that expired (not a council's clock), and a duty found not
#: required (``not_required_by``: treated as never owed). Every other deadline is judged
#: by the day it ended (:func:`_running_at`).
_NEVER_RUNNING = frozenset({"expired", "not_required"})
#: Statuses that breach a backstop (a deadline not recorded was not met by it either).
_BREACHES = frozenset({"overdue", "met_late", "not_recorded"})

Ended = Deadline | Verdict


def _running_at(d: Ended, status: str, closed: _dt.date | None, end: _dt.date | None) -> bool:
    """Whether deadline ``d`` (whose status at the audit's as-of date is ``status``) was
    still running at the end of a period ending ``end`` (``None``: at the as-of date): it
    had started by then and had not ended by then. It ended on the day it was met, or on
    the day of the event that superseded it, cancelled it or closed the case (its
    ``ended_on``; else the case's closing day, ``closed``). So a deadline running on the
    period's last day is carried forward whatever became of it later: answered, withdrawn
    with the case (``cancelled``, or ``not_recorded`` when the council recorded nothing),
    or superseded by a later stage. A clock cancelled with no day it ended (it never
    applied: its condition failed, or a duty's clock was met in time), a complainant's
    window that expired and a duty not required are never running.

    >>> day = _dt.date
    >>> v = Verdict("response", 1, "council", None, day(2025, 3, 3), day(2025, 4, 1), None,
    ...             "cancelled", 30, 0, 0, 0, day(2025, 4, 15), day(2025, 3, 3))
    >>> _running_at(v, "cancelled", day(2025, 4, 15), day(2025, 3, 31))  # withdrawn 15 April
    True
    >>> _running_at(v, "cancelled", day(2025, 4, 15), None)  # at the as-of date: ended
    False
    """
    if status in _NEVER_RUNNING or (end is not None and d.start > end):
        return False
    ended = d.met_on or d.ended_on
    if ended is None and status == "cancelled":
        return False  # cancelled with no day it ended: it never applied
    ended = ended or closed
    return ended is None or (end is not None and ended > end)


def _carried(result: CaseResult, end: _dt.date | None) -> bool:
    """Whether a case is carried forward from a period ending ``end`` (``None``: the
    audit's as-of date): some deadline of the council's (not a complainant's window) was
    running at the end of the period (:func:`_running_at`: started by then, not met nor
    ended by then, whatever its status later). A case with no such deadline at all is
    carried forward when it had not closed by then. So an answered FOI request, whose
    rule set has no ``closed`` event after ``response``, is not carried forward; an
    unanswered one is, whether or not its state is final."""
    closed = result.closed
    council = [
        d for d in result.deadlines or result.verdicts if kind_info(d.kind).actor == "council"
    ]
    if not council:
        return closed is None or (end is not None and closed > end)
    unrecorded = result.not_recorded
    return any(
        _running_at(
            d,
            "not_recorded" if unrecorded and (d.clock, d.instance) in unrecorded else d.status,
            closed,
            end,
        )
        for d in council
    )


class Tally:
    """The counts of one rule set, clock, group and period."""

    __slots__ = (
        "backstop",
        "breach",
        "cal",
        "carried",
        "cases",
        "council",
        "duty",
        "extensions",
        "kind",
        "label",
        "late",
        "statuses",
        "taken",
    )

    def __init__(self, label: str, kind: str, duty: bool = False):
        self.label = label
        self.kind = kind
        #: whether a late or overdue deadline of this kind breaches a backstop
        self.breach = kind_info(kind).breach_tallied
        #: whether the council must act on this kind (not a complainant's window)
        self.council = kind_info(kind).actor == "council"
        self.duty = duty  # a duty with no due date of its own (arises_after)
        self.statuses: Counter[str] = Counter()
        self.taken: Counter[int] = Counter()  # working days taken by the met ones
        #: calendar days taken by the met ones, from the day their working days are
        #: counted from (the start, or the latest restart: Deadline.counted_from)
        self.cal: Counter[int] = Counter()
        self.late: Counter[int] = Counter()  # working days past due of the met ones
        self.extensions = 0
        self.backstop = 0
        self.cases = 0  # cases with at least one of these deadlines
        self.carried = 0  # deadlines still running at the period's end

    def add(self, other: Tally) -> None:
        """Add another share's counts of the same key."""
        self.statuses.update(other.statuses)
        self.taken.update(other.taken)
        self.cal.update(other.cal)
        self.late.update(other.late)
        self.extensions += other.extensions
        self.backstop += other.backstop
        self.cases += other.cases
        self.carried += other.carried


def empty_counts() -> Counter[str]:
    """The reconciled counts of an audit, all zero, in the order reports show them."""
    return Counter(
        rows_read=0,
        rows_used=0,
        rows_rejected=0,
        cases_read=0,
        cases_audited=0,
        cases_rejected=0,
        cases_open=0,
    )


@attrs.define
class Totals:
    """What an audit (or one worker's share of it) has counted: plain, picklable data
    that adds up (:meth:`add`), so the result is the same whatever the number of
    workers."""

    counts: Counter[str] = attrs.field(factory=empty_counts)
    tallies: dict[TallyKey, Tally] = attrs.field(factory=dict)
    rejections: list[Rejection] = attrs.field(factory=list)
    file_rows: Counter[str] = attrs.field(factory=Counter)
    names: set[str] = attrs.field(factory=set)  # rule sets as the input named them
    ignored: set[str] = attrs.field(factory=set)  # columns that are no event's field
    #: horizon warnings, each with the number of cases that gave it
    warnings: Counter[str] = attrs.field(factory=Counter)
    warned_cases: int = 0  # cases that gave at least one
    #: the reporting periods and placement rule (``None``: one period, the whole input,
    #: ending at ``as_of``)
    periods: PeriodSpec | None = None
    #: the cases per rule set, group and period: ``cases``, ``closed`` (by the period's
    #: end) and ``carried_forward``
    cases: dict[CaseKey, Counter[str]] = attrs.field(factory=dict)
    #: the cases audited under each version of each rule set, by (id, version)
    versions: Counter[tuple[str, str]] = attrs.field(factory=Counter)
    _placed: dict[_dt.date, Period | None] = attrs.field(factory=dict, eq=False, repr=False)

    def _place(self, day: _dt.date | None) -> Period | None:
        spec = self.periods
        assert spec is not None and day is not None
        try:
            return self._placed[day]
        except KeyError:
            got = self._placed[day] = spec.place(day)
            return got

    def _count_case(self, result: CaseResult, rid: str, gkey: GroupKey) -> bool:
        """Count the case in its period; ``False`` when it is in none."""
        spec = self.periods
        closed = result.closed
        if spec is None:
            period, end = None, None
        else:
            day = result.received if spec.placement == "received" else (closed or spec.as_of)
            if day is None:
                return False
            period = self._place(day)
            if period is None:
                return False
            end = period.end
        self._count(rid, gkey, period, _carried(result, end))
        return True

    def _count(self, rid: str, gkey: GroupKey, period: Period | None, carried: bool) -> None:
        """Count a case in ``period``, carried forward from it or closed by its end."""
        counter = self.cases.get((rid, gkey, period))
        if counter is None:
            counter = self.cases[rid, gkey, period] = Counter(cases=0, closed=0, carried_forward=0)
        counter["cases"] += 1
        counter["carried_forward" if carried else "closed"] += 1

    def tally(self, result: CaseResult, rs: RuleSet, gkey: tuple[tuple[str, str], ...]) -> None:
        """Count one audited case and its deadlines (or verdicts), each in its period.
        With no periods, whether the case is carried forward comes from the deadlines'
        own "still running" (the same question :func:`_carried` asks, at the as-of
        date), worked out once here."""
        self.versions[rs.id, result.ruleset_version or rs.version] += 1
        tallies = self.tallies
        spec = self.periods
        if spec is not None:
            self._count_case(result, rs.id, gkey)
        council = running_council = False
        closed = result.closed
        by_start = spec is not None and spec.placement == "received"
        case_day = None if spec is None else (closed or spec.as_of)
        unrecorded = result.not_recorded
        seen: set[TallyKey] = set()
        for d in result.deadlines or result.verdicts:
            period = None
            if spec is not None:
                period = self._place(d.start if by_start else case_day)
                if period is None:
                    continue
            clock = rs.clocks[d.clock]
            status: str = d.status
            if unrecorded and (d.clock, d.instance) in unrecorded:
                status = "not_recorded"
            tiers = (0, d.instance) if clock.repeat > 1 else (0,)
            for tier in tiers:
                key = (rs.id, d.clock, tier, gkey, period)
                t = tallies.get(key)
                if t is None:
                    t = tallies[key] = Tally(
                        _tier_label(clock, tier), d.kind, clock.arises_after is not None
                    )
                if key not in seen:
                    seen.add(key)
                    t.cases += 1
                if _running_at(d, status, closed, None if period is None else period.end):
                    t.carried += 1
                    running_council = running_council or t.council
                council = council or t.council
                t.statuses[status] += 1
                if status in ("met", "met_late") and d.working_days_taken is not None:
                    t.taken[d.working_days_taken] += 1
                    t.late[d.days_late] += 1
                    if d.met_on is not None:  # from the count's base, as the working days
                        t.cal[max(0, (d.met_on - (d.counted_from or d.start)).days)] += 1
                if d.extensions:
                    t.extensions += 1
                if t.breach and status in _BREACHES:  # d.kind is its clock's, as t's
                    t.backstop += 1
        if spec is None:
            self._count(rs.id, gkey, None, running_council if council else closed is None)

    def add(self, other: Totals) -> None:
        """Add another share's totals to these."""
        self.counts.update(other.counts)
        for key, t in other.tallies.items():
            mine = self.tallies.get(key)
            if mine is None:
                self.tallies[key] = t
            else:
                mine.add(t)
        self.rejections.extend(other.rejections)
        self.file_rows.update(other.file_rows)
        self.names |= other.names
        self.ignored |= other.ignored
        self.warnings.update(other.warnings)
        self.warned_cases += other.warned_cases
        self.versions.update(other.versions)
        for ckey, counter in other.cases.items():
            mine_c = self.cases.get(ckey)
            if mine_c is None:
                self.cases[ckey] = counter
            else:
                mine_c.update(counter)

    def warning_summary(self, examples: int = 3) -> dict[str, Any]:
        """The horizon warnings, deduplicated: how many cases gave one, how many distinct
        warnings there were, and the first few (in text order, so by date) with their
        counts of cases."""
        return {
            "cases": self.warned_cases,
            "distinct": len(self.warnings),
            "examples": [
                {"message": m, "cases": self.warnings[m]} for m in sorted(self.warnings)[:examples]
            ],
        }


def percentile(counts: Counter[int], q: float) -> float | None:
    """The q-quantile (0..1) of integer values given as counts, by the nearest-rank method.

    >>> percentile(Counter({1: 9, 10: 1}), 0.9), percentile(Counter(), 0.9)
    (1.0, None)
    """
    total = sum(counts.values())
    if not total:
        return None
    rank = max(1, -(-int(q * total * 1000) // 1000))  # ceil(q * total), robust to float noise
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return float(value)
    return float(max(counts))


def median(counts: Counter[int]) -> float | None:
    """The median of integer values given as counts (the mean of the two middle values
    when there is an even number of them).

    >>> median(Counter({2: 1, 5: 1})), median(Counter({3: 3})), median(Counter())
    (3.5, 3.0, None)
    """
    total = sum(counts.values())
    if not total:
        return None
    values = sorted(counts)
    lo_rank, hi_rank = (total + 1) // 2, total // 2 + 1
    seen = 0
    lo = hi = None
    for v in values:
        seen += counts[v]
        if lo is None and seen >= lo_rank:
            lo = v
        if seen >= hi_rank:
            hi = v
            break
    assert lo is not None and hi is not None
    return (lo + hi) / 2


def _clock_order(rs: RuleSet, clock: str) -> int:
    return list(rs.clocks).index(clock) if clock in rs.clocks else len(rs.clocks)


def _tier_label(clock: ClockDef, tier: int) -> str:
    """A row's deadline label: the clock's, and for one run of a repeatable clock its
    instance label (``Review (service manager)``) or its number (``Review (run 2)``)."""
    if not tier:
        return clock.label
    labels = clock.instance_labels
    return f"{clock.label} ({labels[tier - 1] if tier <= len(labels) else f'run {tier}'})"


def _period_order(period: Period | None) -> tuple[_dt.date, _dt.date]:
    return (period.start, period.end) if period is not None else (_dt.date.min, _dt.date.min)


def _change(now: int, before: int | None) -> tuple[int | None, float | None]:
    """The change from ``before`` to ``now``: absolute, and as a fraction of ``before``
    (``None`` when there is nothing to compare with, or ``before`` is 0).

    >>> _change(12, 10), _change(3, 0), _change(3, None)
    ((2, 0.2), (3, None), (None, None))
    """
    if before is None:
        return None, None
    return now - before, ((now - before) / before if before else None)


def _histogram(taken: Counter[int], hist_bands: Sequence[Band]) -> dict[str, int]:
    return {
        label: sum(
            n for v, n in taken.items() if (lo is None or v >= lo) and (hi is None or v <= hi)
        )
        for label, lo, hi in hist_bands
    }


def _row(key: TallyKey, t: Tally, shape: RowShape) -> SummaryRow:
    rid, clock, tier, gkey, period = key
    s = t.statuses
    counts = column_counts(s)
    decided = sum(counts[c.column] for c in STATUS_COLUMNS if c.rate != "no")
    on_time = sum(counts[c.column] for c in STATUS_COLUMNS if c.rate == "for")
    rate = on_time / decided if decided else None
    columns: dict[str, Any] = dict(counts)  # one keyword per status column of SummaryRow
    target = shape.target
    by_unit = {"calendar_days": t.cal, "working_days_late": t.late}  # BAND_UNITS' keys
    hist = _histogram(by_unit.get(shape.band_unit, t.taken), shape.bands)
    taken = t.cal if shape.average_unit == "calendar_days" else t.taken
    met_total = sum(taken.values())
    return SummaryRow(
        ruleset=rid,
        clock=clock,
        label=shape.label if not tier else t.label.replace(t.label.split(" (")[0], shape.label, 1),
        kind=t.kind,
        group=dict(gkey),
        deadlines=sum(s.values()),
        **columns,
        duty=t.duty,
        on_time_rate=rate,
        target=target,
        target_met=(rate >= target)
        if (rate is not None and target is not None and kind_info(t.kind).in_on_time_rate)
        else None,
        wd_mean=(sum(v * n for v, n in taken.items()) / met_total) if met_total else None,
        wd_median=median(taken),
        wd_p90=percentile(taken, 0.9),
        histogram=hist,
        extensions_used=t.extensions,
        backstop_breaches=t.backstop,
        period=period.label if period is not None else None,
        cases=t.cases,
        carried_forward=t.carried,
        tier=tier or None,
        band_unit=shape.band_unit,
        average_unit=shape.average_unit,
    )


def all_periods(totals: Totals) -> list[Period]:
    """Every period of the report, earliest first: the fixed ones, and any other a
    tally was counted in (periods cut by ``by``)."""
    found = {k[4] for k in totals.tallies} | {k[2] for k in totals.cases}
    found.discard(None)
    if totals.periods is not None:
        return totals.periods.layout(p for p in found if p is not None)
    return sorted((p for p in found if p is not None), key=_period_order)


def whole_periods(tallies: dict[TallyKey, Tally], spec: PeriodSpec | None) -> dict[TallyKey, Tally]:
    """``tallies`` cut by ``spec.by`` within fixed periods, added up into the fixed
    period each is in (``2019-20 Q1`` .. ``Q4`` into ``2019-20``), as new tallies; empty
    unless the fixed periods are cut. Headlines describe the whole fixed period. A
    deadline's ``carried`` count here is of its quarters' ends, not the year's, so these
    tallies are for headlines only, which do not print it."""
    if spec is None or spec.by is None or not spec.periods:
        return {}
    out: dict[TallyKey, Tally] = {}
    for (rid, clock, tier, gkey, period), t in tallies.items():
        # each cut lies within one fixed period (PeriodSpec.place clips it to the one
        # containing its days), so its start names that period
        fixed = next((p for p in spec.periods if period is not None and period.start in p), None)
        if fixed is None:
            continue
        key = (rid, clock, tier, gkey, fixed)
        whole = out.get(key)
        if whole is None:
            whole = out[key] = Tally(t.label, t.kind, t.duty)
        whole.add(t)
    return out


def _merged(tallies: dict[TallyKey, Tally]) -> dict[TallyKey, Tally]:
    """The tallies added up across groups (each key's group ``()``), as new tallies."""
    out: dict[TallyKey, Tally] = {}
    for (rid, clock, tier, _, period), t in tallies.items():
        key = (rid, clock, tier, (), period)
        total = out.get(key)
        if total is None:
            total = out[key] = Tally(t.label, t.kind, t.duty)
        total.add(t)
    return out


def _filled(tallies: dict[TallyKey, Tally], periods: Sequence[Period]) -> dict[TallyKey, Tally]:
    """``tallies`` with an empty tally for each row and period of ``periods`` it lacks."""
    if not periods:
        return tallies
    out = dict(tallies)
    for (rid, clock, tier, gkey, _), t in tallies.items():
        for p in periods:
            if (rid, clock, tier, gkey, p) not in out:
                out[rid, clock, tier, gkey, p] = Tally(t.label, t.kind, t.duty)
    return out


def summary_rows(
    tallies: dict[TallyKey, Tally],
    rulesets: dict[str, RuleSet],
    shape: ReportShape,
    periods: Sequence[Period] = (),
    total: bool = False,
) -> list[SummaryRow]:
    """One :class:`SummaryRow` per tally, shaped by ``shape`` (which may leave a
    deadline out), by rule-set id, the shape's order of deadlines (the rule set's order
    of clocks, or the profile's), tier (every run first), group, then period (earliest
    first), each compared with the same row in the period before it in ``periods``;
    ``rulesets`` by id. With ``total``, the rows of the tallies added up across groups
    instead (``total`` true, no group). Every row is given in every period of
    ``periods``, with zero counts where it had none (a side-by-side table has a figure
    for each year)."""
    before = {p: periods[i - 1] for i, p in enumerate(periods) if i}
    source = _filled(_merged(tallies) if total else tallies, periods)
    shapes: dict[tuple[str, str], RowShape | None] = {}
    for rid, clock, *_ in source:
        if (rid, clock) not in shapes:
            rs = rulesets[rid]
            label = rs.clocks[clock].label if clock in rs.clocks else clock
            shapes[rid, clock] = shape.row(rid, clock, label, _clock_order(rs, clock))
    keyed = sorted(
        ((k, t) for k, t in source.items() if shapes[k[0], k[1]] is not None),
        key=lambda e: (
            e[0][0],
            shapes[e[0][0], e[0][1]].order,  # type: ignore[union-attr]  # filtered above
            e[0][2],
            e[0][3],
            _period_order(e[0][4]),
        ),
    )
    summary = []
    for key, t in keyed:
        rid, clock, tier, gkey, period = key
        row_shape = shapes[rid, clock]
        assert row_shape is not None
        row = _row(key, t, row_shape)
        prev = before.get(period) if period is not None else None
        earlier = source.get((rid, clock, tier, gkey, prev)) if prev is not None else None
        change, pct = _change(
            row.deadlines,
            sum(earlier.statuses.values()) if earlier is not None else (0 if prev else None),
        )
        summary.append(attrs.evolve(row, change=change, change_pct=pct, total=total))
    return summary


def case_rows(
    totals: Totals, periods: Sequence[Period] = (), total: bool = False
) -> list[CaseCountRow]:
    """One :class:`CaseCountRow` per rule set, group and period (every period of
    ``periods``, zero where empty), in that order, each compared with the period before
    it in ``periods``; with ``total``, the counts added up across groups instead."""
    before = {p: periods[i - 1] for i, p in enumerate(periods) if i}
    source = dict(totals.cases)
    if total:
        source = {}
        for (rid, _, period), c in totals.cases.items():
            source.setdefault((rid, (), period), Counter()).update(c)
    for rid, gkey, _ in list(source):  # every period of the report, zero where empty
        for p in periods:
            source.setdefault((rid, gkey, p), Counter(cases=0, closed=0, carried_forward=0))
    out = []
    for (rid, gkey, period), c in sorted(
        source.items(), key=lambda e: (e[0][0], e[0][1], _period_order(e[0][2]))
    ):
        prev = before.get(period) if period is not None else None
        earlier = source.get((rid, gkey, prev)) if prev is not None else None
        change, pct = _change(
            c["cases"], earlier["cases"] if earlier is not None else (0 if prev else None)
        )
        out.append(
            CaseCountRow(
                ruleset=rid,
                group=dict(gkey),
                period=period.label if period is not None else None,
                cases=c["cases"],
                closed=c["closed"],
                carried_forward=c["carried_forward"],
                change=change,
                change_pct=pct,
                total=total,
            )
        )
    return out
