"""`statdeadline audit`: many cases from a CSV, summarised.

The input is seven rows, four cases, under england-children-2006, audited as of Friday
10 May 2024. Worked by hand (2024: Good Friday 29 March, Easter Monday 1 April, early May
bank holiday Monday 6 May, spring bank holiday Monday 27 May):

* C-1 received Thursday 28 March: Stage 1 due 15 April (days 1-10: 2-5, 8-12, 15 April);
  answered 10 April, met, 7 working days taken (2-5, 8, 9, 10 April). The Stage 2 window
  runs 20 working days from 10 April: 11, 12, 15-19, 22-26, 29, 30 April, 1-3 May, then
  7, 8, 9 May: due 9 May, passed unused by 10 May, so expired.
* C-2 received Tuesday 2 April: Stage 1 due 16 April (3-5, 8-12, 15, 16); answered
  30 April, met late: 20 working days taken (3-5, 8-12, 15-19, 22-26, 29, 30) and 10 late
  (17-19, 22-26, 29, 30). Its window runs 20 working days from 30 April: 1-3 May (3),
  7-10 (7), 13-17 (12), 20-24 (17), then 28, 29, 30 May (27 May is a bank holiday): due
  30 May, pending on 10 May.
* C-3 received Wednesday 1 May: Stage 1 due 16 May (2, 3, 7-10, 13-16); on 10 May 4
  working days remain (13-16), more than 3, so pending.
* C-9 has an event the rule set does not know (line 8): rejected whole, with both its
  rows.

Stage 1: 3 deadlines, 1 on time, 1 late, 1 open; on-time rate 1 of 2 decided = 50%;
working days of the met ones 7 and 20: mean and median 13.5, p90 (nearest rank 2 of 2)
20. Stage 2 window: 2 deadlines, 1 expired, 1 open, none decided.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from tests.cli_support import OWN, run, usage_error

from statdeadline import list_bundled, load_ruleset
from statdeadline.cli.audit import Progress

CASES = """\
case_id,ruleset,event,date,team
C-1,england-children-2006,received,2024-03-28,North
C-1,england-children-2006,stage1_response,2024-04-10,North
C-2,england-children-2006,received,2024-04-02,South
C-2,england-children-2006,stage1_response,2024-04-30,South
C-3,england-children-2006,received,2024-05-01,North
C-9,england-children-2006,received,2024-05-01,South
C-9,england-children-2006,stage4,2024-05-02,South
"""
REJECTED = (
    "case C-9: unknown event 'stage4' for england-children-2006; allowed here: extension, "
    "pause, resume, stage1_response, stage2_requested, withdrawn"
)
#: What an audit of CASES counts (checked by hand: 7 rows, 2 of them in the rejected case).
COUNTS = {
    "rows_read": 7,
    "rows_used": 5,
    "rows_rejected": 2,
    "cases_read": 4,
    "cases_audited": 3,
    "cases_rejected": 1,
    "cases_open": 3,
}


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(CASES, "utf-8")
    return path


def audit(path: Path, *options: str) -> list[str]:
    return ["audit", str(path), "--as-of", "2024-05-10", *options]


def test_table(cases: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The terminal report: reconciled counts, the summary, the histogram, rejections."""
    fingerprint = load_ruleset("england-children-2006").calendar.fingerprint[:12]
    status, out, err = run(audit(cases, "--target", "0.8", "--buckets", "5,10,20"), capsys)
    assert (status, err) == (0, "")
    # 1 of 4 cases rejected is over 5%: the report opens with a warning
    assert out.splitlines()[:2] == [
        "warning: 1 of 4 cases (25.0%) were rejected; these figures cover only the other 3 case(s); "
        "see the rejections",
        "",
    ]
    assert out.splitlines()[3:] == [
        "rows: 7 read = 5 used + 2 rejected; cases: 4 read = 3 audited + 1 rejected; 3 still open",
        f"rule set england-children-2006 1.3.0 (england-and-wales, calendar {fingerprint})",
        "",
        "Stage 1 response: 2 complaints, 1 responded to within timescale (50.0%); target 80% missed",
        "",
        # C-1's window (20 WD from Wed 10 Apr, past the 6 May bank holiday) closed on
        # Thu 9 May unused: expired at 10 May; C-2's is still open.
        "rule set               deadline               deadlines  cases  on time  late  overdue"
        "  not rec.  open  expired  n/a  not req.  owed  done   rate  target  mean wd  median  p90",
        "---------------------  ---------------------  ---------  -----  -------  ----  -------"
        "  --------  ----  -------  ---  --------  ----  ----  -----  ------  -------  ------  ---",
        "england-children-2006  stage1_response                3      3        1     1        0"
        "         0     1        0    0         0     0     0  50.0%  missed     13.5    13.5   20",
        "england-children-2006  stage2_request_window          2      2        0     0        0"
        "         0     1        1    0         0     0     0      -  -             -       -    -",
        "",
        "working days taken (met deadlines); not recorded and open deadlines counted apart",
        # 7 is in 6-10, 20 in 11-20
        "rule set               deadline               <= 5  6-10  11-20  over 20  not rec.  open",
        "---------------------  ---------------------  ----  ----  -----  -------  --------  ----",
        "england-children-2006  stage1_response           0     1      1        0         0     1",
        "england-children-2006  stage2_request_window     0     0      0        0         0     1",
        "",
        "rejected (1):",
        f"  {cases}:8: {REJECTED}",
    ]


