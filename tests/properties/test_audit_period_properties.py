"""Hypothesis properties of periods and totals: each case and each deadline is counted in
exactly one period, so the periods add up to the audit without periods; each total row
is the sum of its groups (the inputs are those of
:mod:`tests.properties.test_audit_properties`: cases over some four months)."""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.audit_support import write_rows
from tests.properties.test_audit_properties import HEADER, Row, inputs

from statdeadline.audit import AuditReport, audit


def run(rows: list[Row], **options: object) -> AuditReport:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_rows(Path(tmp) / "in.csv", HEADER, rows)
        return audit([path], as_of="2026-01-30", group_by=["team"], **options)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(
    cases=inputs(),
    by=st.sampled_from(("month", "quarter", "financial-year")),
    placement=st.sampled_from(("received", "closed")),
)
def test_every_case_and_deadline_is_in_exactly_one_period(
    cases: list[list[Row]], by: str, placement: str
) -> None:
    """Cut by month, quarter or financial year, placed by receipt or closure: the cases
    of the periods add up to the cases audited, and per rule set, clock and group the
    deadlines (and each status) of the periods add up to those of the audit without
    periods; in each period, cases = closed + carried forward."""
    rows = [row for case in cases for row in case]
    whole = run(rows)
    cut = run(rows, by=by, placement=placement)
    assert sum(r.cases for r in cut.case_counts) == cut.counts["cases_audited"]
    for r in cut.case_counts:
        assert r.cases == r.closed + r.carried_forward
        assert r.period is not None

    def by_row(report: AuditReport) -> Counter[tuple[str, ...]]:
        out: Counter[tuple[str, ...]] = Counter()
        for s in report.summary:
            key = (s.ruleset, s.clock, *sorted(s.group.values()))
            for status in ("met", "met_late", "overdue", "open", "cancelled", "superseded"):
                out[(*key, status)] += getattr(s, status)
            out[(*key, "deadlines")] += s.deadlines
        return out

    assert by_row(cut) == by_row(whole)
    assert len({p["label"] for p in cut.meta["periods"]}) == len(cut.meta["periods"])


_SUMMED = (
    "deadlines",
    "cases",
    "met",
    "met_late",
    "overdue",
    "not_recorded",
    "open",
    "expired",
    "cancelled",
    "superseded",
    "carried_forward",
    "extensions_used",
    "backstop_breaches",
)


@settings(max_examples=40, deadline=None)
@given(cases=inputs(), by=st.sampled_from((None, "month", "quarter")))
def test_totals_equal_the_sum_of_the_groups(cases: list[list[Row]], by: str | None) -> None:
    """Every total row (per rule set, clock, tier and period) is the sum of its groups'
    rows, figure by figure and band by band, with its rate from those sums; every case
    total is the sum of its groups' case counts; and there is a total row for each
    rule set, clock, tier and period that has a group row."""
    report = run([row for case in cases for row in case], by=by)
    groups: dict[tuple[object, ...], Counter[str]] = {}
    for s in report.summary:
        c = groups.setdefault((s.ruleset, s.clock, s.tier, s.period), Counter())
        c.update({f: getattr(s, f) for f in _SUMMED})
        c.update({f"band {k}": v for k, v in s.histogram.items()})
    totals = {}
    for t in report.totals:
        assert t.total and dict(t.group) == {}
        c = Counter({f: getattr(t, f) for f in _SUMMED})
        c.update({f"band {k}": v for k, v in t.histogram.items()})
        totals[(t.ruleset, t.clock, t.tier, t.period)] = c
        decided = t.met + t.met_late + t.overdue + t.not_recorded
        assert t.on_time_rate == (t.met / decided if decided else None)
    assert {k: +v for k, v in totals.items()} == {k: +v for k, v in groups.items()}
    case_groups: Counter[tuple[object, ...]] = Counter()
    for r in report.case_counts:
        case_groups[(r.ruleset, r.period, "cases")] += r.cases
        case_groups[(r.ruleset, r.period, "carried")] += r.carried_forward
    case_totals: Counter[tuple[object, ...]] = Counter()
    for r in report.case_totals:
        case_totals[(r.ruleset, r.period, "cases")] += r.cases
        case_totals[(r.ruleset, r.period, "carried")] += r.carried_forward
    assert case_totals == case_groups


