"""--period with --compare and --by when the period is not aligned to months: a month
across two compared periods is cut in two, one in each, and the headlines (which
describe the whole fixed periods) are the same with and without --by."""

from __future__ import annotations

from pathlib import Path

from tests.audit_support import write_rows

from statdeadline.audit import audit

HEADER = ("case_id", "ruleset", "event", "date")


def test_a_month_across_two_compared_periods_is_cut_in_two(tmp_path: Path) -> None:
    """period 2025-03-10..2025-04-20 (42 days) with compare=1: the period before is
    2025-01-27..2025-03-09. F1 is received Thursday 20 March (answered 21 March), F2
    Wednesday 2 April: both in the later period. March is cut at 9/10 March: the
    earlier period's 2025-03-01..2025-03-09 and the later one's 2025-03-10..2025-03-31,
    where F1 is counted. Before the fix March was one cut, 1 to 31 March, credited to the
    earlier period, so the later period's headline said 1 request, not 2."""
    rows = [
        ("F1", "foi-2000", "received", "2025-03-20"),
        ("F1", "foi-2000", "response", "2025-03-21"),
        ("F2", "foi-2000", "received", "2025-04-02"),
    ]
    path = write_rows(tmp_path / "in.csv", HEADER, rows)
    options = {"as_of": "2025-09-30", "period": "2025-03-10..2025-04-20", "compare": 1}
    whole = audit([path], **options)  # type: ignore[arg-type]
    cut = audit([path], by="month", **options)  # type: ignore[arg-type]
    assert [p["label"] for p in cut.meta["periods"]] == [
        "2025-01-27..2025-01-31",
        "2025-02",
        "2025-03-01..2025-03-09",
        "2025-03-10..2025-03-31",
        "2025-04-01..2025-04-20",
    ]
    assert {(r.period, r.cases) for r in cut.case_counts if r.cases} == {
        ("2025-03-10..2025-03-31", 1),
        ("2025-04-01..2025-04-20", 1),
    }
    assert cut.headlines == whole.headlines
    # the later period: F1 answered the next working day, F2 unanswered at the as-of date
    assert whole.headlines[0].endswith(": 2 complaints, 1 responded to within timescale (50.0%)")
