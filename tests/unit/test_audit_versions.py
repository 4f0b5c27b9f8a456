"""An audit's provenance names every version of a rule set its cases were judged under:
each case under the version in force on the day it was received."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli_support import run

from statdeadline.audit import CaseResult, audit
from statdeadline.reports import render_table

#: Subject access requests: S1 and S2 received before 2026-02-05 (uk-gdpr-sar@2021,
#: version 1.1.0, in force to 2026-02-04), S3 on that day (2.1.0, in force from it).
CASES = """\
case_id,ruleset,event,date
S1,uk-gdpr-sar,received,2025-11-03
S2,uk-gdpr-sar,received,2026-02-04
S3,uk-gdpr-sar,received,2026-02-05
"""


def test_each_version_used_is_named_with_its_cases(tmp_path: Path) -> None:
    path = tmp_path / "sar.csv"
    path.write_text(CASES, "utf-8")
    seen: list[CaseResult] = []
    report = audit([path], as_of="2026-03-31", on_case=seen.append)
    assert [(c.case_id, c.ruleset_version) for c in seen] == [
        ("S1", "1.1.0"),
        ("S2", "1.1.0"),
        ("S3", "2.1.0"),
    ]
    info = report.meta["rulesets"]["uk-gdpr-sar"]
    assert (info["version"], info["versions"]) == ("2.1.0", {"1.1.0": 2, "2.1.0": 1})
    assert "rule set uk-gdpr-sar 1.1.0 (2 cases), 2.1.0 (1 case) (" in render_table(report)


def test_one_version_used_is_that_version_not_the_newest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cases all received under 1.1.0: the provenance is 1.1.0 (its own layers and
    calendar), though loading the id gives the newest version."""
    path = tmp_path / "sar.csv"
    path.write_text("\n".join(CASES.splitlines()[:3]) + "\n", "utf-8")
    report = audit([path], as_of="2026-03-31")
    info = report.meta["rulesets"]["uk-gdpr-sar"]
    assert (info["version"], info["versions"]) == ("1.1.0", {"1.1.0": 2})
    status, out, _ = run(["audit", str(path), "--as-of", "2026-03-31"], capsys)
    assert status == 0 and "rule set uk-gdpr-sar 1.1.0 (" in out


def test_a_row_naming_one_version_by_its_file_is_the_same_rule_set(tmp_path: Path) -> None:
    """A row naming uk-gdpr-sar by id and one naming its 2021 version's bundled file are
    one rule set (versions of one another), not two with one id: both cases are audited,
    each under the version in force on its day."""
    from statdeadline.rules import bundled_rules_dir

    old = bundled_rules_dir() / "uk-gdpr-sar@2021.yaml"
    path = tmp_path / "sar.csv"
    path.write_text(
        f"case_id,ruleset,event,date\nS1,{old},received,2025-11-03\nS3,uk-gdpr-sar,received,2026-02-05\n",
        "utf-8",
    )
    seen: list[CaseResult] = []
    report = audit([path], as_of="2026-03-31", on_case=seen.append)
    assert report.rejections == ()
    assert [(c.case_id, c.ruleset_version) for c in seen] == [("S1", "1.1.0"), ("S3", "2.1.0")]
    assert report.meta["rulesets"]["uk-gdpr-sar"]["versions"] == {"1.1.0": 1, "2.1.0": 1}


def _lineage(rules: Path) -> None:
    """rules/lin.yaml, version 2.0.0 from 2021 with a second clock ``extra`` (5 working
    days); rules/lin@2020.yaml, version 1.0.0 to 2020-12-31, with the response clock only
    (the small rule set of tests/cli_support: 20 working days)."""
    from tests.cli_support import SMALL_RULES

    base = SMALL_RULES.replace("id: example-foi", "id: lin")
    new = base.replace('version: "1.0.0"', 'version: "2.0.0"').replace(
        "effective_from: 2005-01-01", "effective_from: 2021-01-01"
    )
    new += (
        "  extra:\n    label: Extra\n    kind: statutory\n    start: received\n"
        "    met_by: responded\n    duration: {working_days: 5}\n"
        "    citation: {source: foia-2000, ref: s.10(1), confidence: primary}\n"
    )
    old = base.replace(
        "effective_from: 2005-01-01", "effective_from: 2005-01-01\neffective_to: 2020-12-31"
    )
    (rules / "lin.yaml").write_text(new, "utf-8")
    (rules / "lin@2020.yaml").write_text(old, "utf-8")


@pytest.mark.parametrize("workers", [1, 2])
def test_cases_are_tallied_by_the_version_they_were_judged_under(
    tmp_path: Path, workers: int
) -> None:
    """A (2021) is judged under 2.0.0, with its two clocks; B (2020), named once by id and
    once by the old version's file, under 1.0.0, with the response clock only: the tally
    counts response 3 times and extra once (it crashed on a clock the loaded version
    lacked, or counted B's clocks against the wrong version)."""
    rules = tmp_path / "rules"
    rules.mkdir()
    _lineage(rules)
    old = rules / "lin@2020.yaml"
    path = tmp_path / "in.csv"
    path.write_text(
        "case_id,ruleset,event,date\nA,lin,received,2021-03-01\n"
        f"B,{old},received,2020-03-02\nC,lin,received,2020-03-02\n",
        "utf-8",
    )
    report = audit([path], as_of="2021-12-31", rules_dirs=[rules], workers=workers)
    assert report.rejections == ()
    assert sorted((r.clock, r.deadlines) for r in report.summary) == [("extra", 1), ("response", 3)]
    assert report.meta["rulesets"]["lin"]["versions"] == {"1.0.0": 2, "2.0.0": 1}


def test_a_version_file_that_cannot_be_read_rejects_its_cases_not_the_audit(tmp_path: Path) -> None:
    """rules/lin@draft.yaml has a misspelt key: a case naming rules/lin.yaml (whose
    versions include the draft) is rejected naming it, and the report is written."""
    rules = tmp_path / "rules"
    rules.mkdir()
    _lineage(rules)
    (rules / "lin@draft.yaml").write_text(
        (rules / "lin@2020.yaml")
        .read_text("utf-8")
        .replace("working_days: 20", "working_dayz: 20"),
        "utf-8",
    )
    path = tmp_path / "in.csv"
    path.write_text(
        f"case_id,ruleset,event,date\nA,{rules / 'lin.yaml'},received,2021-03-01\n", "utf-8"
    )
    report = audit([path], as_of="2021-12-31", rules_dirs=[rules])
    [rejection] = report.rejections
    assert "lin@draft.yaml" in rejection.reason and "working_dayz: unknown key" in rejection.reason
    assert report.counts["cases_rejected"] == 1
