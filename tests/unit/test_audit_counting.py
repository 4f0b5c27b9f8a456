"""Unit tests for the audit's counting: deadlines not recorded, cases and deadlines
counted apart, repeatable clocks per tier, and total rows across groups.

Calendar facts (England and Wales): from Monday 2 June 2025 (day 0) no bank holiday falls
before 25 August, so n working days are n/5 weeks later: 3 WD is Thursday 5 June, 10 WD
Monday 16 June, 20 WD Monday 30 June.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.audit_support import row_for, write_rows

from statdeadline import load_ruleset
from statdeadline.audit import AuditReport, audit
from statdeadline.audit.headlines import duration_words
from statdeadline.audit.recorded import not_recorded
from statdeadline.engine import Case
from statdeadline.rules.model import Duration

ADULTS = "england-adults-2009"
CHILDREN = "england-children-2006"
OXON = "oxfordshire-adults"
HEADER = ("case_id", "ruleset", "event", "date", "team", "level")


def run(tmp_path: Path, rows: list[tuple[str, ...]], **options: object) -> AuditReport:
    path = write_rows(tmp_path / "in.csv", HEADER, rows)
    return audit([path], as_of="2025-09-30", **options)  # type: ignore[arg-type]


def test_a_case_closed_after_a_deadline_fell_due_without_it_is_not_recorded(
    tmp_path: Path,
) -> None:
    """N1 is withdrawn on 1 July with no acknowledgement (due 5 June): not recorded, not
    overdue; N2 is still open without one: overdue; N3 was withdrawn on 4 June, before the
    acknowledgement was due: cancelled. Not recorded counts against the rate, like overdue:
    1 on time (N4) of 3 decided."""
    rows = [
        ("N1", ADULTS, "received", "2025-06-02", "A"),
        ("N1", ADULTS, "withdrawn", "2025-07-01", "A"),
        ("N2", ADULTS, "received", "2025-06-02", "A"),
        ("N3", ADULTS, "received", "2025-06-02", "A"),
        ("N3", ADULTS, "withdrawn", "2025-06-04", "A"),
        ("N4", ADULTS, "received", "2025-06-02", "A"),
        ("N4", ADULTS, "acknowledged", "2025-06-03", "A"),
    ]
    ack = row_for(run(tmp_path, rows), "acknowledgement")
    assert (ack.deadlines, ack.met, ack.overdue, ack.not_recorded, ack.cancelled) == (4, 1, 1, 1, 1)
    assert ack.on_time_rate == 1 / 3


def test_a_stage_superseded_after_its_due_date_stays_overdue(tmp_path: Path) -> None:
    """A children's Stage 1 (10 WD, due 16 June) overtaken by a Stage 2 request on 20 June
    ended by that request, not by the closure: overdue, not "not recorded"; the Stage 2
    clock, closed before it was due, is cancelled."""
    rows = [
        ("S1", CHILDREN, "received", "2025-06-02"),
        ("S1", CHILDREN, "stage2_requested", "2025-06-20"),
        ("S1", CHILDREN, "withdrawn", "2025-06-25"),
    ]
    report = run(tmp_path, rows)
    stage1 = row_for(report, "stage1_response")
    assert (stage1.overdue, stage1.not_recorded) == (1, 0)


def test_not_recorded_needs_a_closed_case() -> None:
    """Without a closure date nothing is not recorded; with one, only the overdue
    deadlines no superseding event ended."""
    rs = load_ruleset(ADULTS)
    case = Case(rs, "X")
    case.record("received", dt.date(2025, 6, 2))
    case.record("withdrawn", dt.date(2025, 7, 1))
    verdicts = case.verdicts(dt.date(2025, 9, 30))
    events = [(dt.date(2025, 6, 2), "received"), (dt.date(2025, 7, 1), "withdrawn")]
    assert not_recorded(rs, events, verdicts, None) == frozenset()
    assert not_recorded(rs, events, verdicts, dt.date(2025, 7, 1)) == {("acknowledgement", 1)}


def test_repeatable_clock_has_a_row_per_tier_and_one_for_every_run(tmp_path: Path) -> None:
    """An Oxfordshire complaint reviewed twice (service manager, then director) has two
    review deadlines but is one case: the together row counts 2 deadlines of 1 case, and
    each tier's row one, labelled with the rule set's tier names. A second case reviewed
    once adds to the first tier only."""
    rows = [
        ("R1", OXON, "received", "2025-06-02", "", ""),
        ("R1", OXON, "triaged", "2025-06-02", "", "green"),
        ("R1", OXON, "response", "2025-06-10", "", ""),
        ("R1", OXON, "review_requested", "2025-06-11", "", ""),
        ("R1", OXON, "review_response", "2025-06-20", "", ""),
        ("R1", OXON, "review_requested", "2025-06-23", "", ""),
        ("R1", OXON, "review_response", "2025-07-30", "", ""),
        ("R2", OXON, "received", "2025-06-02", "", ""),
        ("R2", OXON, "triaged", "2025-06-02", "", "green"),
        ("R2", OXON, "response", "2025-06-10", "", ""),
        ("R2", OXON, "review_requested", "2025-06-11", "", ""),
        ("R2", OXON, "review_response", "2025-06-12", "", ""),
    ]
    report = run(tmp_path, rows)
    reviews = [
        (r.tier, r.label, r.deadlines, r.cases, r.met, r.met_late)
        for r in report.summary
        if r.clock == "review_response"
    ]
    assert reviews == [
        (None, "Internal review response", 3, 2, 2, 1),
        (1, "Internal review response (service manager)", 2, 2, 2, 0),
        (2, "Internal review response (deputy director or director)", 1, 1, 0, 1),
    ]
    assert row_for(report, "local_response").cases == 2


def test_total_rows_add_up_the_groups(tmp_path: Path) -> None:
    """With --group-by, totals has a row per deadline adding up the groups: counts are
    sums, the rate and the averages are over all the groups' deadlines together."""
    rows = [
        ("T1", ADULTS, "received", "2025-06-02", "North"),
        ("T1", ADULTS, "acknowledged", "2025-06-03", "North"),
        ("T2", ADULTS, "received", "2025-06-02", "North"),
        ("T2", ADULTS, "acknowledged", "2025-06-09", "North"),
        ("T3", ADULTS, "received", "2025-06-02", "South"),
        ("T3", ADULTS, "acknowledged", "2025-06-04", "South"),
    ]
    report = run(tmp_path, rows, group_by=["team"])
    total = next(t for t in report.totals if t.clock == "acknowledgement")
    assert (total.total, dict(total.group), total.deadlines, total.cases, total.met) == (
        True,
        {},
        3,
        3,
        2,
    )
    assert (total.on_time_rate, total.wd_mean, total.wd_median) == (2 / 3, 8 / 3, 2.0)
    assert [(c.total, c.cases) for c in report.case_totals] == [(True, 3)]
    assert all(not r.total for r in report.summary)
    assert run(tmp_path, rows).totals == ()


