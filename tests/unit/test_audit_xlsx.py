"""Excel workbooks (.xlsx) as audit input: long and wide format, date cells and text
dates, --sheet, and the errors a workbook can give. The cases are those of
``test_cli_audit.py`` (C-9 rejected for an unknown event): rows 7 read = 5 used + 2
rejected; cases 4 read = 3 audited + 1 rejected."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.cli_support import run, usage_error
from tests.unit.test_cli_audit import CASES, COUNTS

from statdeadline.audit import AuditError, audit

openpyxl = pytest.importorskip("openpyxl", reason="the excel extra is not installed")


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _long_rows(date_cells: bool) -> list[list[object]]:
    """CASES as worksheet rows: dates as date cells, or as the text a user typed; an
    extra empty column right of the header, as Excel sheets often have."""
    header, *body = CASES.splitlines()
    rows: list[list[object]] = [[*header.split(","), None]]
    for line in body:
        cells: list[object] = line.split(",")
        if date_cells:
            cells[3] = dt.datetime.fromisoformat(str(cells[3]))
        rows.append([*cells, None])
    return rows


@pytest.mark.parametrize("date_cells", [True, False])
def test_long_format_workbook_audits_as_the_csv_does(tmp_path: Path, date_cells: bool) -> None:
    """The cases in a sheet, with date cells or text dates, give the CSV's counts and
    rejection, named by the sheet's row number."""
    path = _workbook(tmp_path / "cases.xlsx", {"Cases": _long_rows(date_cells)})
    report = audit([path], as_of="2024-05-10", group_by=["team"])
    assert dict(report.counts) == COUNTS
    assert [(r.line, r.case_id) for r in report.rejections] == [(8, "C-9")]
    assert report.meta["inputs"][0]["format"] == "xlsx"
    assert report.meta["inputs"][0]["sheet"] is None


def test_sheet_chooses_the_worksheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--sheet reads that worksheet (the first by default); a sheet that is not there is
    one error listing those that are."""
    path = _workbook(
        tmp_path / "book.xlsx", {"Notes": [["nothing here"]], "Cases": _long_rows(True)}
    )
    argv = ["audit", str(path), "--as-of", "2024-05-10", "--format", "json"]
    status, out, _ = run([*argv, "--sheet", "Cases"], capsys)
    assert (status, json.loads(out)["counts"]) == (0, COUNTS)
    assert json.loads(out)["meta"]["inputs"][0]["sheet"] == "Cases"
    assert usage_error([*argv, "--sheet", "Data"], capsys) == (
        f"error: {path}: no sheet named 'Data'; sheets: Notes, Cases\n"
    )
    with pytest.raises(AuditError) as info:
        audit([path], as_of="2024-05-10")
    assert str(info.value).startswith(f"{path}:1: missing column(s) case_id, ruleset, event, date")


def test_wide_format_workbook_through_a_mapping(tmp_path: Path) -> None:
    """A one-row-per-case sheet read through a mapping, dates as date cells; its headers
    matched in any case."""
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "format: statdeadline/wide-mapping@1\nruleset: england-children-2006\n"
        "case_id: Ref\ngroups: {team: Team}\nevents:\n"
        "  - {event: received, date: Received}\n"
        "  - {event: stage1_response, date: Answered}\n",
        "utf-8",
    )
    rows: list[list[object]] = [
        ["REF", "team", "received", "ANSWERED"],
        ["C-1", "North", dt.datetime(2024, 3, 28), dt.datetime(2024, 4, 10)],
        ["C-2", "South", dt.datetime(2024, 4, 2), "2024-04-30"],
        ["C-3", "North", dt.datetime(2024, 5, 1), None],
    ]
    path = _workbook(tmp_path / "wide.xlsx", {"Export": rows})
    report = audit([path], mapping=mapping, as_of="2024-05-10", group_by=["team"])
    c = report.counts
    assert (c["rows_read"], c["rows_used"], c["cases_read"], c["cases_audited"]) == (5, 5, 3, 3)
    assert report.rejections == ()


def test_blank_worksheet_rows_are_skipped(tmp_path: Path) -> None:
    """Blank rows in a sheet (all cells empty, or spaces, or never written) are skipped
    like blank lines, not rejected as 'missing case_id' nor counted: the sheet gives the
    CSV's counts and its one rejection, C-9 on what is now row 11 (three blank rows
    before it)."""
    rows = _long_rows(True)
    width = len(rows[0])
    rows[2:2] = [[None] * width, ["", " ", None, None, None, None, None]]
    rows.insert(5, [])
    path = _workbook(tmp_path / "blank.xlsx", {"Cases": rows})
    report = audit([path], as_of="2024-05-10", group_by=["team"])
    assert dict(report.counts) == COUNTS
    assert [(r.line, r.case_id) for r in report.rejections] == [(11, "C-9")]
