"""What is checked before any case is replayed (statdeadline.audit.checks): here, a wide
mapping whose rows name their rule set, checked against every bundled rule set."""

from __future__ import annotations

from pathlib import Path

import pytest

from statdeadline.audit import AuditError, audit

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MAPPING = (EXAMPLES / "cases-wide-mapping.yaml").read_text("utf-8")


def _mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(text, "utf-8")
    return path


def test_a_misspelt_event_or_field_with_a_ruleset_column_is_one_error(tmp_path: Path) -> None:
    """examples/cases-wide-mapping.yaml names each row's rule set in its Procedure
    column. Misspell its triaged event (events[1]) and its acknowledged one (events[2]),
    and its received event's field grounds_arose (events[0]): none is in any bundled
    rule set, so the audit stops with one error listing the three, the nearest names
    suggested for the events, before any row is read (no case rejected one by one)."""
    text = (
        MAPPING.replace("event: triaged", "event: triagd")
        .replace("event: acknowledged", "event: acknowledgd")
        .replace("grounds_arose: Date", "grounds_arise: Date")
    )
    m = _mapping(tmp_path, text)
    with pytest.raises(AuditError) as info:
        audit([EXAMPLES / "cases-wide.csv"], mapping=m, as_of="2024-05-10")
    lines = str(info.value).splitlines()
    assert lines[1:] == [
        f"{m}: events[1].event: 'triagd' is not an event of any bundled rule set (which "
        "the 'Procedure' column may name); did you mean 'triaged'?",
        f"{m}: events[2].event: 'acknowledgd' is not an event of any bundled rule set "
        "(which the 'Procedure' column may name); did you mean 'acknowledged'?",
    ]
    assert lines[0].startswith(
        f"{m}: events[0].fields.grounds_arise: not a field of the received event in any "
        "bundled rule set; its fields: "
    )
    assert "grounds_arose" in lines[0].split("its fields: ")[1].split(", ")


def test_the_unchanged_mapping_passes_the_check(tmp_path: Path) -> None:
    """The example mapping as shipped: every event and field is some bundled rule set's,
    and all 160 cases are audited, the counts reconciled."""
    m = _mapping(tmp_path, MAPPING)
    report = audit([EXAMPLES / "cases-wide.csv"], mapping=m, as_of="2024-05-10")
    c = report.counts
    assert (c["cases_read"], c["cases_rejected"]) == (160, 0)
    assert c["rows_read"] == c["rows_used"] + c["rows_rejected"]
    assert c["cases_read"] == c["cases_audited"] + c["cases_rejected"]


def test_with_rules_folders_the_rows_rule_sets_are_checked_case_by_case(
    tmp_path: Path,
) -> None:
    """With rules folders of the user's own (whose rule sets may have any events), a
    misspelt event is not refused up front: the cases whose rule set lacks it are
    rejected, each saying why, and the counts reconcile."""
    (tmp_path / "rules").mkdir()
    m = _mapping(tmp_path, MAPPING.replace("event: triaged", "event: triagd"))
    report = audit(
        [EXAMPLES / "cases-wide.csv"],
        mapping=m,
        as_of="2024-05-10",
        rules_dirs=[tmp_path / "rules"],
    )
    c = report.counts
    assert c["cases_rejected"] > 0
    assert all("triagd" in r.reason for r in report.rejections)
    assert c["cases_read"] == c["cases_audited"] + c["cases_rejected"]
