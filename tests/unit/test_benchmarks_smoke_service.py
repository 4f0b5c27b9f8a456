"""Smoke test for benchmarks/bench_service.py: it imports quietly and its smallest run
starts a real service, measures every section and stops it. Timings are never asserted."""

from __future__ import annotations

import pytest
from tests.bench_support import load_benchmark


def test_smallest_run_reports_every_section_and_target(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Importing prints nothing; the smallest run prints each section and every target."""
    bench = load_benchmark("bench_service.py", monkeypatch)
    assert capsys.readouterr().out == ""
    report = bench.run(bench.SMOKE)
    out = capsys.readouterr().out
    assert list(report.sections) == list(bench.SECTIONS)
    for title in bench.SECTIONS:
        assert f"== {title} ==" in out
    assert set(report.verdicts) == {
        "event median <= 5 ms",
        "event p99 <= 20 ms",
        "queue first page <= 200 ms",
    }
    assert {
        "event_median_ms",
        "event_p99_ms",
        "single_median_ms",
        "health_median_ms",
        "library_median_ms",
        "queue_first_page_ms",
    } <= set(report.figures)
