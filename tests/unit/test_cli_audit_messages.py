"""`statdeadline audit`'s words for what it will not guess: an --output suffix no
report format has."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli_support import usage_error
from tests.unit.test_cli_audit import CASES, audit


def test_an_output_suffix_no_format_has_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--output report.weird` is not written as the text table: exit 2 naming the
    formats and suffixes, and nothing is written; with --format it is that format."""
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES, "utf-8")
    out = tmp_path / "report.weird"
    assert usage_error(audit(cases, "--output", str(out)), capsys) == (
        f"error: --output {out}: no report format has the suffix '.weird'; give --format "
        "(table, json, csv, html, xlsx) or one of the suffixes .csv, .html, .json, .txt, "
        ".xlsx\n"
    )
    assert not out.exists()
