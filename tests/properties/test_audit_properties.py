"""Hypothesis properties of statdeadline.audit: order does not matter, counts reconcile.

The strategies build small long-format inputs: a few cases under six rule sets (one a
test rule set with a duty arising after its backstop), each a ``received`` event
followed by events drawn from that rule set's vocabulary in any order (so some histories are valid and some are refused by the engine, and rejected), on
strictly increasing dates, plus now and then a row with no case id. They are kept here
rather than in ``tests/strategies.py`` because they build audit input files, which
nothing else uses.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.audit_support import write_rows

from statdeadline.audit import AuditReport, audit
from statdeadline.audit.columns import STATUS_COLUMNS

START = dt.date(2025, 6, 2)
RULES = Path(__file__).parent.parent / "data" / "rules"
HEADER = ("case_id", "ruleset", "event", "date", "team", "level")
LATER_EVENTS = {
    "england-adults-2009": ("acknowledged", "response", "closed", "withdrawn", "delay_notice"),
    "cheshire-west-adults": ("acknowledged", "response", "closed", "withdrawn"),
    "oxfordshire-adults": ("triaged", "acknowledged", "response", "closed", "review_requested"),
    # a duty with no due date of its own (arises_after): owed, done
    "duty-after-backstop": ("response", "delay_notice", "withdrawn", "closed"),
    "wales-social-services-2014": (
        "acknowledged",
        "discussion_held",
        "discussion_declined",
        "withdrawn",
    ),
    "england-children-2006": (
        "stage1_response",
        "stage2_requested",
        "stage2_response",
        "closed",
        "withdrawn",
    ),
}

Row = tuple[str, ...]


@st.composite
def case_rows(draw: st.DrawFn, case_id: str) -> list[Row]:
    """One case's rows, in date order: received, then up to four later events."""
    rid = draw(st.sampled_from(sorted(LATER_EVENTS)))
    team = draw(st.sampled_from(("North", "South")))
    day = START + dt.timedelta(days=draw(st.integers(0, 60)))
    rows: list[Row] = [(case_id, rid, "received", day.isoformat(), team, "")]
    events = draw(st.lists(st.sampled_from(LATER_EVENTS[rid]), max_size=4))
    for event in events:
        day += dt.timedelta(days=draw(st.integers(1, 25)))  # strictly later: a total order
        level = draw(st.sampled_from(("green", "red"))) if event == "triaged" else ""
        rows.append((case_id, rid, event, day.isoformat(), team, level))
    return rows


@st.composite
def inputs(draw: st.DrawFn) -> list[list[Row]]:
    """Several cases (and perhaps a row with no case id, as a one-row 'case')."""
    n = draw(st.integers(1, 6))
    cases = [draw(case_rows(f"C{i}")) for i in range(n)]
    if draw(st.booleans()):
        cases.append([("", "england-adults-2009", "received", "2025-06-02", "North", "")])
    return cases


def run(rows: Sequence[Row]) -> AuditReport:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_rows(Path(tmp) / "in.csv", HEADER, rows)
        return audit(
            [path],
            as_of="2026-01-30",
            group_by=["team"],
            buckets=[5, 20],
            target=0.8,
            rules_dirs=[RULES],
        )


def interleave(cases: Sequence[Sequence[Row]]) -> list[Row]:
    """Round-robin: the first row of each case, then the second of each, ... so no
    case's rows are together (the audit must group them in memory)."""
    out: list[Row] = []
    for i in range(max(len(c) for c in cases)):
        out += [c[i] for c in cases if i < len(c)]
    return out


@settings(max_examples=60, deadline=None)
@given(cases=inputs(), data=st.data())
def test_row_order_does_not_change_the_result(cases: list[list[Row]], data: st.DataObject) -> None:
    """The same rows shuffled, or interleaved so the input is not grouped by case, give
    the same summary, counts and rejected cases as the rows grouped by case."""
    grouped = [row for case in cases for row in case]
    shuffled = data.draw(st.permutations(grouped))
    reports = [run(grouped), run(shuffled), run(interleave(cases))]
    first = reports[0]
    for other in reports[1:]:
        assert other.summary == first.summary
        assert other.counts == first.counts
        assert sorted((r.case_id or "", r.rows) for r in other.rejections) == sorted(
            (r.case_id or "", r.rows) for r in first.rejections
        )


