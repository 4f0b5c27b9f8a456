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
