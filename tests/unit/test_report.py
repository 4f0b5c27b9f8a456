"""Unit tests for the audit report writers of statdeadline.reports (table, JSON, summary
CSV), the per-case writers and CSV-injection neutralising.

The input is worked by hand (England and Wales calendar, no bank holiday between 27 May
and 22 August 2025): from Monday 2 June 2025 (day 0), 4 June is 2 WD, 9 June 5 WD, 16 June
10 WD. The acknowledgement is due in 3 WD (5 June); the six-month backstop on 1 December.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from tests.audit_support import CSV_READ, sha256

from statdeadline import __version__, load_ruleset
from statdeadline.audit import AuditReport, CaseResult, audit
from statdeadline.reports import (
    CASE_COLUMNS,
    SUMMARY_COLUMNS,
    CaseWriter,
    neutralise,
    render_table,
    summary_records,
    write_csv,
    write_json,
    write_table,
)

ADULTS = "england-adults-2009"
# A1 North: acknowledged in 2 WD, answered in 10 WD, closed. A2 South: acknowledged in 5
# WD (late), no answer yet (open). A3 South: an unknown event: rejected (line 9).
SMALL = f"""\
case_id,ruleset,event,date,team
A1,{ADULTS},received,2025-06-02,North
A1,{ADULTS},acknowledged,2025-06-04,North
A1,{ADULTS},response,2025-06-16,North
A1,{ADULTS},closed,2025-06-17,North
A2,{ADULTS},received,2025-06-02,South
A2,{ADULTS},acknowledged,2025-06-09,South
A3,{ADULTS},received,2025-06-02,South
A3,{ADULTS},bogus,2025-06-03,South
"""


def small(tmp_path: Path, text: str = SMALL) -> tuple[AuditReport, list[CaseResult], Path]:
    path = tmp_path / "small.csv"
    path.write_text(text, encoding="utf-8")
    cases: list[CaseResult] = []
    report = audit(
        [path],
        as_of="2025-07-31",
        group_by=["team"],
        buckets=[10, 20],
        target=0.75,
        on_case=cases.append,
    )
    return report, cases, path


def test_render_table_by_hand(tmp_path: Path) -> None:
    """The terminal report: provenance line, reconciled counts, one line per rule set,
    the summary (rate, target verdict, working days), the bands with open apart, and the
    rejections with file and line.

    acknowledgement: North met in 2 WD (100%, target met); South met late in 5 WD (0%).
    response_backstop: North met in 10 WD; South still open (no rate). delay_notice:
    North cancelled (the backstop was met: counted under n/a), South open (pending: it
    would be owed only if the backstop passes unmet); a duty with no due date of its own,
    it has no band line. Every line adds up: deadlines = on time + late + overdue + not
    recorded + open + expired + n/a + not required + owed + done; each total line adds up
    the teams above it.
    """
    report, _, path = small(tmp_path)
    fp = load_ruleset(ADULTS).calendar.fingerprint[:12]
    assert render_table(report).splitlines() == [
        "warning: 1 of 3 cases (33.3%) were rejected; these figures cover only the other 2 case(s); "
        "see the rejections",
        "",
        f"statdeadline audit as of 2025-07-31 (library {__version__})",
        "rows: 8 read = 6 used + 2 rejected; cases: 3 read = 2 audited + 1 rejected; 1 still open",
        f"rule set {ADULTS} 1.2.0 (england-and-wales, calendar {fp})",
        "",
        # headlines: the totals across teams; the backstop's South case is still open
        "Acknowledgement: 2 complaints, 1 responded to within timescale (50.0%); target 75% missed",
        "Response within six months (or a longer agreed period): 0 of 1 took longer than six months",
        "",
        "rule set             deadline           team   deadlines  cases  on time  late  overdue  not rec.  open  expired  n/a  not req.  owed  done    rate  target  mean wd  median  p90",
        "-------------------  -----------------  -----  ---------  -----  -------  ----  -------  --------  ----  -------  ---  --------  ----  ----  ------  ------  -------  ------  ---",
        "england-adults-2009  acknowledgement    North          1      1        1     0        0         0     0        0    0         0     0     0  100.0%  met           2       2    2",
        "england-adults-2009  acknowledgement    South          1      1        0     1        0         0     0        0    0         0     0     0    0.0%  missed        5       5    5",
        "england-adults-2009  acknowledgement    total          2      2        1     1        0         0     0        0    0         0     0     0   50.0%  missed      3.5     3.5    5",
        "england-adults-2009  response_backstop  North          1      1        1     0        0         0     0        0    0         0     0     0  100.0%  met          10      10   10",
        "england-adults-2009  response_backstop  South          1      1        0     0        0         0     1        0    0         0     0     0       -  -             -       -    -",
        "england-adults-2009  response_backstop  total          2      2        1     0        0         0     1        0    0         0     0     0  100.0%  met          10      10   10",
        "england-adults-2009  delay_notice       North          1      1        0     0        0         0     0        0    1         0     0     0       -  -             -       -    -",
        "england-adults-2009  delay_notice       South          1      1        0     0        0         0     1        0    0         0     0     0       -  -             -       -    -",
        "england-adults-2009  delay_notice       total          2      2        0     0        0         0     1        0    1         0     0     0       -  -             -       -    -",
        "",
        "working days taken (met deadlines); not recorded and open deadlines counted apart",
        "rule set             deadline           team   <= 10  11-20  over 20  not rec.  open",
        "-------------------  -----------------  -----  -----  -----  -------  --------  ----",
        "england-adults-2009  acknowledgement    North      1      0        0         0     0",
        "england-adults-2009  acknowledgement    South      1      0        0         0     0",
        "england-adults-2009  acknowledgement    total      2      0        0         0     0",
        "england-adults-2009  response_backstop  North      1      0        0         0     0",
        "england-adults-2009  response_backstop  South      0      0        0         0     1",
        "england-adults-2009  response_backstop  total      1      0        0         0     1",
        "",
        "rejected (1):",
        f"  {path}:9: case A3: unknown event 'bogus' for {ADULTS}; allowed here: acknowledged, delay_notice, extension, response, withdrawn",
    ]


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_summary_csv_columns_and_values(tmp_path: Path) -> None:
    """One row per rule set, clock and group: group columns after clock, then the fixed
    columns, then one column per band; rates to 4 places, booleans true/false, None as
    an empty cell."""
    report, _, _ = small(tmp_path)
    buf = io.StringIO()
    write_csv(report, buf)
    rows = read_csv(buf.getvalue())
    header = list(rows[0])
    assert header == [
        "ruleset",
        "clock",
        "team",
        *SUMMARY_COLUMNS[2:],
        "wd <= 10",
        "wd 11-20",
        "wd over 20",
    ]
    first, open_row = rows[0], rows[3]
    assert (first["clock"], first["team"], first["met"], first["on_time_rate"]) == (
        "acknowledgement",
        "North",
        "1",
        "1.0",
    )
    assert (first["target"], first["target_met"], first["wd_mean"], first["wd <= 10"]) == (
        "0.75",
        "true",
        "2.0",
        "1",
    )
    assert (
        open_row["clock"],
        open_row["open"],
        open_row["on_time_rate"],
        open_row["target_met"],
    ) == (
        "response_backstop",
        "1",
        "",
        "",
    )


def test_summary_records_match_the_csv(tmp_path: Path) -> None:
    """summary_records gives the same flat records the CSV writes (before formatting)."""
    report, _, _ = small(tmp_path)
    records = summary_records(report)
    assert len(records) == len(report.summary) == 6
    assert records[1]["team"] == "South"
    assert (records[1]["met_late"], records[1]["on_time_rate"], records[1]["target_met"]) == (
        1,
        0.0,
        False,
    )


INJECTION_TEAMS = ("=cmd|' /C calc'!A0", "+1", "-2", "@x")


def test_csv_injection_is_neutralised(tmp_path: Path) -> None:
    """Group values and case ids a spreadsheet would run as formulas (starting with =, +,
    - or @) are written with a leading apostrophe, in the summary CSV and the per-case
    CSV; numbers written by the library are left alone."""
    lines = ["case_id,ruleset,event,date,team"]
    for i, team in enumerate(INJECTION_TEAMS):
        team_cell = '"' + team.replace('"', '""') + '"'
        lines.append(f"=ID{i},{ADULTS},received,2025-06-02,{team_cell}")
        lines.append(f"=ID{i},{ADULTS},acknowledged,2025-06-03,{team_cell}")
    path = tmp_path / "evil.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    per_case = io.StringIO()
    writer = CaseWriter(per_case, "csv", group_by=["team"])
    report = audit([path], as_of="2025-07-31", group_by=["team"], on_case=writer.write)

    summary = io.StringIO()
    write_csv(report, summary)
    teams = {r["team"] for r in read_csv(summary.getvalue())}
    assert teams == {"'=cmd|' /C calc'!A0", "'+1", "'-2", "'@x"}
    cases = read_csv(per_case.getvalue())
    assert {r["case_id"] for r in cases} == {"'=ID0", "'=ID1", "'=ID2", "'=ID3"}
    assert {r["team"] for r in cases} == teams
    ack = [r for r in cases if r["clock"] == "acknowledgement"]
    assert {(r["working_days_taken"], r["days_late"]) for r in ack} == {("1", "0")}
    for text in (summary.getvalue(), per_case.getvalue()):
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_neutralise_only_touches_formula_text() -> None:
    """Text starting with =, +, -, @, a tab or a carriage return gets a leading
    apostrophe; other text and every number is returned as it is."""
    assert [neutralise(v) for v in ("=1+1", "+44 1865", "-x", "@SUM(A1)", "\tx", "\rx")] == [
        "'=1+1",
        "'+44 1865",
        "'-x",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
    ]
    assert [neutralise(v) for v in ("North", "", -5, 0.25, None)] == ["North", "", -5, 0.25, None]


def test_json_report_has_meta_for_reproducing_the_run(tmp_path: Path) -> None:
    """The JSON document has meta (library version, as-of date, rule-set ids with versions
    and calendar fingerprints, inputs with rows and SHA-256), counts, summary and
    rejections, and the per-case results when given."""
    report, cases, path = small(tmp_path)
    buf = io.StringIO()
    write_json(report, buf, cases=cases)
    data = json.loads(buf.getvalue())
    assert list(data) == [
        "meta",
        "headlines",
        "counts",
        "summary",
        "totals",
        "case_counts",
        "case_totals",
        "rejections",
        "cases",
    ]
    meta = data["meta"]
    rs = load_ruleset(ADULTS)
    assert (meta["library_version"], meta["as_of"]) == (__version__, "2025-07-31")
    assert meta["inputs"] == [{"path": str(path), "rows": 8, "sha256": sha256(path), **CSV_READ}]
    assert {
        rid: (info["version"], info["calendar_fingerprint"], info["local_calendar_fingerprint"])
        for rid, info in meta["rulesets"].items()
    } == {ADULTS: (rs.version, rs.calendar.fingerprint, rs.local_calendar.fingerprint)}
    assert data["counts"]["cases_rejected"] == 1
    assert data["rejections"] == [
        {
            "file": str(path),
            "line": 9,
            "case_id": "A3",
            "reason": "unknown event 'bogus' for england-adults-2009; allowed here: acknowledged, delay_notice, extension, response, withdrawn",
            "rows": 2,
        }
    ]
    assert [c["case_id"] for c in data["cases"]] == ["A1", "A2", "A3"]
    a1_ack = data["cases"][0]["deadlines"][0]
    assert a1_ack == {
        "clock": "acknowledgement",
        "instance": 1,
        "kind": "statutory",
        "start": "2025-06-02",
        "due": "2025-06-05",
        "met_on": "2025-06-04",
        "ended_by": "acknowledged",
        "status": "met",
        "working_days_taken": 2,
        "days_late": 0,
        "extensions": 0,
        "pauses": 0,
        "level": None,
        "as_of": "2025-07-31",
    }
    without = io.StringIO()
    write_json(report, without)
    assert "cases" not in json.loads(without.getvalue())


def test_case_writer_csv_one_row_per_deadline(tmp_path: Path) -> None:
    """The per-case CSV has one row per deadline (group columns after ruleset) and one
    row per rejected case, carrying the reason."""
    out = io.StringIO()
    writer = CaseWriter(out, "csv", group_by=["team"])
    _, cases, _ = small(tmp_path)
    for case in cases:
        writer.write(case)
    rows = read_csv(out.getvalue())
    header = list(rows[0])
    assert header == ["case_id", "ruleset", "team", *CASE_COLUMNS[2:]]
    # in due-date order; the delay notice has no due date of its own, so it comes last
    assert [(r["case_id"], r["clock"], r["status"]) for r in rows] == [
        ("A1", "acknowledgement", "met"),
        ("A1", "response_backstop", "met"),
        ("A1", "delay_notice", "cancelled"),
        ("A2", "acknowledgement", "met_late"),
        ("A2", "response_backstop", "pending"),
        ("A2", "delay_notice", "pending"),
        ("A3", "", ""),
    ]
    assert rows[3]["days_late"] == "2"
    assert rows[-1]["rejected"].startswith("unknown event 'bogus'")


def test_case_writer_jsonl_one_line_per_case(tmp_path: Path) -> None:
    """JSON Lines: one object per case, with its groups, state and deadlines, or the
    reason it was rejected."""
    out = io.StringIO()
    writer = CaseWriter(out, "jsonl")
    _, cases, _ = small(tmp_path)
    for case in cases:
        writer.write(case)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(c["case_id"], c["state"], c["groups"], c["rejected"]) for c in lines] == [
        ("A1", "closed", {"team": "North"}, None),
        ("A2", "open", {"team": "South"}, None),
        ("A3", None, {"team": "South"}, lines[2]["rejected"]),
    ]
    assert lines[2]["rejected"].startswith("unknown event 'bogus'")
    assert len(lines[0]["deadlines"]) == 3


def test_case_writer_refuses_an_unknown_format() -> None:
    """Only csv and jsonl are per-case formats."""
    with pytest.raises(ValueError) as info:
        CaseWriter(io.StringIO(), "xlsx")
    assert str(info.value) == "per-case format must be csv or jsonl, got 'xlsx'"


def test_empty_audit_writes_headers_only(tmp_path: Path) -> None:
    """With every case rejected the summary CSV is just its header and the table still
    reconciles."""
    report, _, _ = small(tmp_path, SMALL.splitlines()[0] + "\n" + SMALL.splitlines()[-1] + "\n")
    buf = io.StringIO()
    write_csv(report, buf)
    assert buf.getvalue() == ",".join(SUMMARY_COLUMNS) + "\n"
    assert render_table(report).splitlines()[3] == (
        "rows: 1 read = 0 used + 1 rejected; cases: 1 read = 0 audited + 1 rejected; 0 still open"
    )


def test_json_has_each_bands_share_per_row_and_total(tmp_path: Path) -> None:
    """Every summary and total row carries its bands' shares of the deadlines that ended
    and its percentages as printed. Acknowledgements: A1 (North) in 2 working days, on
    time; A2 (South) in 5, late: both in "<= 10". So North 1 of 1 and South 1 of 1 in
    that band, the total 2 of 2 (1.0), other bands 0; on time 1 of 2 in the total,
    printed "50.0%" (no profile: one decimal), against the target "75.0%"."""
    report = small(tmp_path)[0]
    buf = io.StringIO()
    write_json(report, buf)
    data = json.loads(buf.getvalue())
    acks = [
        (r["group"], r["band_shares"])
        for r in data["summary"] + data["totals"]
        if r["clock"] == "acknowledgement"
    ]
    shares = {"<= 10": 1.0, "11-20": 0.0, "over 20": 0.0, "not recorded": 0.0}
    assert acks == [({"team": "North"}, shares), ({"team": "South"}, shares), ({}, shares)]
    total = next(r for r in data["totals"] if r["clock"] == "acknowledgement")
    assert total["printed"] == {
        "on_time_rate": "50.0%",
        "target": "75.0%",
        "bands": {"<= 10": "100.0%", "11-20": "0.0%", "over 20": "0.0%", "not recorded": "0.0%"},
    }
    # a row none of whose deadlines ended has no shares: null, printed "-"
    unended = [r for r in data["summary"] if r["met"] + r["met_late"] + r["not_recorded"] == 0]
    assert unended
    assert all(set(r["band_shares"].values()) == {None} for r in unended)
    assert all(set(r["printed"]["bands"].values()) == {"-"} for r in unended)


def _grid_cells(lines: list[str]) -> list[list[str]]:
    """The cells of a table's lines (two spaces or more apart)."""
    return [re.split(r"\s{2,}", ln.strip()) for ln in lines]