_WALES = "wales-social-services-2014"
#: A declined discussion (not required), and duties owed and done (arises_after).
_NEW_STATUSES = [
    [
        ("W1", _WALES, "received", "2025-06-02", "North", ""),
        ("W1", _WALES, "acknowledged", "2025-06-03", "North", ""),
        ("W1", _WALES, "discussion_declined", "2025-06-05", "North", ""),
    ],
    [("D1", "duty-after-backstop", "received", "2025-06-02", "South", "")],
    [
        ("D2", "duty-after-backstop", "received", "2025-06-02", "South", ""),
        ("D2", "duty-after-backstop", "delay_notice", "2025-12-10", "South", ""),
    ],
]


@settings(max_examples=60, deadline=None)
@given(cases=inputs())
@example(cases=_NEW_STATUSES)
def test_counts_reconcile_and_every_deadline_has_one_status(cases: list[list[Row]]) -> None:
    """rows read = used + rejected; cases read = audited + rejected; rows rejected are
    the rows of the rejections; per summary row the statuses (not recorded, not required,
    and a duty's owed and done among them) add up to the deadlines, and so do the columns
    of the audit's status table; the bands add up to the deadlines met (on time or late),
    the rate is met over decided, and a duty (owed or done, never late) has no rate and
    only its own statuses."""
    rows = [row for case in cases for row in case]
    report = run(rows)
    c = report.counts
    assert c["rows_read"] == len(rows) == c["rows_used"] + c["rows_rejected"]
    assert c["cases_read"] == c["cases_audited"] + c["cases_rejected"]
    assert c["rows_rejected"] == sum(r.rows for r in report.rejections)
    assert c["cases_open"] <= c["cases_audited"]
    for s in report.summary:
        statuses = (
            s.met
            + s.met_late
            + s.overdue
            + s.not_recorded
            + s.open
            + s.expired
            + s.cancelled
            + s.superseded
            + s.not_required
            + s.owed
            + s.done
        )
        assert statuses == s.deadlines
        assert sum(getattr(s, c.column) for c in STATUS_COLUMNS) == s.deadlines
        if s.duty:
            assert s.on_time_rate is None and s.target_met is None
            assert s.owed + s.done + s.open + s.cancelled == s.deadlines
        else:
            assert s.owed == s.done == 0
        assert sum(s.histogram.values()) == s.met + s.met_late
        decided = s.met + s.met_late + s.overdue + s.not_recorded
        assert s.on_time_rate == (s.met / decided if decided else None)
        if s.wd_mean is not None:
            assert s.wd_median is not None and s.wd_p90 is not None
            assert s.wd_median <= s.wd_p90  # p90 rank ceil(0.9n) >= the upper median rank


SAME_DAY_HEADER = (
    "case_id",
    "ruleset",
    "event",
    "date",
    "clock",
    "working_days",
    "reason",
    "agreed_with_complainant",
)
_CH = "england-children-2006"


@st.composite
def same_day_case(draw: st.DrawFn, case_id: str) -> list[Row]:
    """One england-children-2006 case whose later rows often fall on one day: extensions
    of Stage 1 (by different numbers of days), pauses, resumptions and the response."""
    day = START + dt.timedelta(days=draw(st.integers(0, 20)))
    rows: list[Row] = [(case_id, _CH, "received", day.isoformat(), "", "", "", "")]
    for _ in range(draw(st.integers(0, 5))):
        day += dt.timedelta(days=draw(st.sampled_from((0, 0, 1, 3))))
        event = draw(st.sampled_from(("extension", "pause", "resume", "stage1_response")))
        if event == "extension":
            wd = str(draw(st.integers(1, 12)))
            rows.append(
                (case_id, _CH, event, day.isoformat(), "stage1_response", wd, "complex", "true")
            )
        else:
            rows.append((case_id, _CH, event, day.isoformat(), "", "", "", ""))
    return rows


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_row_order_gives_the_same_report_with_same_day_rows(data: st.DataObject) -> None:
    """Rows of a case on the same day (two extensions of one clock, a pause and a
    resumption, the response) in any order give the same summary, counts and rejected
    cases with the same reasons: the audit orders one day's events by the rule set, and
    ties by the rows' cells, never by their place in the file."""
    cases = [data.draw(same_day_case(f"S{i}")) for i in range(data.draw(st.integers(1, 4)))]
    rows = [row for case in cases for row in case]
    shuffled = data.draw(st.permutations(rows))
    reports = []
    for order in (rows, shuffled):
        with tempfile.TemporaryDirectory() as tmp:
            path = write_rows(Path(tmp) / "in.csv", SAME_DAY_HEADER, order)
            reports.append(audit([path], as_of="2025-09-30"))
    first, other = reports
    assert other.counts == first.counts
    assert other.summary == first.summary
    assert sorted((r.case_id or "", r.reason) for r in other.rejections) == sorted(
        (r.case_id or "", r.reason) for r in first.rejections
    )
