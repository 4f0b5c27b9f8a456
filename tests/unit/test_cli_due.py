"""`statdeadline due` (a case from flags) and `statdeadline case` (a case from a file).

Each test checks the exit status and the exact text on stdout and stderr. Dates are
worked out by hand in the docstrings; 2024's Easter is Good Friday 29 March and Easter
Monday 1 April, and the early May bank holiday is Monday 6 May.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli_support import OWN, SMALL_RULES, parse_ics, run, unescape_ics, usage_error

from statdeadline import list_bundled

CHILDREN = "england-children-2006"
STAGE1_CITE = "gbfc-2006 Stage 1 (local resolution) - 10 working days, extendable to 20 [secondary]"
WINDOW_CITE = "gbfc-2006 Stage 1 - 20 working days to request Stage 2 [secondary]"
RULE = "-" * 15 + "  " + "-" * 10 + "  "


def due(*argv: str) -> list[str]:
    return ["due", CHILDREN, "--received", "2024-03-28", *argv]


# --------------------------------------------------------------------------- table


def test_due_table(capsys: pytest.CaptureFixture[str]) -> None:
    """Received Thursday 28 March 2024 (day 0): days 1-10 are 2, 3, 4, 5, 8, 9, 10, 11,
    12 and 15 April, so Stage 1 is due Monday 15 April; on 2 April that is 9 working days
    away, more than the 3 of 'due soon', so it is pending."""
    assert run(due("--as-of", "2024-04-02"), capsys) == (
        0,
        "england-children-2006 1.3.0: state stage1, as of 2024-04-02\n"
        "clock            due         status   met on  citation\n"
        f"{RULE}-------  ------  {'-' * len(STAGE1_CITE)}\n"
        f"stage1_response  2024-04-15  pending  -       {STAGE1_CITE}\n",
        "",
    )


def test_due_met_and_the_next_clock(capsys: pytest.CaptureFixture[str]) -> None:
    """Stage 1 answered 10 April: met. The complainant's 20 working days to ask for Stage
    2 run from 10 April: 11, 12, 15-19, 22-26, 29, 30 April, 1, 2, 3 May (day 17), then
    7, 8 and 9 May (6 May is a bank holiday): due 9 May."""
    status, out, err = run(
        due("--event", "stage1_response=2024-04-10", "--case-id", "C-1", "--as-of", "2024-04-12"),
        capsys,
    )
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "england-children-2006 1.3.0, case C-1: state stage1_responded, as of 2024-04-12",
        "clock                  due         status   met on      citation",
        f"{'-' * 21}  {'-' * 10}  -------  ----------  {'-' * len(STAGE1_CITE)}",
        f"stage1_response        2024-04-15  met      2024-04-10  {STAGE1_CITE}",
        f"stage2_request_window  2024-05-09  pending  -           {WINDOW_CITE}",
    ]


def test_due_extension_with_commas_in_a_field(capsys: pytest.CaptureFixture[str]) -> None:
    """An extension of 5 working days on 9 April moves 15 April to 16, 17, 18, 19 and 22
    April. The reason keeps its comma: a comma starts a new field only before 'name='."""
    extension = "extension=2024-04-09,clock=stage1_response,working_days=5,reason=advocate, interpreter,agreed_with_complainant=yes"
    status, out, err = run(due("--event", extension, "--as-of", "2024-04-12", "--explain"), capsys)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[3].startswith("stage1_response  2024-04-22  pending")
    assert lines[-3:] == [
        "  extension on 2024-04-09: +5 working days -> 2024-04-22; reason: advocate, interpreter",
        "      skipped: 2024-04-20 Saturday, 2024-04-21 Sunday",
        "  due 2024-04-22: pending",
    ]


def test_due_explain(capsys: pytest.CaptureFixture[str]) -> None:
    """--explain adds each deadline's working under the table, with the days skipped."""
    status, out, err = run(due("--as-of", "2024-04-02", "--explain"), capsys)
    assert (status, err) == (0, "")
    assert out.split("\n\n")[1] == (
        "Stage 1 response (stage1_response, statutory): Getting the Best from Complaints - "
        "statutory guidance for children's services complaints (DfES, 2006), Stage 1 (local "
        "resolution) - 10 working days, extendable to 20 [secondary]\n"
        "  start: received on 2024-03-28 (Thursday); day 0 under convention day_0\n"
        "  count 10 working days from 2024-03-28 -> 2024-04-15\n"
        "      skipped: 2024-03-29 Good Friday, 2024-03-30 Saturday, 2024-03-31 Sunday, "
        "2024-04-01 Easter Monday, 2024-04-06 Saturday, 2024-04-07 Sunday, 2024-04-13 "
        "Saturday, 2024-04-14 Sunday\n"
        "  due 2024-04-15: pending\n"
    )


