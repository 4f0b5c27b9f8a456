"""Rows that name no case (an empty case id, a line of broken JSON) are rejected one by
one and counted as rows only; the checks that make a mostly-rejected audit fail loudly
count each of them as one thing read and rejected, so a file of them is no success."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli_support import run
from tests.unit.test_cli_audit import audit

GOOD = "C-1,england-children-2006,received,2024-03-28,North\n"
#: 1 good row, then 20 rows with an empty case id: rows 21 read = 1 used + 20 rejected;
#: cases 1 read = 1 audited + 0 rejected; rejected: 20 of 21 (95.2%)
NO_CASE_IDS = (
    "case_id,ruleset,event,date,team\n"
    + GOOD
    + ",england-children-2006,received,2024-04-01,South\n" * 20
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_rows_naming_no_case_count_against_max_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """20 of 21 things read were rejected (0 of 1 cases, 20 rows naming none): over 5%
    the audit exits 1 naming both; within 96% it exits 0."""
    path = _write(tmp_path, "nocaseid.csv", NO_CASE_IDS)
    status, out, err = run(audit(path, "--format", "json", "--max-rejected", "5%"), capsys)
    counts = json.loads(out)["counts"]
    assert (counts["rows_read"], counts["rows_rejected"], counts["cases_read"]) == (21, 20, 1)
    assert status == 1
    assert err.splitlines()[-1] == (
        "error: 20 of 21 (95.2%: 0 of 1 cases and 20 row(s) that name no case) were "
        "rejected, more than the limit of 5% (--max-rejected)"
    )
    status, _, _ = run(audit(path, "--format", "json", "--max-rejected", "96%"), capsys)
    assert status == 0
    status, _, _ = run(audit(path, "--format", "json", "--max-rejected", "19"), capsys)
    assert status == 1  # 20 things rejected, more than 19


def test_the_table_and_the_page_warn_over_rows_naming_no_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The table opens with the warning, and the page shows it as a banner and does not
    call the reconciliation a success, though every count adds up."""
    path = _write(tmp_path, "nocaseid.csv", NO_CASE_IDS)
    status, out, _ = run(audit(path), capsys)
    assert status == 0
    assert out.splitlines()[0] == (
        "warning: 20 of 21 (95.2%: 0 of 1 cases and 20 row(s) that name no case) were "
        "rejected; these figures cover only the other 1 case(s); see the rejections"
    )
    page = tmp_path / "r.html"
    status, _, _ = run(audit(path, "--format", "html", "--output", str(page)), capsys)
    html = page.read_text("utf-8")
    assert status == 0 and '<p class="banner" role="alert">warning: 20 of 21' in html
    assert '<td class="ok">reconciles</td>' not in html
    assert html.count('<td class="bad">reconciles, but too many cases were rejected</td>') == 2


def test_a_file_of_broken_lines_fails_and_an_empty_one_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """20 lines of broken JSON name no case: no case could be read, exit 1 (as when every
    case is rejected); a file with a header and no rows is an empty report, exit 0 with
    a warning saying so."""
    broken = "".join(
        f'{{"case_id": "B{i}", "ruleset": "england-children-2006", broken\n' for i in range(20)
    )
    path = _write(tmp_path, "allbad.jsonl", broken)
    status, _, err = run(
        audit(path, "--format", "json", "--output", str(tmp_path / "a.json")), capsys
    )
    assert status == 1
    assert err.splitlines()[-1] == (
        "error: no case could be read (20 row(s) rejected, none naming a case); the first: "
        f"{path}:1: not valid JSON (Expecting property name enclosed in double quotes)"
    )
    empty = _write(tmp_path, "empty.csv", "case_id,ruleset,event,date,team\n")
    status, _, err = run(
        audit(empty, "--format", "json", "--output", str(tmp_path / "e.json")), capsys
    )
    assert status == 0
    assert err.splitlines()[0] == "warning: the input has no rows: the report is empty"
