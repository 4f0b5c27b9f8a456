"""Smoke test for benchmarks/bench_engine.py: it imports quietly and every section runs.

Timings are never asserted (they depend on the machine); only that the benchmark runs its
smallest path end to end, reports every section, a figure for each shipped rule set and
both baselines, and that its hand-written evaluator agrees with the engine.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from tests.bench_support import load_benchmark

from statdeadline import list_bundled


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    return load_benchmark("bench_engine.py", monkeypatch)


def test_import_has_no_side_effects(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    """Importing the benchmark prints nothing (it only defines things)."""
    assert capsys.readouterr().out == ""
    assert callable(bench.run)
    assert callable(bench.main)


def test_every_shipped_rule_set_has_a_typical_case(bench: ModuleType) -> None:
    """The benchmark covers exactly the bundled rule sets, each with 2 to 8 events (an
    enquiry's typical case is its receipt and its answer)."""
    assert set(bench.CASES) == set(list_bundled())
    assert all(2 <= len(events) <= 8 for events, _ in bench.CASES.values())


def test_smallest_run_reports_every_section(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """The smallest run prints and returns every section, a figure per rule set (whole
    case, record, deadlines, explanations), both baselines, the ratios and the targets
    (section 4: the 7-event case, verdicts, one calendar call, pauses against plain
    events)."""
    report = bench.run(bench.SMOKE)
    out = capsys.readouterr().out

    assert [*bench.SECTIONS, "summary"] == list(report.sections)
    for title, lines in report.sections.items():
        assert f"== {title} ==" in out
        assert any(line.strip() for line in lines), title
    expected = {
        "bare",
        "hand",
        "panel",
        "panel:verdicts",
        "panel:verdicts-again",
        "panel:add",
        "pauses",
        "notes",
        "pauses:double",
    }
    for rid in list_bundled():
        expected |= {rid, f"{rid}:record", f"{rid}:deadlines", f"{rid}:explain"}
        assert f"{rid}/bare" in report.ratios
    assert expected == set(report.figures)
    assert "england-children-2006/hand" in report.ratios
    assert {"panel/add", "pauses/notes", "pauses:double/pauses"} <= set(report.ratios)
    assert set(report.verdicts) == {
        "typical case < 100 µs for every rule set",
        "7-event case <= 25 µs",
        "7-event case <= 60 add_working_days calls",
        "record + verdicts() <= 15 µs",
        "pauses <= 5x plain events",
    }
    assert report.hand_agrees is True
    assert (
        "hand-written evaluator agrees with the engine on england-children-2006: yes "
        "(4 due dates and statuses)" in out
    )


def test_main_quick_flag_chooses_the_quick_sizes(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--quick runs the QUICK sizes, no flag the FULL ones (run() itself is stubbed)."""
    seen = []
    monkeypatch.setattr(bench, "run", seen.append)
    assert bench.main(["--quick"]) == 0
    assert bench.main([]) == 0
    assert seen == [bench.QUICK, bench.FULL]


def test_repeat_runs_one_workload_untimed(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """--repeat runs each workload the times asked, printing nothing (for callgrind)."""
    assert [bench.repeat(w, 2) for w in bench.WORKLOADS] == [2, 2, 2, 2]
    assert bench.main(["--repeat", "panel", "1"]) == 0
    assert capsys.readouterr().out == ""


def test_repeat_refuses_an_unknown_workload(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown workload or a count that is not a number is a usage error (exit 2)."""
    with pytest.raises(SystemExit) as exc:
        bench.main(["--repeat", "panels", "3"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].split(": error: ")[1] == (
        "--repeat: expected one of panel, verdicts, pauses, notes and a count, got panels 3"
    )