def _laid_out(report: AuditReport) -> list[tuple[dt.date, dt.date, str]]:
    return [
        (dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"]), p["label"])
        for p in report.meta["periods"]
    ]


@settings(max_examples=30, deadline=None)
@given(
    cases=inputs(),
    by=st.sampled_from(("month", "quarter")),
    placement=st.sampled_from(("received", "closed")),
    compare=st.integers(0, 1),
)
def test_a_cut_year_is_laid_out_contiguous_ordered_complete(
    cases: list[list[Row]], by: str, placement: str, compare: int
) -> None:
    """financial_year=2025 cut by month or quarter (with or without the year before):
    the periods run from the first fixed period's start to the last one's end, earliest
    first, each starting the day after the one before ends, each once, with no row for
    the whole year beside its months or quarters and one for an empty month or quarter
    (12 months or 4 quarters a year); every case counted in the uncut year is in exactly
    one of its cuts (the same number of cases in total, and of deadlines in each of the
    statuses checked; carried forward is not compared: a cut's is judged at its own
    end)."""
    rows = [row for case in cases for row in case]
    options = {"financial_year": 2025, "compare": compare, "placement": placement}
    whole = run(rows, **options)
    cut = run(rows, by=by, **options)
    laid = _laid_out(cut)
    years = 1 + compare
    assert len(laid) == years * (12 if by == "month" else 4)
    assert laid[0][0] == dt.date(2025 - compare, 4, 1)
    assert laid[-1][1] == dt.date(2026, 3, 31)
    for (_, end, _), (start, _, _) in itertools.pairwise(laid):
        assert start == end + dt.timedelta(days=1)
    assert len({label for *_, label in laid}) == len(laid)
    labels = {label for *_, label in laid}
    assert {r.period for r in cut.case_counts} <= labels
    assert {r.period for r in cut.summary} <= labels
    assert sum(r.cases for r in cut.case_counts) == sum(r.cases for r in whole.case_counts)
    # a case is in a cut when its year has it: the deadlines add up too
    for status in ("deadlines", "met", "met_late", "overdue", "open"):
        assert sum(getattr(r, status) for r in cut.summary) == sum(
            getattr(r, status) for r in whole.summary
        )


def _fixed_sums(
    report: AuditReport, fixed: list[tuple[dt.date, dt.date, str]]
) -> Counter[tuple[str, ...]]:
    """The cases and deadline counts of ``report`` added up into the fixed period each
    of its periods lies in (asserting that it lies within exactly one)."""
    within: dict[str, str] = {}
    for start, end, label in _laid_out(report):
        holders = [f for f in fixed if f[0] <= start and end <= f[1]]
        assert len(holders) == 1, (label, holders)
        within[label] = holders[0][2]
    out: Counter[tuple[str, ...]] = Counter()
    for r in report.case_counts:
        assert r.period is not None
        out[(within[r.period], r.ruleset, "cases")] += r.cases
    for s in report.summary:
        assert s.period is not None
        key = (within[s.period], s.ruleset, s.clock, str(s.tier), *sorted(s.group.values()))
        for status in ("deadlines", "met", "met_late", "overdue", "open", "cancelled"):
            out[(*key, status)] += getattr(s, status)
    return +out


@settings(max_examples=30, deadline=None)
@given(
    cases=inputs(),
    start=st.integers(0, 70),
    length=st.integers(1, 80),
    by=st.sampled_from(("month", "quarter")),
    placement=st.sampled_from(("received", "closed")),
    compare=st.integers(0, 2),
)
def test_a_period_of_days_compared_and_cut_keeps_each_cut_in_one_period(
    cases: list[list[Row]], start: int, length: int, by: str, placement: str, compare: int
) -> None:
    """--period FIRST..LAST on any days (not a month's or quarter's bounds) with
    --compare 0-2 and --by month or quarter: the cuts run contiguous from the first fixed
    period's start to the last one's end, each within exactly one fixed period (a month
    across two compared periods is cut in two), each labelled once; per fixed period, the
    cases and the deadlines (each status checked) of its cuts add up to that period's
    uncut figures; and the headlines, which describe the whole fixed periods, are the
    same with and without --by (before the fix a month across two periods was credited to
    the earlier one)."""
    rows = [row for case in cases for row in case]
    first = dt.date(2025, 6, 1) + dt.timedelta(days=start)
    last = first + dt.timedelta(days=length - 1)
    options = {"period": f"{first}..{last}", "compare": compare, "placement": placement}
    whole = run(rows, **options)
    cut = run(rows, by=by, **options)
    fixed = _laid_out(whole)
    assert len(fixed) == 1 + compare and fixed[-1][:2] == (first, last)
    laid = _laid_out(cut)
    assert laid[0][0] == fixed[0][0] and laid[-1][1] == last
    for (_, end, _), (begin, _, _) in itertools.pairwise(laid):
        assert begin == end + dt.timedelta(days=1)
    assert len({label for *_, label in laid}) == len(laid)
    assert _fixed_sums(cut, fixed) == _fixed_sums(whole, fixed)
    assert cut.headlines == whole.headlines