def test_due_warnings_from_checks(capsys: pytest.CaptureFixture[str]) -> None:
    """A complaint about something from 1 January 2022 received 28 March 2024 is past the
    one-year limit (1 January 2023): listed under the table, still exit 0."""
    argv = ["due", CHILDREN, "--received", "2024-03-28,grounds_arose=2022-01-01"]
    status, out, err = run([*argv, "--as-of", "2024-04-02"], capsys)
    assert (status, err) == (0, "")
    assert out.splitlines()[4:6] == ["", "warnings (1):"]
    assert out.splitlines()[6].startswith(
        "  2024-03-28 received: received more than 1 year after the grounds arose;"
    )
    assert "(grounds_arose 2022-01-01; limit 2023-01-01)" in out


def test_due_no_deadline_started(capsys: pytest.CaptureFixture[str]) -> None:
    """Evaluated before the receipt: the event is not known yet, so nothing has started."""
    assert run(due("--as-of", "2024-03-27"), capsys) == (
        0,
        "england-children-2006 1.3.0: state new, as of 2024-03-27\nno deadline has started\n",
        "",
    )


@pytest.mark.parametrize(
    ("options", "received", "expected"),
    [
        # Deemed received on the next working day after Thursday 28 March: Tuesday 2
        # April; days 1-10 are 3, 4, 5, 8-12, 15 and 16 April.
        (["--convention", "receipt=deemed_next_working_day"], "2024-03-28", "2024-04-16"),
        # After a 17:00 cut-off, received the next working day (2 April): as above.
        (["--convention", "receipt_cutoff=17:00"], "2024-03-28,time=17:30", "2024-04-16"),
        # At 17:00 exactly it is received that day: 15 April as in test_due_table.
        (["--convention", "receipt_cutoff=17:00"], "2024-03-28,time=17:00", "2024-04-15"),
        # Received Thursday 14 March: in England and Wales days 1-10 are 15, 18-22 and
        # 25-28 March. United-kingdom adds St Patrick's Day (Monday 18 March, Northern
        # Ireland): 15, 19-22, 25-28 March, then Good Friday and Easter Monday, 2 April.
        ([], "2024-03-14", "2024-03-28"),
        (["--division", "united-kingdom"], "2024-03-14", "2024-04-02"),
    ],
)
def test_due_council_choices(
    options: list[str], received: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--convention and --division choose among the rule set's declared alternatives."""
    argv = ["due", CHILDREN, "--received", received, *options, "--as-of", received[:10]]
    status, out, err = run(argv, capsys)
    assert (status, err) == (0, "")
    assert out.splitlines()[3].split()[:2] == ["stage1_response", expected]


def test_due_with_a_rule_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """RULESET may be a file. Received Friday 20 December 2024, 20 working days in
    England and Wales: 23, 24, 27, 30, 31 December, 2, 3 January (7), 6-10 (12),
    13-17 (17), 20, 21, 22 January (20)."""
    path = tmp_path / "example-foi.yaml"
    path.write_text(SMALL_RULES, "utf-8")
    argv = ["due", str(path), "--received", "2024-12-20", "--as-of", "2024-12-20"]
    status, out, err = run(argv, capsys)
    assert (status, err) == (0, "")
    assert (
        out.splitlines()[3] == "response  2025-01-22  pending  -       foia-2000 s.10(1) [primary]"
    )


# --------------------------------------------------------------------------- json


def test_due_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json: the case (Case.to_dict) and Deadlines.to_dict(); --explain adds the
    explanations."""
    argv = due("--case-id", "C-1", "--as-of", "2024-04-02", "--format", "json")
    status, out, err = run(argv, capsys)
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["case", "meta", "state", "warnings", "deadlines"]
    assert data["case"] == {
        "case_id": "C-1",
        "ruleset": CHILDREN,
        "ruleset_version": "1.3.0",
        "events": [{"event": "received", "date": "2024-03-28"}],
    }
    assert (data["meta"]["case_id"], data["meta"]["as_of"], data["state"]) == (
        "C-1",
        "2024-04-02",
        "stage1",
    )
    [d] = data["deadlines"]
    assert (d["clock"], d["due"], d["status"], "explanation" in d) == (
        "stage1_response",
        "2024-04-15",
        "pending",
        False,
    )
    status, out, err = run([*argv, "--explain"], capsys)
    explanation = json.loads(out)["deadlines"][0]["explanation"]
    assert explanation["result"] == "due 2024-04-15: pending"


# --------------------------------------------------------------------------- ics


def test_due_ics(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """One all-day VEVENT per open deadline, CRLF endings, folded lines, DTSTAMP from
    SOURCE_DATE_EPOCH (1700000000 s is 2023-11-14 22:13:20 UTC).

    england-adults-2009, received Thursday 28 March 2024, as of 8 April: the
    acknowledgement (3 working days: 2, 3, 4 April) is overdue; the six-month backstop
    "beginning with" 28 March ends the day before 28 September, Friday 27 September; the
    delay notice is not owed yet (only from 28 September, if no response), so no event."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    argv = ["due", "england-adults-2009", "--received", "2024-03-28", "--case-id", "C-1"]
    status, out, err = run([*argv, "--as-of", "2024-04-08", "--format", "ics"], capsys)
    assert (status, err) == (0, "")
    assert "\r\n " in out  # the descriptions are long enough to be folded
    *events, calendar = parse_ics(out)
    assert calendar["BEGIN"] == "VCALENDAR"
    assert [(e["DTSTART;VALUE=DATE"], e["SUMMARY"], e["DTSTAMP"]) for e in events] == [
        ("20240404", "Acknowledgement - case C-1 (overdue)", "20231114T221320Z"),
        (
            "20240927",
            "Response within six months (or a longer agreed period) - case C-1",
            "20231114T221320Z",
        ),
    ]
    assert unescape_ics(events[0]["DESCRIPTION"]).splitlines()[2] == (
        "Citation: The Local Authority Social Services and National Health Service "
        "Complaints (England) Regulations 2009 (SI 2009/309), reg 13(1) - acknowledge not "
        "later than 3 working days after the day of receipt [secondary]"
    )
    # Acknowledged on 3 April: met, so only the six-month backstop is left.
    status, out, _ = run(
        [*argv, "--event", "acknowledged=2024-04-03", "--as-of", "2024-04-08", "--format", "ics"],
        capsys,
    )
    assert [e["DTSTART;VALUE=DATE"] for e in parse_ics(out)[:-1]] == ["20240927"]


def test_bad_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SOURCE_DATE_EPOCH that is not whole seconds is an error naming it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert usage_error(due("--format", "ics", "--as-of", "2024-04-02"), capsys) == (
        "error: SOURCE_DATE_EPOCH: expected whole seconds, got 'yesterday'\n"
    )


# --------------------------------------------------------------------------- errors


def test_due_unknown_rule_set(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown id lists the bundled ones."""
    available = ", ".join(list_bundled())
    assert usage_error(["due", "england-children", "--received", "2024-03-28"], capsys) == (
        f"error: unknown rule set 'england-children'; available: {available}{OWN}\n"
    )


def test_due_missing_rule_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rule file that does not exist is named."""
    missing = tmp_path / "mine.yaml"
    assert usage_error(["due", str(missing), "--received", "2024-03-28"], capsys) == (
        f"error: {missing} no such rule file\n"
    )


def test_due_invalid_rule_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An invalid rule file: one 'error:' line for the first issue, one indented line for
    each other."""
    path = tmp_path / "example-foi.yaml"
    text = SMALL_RULES.replace("start: received", "start: recieved")  # line 27
    path.write_text(text.replace("met_by: responded", "met_by: replied"), "utf-8")  # 28
    status, out, err = run(["due", str(path), "--received", "2024-03-28"], capsys)
    assert (status, out) == (2, "")
    events = "events: clarified, received, responded, withdrawn"
    assert err == (
        f"error: {path}:27 clocks.response.start: unknown event 'recieved'; {events}\n"
        f"  {path}:28 clocks.response.met_by: unknown event 'replied'; {events}\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--received", "2024-02-30"],
            "argument --received: '2024-02-30' is not a date (day is out of range for month)",
        ),
        (
            ["--received", "28/03/2024"],
            "argument --received: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got '28/03/2024'",
        ),
        (
            ["--received", "2024-03-28", "--event", "stage1_response"],
            "argument --event: expected NAME=DATE[,field=value...], got 'stage1_response'",
        ),
        (
            ["--received", "2024-03-28", "--event", "stage1_response=2024-04-31"],
            "argument --event: stage1_response: '2024-04-31' is not a date (day is out of range for month)",
        ),
        (
            ["--received", "2024-03-28,reason=a,reason=b"],
            "argument --received: field 'reason' given twice in '2024-03-28,reason=a,reason=b'",
        ),
        (
            ["--received", "2024-03-28", "--as-of", "tomorrow"],
            "argument --as-of: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got 'tomorrow'",
        ),
        (
            ["--received", "2024-03-28", "--convention", "receipt"],
            "argument --convention: expected NAME=VALUE, got 'receipt'",
        ),
        (
            ["--received", "2024-03-28", "--format", "xml"],
            "argument --format: invalid choice: 'xml' (choose from 'table', 'json', 'ics')",
        ),
        ([], "the following arguments are required: --received"),
    ],
)
def test_due_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad flags: exit 2, one line naming the option and where to get help."""
    assert usage_error(["due", CHILDREN, *argv], capsys) == (
        f"error: {message} (see 'statdeadline due --help')\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--event", "stage4=2024-04-10", "--case-id", "C-9"],
            "case C-9: unknown event 'stage4' for england-children-2006; allowed here: "
            "extension, pause, resume, stage1_response, stage2_requested, withdrawn",
        ),
        (
            ["--event", "stage3_requested=2024-04-10"],
            "cannot apply 'stage3_requested' in state 'stage1'; allowed: extension, pause, "
            "resume, stage1_response, stage2_requested, withdrawn",
        ),
        (
            ["--event", "stage1_response=2024-03-27"],
            "cannot record 'stage1_response' on 2024-03-27: it is before the previous event "
            "(received on 2024-03-28)",
        ),
        (
            ["--event", "stage1_response=2024-04-10,reason=late"],
            "stage1_response: unknown field 'reason'; allowed: none",
        ),
        (
            # The cap is 20 working days from 28 March: 15 April (day 10), then 16-19,
            # 22-26 April (day 19) and 29 April.
            [
                "--event",
                "extension=2024-04-09,clock=stage1_response,working_days=30,reason=x,agreed_with_complainant=yes",
            ],
            "extension: extending 'stage1_response' to 2024-05-29 goes past its cap "
            "(at most 20 working days in all, 2024-04-29)",
        ),
        (
            ["--convention", "receipt=day_1"],
            "argument --convention receipt: 'day_0' may be changed only to a declared "
            "alternative (non_working_deemed_next, deemed_next_working_day), got 'day_1'",
        ),
        (
            ["--convention", "speed=fast"],
            "argument --convention speed: unknown convention; known: receipt, "
            "receipt_cutoff, received_on, retriage",
        ),
        (
            ["--division", "scotland"],
            "argument --division: england-children-2006 counts bank holidays of "
            "england-and-wales; alternatives: united-kingdom; got 'scotland'",
        ),
    ],
)
def test_due_case_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Events or choices the rule set refuses: exit 2, the library's message on one line
    (with the case id when given)."""
    assert usage_error(due(*argv), capsys) == f"error: {message}\n"


def test_due_several_refused_choices(capsys: pytest.CaptureFixture[str]) -> None:
    """Every refused choice is reported: the first on the 'error:' line, others indented."""
    status, out, err = run(due("--convention", "receipt=x", "--convention", "retriage=y"), capsys)
    assert (status, out) == (2, "")
    assert err == (
        "error: argument --convention receipt: 'day_0' may be changed only to a declared "
        "alternative (non_working_deemed_next, deemed_next_working_day), got 'x'\n"
        "  argument --convention retriage: 'from_original_start' may be changed only to a "
        "declared alternative (from_change), got 'y'\n"
    )


# --------------------------------------------------------------------------- case FILE


CASE_YAML = """\
case_id: C-1
ruleset: england-children-2006
events:
  - {event: received, date: 2024-03-28}
  - {event: stage1_response, date: 2024-04-10}
