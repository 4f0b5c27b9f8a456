"""Smoke test for benchmarks/bench_calendar.py: it imports quietly and every section runs.

Timings are never asserted (they depend on the machine); only that the benchmark runs its
smallest path end to end and reports every section and target.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from tests.bench_support import load_benchmark


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    return load_benchmark("bench_calendar.py", monkeypatch)


def test_import_has_no_side_effects(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    """Importing the benchmark prints nothing (it only defines things)."""
    assert capsys.readouterr().out == ""
    assert callable(bench.run)
    assert callable(bench.main)


def test_smallest_run_reports_every_section_and_target(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """The smallest run prints and returns every section, each target, and the numpy trap."""
    report = bench.run(bench.SMOKE)
    out = capsys.readouterr().out

    assert [*bench.SECTIONS, "summary"] == list(report.sections)
    for title, lines in report.sections.items():
        assert f"== {title} ==" in out
        assert any(line.strip() for line in lines), title
    assert {
        "scalar add within 1.5x of bare lookup",
        "scalar between within 1.5x of bare lookup",
        "batch faster than numpy from a Python list",
        "batch on a datetime64 array within 2x numpy.busday_offset",
        "build < 50 ms per division (median, warm)",
        "a new process builds from the file cache without importing holidays",
        "import statdeadline defers holidays",
    } == set(report.verdicts)
    assert {"lib_add", "bare_add", "lib_between", "bare_between", "lib_many", "naive"} <= set(
        report.figures
    )
    assert report.verdicts["import statdeadline defers holidays"] is True
    assert report.verdicts["a new process builds from the file cache without importing holidays"]
    if "numpy_list" in report.figures:  # numpy is optional: the section notes its absence
        assert "statutory Tue 2024-04-02; numpy roll='forward' Wed 2024-04-03" in out
    else:
        assert "numpy not installed" in out