def test_headline_numbers_in_words() -> None:
    """Durations in headlines: numbers to twelve in words, singular for one."""
    assert [
        duration_words(Duration("months", 6)),
        duration_words(Duration("working_days", 1)),
        duration_words(Duration("calendar_days", 28)),
    ] == ["six months", "one working day", "28 days"]


def test_working_days_taken_count_from_a_restart(tmp_path: Path) -> None:
    """An FOI clarification received restarts the count (s.10(6)(b)): the working days
    taken and the band count from it, not from the original receipt. F5 received Monday
    2 June 2025, clarification asked 4 June, received Monday 16 June, answered Monday 14
    July: counted from 16 June, four weeks (20 working days) end on 14 July, but that is a
    bank holiday in Northern Ireland (the Boyne, 12 July a Saturday), so under the UK
    calendar 16 June -> 14 July is 19 working days (from 2 June it was 29), within the
    profile's 'within 20 working days' band and due Tuesday 15 July: on time."""
    header = ("case_id", "ruleset", "event", "date", "clock", "reason")
    rows = [
        ("F5", "foi-2000", "received", "2025-06-02"),
        ("F5", "foi-2000", "clarification_requested", "2025-06-04", "response", "which years?"),
        ("F5", "foi-2000", "clarification_received", "2025-06-16", "response"),
        ("F5", "foi-2000", "response", "2025-07-14"),
    ]
    path = write_rows(tmp_path / "foi.csv", header, rows)
    cases: list[object] = []
    report = audit([path], as_of="2025-09-30", profile="foi-2000", on_case=cases.append)
    row = row_for(report, "response")
    assert (row.met, row.wd_mean) == (1, 19)
    assert row.histogram["within 20 working days"] == 1
    (case,) = cases
    (answer,) = [d for d in case.deadlines or case.verdicts if d.clock == "response"]  # type: ignore[attr-defined]
    assert (answer.due, answer.working_days_taken) == (dt.date(2025, 7, 15), 19)
