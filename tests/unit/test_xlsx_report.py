"""The Excel workbook of an audit report: its sheets, typed cells, frozen headers, and
no formula from the data; --output's suffix chooses the format."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from tests.audit_support import write_rows
from tests.cli_support import run
from tests.unit.test_audit_periods import ROWS

from statdeadline.audit import AuditReport, audit
from statdeadline.reports import SHEETS_XLSX, xlsx_bytes
from statdeadline.reports.xlsx_report import CaseSheet

HEADER = ("case_id", "ruleset", "event", "date", "team")


def report(tmp_path: Path) -> AuditReport:
    rows = [(*r, '=HYPERLINK("http://x")' if r[0] == "P1" else "North") for r in ROWS]
    path = write_rows(tmp_path / "in.csv", HEADER, rows)
    return audit(
        [path], as_of="2020-06-30", group_by=["team"], financial_year=2019, compare=1, target=0.8
    )


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_typed_cells_and_frozen_headers(tmp_path: Path) -> None:
    """The sheets in order; numbers are numbers, rates formatted as percentages, the mean
    working days with one decimal, the as-of date a date; every sheet's header row is
    frozen."""
    wb = book(xlsx_bytes(report(tmp_path), title="Adults 2019-20"))
    assert wb.sheetnames == list(SHEETS_XLSX)
    summary = wb["Summary"]
    header = [c.value for c in summary[1]]
    assert header[:6] == ["ruleset", "clock", "team", "period", "label", "kind"]
    first = {h: c for h, c in zip(header, summary[2], strict=False)}
    assert (first["clock"].value, first["period"].value, first["deadlines"].value) == (
        "acknowledgement",
        "2018-19",
        1,
    )
    assert first["on_time_rate"].value == 1.0
    assert first["on_time_rate"].number_format == "0.0%"
    assert [first["wd_mean"].number_format, first["wd_median"].number_format] == ["0.0", "General"]
    assert all(wb[name].freeze_panes == "A2" for name in wb.sheetnames)
    about = {r[0].value: r[1].value for r in wb["About"].iter_rows(min_row=2)}
    assert about["title"] == "Adults 2019-20"
    assert about["as_of"] == dt.datetime(2020, 6, 30)
    assert wb.properties.title == "Adults 2019-20"


def test_nothing_from_the_data_is_a_formula(tmp_path: Path) -> None:
    """A group cell that reads like a formula is written as text: no cell of the
    workbook holds a formula."""
    wb = book(xlsx_bytes(report(tmp_path)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert '=HYPERLINK("http://x")' in [c.value for c in wb["Summary"]["C"]]


def test_output_suffix_chooses_the_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output report.xlsx writes a workbook without --format; .json JSON."""
    path = write_rows(tmp_path / "in.csv", HEADER[:4], ROWS)
    out = tmp_path / "report.xlsx"
    argv = ["audit", str(path), "--as-of", "2020-06-30", "--by", "financial-year"]
    status, stdout, _ = run([*argv, "--output", str(out), "--title", "Adults"], capsys)
    assert (status, stdout) == (0, "")
    assert book(out.read_bytes())["About"]["B2"].value == "Adults"
    as_json = tmp_path / "report.json"
    assert run([*argv, "--output", str(as_json)], capsys)[0] == 0
    assert as_json.read_text(encoding="utf-8").startswith("{")


def test_the_title_defaults_to_the_profiles_then_the_as_of_date(tmp_path: Path) -> None:
    """Without a title the About sheet's title is the report profile's title when the
    audit had a profile, else "Complaints timeliness as of" the as-of date."""
    path = write_rows(tmp_path / "in.csv", HEADER[:4], ROWS)
    profiled = audit([path], as_of="2020-06-30", profile="cheshire-west-adults")
    titles = [
        book(xlsx_bytes(r))["About"]["B2"].value
        for r in (profiled, audit([path], as_of="2020-06-30"))
    ]
    assert titles == [
        "Cheshire West and Chester Council - adult social care complaints, response times",
        "Complaints timeliness as of 2020-06-30",
    ]


