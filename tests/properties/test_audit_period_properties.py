"""Hypothesis properties of reporting periods: each case and each deadline is counted in
exactly one period, so the periods add up to the audit without periods (the inputs are
those of :mod:`tests.properties.test_audit_properties`: cases over some four months)."""

from __future__ import annotations

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
