"""Tallies: the running totals of an audit, how shares of them add up, and the summary
rows made from them (rates, working-day statistics by nearest rank, histogram bands).

Every meaning of a clock kind is looked up in :func:`statdeadline.rules.vocabulary.kind_info`
(whether a late or overdue deadline is a breach; whether it is judged against a target).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import attrs

from ..rules import RuleSet
from ..rules.vocabulary import kind_info
from .model import CaseResult, Rejection, SummaryRow

__all__ = ["Tally", "TallyKey", "Totals", "bands", "median", "percentile", "summary_rows"]

#: A summary row's key: rule-set id, clock id, and the group as (column, value) pairs.
TallyKey = tuple[str, str, tuple[tuple[str, str], ...]]


class Tally:
    """The counts of one rule set, clock and group."""

    __slots__ = ("backstop", "extensions", "kind", "label", "statuses", "taken")

    def __init__(self, label: str, kind: str):
        self.label = label
        self.kind = kind
        self.statuses: Counter[str] = Counter()
        self.taken: Counter[int] = Counter()
        self.extensions = 0
        self.backstop = 0

    def add(self, other: Tally) -> None:
        """Add another share's counts of the same key."""
        self.statuses.update(other.statuses)
        self.taken.update(other.taken)
        self.extensions += other.extensions
        self.backstop += other.backstop


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

    def tally(self, result: CaseResult, rs: RuleSet, gkey: tuple[tuple[str, str], ...]) -> None:
        """Count the deadlines (or verdicts) of one audited case."""
        tallies = self.tallies
        for d in result.deadlines or result.verdicts:
            key = (rs.id, d.clock, gkey)
            t = tallies.get(key)
            if t is None:
                t = tallies[key] = Tally(rs.clocks[d.clock].label, d.kind)
            t.statuses[d.status] += 1
            if d.status in ("met", "met_late") and d.working_days_taken is not None:
                t.taken[d.working_days_taken] += 1
            if d.extensions:
                t.extensions += 1
            if kind_info(d.kind).breach_tallied and d.status in ("overdue", "met_late"):
                t.backstop += 1

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


def bands(buckets: Sequence[int]) -> list[tuple[str, int | None, int | None]]:
    """Histogram bands from edges: ``<= e1``, ``e1+1-e2``, ..., ``over eN``.

    >>> [label for label, _, _ in bands([20, 21, 40])]
    ['<= 20', '21', '22-40', 'over 40']
    """
    out: list[tuple[str, int | None, int | None]] = []
    low = None
    for edge in buckets:
        if low is None:
            out.append((f"<= {edge}", None, edge))
        else:
            out.append((f"{low + 1}-{edge}" if edge > low + 1 else f"{edge}", low + 1, edge))
        low = edge
    out.append(
        (f"over {low}" if low is not None else "all", (low + 1) if low is not None else None, None)
    )
    return out


def _clock_order(rs: RuleSet, clock: str) -> int:
    return list(rs.clocks).index(clock) if clock in rs.clocks else len(rs.clocks)


def summary_rows(
    tallies: dict[TallyKey, Tally],
    rulesets: dict[str, RuleSet],
    edges: Sequence[int],
    target: float | None,
) -> list[SummaryRow]:
    """One :class:`SummaryRow` per tally, by rule-set id, the rule set's order of clocks,
    then group; ``rulesets`` by id."""
    hist_bands = bands(edges)
    summary = []
    for (rid, clock, gkey), t in sorted(
        tallies.items(),
        key=lambda kv: (kv[0][0], _clock_order(rulesets[kv[0][0]], kv[0][1]), kv[0][2]),
    ):
        s = t.statuses
        decided = s["met"] + s["met_late"] + s["overdue"]
        rate = s["met"] / decided if decided else None
        hist = {}
        for label, lo, hi in hist_bands:
            hist[label] = sum(
                n for v, n in t.taken.items() if (lo is None or v >= lo) and (hi is None or v <= hi)
            )
        met_total = sum(t.taken.values())
        summary.append(
            SummaryRow(
                ruleset=rid,
                clock=clock,
                label=t.label,
                kind=t.kind,
                group=dict(gkey),
                deadlines=sum(s.values()),
                met=s["met"],
                met_late=s["met_late"],
                overdue=s["overdue"],
                open=s["pending"] + s["due_soon"],
                expired=s["expired"],
                cancelled=s["cancelled"],
                superseded=s["superseded"],
                on_time_rate=rate,
                target=target,
                target_met=(rate >= target)
                if (rate is not None and target is not None and kind_info(t.kind).in_on_time_rate)
                else None,
                wd_mean=(sum(v * n for v, n in t.taken.items()) / met_total) if met_total else None,
                wd_median=median(t.taken),
                wd_p90=percentile(t.taken, 0.9),
                histogram=hist,
                extensions_used=t.extensions,
                backstop_breaches=t.backstop,
            )
        )
    return summary