def test_the_cases_sheet_has_a_typed_row_per_deadline(tmp_path: Path) -> None:
    """Given the cases, the Cases sheet has a row per deadline with the per-case CSV's
    columns (the group after the rule set): dates as dates, counts as numbers, a case id
    that reads like a formula as text. P1 (received 2019-03-20, a Wednesday) was
    acknowledged the next day, 2019-03-21: its acknowledgement started 2019-03-20 and
    was met on 2019-03-21, one working day."""
    rows = [(("=1+1" if r[0] == "P1" else r[0]), *r[1:], "North") for r in ROWS]
    rows.append(("BAD", ROWS[0][1], "bogus", "2019-05-01", "North"))  # rejected: its reason
    path = write_rows(tmp_path / "in.csv", HEADER, rows)
    sheet = CaseSheet()
    rep = audit([path], as_of="2020-06-30", group_by=["team"], on_case=sheet)
    wb = book(xlsx_bytes(rep, cases=sheet))
    ws = wb["Cases"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["case_id", "ruleset", "team", "state", "clock"]
    records = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2)]
    # a row per deadline, and one for the rejected case
    assert len(records) == sum(len(c.deadlines) for c in sheet.cases) + 1
    bad = next(r for r in records if r["case_id"].value == "BAD")
    assert bad["rejected"].value.startswith("unknown event 'bogus'")
    assert (bad["clock"].value, bad["start"].value) == (None, None)
    ack = next(
        r for r in records if (r["case_id"].value, r["clock"].value) == ("=1+1", "acknowledgement")
    )
    assert ack["case_id"].data_type == "s"  # text, not the formula 1+1
    assert (ack["start"].value, ack["met_on"].value) == (
        dt.datetime(2019, 3, 20),
        dt.datetime(2019, 3, 21),
    )
    assert ack["start"].number_format == "yyyy-mm-dd"
    assert (ack["working_days_taken"].value, ack["days_late"].value, ack["team"].value) == (
        1,
        0,
        "North",
    )
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert ws.freeze_panes == "A2"


def test_the_cases_sheet_stops_at_its_limit_and_says_so(tmp_path: Path) -> None:
    """Past its limit the sheet keeps no more cases and ends with a row saying how many
    rows it left out: with a limit of 2 rows, each case whose rows do not fit is left
    out whole, and the rows kept and left out are all the rows there are."""
    path = write_rows(tmp_path / "in.csv", HEADER[:4], [r[:4] for r in ROWS])
    sheet = CaseSheet(limit=2)
    rep = audit([path], as_of="2020-06-30", on_case=sheet)
    everything = CaseSheet()
    audit([path], as_of="2020-06-30", on_case=everything)
    assert sheet.rows <= 2 and sheet.rows + sheet.left_out == everything.rows
    ws = book(xlsx_bytes(rep, cases=sheet))["Cases"]
    last = ws.cell(row=ws.max_row, column=1).value
    assert last == (
        f"{sheet.left_out:,} more rows not shown (the sheet holds 2): "
        "the per-case file (--cases FILE) has them all"
    )


def test_the_command_lines_workbook_lists_the_cases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """audit --output report.xlsx fills the Cases sheet: as many deadline rows as the
    per-case CSV written beside it (less its header)."""
    path = write_rows(tmp_path / "in.csv", HEADER[:4], [r[:4] for r in ROWS])
    out, per_case = tmp_path / "report.xlsx", tmp_path / "cases.csv"
    argv = ["audit", str(path), "--as-of", "2020-06-30", "--output", str(out)]
    assert run([*argv, "--cases", str(per_case)], capsys)[0] == 0
    n = len(per_case.read_text(encoding="utf-8").splitlines()) - 1
    ws = book(out.read_bytes())["Cases"]
    assert ws.max_row - 1 == n > 0
