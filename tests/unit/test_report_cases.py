"""The per-case table's rows, written once (:func:`case_cells`) and formatted by each
medium: the per-case CSV as text, the workbook's Cases sheet as typed cells; and the
Cases sheet's count of rows, which is the rows it writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
from tests.unit.test_report import small

from statdeadline.audit import CaseResult
from statdeadline.reports import CASE_COLUMNS, CaseWriter, xlsx_bytes
from statdeadline.reports.cases import case_cells, case_row_count
from statdeadline.reports.xlsx_report import CaseSheet


def _column(name: str) -> int:
    """The index of ``name`` in a row with the one group column ``team``."""
    cols = list(CASE_COLUMNS)
    cols[2:2] = ["team"]
    return cols.index(name)


def test_case_cells_are_typed_and_give_working_days_only_where_ended(tmp_path: Path) -> None:
    """A2 (received Monday 2025-06-02, acknowledged 2025-06-09, no answer by the as-of
    date 2025-07-31): its acknowledgement ended (met late, 5 working days: 3, 4, 5, 6 and
    9 June), so its working days taken are given; its response backstop and delay notice
    still run, so theirs are ``None`` though the engine counts days to the as-of date."""
    _, cases, _ = small(tmp_path)
    a2 = next(c for c in cases if c.case_id == "A2")
    rows = case_cells(a2, ["team"])
    taken, start = _column("working_days_taken"), _column("start")
    clock, due = _column("clock"), _column("due")
    assert [(r[clock], r[taken]) for r in rows] == [
        ("acknowledgement", 5),
        ("response_backstop", None),
        ("delay_notice", None),
    ]
    assert rows[0][start] == dt.date(2025, 6, 2)
    assert rows[0][:4] == ["A2", "england-adults-2009", "South", "open"]
    assert rows[2][due] is None  # the delay notice has no due date of its own
    assert all(len(r) == len(CASE_COLUMNS) + 1 for r in rows)


def test_the_csv_and_the_workbook_write_the_same_cells(tmp_path: Path) -> None:
    """Every cell of the per-case CSV is the Cases sheet's cell as text: a date in ISO
    form, a number as digits, an empty cell empty (a running deadline's working days, a
    rejected case's clock columns)."""
    report, cases, _ = small(tmp_path)
    out = io.StringIO()
    writer = CaseWriter(out, "csv", group_by=["team"])
    for c in cases:
        writer.write(c)
    from_csv = list(csv.reader(io.StringIO(out.getvalue())))
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(report, cases=cases)))["Cases"]

    def text(v: object) -> str:
        if v is None:
            return ""
        return v.date().isoformat() if isinstance(v, dt.datetime) else str(v)

    from_xlsx = [[text(c.value) for c in row] for row in ws.iter_rows()]
    assert from_csv == from_xlsx
    assert len(from_csv) == 1 + 7  # the header, three deadlines each of A1, A2, and A3


def test_a_case_with_no_deadlines_has_no_row_and_is_counted_so(tmp_path: Path) -> None:
    """A case that was not rejected but has no deadlines gives no row (as the per-case
    CSV), and the Cases sheet counts none for it: with room for one row, a case with no
    deadlines and then a rejected case both fit (0 + 1 rows), nothing is left out, and
    the sheet holds the rejected case's row alone."""
    _, cases, _ = small(tmp_path)
    rejected = next(c for c in cases if c.rejection is not None)
    empty = CaseResult(
        case_id="E1", ruleset="england-adults-2009", groups={}, state="received", deadlines=()
    )
    assert (case_cells(empty), case_row_count(empty)) == ([], 0)
    assert len(case_cells(rejected)) == case_row_count(rejected) == 1
    for c in cases:
        assert case_row_count(c) == len(case_cells(c))
    sheet = CaseSheet(limit=1)
    sheet(empty)
    sheet(rejected)
    assert (sheet.rows, sheet.left_out, [c.case_id for c in sheet.cases]) == (1, 0, ["E1", "A3"])
    report, _, _ = small(tmp_path)
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(report, cases=sheet)))["Cases"]
    assert [row[0].value for row in ws.iter_rows(min_row=2)] == ["A3"]


def _reference_csv(cases: list[CaseResult], groups: list[str]) -> str:
    """The per-case CSV as it is defined: the header, then each row of :func:`case_cells`
    with every cell as ``_csv_cell`` makes it, through the csv module."""
    from statdeadline.reports.cases import _csv_cell

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    cols = list(CASE_COLUMNS)
    cols[2:2] = groups
    w.writerow(cols)
    for c in cases:
        w.writerows([_csv_cell(v) for v in row] for row in case_cells(c, groups))
    return out.getvalue()


def _examples_audited(tmp_path: Path) -> list[CaseResult]:
    """Every case of the bundled examples (all the rule sets they use: levels,
    extensions, pauses, repeats, open and closed, rejected rows), and a few whose own
    cells would start a formula (an id, a group, an unknown rule set named '=1+1')."""
    from statdeadline.audit import audit

    root = Path(__file__).resolve().parents[2] / "examples"
    cases: list[CaseResult] = []
    audit([root / "cases.csv"], as_of="2026-03-31", group_by=["team"], on_case=cases.append)
    for name in ("cardiff-2021-2023.csv", "cheshire-west-2017-2020.csv"):
        audit([root / name], as_of="2024-03-31", on_case=cases.append)
    odd = tmp_path / "odd.csv"
    odd.write_text(
        "case_id,ruleset,event,date,team\n"
        "=HYPERLINK(1),england-adults-2009,received,2025-06-02,-North\n"
        "@x,england-adults-2009,received,2025-06-02,+South\n"
        "@x,england-adults-2009,acknowledged,2025-06-04,+South\n"
        "X1,=1+1,received,2025-06-02,\n",
        encoding="utf-8",
    )
    audit([odd], as_of="2025-07-31", group_by=["team"], on_case=cases.append)
    return cases


def test_the_csv_fast_path_writes_what_case_cells_define(tmp_path: Path) -> None:
    """``CaseWriter`` builds the CSV's text cells itself (each recurring id and date made
    once): byte for byte the text of ``_csv_cell`` over :func:`case_cells`, for every
    case of the examples and for cells that must be neutralised; also when it has to
    forget what it made (a bound of 3 cells, so it starts again many times)."""
    import pytest

    from statdeadline.reports import cases as module

    cases = _examples_audited(tmp_path)
    kinds = {d.status for c in cases for d in c.deadlines}
    assert {"met", "met_late", "overdue"} <= kinds and any(c.rejection for c in cases)
    for bound in (module._MAX_REMEMBERED, 3):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(module, "_MAX_REMEMBERED", bound)
            for groups in ([], ["team"]):
                out = io.StringIO()
                writer = CaseWriter(out, "csv", group_by=groups)
                for c in cases:
                    writer.write(c)
                assert out.getvalue() == _reference_csv(cases, groups)
    text = out.getvalue()
    assert "'=HYPERLINK(1)" in text and "'-North" in text and "'@x" in text
