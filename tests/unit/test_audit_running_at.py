"""Carried forward judged by the day each deadline ended, not by its status at the as-of
date (statdeadline.audit.tally._running_at), at case level and on each summary row; and
calendar days taken counted from a clock's latest restart (Deadline.counted_from).

Financial year 2024 is 1 April 2024 to 31 March 2025; every audit here is as of
2025-09-30 (or the date given), placed by receipt."""

from __future__ import annotations

from pathlib import Path

from tests.audit_support import write_rows

from statdeadline import Case, load_ruleset
from statdeadline.audit import AuditReport, audit

HEADER = ("case_id", "ruleset", "event", "date")
ADULTS = "england-adults-2009"
CHILDREN = "england-children-2006"


def run(tmp_path: Path, rows: list[tuple[str, ...]], **options: object) -> AuditReport:
    path = write_rows(tmp_path / "in.csv", HEADER, rows)
    options.setdefault("as_of", "2025-09-30")
    return audit([path], **options)  # type: ignore[arg-type]


def carried(report: AuditReport) -> tuple[int, dict[str, int]]:
    """The case count's carried forward, and each deadline row's."""
    (cases,) = report.case_counts
    return cases.carried_forward, {r.clock: r.carried_forward for r in report.summary}


def test_a_deadline_withdrawn_after_the_year_was_running_at_its_end(tmp_path: Path) -> None:
    """A1: received Monday 3 March 2025, acknowledged 4 March, withdrawn 15 April 2025.
    On 31 March the response clock (six months' backstop) was running: the case and its
    response row are carried forward from 2024-25, though at the as-of date the clock is
    'cancelled' (ended with the case). The acknowledgement, met on 4 March, is not.
    (Before the fix: carried 0, as a cancelled deadline was taken never to have run.)"""
    rows = [
        ("A1", ADULTS, "received", "2025-03-03"),
        ("A1", ADULTS, "acknowledged", "2025-03-04"),
        ("A1", ADULTS, "withdrawn", "2025-04-15"),
    ]
    case_level, per_row = carried(run(tmp_path, rows, financial_year=2024))
    assert case_level == 1
    assert per_row["response_backstop"] == 1
    assert per_row["acknowledgement"] == 0


def test_a_stage_superseded_after_the_year_was_running_at_its_end(tmp_path: Path) -> None:
    """C1 (children's): received Monday 24 March 2025, stage 2 requested 2 April 2025,
    open at the as-of date. Stage 1 was running on 31 March and was superseded on
    2 April, after the year's end: carried forward, at case level and on its row. Stage 2
    started after the end (its row is in 2025-26, outside the report). (Before: 0.)"""
    rows = [
        ("C1", CHILDREN, "received", "2025-03-24"),
        ("C1", CHILDREN, "stage2_requested", "2025-04-02"),
    ]
    report = run(tmp_path, rows, financial_year=2024)
    case_level, per_row = carried(report)
    assert case_level == 1
    assert per_row["stage1_response"] == 1
    assert "stage2_response" not in per_row


def test_a_not_recorded_deadline_counts_on_its_row_as_on_the_case(tmp_path: Path) -> None:
    """A2: received Monday 3 March 2025, no acknowledgement recorded, withdrawn 15 April.
    The acknowledgement (due three working days later, 6 March) is 'not recorded'; it was
    still owed on 31 March, so its row carries it forward as the case count does (before:
    the case 1, the row 0, 'not_recorded' not being a status that may run)."""
    rows = [
        ("A2", ADULTS, "received", "2025-03-03"),
        ("A2", ADULTS, "withdrawn", "2025-04-15"),
    ]
    report = run(tmp_path, rows, financial_year=2024)
    case_level, per_row = carried(report)
    ack = next(r for r in report.summary if r.clock == "acknowledgement")
    assert ack.not_recorded == 1
    assert case_level == 1
    assert per_row["acknowledgement"] == 1


