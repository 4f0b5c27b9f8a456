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
        "(table, json, csv, html, xlsx) or one of the suffixes .csv, .htm, .html, .json, "
        ".txt, .xlsx\n"
    )
    assert not out.exists()


def test_deadlines_on_forecast_bank_holidays_are_warned_of_in_the_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two complaints received in 2029, past the last year whose bank holidays are
    treated as proclaimed: the table and the page open with one warning counting the
    cases (each once) and the dates, naming the first; stderr lists the examples."""
    from tests.cli_support import run

    cases = tmp_path / "h.csv"
    cases.write_text(
        "case_id,ruleset,event,date\n"
        "H1,england-adults-2009,received,2029-12-20\n"
        "H2,england-adults-2009,received,2029-05-01\n",
        "utf-8",
    )
    argv = ["audit", str(cases), "--as-of", "2030-01-31"]
    status, out, err = run(argv, capsys)
    first = out.splitlines()[0]
    assert status == 0
    assert first.startswith(
        "warning: 2 case(s) rest on bank holidays not yet proclaimed (4 distinct warning(s), the "
        "first: 2029-05-04 is after 2027, the last year whose england-and-wales bank "
        "holidays are treated as authoritative"
    )
    assert first.endswith("); their due dates may move when those holidays are proclaimed")
    assert "2 case(s) in all rest on bank holidays not yet proclaimed" in err
    page = tmp_path / "h.html"
    status, _, _ = run([*argv, "--output", str(page)], capsys)
    assert (
        '<p class="banner" role="alert">warning: 2 case(s) rest on bank holidays'
        in page.read_text("utf-8")
    )


def test_a_dotted_name_is_no_suffix_and_htm_is_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`audit-31.03.2025` has no format's suffix but no letters after its last dot
    either: it is the text table; `report.htm` is the page."""
    from tests.cli_support import run

    cases = tmp_path / "cases.csv"
    cases.write_text(CASES, "utf-8")
    dotted, htm = tmp_path / "audit-31.03.2025", tmp_path / "report.htm"
    for out in (dotted, htm):
        status, _, _ = run(audit(cases, "--output", str(out)), capsys)
        assert status == 0
    assert dotted.read_text("utf-8").startswith("warning: 1 of 4 cases")
    assert htm.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_a_reason_quoting_a_long_cell_is_cut_short_in_its_line() -> None:
    """A reason naming a 100,000-character rule-set cell is cut after 1,000 characters
    in the rejection's line, saying how long it was; its JSON form keeps it whole."""
    from statdeadline.audit import Rejection

    reason = f"unknown rule set {'x' * 100_000!r}"
    r = Rejection("a.csv", 2, "C1", reason)
    line = str(r)
    assert line == f"a.csv:2: case C1: {reason[:1000]}... ({len(reason)} characters)"
    assert r.to_dict()["reason"] == reason


def test_an_option_no_input_is_read_by_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--sheet with only a CSV input would be ignored: it is refused (exit 2)."""
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES, "utf-8")
    assert usage_error(audit(cases, "--sheet", "Cases"), capsys) == (
        "error: sheet: expected an .xlsx input (the inputs have no worksheets), got 'Cases'\n"
    )


def test_encoding_with_only_workbooks_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--encoding (or --delimiter) with only .xlsx inputs would be ignored: refused."""
    from tests.unit.test_audit_xlsx import _workbook

    book = _workbook(
        tmp_path / "cases.xlsx",
        {
            "Cases": [
                ["case_id", "ruleset", "event", "date"],
                ["C-1", "foi-2000", "received", "2024-03-28"],
            ]
        },
    )
    assert usage_error(audit(book, "--encoding", "cp1252"), capsys) == (
        "error: encoding: expected a CSV or JSON Lines input (a workbook has no encoding), "
        "got 'cp1252'\n"
    )
