"""Smoke test for benchmarks/bench_audit.py: its smallest path runs end to end.

Timings and memory figures are never asserted (they depend on the machine); only that
the synthetic input is valid (the audit uses every case) and that every figure and
table line is produced.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from tests.bench_support import load_benchmark

from statdeadline.audit import audit


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    return load_benchmark("bench_audit.py", monkeypatch)


def test_import_has_no_side_effects(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    """Importing the benchmark prints nothing and defines run and main."""
    assert capsys.readouterr().out == ""
    assert callable(bench.run)
    assert callable(bench.main)


def test_generated_cases_are_all_valid(bench: ModuleType, tmp_path: Path) -> None:
    """write_cases streams about 5 rows a case, and the audit accepts every case."""
    path = tmp_path / "cases.csv"
    rows = bench.write_cases(path, 400)
    report = audit([path], as_of=bench.AS_OF, group_by=["team"])
    assert report.counts["rows_read"] == rows
    assert (report.counts["cases_audited"], report.counts["cases_rejected"]) == (400, 0)
    assert 4 * 400 <= rows <= 6 * 400
    assert {r.ruleset for r in report.summary} == {
        "england-adults-2009",
        "oxfordshire-adults",
        "england-children-2006",
        "wales-social-services-2014",
    }


def test_quick_path_with_a_tiny_size(bench: ModuleType) -> None:
    """run() writes, times the baseline and the audit in fresh processes, and prints a
    time row and a memory row per size, and a row per other mode (shuffled, --cases,
    one process, the baseline commit: here this one); no targets are judged below 1M
    cases."""
    lines: list[str] = []
    here = str(Path(__file__).resolve().parents[2] / "src")
    report = bench.run([150], trace=False, say=lines.append, against=here)
    assert lines == report.lines
    (size,) = report.sizes
    assert (size.cases, size.audit["counts"]["cases_audited"]) == (150, 150)
    assert size.baseline["rows"] == size.rows
    for figure in ("seconds", "maxrss_mb"):
        assert size.audit[figure] > 0
        assert size.baseline[figure] > 0
    assert bench.TIME_HEAD in lines
    assert bench.MEM_HEAD in lines
    assert bench.SCATTER_HEAD in lines
    assert size.scattered is not None
    assert size.scattered["counts"] == size.audit["counts"]
    for other in (size.with_cases, size.one_worker, size.against):
        assert other is not None and other["counts"] == size.audit["counts"]
    labels = [label for _, label in bench.MODES]
    assert [line.split()[2] for line in lines if line.strip().startswith("150 ")][-4:] == [
        label.split()[0] for label in labels
    ]
    assert any(line.strip().startswith("150 ") for line in lines)
    assert report.verdicts == {}
    if Path("/proc").is_dir():  # the process tree is sampled while the audit runs
        assert size.audit["processes"] >= 1
        assert size.peak_mb >= size.audit["tree_peak_mb"] > 0


def test_tree_memory_counts_this_process(bench: ModuleType) -> None:
    """_tree_rss_kb sums the resident memory of a process and its descendants (None
    where there is no /proc)."""
    import os

    sample = bench._tree_rss_kb(os.getpid())
    if not Path("/proc").is_dir():
        assert sample is None
        return
    kb, count = sample
    assert kb > 1024 and count >= 1


def test_traced_child_reports_a_tracemalloc_peak(bench: ModuleType, tmp_path: Path) -> None:
    """The traced measurement returns a tracemalloc peak and leaves tracing off."""
    import tracemalloc

    path = tmp_path / "cases.csv"
    bench.write_cases(path, 50)
    figures = bench._child("audit", str(path), trace=True)
    assert figures["counts"]["cases_audited"] == 50
    assert figures["tracemalloc_peak_mb"] > 0
    assert not tracemalloc.is_tracing()


def test_targets_are_judged_at_one_million_cases(bench: ModuleType) -> None:
    """At 1M cases each of issue #8's targets is judged on its figure: the time (25 s),
    the peak of every process (300 MB), shuffled rows (2x, 500 MB) and --cases (1.5x)."""

    def figures(seconds: float, peak: float) -> dict[str, object]:
        return {"seconds": seconds, "maxrss_mb": peak, "tree_peak_mb": peak, "counts": {}}

    size = bench.SizeResult(
        1_000_000,
        4_461_090,
        250.0,
        10.0,
        figures(2.0, 17.0),
        figures(24.0, 120.0),
        scattered=figures(50.0, 200.0),
        with_cases=figures(30.0, 150.0),
    )
    assert bench._verdicts(size) == {
        "1M cases in at most 25 s": (True, "24.0 s"),
        "1M cases in at most 300 MB, all processes": (True, "120 MB"),
        "1M shuffled cases in at most 2x the grouped time and 500 MB": (False, "2.08x, 200 MB"),
        "1M cases with --cases in at most 1.5x the time": (True, "1.25x"),
    }