def test_a_deadline_ended_inside_the_year_is_not_carried(tmp_path: Path) -> None:
    """A3: received 3 March 2025, acknowledged 4 March, withdrawn 20 March 2025: every
    deadline ended by 31 March, so nothing is carried forward."""
    rows = [
        ("A3", ADULTS, "received", "2025-03-03"),
        ("A3", ADULTS, "acknowledged", "2025-03-04"),
        ("A3", ADULTS, "withdrawn", "2025-03-20"),
    ]
    case_level, per_row = carried(run(tmp_path, rows, financial_year=2024))
    assert case_level == 0
    assert set(per_row.values()) == {0}


def test_deadline_gives_ended_on_and_counted_from() -> None:
    """The engine's Deadline says the day it stopped running and the day its count runs
    from: A1's response clock ended (cancelled) on 15 April 2025, counted from 3 March."""
    case = Case(load_ruleset(ADULTS))
    for event, day in (
        ("received", "2025-03-03"),
        ("acknowledged", "2025-03-04"),
        ("withdrawn", "2025-04-15"),
    ):
        case.record(event, day)
    (resp,) = case.deadlines("2025-09-30").by_clock("response_backstop")
    assert (resp.status, str(resp.ended_on), str(resp.counted_from)) == (
        "cancelled",
        "2025-04-15",
        "2025-03-03",
    )
    (v,) = [v for v in case.verdicts("2025-09-30") if v.clock == "response_backstop"]
    assert (v.ended_on, v.counted_from) == (resp.ended_on, resp.counted_from)
    (ack,) = case.deadlines("2025-09-30").by_clock("acknowledgement")
    assert ack.ended_on == ack.met_on


def test_calendar_days_taken_count_from_the_latest_restart(tmp_path: Path) -> None:
    """An FOI request received Monday 2 June 2025, clarification asked for 3 June and
    received Monday 9 June (the clock restarts: s.10(6)(b)), answered Monday 23 June. Its
    working days are counted from 9 June: 10 (10-13 June 4, 16-20 June 5, 23 June 1). Its
    calendar days are counted from the same day: 23 - 9 = 14, in the '8-14' band, mean 14
    (before the fix: from 2 June, 21 days, 'over 14')."""
    rows = [
        ("F1", "foi-2000", "received", "2025-06-02"),
        ("F1", "foi-2000", "clarification_requested", "2025-06-03"),
        ("F1", "foi-2000", "clarification_received", "2025-06-09"),
        ("F1", "foi-2000", "response", "2025-06-23"),
    ]
    profile = tmp_path / "cal.yaml"
    profile.write_text(
        "format: statdeadline/profile@1\nid: cal\ntitle: t\nruleset: foi-2000\n"
        "source: a test\naverage: calendar_days\ndeadlines:\n"
        "  - clock: response\n"
        "    bands: {edges: [7, 14], unit: calendar_days}\n",
        encoding="utf-8",
    )
    (reply,) = run(tmp_path, rows, profile=profile).summary
    assert (dict(reply.histogram), reply.wd_mean) == (
        {"<= 7": 0, "8-14": 1, "over 14": 0},
        14.0,
    )
    (working,) = [r for r in run(tmp_path, rows).summary if r.clock == "response"]
    assert working.wd_mean == 10.0


def test_a_duty_that_never_arose_is_not_carried(tmp_path: Path) -> None:
    """A4: received 3 March 2025, acknowledged 4 March, answered 10 April (within the six
    months, due 2 September 2025) and closed 11 April. The response was running on
    31 March: carried forward. The written explanation of a delay (arises only if the
    response misses the six months) is cancelled, the response being in time: it never
    applied, so it is not carried, though the case closed after 31 March."""
    rows = [
        ("A4", ADULTS, "received", "2025-03-03"),
        ("A4", ADULTS, "acknowledged", "2025-03-04"),
        ("A4", ADULTS, "response", "2025-04-10"),
        ("A4", ADULTS, "closed", "2025-04-11"),
    ]
    report = run(tmp_path, rows, financial_year=2024)
    case_level, per_row = carried(report)
    (notice,) = [r for r in report.summary if r.clock == "delay_notice"]
    assert notice.cancelled == 1
    assert (case_level, per_row["response_backstop"], per_row["delay_notice"]) == (1, 1, 0)
