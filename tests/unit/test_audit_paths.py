"""The audit's two evaluation paths agree: full deadlines (when a caller sees each case)
and light verdicts (when only the tallies are wanted)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.audit_support import write_rows

from statdeadline import Case, load_ruleset
from statdeadline.audit import CaseResult, audit, passes

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cases.csv"


def test_summary_is_the_same_with_and_without_per_case_detail() -> None:
    """Auditing the bundled example year with an on_case callback (full Deadline objects)
    and without one (Verdict tuples) gives identical counts, summary and rejections."""
    seen: list[CaseResult] = []
    with_detail = audit(
        [EXAMPLE], as_of="2026-06-30", group_by=["team"], target=0.8, on_case=seen.append
    )
    light = audit([EXAMPLE], as_of="2026-06-30", group_by=["team"], target=0.8)
    assert seen, "the example has cases"
    assert with_detail.to_dict() == light.to_dict()


def test_state_at_ignores_later_events() -> None:
    """Case.state_at gives the state at the end of a day: events after it are not known."""
    case = Case(load_ruleset("england-children-2006"))
    case.record("received", "2024-03-28")
    case.record("stage1_response", "2024-04-10")
    assert (case.state_at("2024-04-09"), case.state_at("2024-04-10"), case.state) == (
        "stage1",
        "stage1_responded",
        "stage1_responded",
    )


def test_worker_processes_give_the_same_report() -> None:
    """Sharing the cases between worker processes (each reads the input and audits the
    cases whose id hashes to it; the tallies are added up) gives exactly the report one
    process gives: counts, summary, rejections in input order and meta."""
    one = audit([EXAMPLE], as_of="2026-06-30", group_by=["team"], target=0.8, workers=1)
    two = audit([EXAMPLE], as_of="2026-06-30", group_by=["team"], target=0.8, workers=2)
    assert two.to_dict() == one.to_dict()
    assert one.counts["rows_rejected"] > 0, "the example has bad rows, so merging them is tested"


def test_a_row_with_the_wrong_number_of_cells_rejects_its_whole_case(tmp_path: Path) -> None:
    """A row with a missing cell still names its case, so the case is rejected whole with
    that row's line, rather than audited from a partial history (it used to be rejected on
    its own while the rest of the case was audited)."""
    path = tmp_path / "cases.csv"
    path.write_text(
        "case_id,ruleset,event,date\n"
        "A1,england-adults-2009,received,2025-06-02\n"
        "A1,england-adults-2009,acknowledged\n"
        "A2,england-adults-2009,received,2025-06-02\n",
        encoding="utf-8",
    )
    for workers in (1, 2):
        report = audit([path], as_of="2025-07-31", workers=workers)
        assert dict(report.counts) == {
            "rows_read": 3,
            "rows_used": 1,
            "rows_rejected": 2,
            "cases_read": 2,
            "cases_audited": 1,
            "cases_rejected": 1,
            "cases_open": 1,
        }
        assert [str(r) for r in report.rejections] == [
            f"{path}:3: case A1: expected 4 cells, got 3"
        ]


def test_scattered_rows_spilled_to_disk_give_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows of cases scattered through the input, moved to a temporary SQLite file
    after the first few (SPILL_ROWS set to 5), give the same counts, summary and
    rejections as when all are held in memory; with one worker and with two."""
    rows = [line.split(",") for line in _SCATTERED.strip().splitlines()]
    path = write_rows(tmp_path / "scattered.csv", rows[0], rows[1:])
    held = audit([path], as_of="2024-05-10", workers=1)
    monkeypatch.setattr(passes, "SPILL_ROWS", 5)
    for workers in (1, 2):
        spilled = audit([path], as_of="2024-05-10", workers=workers)
        assert spilled.counts == held.counts
        assert spilled.summary == held.summary
        assert spilled.rejections == held.rejections
    assert held.counts["cases_rejected"] == 1 and held.counts["cases_audited"] == 4


_SCATTERED = """
case_id,ruleset,event,date
C-1,england-children-2006,received,2024-03-28
C-2,england-children-2006,received,2024-04-02
C-3,england-children-2006,received,2024-05-01
C-1,england-children-2006,stage1_response,2024-04-10
C-4,england-children-2006,received,2024-04-03
C-2,england-children-2006,stage1_response,2024-04-30
,england-children-2006,received,2024-04-03
C-9,england-children-2006,received,2024-05-01
C-4,england-children-2006,stage1_response,2024-04-12
C-9,england-children-2006,stage4,2024-05-02
C-3,england-children-2006,withdrawn,2024-05-03
"""
