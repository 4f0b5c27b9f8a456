"""The audit's status columns (statdeadline.audit.columns) and how the tally, the headlines
and the writers count the engine's ``not_required``, ``owed`` and ``done``.

Worked by hand (England and Wales calendar):

* Wales (wales-social-services-2014), the discussion due 10 working days after the
  acknowledgement: W1 received Thu 28 Mar 2024, acknowledged Wed 3 Apr, the offer of a
  discussion declined Mon 22 Apr (after its due date, Wed 17 Apr): not required. W2 the
  same, the discussion held Wed 10 Apr: met. The discussion's row: 2 deadlines, 1 on
  time, 1 not required, on-time rate 1/1 (not required is in neither part of it).
* A duty arising after a six-month backstop (tests/data/rules/duty-after-backstop.yaml,
  the shape of SI 2009/309's delay notice): E1 received Mon 6 Jan 2025, nothing more: six months beginning 6 Jan end Sat
  5 Jul, so as of Thu 31 Jul the backstop is overdue and the notice owed (from Sun 6 Jul).
  E2 the same, the notice sent Thu 10 Jul: done. E3 the notice sent Tue 1 Jul (before the
  duty arose), the response Mon 14 Jul (late): done. E4 received Mon 2 Jun 2025, answered
  Mon 16 Jun: the backstop met, so the notice never arose: cancelled. The notice's row: 4
  deadlines, 1 owed, 2 done, 1 cancelled, no on-time rate and no target verdict.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import attrs
import pytest
from tests.audit_support import row_for, write_rows

from statdeadline import STATUSES
from statdeadline.audit import AuditReport, SummaryRow, audit
from statdeadline.audit.columns import STATUS_COLUMNS, column_counts, column_of, decided, ended
from statdeadline.reports import render_table, write_csv, write_json
from statdeadline.reports.html import STATUS_MEANINGS, write_html

HEADER = ("case_id", "ruleset", "event", "date")
W, E = "wales-social-services-2014", "duty-after-backstop"
DATA = Path(__file__).parent.parent / "data" / "rules"
ROWS = [
    ("W1", W, "received", "2024-03-28"),
    ("W1", W, "acknowledged", "2024-04-03"),
    ("W1", W, "discussion_declined", "2024-04-22"),
    ("W2", W, "received", "2024-03-28"),
    ("W2", W, "acknowledged", "2024-04-03"),
    ("W2", W, "discussion_held", "2024-04-10"),
    ("E1", E, "received", "2025-01-06"),
    ("E2", E, "received", "2025-01-06"),
    ("E2", E, "delay_notice", "2025-07-10"),
    ("E3", E, "received", "2025-01-06"),
    ("E3", E, "delay_notice", "2025-07-01"),
    ("E3", E, "response", "2025-07-14"),
    ("E4", E, "received", "2025-06-02"),
    ("E4", E, "response", "2025-06-16"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> AuditReport:
    path = write_rows(tmp_path_factory.mktemp("cols") / "in.csv", HEADER, ROWS)
    return audit([path], as_of="2025-07-31", target=0.8, rules_dirs=[DATA])


def test_every_status_has_exactly_one_column() -> None:
    """Each engine status, and the audit's not_recorded, is counted in one column, and
    each column is a field of the summary row."""
    counted = [s for c in STATUS_COLUMNS for s in c.statuses]
    assert sorted(counted) == sorted([*STATUSES, "not_recorded"])
    assert all(column_of(s) is not None for s in counted)
    fields = attrs.fields_dict(SummaryRow)
    assert [c.column for c in STATUS_COLUMNS if c.column not in fields] == []


def test_column_counts_refuse_an_unknown_status() -> None:
    """A status no column counts is an error, not a deadline silently lost."""
    with pytest.raises(KeyError):
        column_counts({"met": 1, "lost": 1})


def test_not_required_is_counted_apart_from_the_rate(report: AuditReport) -> None:
    """The declined discussion is not required: in its own column, not in the rate."""
    row = row_for(report, "discussion")
    assert (row.deadlines, row.met, row.not_required, row.overdue) == (2, 1, 1, 0)
    assert (decided(row), ended(row), row.on_time_rate, row.target_met) == (1, 1, 1.0, True)


def test_a_duty_is_owed_or_done_with_no_rate(report: AuditReport) -> None:
    """The delay notice: owed once the backstop lapsed unmet, done when sent (before the
    backstop passed, too), cancelled when the backstop was met; no rate, no verdict."""
    row = row_for(report, "delay_notice")
    assert (row.deadlines, row.cases, row.owed, row.done, row.cancelled) == (4, 4, 1, 2, 1)
    assert (row.duty, row.on_time_rate, row.target_met, decided(row)) == (True, None, None, 0)
    backstop = row_for(report, "backstop")
    assert (backstop.duty, backstop.overdue, backstop.met_late, backstop.met) == (False, 2, 1, 1)


def test_every_row_adds_up_over_the_columns(report: AuditReport) -> None:
    """deadlines = the sum of the status columns, on every row."""
    for row in report.summary:
        assert row.deadlines == sum(getattr(row, c.column) for c in STATUS_COLUMNS), row.clock


def test_headline_of_a_duty_says_owed_and_done(report: AuditReport) -> None:
    """The headlines say how many duties are owed and done, and nothing of a rate; with two
    rule sets each sentence names its rule set, and one complaint is "1 complaint"."""
    assert "duty-after-backstop - Written explanation of the delay: 1 owed, 2 done" in (
        report.headlines
    )
    assert [h for h in report.headlines if "Local resolution discussion" in h] == [
        "wales-social-services-2014 - Local resolution discussion: 1 complaint, 1 responded to"
        " within timescale (100.0%); target 80% met"
    ]


def test_table_columns_and_no_bands_for_a_duty(report: AuditReport) -> None:
    """The terminal table has not req., owed and done columns; a duty has no band line."""
    lines = render_table(report).splitlines()
    header = next(x for x in lines if x.startswith("rule set") and "deadlines" in x).split()
    at = header.index("n/a")
    assert header[at + 1 : at + 5] == ["not", "req.", "owed", "done"]
    duty = [x.split() for x in lines if " delay_notice " in f" {x} "]
    # one summary line (4 deadlines: cancelled under n/a, 1 owed, 2 done, rate -); no band line
    assert len(duty) == 1
    assert duty[0][2:14] == ["4", "4", "0", "0", "0", "0", "0", "0", "1", "0", "1", "2"]
    assert duty[0][14] == "-"
    discussion = next(x.split() for x in lines if " discussion " in f" {x} " and "%" in x)
    assert discussion[2:15] == [
        "2", "2", "1", "0", "0", "0", "0", "0", "0", "1", "0", "0", "100.0%",
    ]  # fmt: skip


def test_csv_and_json_carry_the_columns(report: AuditReport) -> None:
    """CSV and JSON have not_required, owed, done and duty for every row."""
    buf = io.StringIO()
    write_csv(report, buf)
    rows = {r["clock"]: r for r in csv.DictReader(io.StringIO(buf.getvalue()))}
    assert {k: rows["delay_notice"][k] for k in ("owed", "done", "duty", "on_time_rate")} == {
        "owed": "1",
        "done": "2",
        "duty": "true",
        "on_time_rate": "",
    }
    assert rows["discussion"]["not_required"] == "1"
    out = io.StringIO()
    write_json(report, out)
    data = json.loads(out.getvalue())
    notice = next(r for r in data["summary"] if r["clock"] == "delay_notice")
    assert (notice["owed"], notice["done"], notice["not_required"], notice["duty"]) == (
        1,
        2,
        0,
        True,
    )


def test_html_has_a_duty_table_and_says_what_each_status_means(report: AuditReport) -> None:
    """The page shows the duty in a table of its own (owed, done), the declined offer
    under the on-time figure, and explains not required, owed and done."""
    buf = io.StringIO()
    write_html(report, buf)
    page = buf.getvalue()
    assert f"<caption>{E}: duties with no due date of their own</caption>" in page
    assert (
        '<th scope="row">Written explanation of the delay</th><td class="num">4</td>'
        '<td class="num">4</td><td class="num">1</td><td class="num">2</td>'
        '<td class="num">1</td></tr>'
    ) in page
    assert '<span class="sub">1 not required</span>' in page
    assert "Written explanation of the delay: days taken" not in page
    for label in ("not required", "owed", "done"):
        meaning = dict(STATUS_MEANINGS)[label]
        assert f"<dt>{label}</dt><dd>{meaning}</dd>" in page


def test_xlsx_has_the_columns_and_their_meanings(report: AuditReport, tmp_path: Path) -> None:
    """The workbook's Summary has the new columns; its Meanings sheet explains each."""
    openpyxl = pytest.importorskip("openpyxl")
    from statdeadline.reports import xlsx_bytes

    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes(report))
    wb = openpyxl.load_workbook(path)
    ws = wb["Summary"]
    header = [c.value for c in ws[1]]
    notice = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "delay_notice")
    got = {k: notice[header.index(k)] for k in ("owed", "done", "not_required", "duty")}
    assert got == {"owed": 1, "done": 2, "not_required": 0, "duty": True}
    meanings = {r[0]: r[3] for r in wb["Meanings"].iter_rows(min_row=2, values_only=True)}
    assert (meanings["not_required"], meanings["owed"], meanings["met"]) == ("no", "no", "yes, for")
    bands = {r[1] for r in wb["Bands"].iter_rows(min_row=2, values_only=True)}
    assert "delay_notice" not in bands and "backstop" in bands


def test_the_auditors_guide_explains_every_status() -> None:
    """Section 4 of the auditor's guide has a row for every status the audit counts."""
    guide = (Path(__file__).parent.parent.parent / "docs" / "auditors-guide.md").read_text(
        encoding="utf-8"
    )
    missing = [s for c in STATUS_COLUMNS for s in c.statuses if f"| `{s}`" not in guide]
    assert missing == ["due_soon"]  # listed with pending: `pending`, `due_soon` (open)
    assert "| `pending`, `due_soon` (open) |" in guide