def test_json(cases: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json: the report's to_dict(); a warning about the rejection on stderr,
    since the JSON may go to another program unread."""
    status, out, err = run(audit(cases, "--format", "json"), capsys)
    assert (status, err) == (
        0,
        f"warning: 1 case(s) and 2 row(s) rejected; the first: {cases}:8: {REJECTED}\n",
    )
    data = json.loads(out)
    assert data["counts"] == COUNTS
    stage1, window = data["summary"]
    assert {k: stage1[k] for k in ("clock", "deadlines", "met", "met_late", "open")} == {
        "clock": "stage1_response",
        "deadlines": 3,
        "met": 1,
        "met_late": 1,
        "open": 1,
    }
    assert (stage1["on_time_rate"], stage1["wd_mean"], stage1["wd_p90"]) == (0.5, 13.5, 20.0)
    assert (window["expired"], window["open"], window["on_time_rate"]) == (1, 1, None)
    assert data["rejections"] == [
        {
            "file": str(cases),
            "line": 8,
            "case_id": "C-9",
            "reason": REJECTED.removeprefix("case C-9: "),
            "rows": 2,
        }
    ]


def test_csv_grouped(cases: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format csv --group-by team: one row per deadline and team. North: C-1 (met in 7,
    window expired) and C-3 (open); South: C-2 (late, in 20; window open)."""
    status, out, _ = run(audit(cases, "--format", "csv", "--group-by", "team"), capsys)
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [
        (
            r["clock"],
            r["team"],
            r["deadlines"],
            r["met"],
            r["met_late"],
            r["open"],
            r["expired"],
            r["wd_mean"],
        )
        for r in rows
    ] == [
        ("stage1_response", "North", "2", "1", "0", "1", "0", "7.0"),
        ("stage1_response", "South", "1", "0", "1", "0", "0", "20.0"),
        ("stage2_request_window", "North", "1", "0", "0", "0", "1", ""),
        ("stage2_request_window", "South", "1", "0", "0", "1", "0", ""),
    ]


def test_output_and_cases_csv(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output writes the summary to a file (nothing on stdout) and says so on stderr,
    after the warnings; --cases writes one CSV row per deadline, and one for the rejected case with its reason. Working days taken
    only where the deadline ended (met: ended_by names the event); every row has the
    as-of date."""
    report, detail = tmp_path / "report.json", tmp_path / "detail.csv"
    argv = audit(cases, "--format", "json", "--output", str(report), "--cases", str(detail))
    status, out, err = run(argv, capsys)
    assert (status, out) == (0, "")
    assert err.startswith("warning: 1 case(s) and 2 row(s) rejected")
    assert err.splitlines()[-1] == f"wrote {report} (3 cases audited)"
    assert json.loads(report.read_text("utf-8"))["counts"]["cases_audited"] == 3
    rows = list(csv.DictReader(io.StringIO(detail.read_text("utf-8"))))
    assert [
        (
            r["case_id"],
            r["clock"],
            r["due"],
            r["met_on"],
            r["status"],
            r["ended_by"],
            r["working_days_taken"],
            r["days_late"],
        )
        for r in rows
    ] == [
        ("C-1", "stage1_response", "2024-04-15", "2024-04-10", "met", "stage1_response", "7", "0"),
        ("C-1", "stage2_request_window", "2024-05-09", "", "expired", "", "", "0"),
        (
            "C-2",
            "stage1_response",
            "2024-04-16",
            "2024-04-30",
            "met_late",
            "stage1_response",
            "20",
            "10",
        ),
        ("C-2", "stage2_request_window", "2024-05-30", "", "pending", "", "", "0"),
        ("C-3", "stage1_response", "2024-05-16", "", "pending", "", "", "0"),
        ("C-9", "", "", "", "", "", "", ""),
    ]
    assert {r["as_of"] for r in rows} == {"2024-05-10", ""}  # the rejected case has none
    assert rows[-1]["rejected"] == REJECTED.removeprefix("case C-9: ")


def test_cases_jsonl(cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--cases FILE.jsonl: one JSON object per case."""
    detail = tmp_path / "detail.jsonl"
    status, _, _ = run(audit(cases, "--cases", str(detail)), capsys)
    assert status == 0
    lines = [json.loads(line) for line in detail.read_text("utf-8").splitlines()]
    assert [(c["case_id"], c["state"], len(c["deadlines"])) for c in lines] == [
        ("C-1", "stage1_responded", 2),
        ("C-2", "stage1_responded", 2),
        ("C-3", "stage1", 1),
        ("C-9", None, 0),
    ]


def test_strict(cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--strict stops at the first rejected row: exit 2 and its error; a half-written
    --cases file is removed."""
    detail = tmp_path / "detail.csv"
    assert usage_error(audit(cases, "--strict", "--cases", str(detail)), capsys) == (
        f"error: {cases}:8: {REJECTED}\n"
    )
    assert not detail.exists()


def test_clean_strict_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without a bad row, --strict changes nothing: exit 0."""
    path = tmp_path / "clean.csv"
    path.write_text("".join(CASES.splitlines(keepends=True)[:6]), "utf-8")
    status, out, err = run(audit(path, "--strict"), capsys)
    assert (status, err) == (0, "")
    assert out.splitlines()[1].startswith("rows: 5 read = 5 used + 0 rejected")


def test_jsonl_input_and_wide_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON Lines input and a wide CSV with a mapping give the same counts as the CSV
    (C-1 and C-2 of the module docstring); the wide file's dates are DD/MM/YYYY."""
    jsonl = tmp_path / "cases.jsonl"
    rows = [r.split(",") for r in CASES.splitlines()[1:5]]
    jsonl.write_text(
        "".join(
            json.dumps({"case_id": c, "ruleset": rs, "event": e, "date": d}) + "\n"
            for c, rs, e, d, _ in rows
        ),
        "utf-8",
    )
    wide = tmp_path / "wide.csv"
    wide.write_text(
        "Ref,Received,Answered\nC-1,28/03/2024,10/04/2024\nC-2,02/04/2024,30/04/2024\n", "utf-8"
    )
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "format: statdeadline/wide-mapping@1\n"
        "ruleset: england-children-2006\n"
        "case_id: Ref\n"
        "events:\n"
        "  - {event: received, date: Received}\n"
        "  - {event: stage1_response, date: Answered}\n",
        "utf-8",
    )
    summary = (
        "rows: 4 read = 4 used + 0 rejected; cases: 2 read = 2 audited + 0 rejected; 2 still open"
    )
    for argv in (
        audit(jsonl),
        audit(wide, "--mapping", str(mapping), "--date-format", "%d/%m/%Y"),
    ):
        status, out, err = run(argv, capsys)
        assert (status, err, out.splitlines()[1]) == (0, "", summary)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--buckets", "20,forty"],
            "argument --buckets: expected whole numbers separated by commas, e.g. 20,40,60, "
            "or CLOCK=EDGES, e.g. acknowledgement=0,2; got '20,forty' (see 'statdeadline audit --help')",
        ),
        (
            ["--buckets", "40,20"],
            "buckets: expected ascending, distinct whole numbers >= 0, got [40, 20]",
        ),
        (
            ["--target", "80"],
            "argument --target: expected a rate from 0 to 1 or 0% to 100%, e.g. 0.8, or "
            "CLOCK=RATE, e.g. stage1_response=80%; got '80' (see 'statdeadline audit --help')",
        ),
        (
            ["--buckets", "stage1_response=10,5"],
            "buckets['stage1_response']: expected ascending, distinct whole numbers >= 0, "
            "got [10, 5]",
        ),
        (
            ["--target", "0.8", "--target", "0.9"],
            "--target: given twice without CLOCK=",
        ),
        (
            ["--profile", "nowhere"],
            "profile: expected a bundled profile (cardiff-social-services, "
            "cheshire-west-adults, eir-2004, foi-2000, housing-ombudsman-code-2024, "
            "lgsco-code-2024, nipso-mchp, oxfordshire-childrens, spso-mchp-2020, "
            "uk-gdpr-sar) or a profile file, got 'nowhere'",
        ),
        (
            ["--format", "pdf"],
            "argument --format: invalid choice: 'pdf' (choose from 'table', 'json', 'csv', "
            "'html', 'xlsx') (see 'statdeadline audit --help')",
        ),
        (
            ["--format", "xlsx"],
            "--format xlsx: a workbook must go to a file; give --output report.xlsx",
        ),
        (
            ["--format", "csv", "--title", "2019-20"],
            "--title: the csv format has no title",
        ),
        (
            ["--as-of", "2024-13-01"],
            "argument --as-of: '2024-13-01' is not a date (month must be in 1..12) "
            "(see 'statdeadline audit --help')",
        ),
        (
            ["--cases", "detail.xlsx"],
            "--cases detail.xlsx: unknown format; name a .csv or .jsonl file",
        ),
    ],
)
def test_usage_errors(
    options: list[str], message: str, cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad options: exit 2 and one line naming the option."""
    assert usage_error(audit(cases, *options), capsys) == f"error: {message}\n"


def test_missing_and_unreadable_inputs(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing input, an input of unknown type and a CSV without the core columns are
    named with the file."""
    missing = tmp_path / "missing.csv"
    assert usage_error(audit(missing), capsys) == f"error: {missing}: no such file\n"
    xls = tmp_path / "cases.xls"
    xls.write_text("x", "utf-8")
    assert usage_error(audit(xls), capsys) == (
        f"error: {xls}: unknown input format .xls; expected .csv, .tsv, .jsonl or .xlsx (or give --input-format)\n"
    )
    xlsx = tmp_path / "cases.xlsx"
    xlsx.write_text("x", "utf-8")
    assert usage_error(audit(xlsx), capsys) == (
        f"error: {xlsx}: not a readable .xlsx workbook (File is not a zip file)\n"
    )
    header = tmp_path / "header.csv"
    header.write_text(
        "case,ruleset,event,day\nC-1,england-children-2006,received,2024-03-28\n", "utf-8"
    )
    assert usage_error(audit(header), capsys) == (
        f"error: {header}:1: missing column(s) case_id, date; a long-format file needs "
        "case_id, ruleset, event, date (columns found: case, ruleset, event, day)\n"
    )


def test_never_overwrites_an_input(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output or --cases naming an input, or a hard link to one, is refused before
    anything is written."""
    assert usage_error(audit(cases, "--output", str(cases)), capsys) == (
        f"error: --output {cases}: is the input {cases}; it would be overwritten\n"
    )
    assert usage_error(audit(cases, "--cases", str(cases)), capsys) == (
        f"error: --cases {cases}: is the input {cases}; it would be overwritten\n"
    )
    link = tmp_path / "link.csv"
    link.hardlink_to(cases)
    assert usage_error(audit(cases, "--cases", str(link)), capsys) == (
        f"error: --cases {link}: is the input {cases}; it would be overwritten\n"
    )
    assert cases.read_text("utf-8") == CASES
    same = tmp_path / "out.csv"
    assert usage_error(audit(cases, "--output", str(same), "--cases", str(same)), capsys) == (
        f"error: --output and --cases are the same file: {same}\n"
    )


def test_html_needs_the_html_writer(
    cases: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without statdeadline.reports.html, --format html is refused before the audit runs."""
    monkeypatch.setitem(sys.modules, "statdeadline.reports.html", None)
    assert usage_error(audit(cases, "--format", "html"), capsys) == (
        "error: --format html needs statdeadline.reports.html, which this installation lacks\n"
    )


def test_html(cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format html writes the page from statdeadline.reports.html.write_html."""
    pytest.importorskip("statdeadline.reports.html")
    page = tmp_path / "report.html"
    status, out, _ = run(audit(cases, "--format", "html", "--output", str(page)), capsys)
    assert (status, out) == (0, "")
    assert "stage1_response" in page.read_text("utf-8")


# --------------------------------------------------------------------------- progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal: rows done of total, percent and rate, redrawn at most every 0.1 s
    (and always at the end), then erased."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    times = iter([0.0, 0.5, 0.55, 2.0])
    stream = FakeTerminal()
    bar = Progress(stream, clock=lambda: next(times))  # started at 0.0
    bar(100, 400)  # at 0.5 s: 25%, 200 rows/s
    bar(150, 400)  # at 0.55 s: too soon, not drawn
    bar(400, 400)  # at 2.0 s: the end is always drawn; 200 rows/s
    bar.close()
    first = "audit [#####...............] 100/400 rows  25.0% 200 rows/s"
    last = "audit [####################] 400/400 rows 100.0% 200 rows/s"
    assert stream.getvalue() == f"\r{first}\r{last}\r{' ' * len(last)}\r"


@pytest.mark.parametrize(
    ("tty", "ci", "term"), [(False, None, "xterm"), (True, "true", "xterm"), (True, None, "dumb")]
)
def test_no_progress_bar_off_a_terminal(
    tty: bool, ci: str | None, term: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a terminal, in CI, or a dumb terminal: nothing is drawn."""
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("TERM", term)
    stream = FakeTerminal() if tty else io.StringIO()
    bar = Progress(stream, clock=lambda: 1.0)
    bar(1, 2)
    bar.close()
    assert stream.getvalue() == ""


def test_audit_draws_no_progress_when_stderr_is_captured(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under pytest stderr is not a terminal: the audit writes nothing there."""
    status, _, err = run(audit(cases, "--format", "csv", "--strict"), capsys)
    assert status == 2
    assert err == f"error: {cases}:8: {REJECTED}\n"


def test_xlsx_without_openpyxl_is_refused_before_the_audit(
    cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without openpyxl, a workbook output is a one-line usage error naming the extra to
    install, before any case is replayed (it was a traceback after the whole audit), and
    nothing is written."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "openpyxl" else real(name, *a)
    )
    out = tmp_path / "report.xlsx"
    assert usage_error(audit(cases, "--output", str(out)), capsys) == (
        "error: --format xlsx needs openpyxl (pip install 'statdeadline[excel]'), which this "
        "installation lacks\n"
    )
    assert not out.exists()


def test_an_audit_that_rejects_every_case_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt rule set on every row rejects every case: the report is written, but
    the audit exits 1 with one error line naming the first rejection, as a report of
    nothing is no success."""
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "case_id,ruleset,event,date\nA,england-adult-2009,received,2024-03-01\n", "utf-8"
    )
    out = tmp_path / "report.json"
    status, stdout, err = run(
        ["audit", str(bad), "--as-of", "2024-06-01", "--output", str(out)], capsys
    )
    assert (status, stdout) == (1, "")
    assert err.splitlines()[-1] == (
        f"error: every case was rejected (1 read, none audited); the first: {bad}:2: case A: "
        f"unknown rule set 'england-adult-2009'; available: {', '.join(list_bundled())}{OWN}"
    )
    assert out.exists()