"""


def test_case_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same case as test_due_met_and_the_next_clock, from a YAML file."""
    path = tmp_path / "C-1.yaml"
    path.write_text(CASE_YAML, "utf-8")
    status, out, err = run(["case", str(path), "--as-of", "2024-04-12"], capsys)
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == (
        "england-children-2006 1.3.0, case C-1: state stage1_responded, as of 2024-04-12"
    )
    assert out.splitlines()[3:] == [
        f"stage1_response        2024-04-15  met      2024-04-10  {STAGE1_CITE}",
        f"stage2_request_window  2024-05-09  pending  -           {WINDOW_CITE}",
    ]


def test_case_json_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The 'case' part of 'due --format json' is a case file: replaying it gives the same
    deadlines."""
    argv = due("--event", "stage1_response=2024-04-10", "--case-id", "C-1")
    _, out, _ = run([*argv, "--as-of", "2024-04-12", "--format", "json"], capsys)
    path = tmp_path / "C-1.json"
    path.write_text(json.dumps(json.loads(out)["case"]), "utf-8")
    status, again, err = run(
        ["case", str(path), "--as-of", "2024-04-12", "--format", "json"], capsys
    )
    assert (status, err, json.loads(again)) == (0, "", json.loads(out))


def test_case_rule_file_beside_the_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rule file named in the case file is found beside it, wherever the command runs."""
    (tmp_path / "example-foi.yaml").write_text(SMALL_RULES, "utf-8")
    path = tmp_path / "R-1.json"
    path.write_text(
        json.dumps(
            {
                "case_id": "R-1",
                "ruleset": "example-foi.yaml",
                "events": [{"event": "received", "date": "2024-12-20"}],
            }
        ),
        "utf-8",
    )
    status, out, err = run(["case", str(path), "--as-of", "2024-12-20"], capsys)
    assert (status, err) == (0, "")
    assert out.splitlines()[3].startswith("response  2025-01-22  pending")