def test_a_table_wider_than_the_terminal_is_wrapped(tmp_path: Path) -> None:
    """At 80 columns the summary (about 175 wide whole) is cut into parts, each under the
    row's key (deadline, team; the one rule set is named above, so its column is left
    out), every line at most 80 wide but the sentences; each part's cells are those of
    the whole table's row with the same key, so nothing is lost."""
    report = small(tmp_path)[0]
    whole = render_table(report).splitlines()
    wrapped = render_table(report, width=80).splitlines()
    head = next(i for i, ln in enumerate(wrapped) if ln.startswith("deadline "))
    tables = wrapped[head:]
    texts = ("working days taken", "rejected (", "  ")
    assert max(len(ln) for ln in tables if not ln.startswith(texts)) <= 80
    assert max(len(ln) for ln in whole) > 170
    # the whole summary's rows, by (deadline, team), as header -> cell
    start = next(i for i, ln in enumerate(whole) if ln.startswith("rule set  "))
    header, *rows = _grid_cells([whole[start], *whole[start + 2 : start + 11]])
    by_key = {(r[1], r[2]): dict(zip(header, r, strict=True)) for r in rows}
    seen: set[str] = set()
    parts = 0
    i = 0
    while i < len(tables) and tables[i].startswith("deadline "):
        part_head = _grid_cells([tables[i]])[0]
        assert part_head[:2] == ["deadline", "team"]
        j = i + 2
        while j < len(tables) and tables[j]:
            cells = _grid_cells([tables[j]])[0]
            row = by_key[cells[0], cells[1]]
            assert {h: row[h] for h in part_head[2:]} == dict(
                zip(part_head[2:], cells[2:], strict=True)
            )
            j += 1
        seen |= set(part_head[2:])
        parts += 1
        i = j + 1
    assert parts > 1
    assert seen == set(header[3:])  # every column of the whole table is in one part


def test_write_table_wraps_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal (COLUMNS=80 says its width to shutil.get_terminal_size) the table is
    wrapped to it; written to a file or a pipe it is whole, the same whatever the
    terminal."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    report = small(tmp_path)[0]
    monkeypatch.setenv("COLUMNS", "80")
    tty, pipe = Terminal(), io.StringIO()
    write_table(report, tty)
    write_table(report, pipe)
    assert tty.getvalue() == render_table(report, width=80) + "\n"
    assert pipe.getvalue() == render_table(report) + "\n"
    assert tty.getvalue() != pipe.getvalue()