def test_case_ics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--format ics works from a file too: the Stage 2 window of test_case_yaml."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    path = tmp_path / "C-1.yaml"
    path.write_text(CASE_YAML, "utf-8")
    status, out, err = run(["case", str(path), "--as-of", "2024-04-12", "--format", "ics"], capsys)
    assert (status, err) == (0, "")
    [event] = parse_ics(out)[:-1]
    assert (event["DTSTART;VALUE=DATE"], event["SUMMARY"], event["DTSTAMP"]) == (
        "20240509",
        "Complainant's window to ask for Stage 2 - case C-1",
        "19700101T000000Z",
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "C-1.json",
            '{"case_id": "C-1", "ruleset": "england-children-2006",\n "events": [}',
            "{path}:2: not valid JSON: Expecting value (column 13)",
        ),
        (
            "C-1.yaml",
            "case_id: [\n",
            "{path}:2 YAML error: expected the node content, but found '<stream end>'",
        ),
        (
            "C-1.json",
            "[]",
            "{path}: expected a mapping with case_id, ruleset (a rule-set id or file) and "
            "events, as written by Case.to_dict()",
        ),
        ("C-1.txt", "{}", "{path}: unknown case file format .txt; expected .json, .yaml or .yml"),
        (
            "C-1.yaml",
            "case_id: C-1\nruleset: nope\nevents: []\n",
            "{path}: unknown rule set 'nope'; available: {available}" + OWN,
        ),
        (
            "C-9.yaml",
            CASE_YAML.replace("C-1", "C-9").replace("stage1_response", "stage4"),
            "{path}: case C-9: unknown event 'stage4' for england-children-2006; allowed "
            "here: extension, pause, resume, stage1_response, stage2_requested, withdrawn",
        ),
        (
            "C-1.yaml",
            "case_id: C-1\nruleset: england-children-2006\nevents: [received]\n",
            "{path}: case C-1: events[0]: expected a mapping with 'event' and 'date', got 'received'",
        ),
    ],
)
def test_case_file_errors(
    name: str, text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every problem with the file is one 'error:' line naming the file."""
    path = tmp_path / name
    path.write_text(text, "utf-8")
    expected = message.format(path=path, available=", ".join(list_bundled()))
    assert usage_error(["case", str(path)], capsys) == f"error: {expected}\n"


def test_case_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing case file is named."""
    missing = tmp_path / "C-1.json"
    assert usage_error(["case", str(missing)], capsys) == f"error: {missing}: no such file\n"
