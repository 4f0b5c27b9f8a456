"""The command line: `statdeadline calendar add|between|holidays` and `--version`.

Each test runs ``statdeadline.cli.main(argv, stdout=...)`` and checks the exit status and
the exact text on stdout and stderr. User mistakes exit 2 with one ``error:`` line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.cli_support import run, usage_error

from statdeadline import WorkingDayCalendar, __version__
from statdeadline.cli import build_parser

EW_FINGERPRINT = WorkingDayCalendar.for_division(authoritative_until=2100).fingerprint
RANGE = "is outside the supported range 1990-01-01 .. 2100-12-31"
HORIZON_2030 = (
    "2031-01-02 is after 2030, the last year whose england-and-wales bank holidays are "
    "treated as authoritative; later bank holidays are forecasts until proclaimed"
)


# --------------------------------------------------------------------------- top level


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints 'statdeadline <version>' to stdout and exits 0."""
    assert run(["--version"], capsys) == (0, f"statdeadline {__version__}\n", "")


def test_python_dash_m_runs_the_command_line() -> None:
    """``python -m statdeadline`` is the command line (src/statdeadline/__main__.py):
    the same output and exit status, in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "statdeadline", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"statdeadline {__version__}\n", "")


def test_help_goes_to_the_given_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    """--help prints usage to stdout and exits 0."""
    status, out, err = run(["calendar", "add", "--help"], capsys)
    assert (status, err) == (0, "")
    assert out.startswith("usage: statdeadline calendar add [-h] [--explain]")
    assert "example: statdeadline calendar add 2024-03-28 10 --explain" in out


def test_missing_command(capsys: pytest.CaptureFixture[str]) -> None:
    """No command is a usage error naming what is missing and where to get help."""
    assert usage_error([], capsys) == (
        "error: the following arguments are required: COMMAND (see 'statdeadline --help')\n"
    )
    assert usage_error(["calendar"], capsys) == (
        "error: the following arguments are required: COMMAND "
        "(see 'statdeadline calendar --help')\n"
    )


def test_parser_lists_the_calendar_commands() -> None:
    """build_parser() knows calendar add, between and holidays."""
    args = build_parser().parse_args(["calendar", "holidays", "2024-01-01", "2024-12-31"])
    assert (args.command, args.calendar_command) == ("calendar", "holidays")


# --------------------------------------------------------------------------- add


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["2024-03-28", "10"], "2024-04-15\n"),  # the README's Easter example
        (["2024-03-28", "-1"], "2024-03-27\n"),  # negative N counts back
        (["2024-03-30", "0"], "2024-03-30\n"),  # N = 0 returns DATE
        (["2024-03-28", "1", "--division", "scotland"], "2024-04-01\n"),  # no Easter Monday
        (["2024-12-24", "1", "--authoritative-until", "2100"], "2024-12-27\n"),
    ],
)
def test_add(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    """'calendar add DATE N' prints the N-th working day after DATE."""
    assert run(["calendar", "add", *argv], capsys) == (0, expected, "")


def test_add_explain(capsys: pytest.CaptureFixture[str]) -> None:
    """--explain prints the explanation: day 0, every day skipped, day N."""
    status, out, err = run(["calendar", "add", "2024-03-28", "2", "--explain"], capsys)
    assert (status, err) == (0, "")
    assert out == (
        "2024-03-28 + 2 working days = 2024-04-03 (england-and-wales)\n"
        "  day 0: 2024-03-28 (Thursday); not counted\n"
        "  skipped 4 non-working day(s):\n"
        "    2024-03-29 Good Friday\n"
        "    2024-03-30 Saturday\n"
        "    2024-03-31 Sunday\n"
        "    2024-04-01 Easter Monday\n"
        "  day 2: 2024-04-03 (Wednesday)\n"
    )


def test_add_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints the explanation's to_dict() as JSON."""
    status, out, err = run(["calendar", "add", "2024-03-29", "1", "--format", "json"], capsys)
    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "start": "2024-03-29",
        "days": 1,
        "result": "2024-04-02",
        "division": "england-and-wales",
        "skipped": [
            {"date": "2024-03-30", "reason": "Saturday"},
            {"date": "2024-03-31", "reason": "Sunday"},
            {"date": "2024-04-01", "reason": "Easter Monday"},
        ],
        "start_reason": "Good Friday",
        "fingerprint": EW_FINGERPRINT,
        "forecast": False,
    }


def test_add_with_overrides_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--overrides FILE applies the file's extra non-working days."""
    path = tmp_path / "closures.yaml"
    path.write_text("non_working:\n  - {date: 2024-12-24, reason: Council closure}\n", "utf-8")
    status, out, err = run(
        ["calendar", "add", "2024-12-23", "1", "--overrides", str(path), "--explain"], capsys
    )
    assert (status, err) == (0, "")
    assert out.splitlines()[:4] == [
        "2024-12-23 + 1 working day = 2024-12-27 (england-and-wales)",
        "  day 0: 2024-12-23 (Monday); not counted",
        "  skipped 3 non-working day(s):",
        "    2024-12-24 Council closure",
    ]


def test_add_past_the_horizon_warns_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """With the default policy the answer is printed and a 'warning:' line goes to stderr."""
    argv = ["calendar", "add", "2030-12-31", "1", "--authoritative-until", "2030"]
    assert run(argv, capsys) == (0, "2031-01-02\n", f"warning: {HORIZON_2030}\n")


def test_add_past_the_horizon_with_explain_warns_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The explanation notes the forecast; the warning is printed once."""
    argv = ["calendar", "add", "2030-12-31", "1", "--authoritative-until", "2030", "--explain"]
    status, out, err = run(argv, capsys)
    assert (status, err) == (0, f"warning: {HORIZON_2030}\n")
    assert out.splitlines()[-1] == "  note: depends on bank holidays not yet proclaimed (forecast)"


def test_add_past_the_horizon_raise_and_ignore(capsys: pytest.CaptureFixture[str]) -> None:
    """--horizon raise makes it an error (exit 2); --horizon ignore is silent."""
    argv = ["calendar", "add", "2030-12-31", "1", "--authoritative-until", "2030"]
    assert usage_error([*argv, "--horizon", "raise"], capsys) == f"error: {HORIZON_2030}\n"
    assert run([*argv, "--horizon", "ignore"], capsys) == (0, "2031-01-02\n", "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["x", "1"],
            "argument DATE: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got 'x'",
        ),
        (
            ["2024-02-30", "1"],
            "argument DATE: '2024-02-30' is not a date (day is out of range for month)",
        ),
        (["1980-01-01", "1"], f"argument DATE: 1980-01-01 {RANGE}"),
        (["2024-03-28", "1.5"], "argument N: invalid int value: '1.5'"),
        (
            ["2024-03-28", "1", "--division", "england"],
            "argument --division: invalid choice: 'england' (choose from "
            "'england-and-wales', 'northern-ireland', 'scotland', 'united-kingdom', 'ENG', 'NIR', 'SCT', 'UK', 'WLS')",
        ),
        (
            ["2024-03-28", "1", "--horizon", "error"],
            "argument --horizon: invalid choice: 'error' (choose from 'warn', 'raise', 'ignore')",
        ),
        (["2024-03-28"], "the following arguments are required: N"),
    ],
)
def test_add_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad arguments: exit 2 and one 'error:' line naming the argument and the help."""
    err = usage_error(["calendar", "add", *argv], capsys)
    assert err == f"error: {message} (see 'statdeadline calendar add --help')\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["2100-12-30", "5"], f"result: 2100-12-30 + 5 working days {RANGE}"),
        (
            ["2024-03-28", "1", "--authoritative-until", "1800"],
            "authoritative_until: expected a year from 1990 to 2100, got 1800",
        ),
    ],
)
def test_add_library_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Errors found by the library: exit 2, one 'error:' line with its message."""
    assert usage_error(["calendar", "add", *argv], capsys) == f"error: {message}\n"


def test_overrides_file_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is one line; several problems in a file are one 'error:' line for
    the first and an indented line for each other."""
    missing = tmp_path / "missing.yaml"
    argv = ["calendar", "add", "2024-03-28", "1", "--overrides"]
    assert usage_error([*argv, str(missing)], capsys) == (
        f"error: {missing} cannot read: No such file or directory\n"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("extra: 1\nworking: {}\n", "utf-8")
    status, out, err = run([*argv, str(bad)], capsys)
    assert (status, out) == (2, "")
    assert err == (
        f"error: {bad}:1 extra: unknown key; allowed: non_working, working\n"
        f"  {bad}:2 working: must be a list\n"
    )


# --------------------------------------------------------------------------- between


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["2024-12-20", "2025-01-03"], "7\n"),
        (["2025-01-03", "2024-12-20"], "-7\n"),
        (["2024-06-07", "2024-06-07"], "0\n"),
        (["2024-03-28", "2024-04-02", "--division", "scotland"], "2\n"),  # 1 and 2 Apr
    ],
)
def test_between(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    """'calendar between START END' prints the working days in (START, END]."""
    assert run(["calendar", "between", *argv], capsys) == (0, expected, "")


def test_between_explain(capsys: pytest.CaptureFixture[str]) -> None:
    """--explain lists the non-working days in (START, END] under the count."""
    status, out, err = run(["calendar", "between", "2024-12-20", "2025-01-03", "--explain"], capsys)
    assert (status, err) == (0, "")
    assert out == (
        "7 working day(s) in (2024-12-20, 2025-01-03] (england-and-wales)\n"
        "  2024-12-21 Saturday\n"
        "  2024-12-22 Sunday\n"
        "  2024-12-25 Christmas Day\n"
        "  2024-12-26 Boxing Day\n"
        "  2024-12-28 Saturday\n"
        "  2024-12-29 Sunday\n"
        "  2025-01-01 New Year's Day\n"
    )


def test_between_excludes_start_from_the_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    """START is not in (START, END], so a non-working START is not listed."""
    status, out, _ = run(["calendar", "between", "2024-06-08", "2024-06-10", "--explain"], capsys)
    assert (status, out) == (
        0,
        "1 working day(s) in (2024-06-08, 2024-06-10] (england-and-wales)\n  2024-06-09 Sunday\n",
    )


def test_between_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json gives the count, the dates, division and fingerprint (and, with
    --explain, the non-working days)."""
    argv = ["calendar", "between", "2024-03-28", "2024-04-02", "--format", "json"]
    status, out, err = run(argv, capsys)
    assert (status, err) == (0, "")
    expected = {
        "start": "2024-03-28",
        "end": "2024-04-02",
        "working_days": 1,
        "division": "england-and-wales",
        "fingerprint": EW_FINGERPRINT,
    }
    assert json.loads(out) == expected
    status, out, err = run([*argv, "--explain"], capsys)
    assert json.loads(out) == {
        **expected,
        "non_working": [
            {"date": "2024-03-29", "reason": "Good Friday"},
            {"date": "2024-03-30", "reason": "Saturday"},
            {"date": "2024-03-31", "reason": "Sunday"},
            {"date": "2024-04-01", "reason": "Easter Monday"},
        ],
    }


def test_between_usage_error_names_the_argument(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad END is reported as END."""
    assert usage_error(["calendar", "between", "2024-01-01", "2101-01-01"], capsys) == (
        f"error: argument END: 2101-01-01 {RANGE} (see 'statdeadline calendar between --help')\n"
    )


# --------------------------------------------------------------------------- holidays


def test_holidays_lists_non_working_weekdays(capsys: pytest.CaptureFixture[str]) -> None:
    """'calendar holidays START END' lists the bank holidays (weekdays) in [START, END]."""
    argv = ["calendar", "holidays", "2026-06-01", "2026-06-30", "--division", "scotland"]
    assert run(argv, capsys) == (
        0,
        "2026-06-15 Scotland's participation in the FIFA World Cup final\n",
        "",
    )
    assert run(["calendar", "holidays", "2024-03-25", "2024-04-05"], capsys) == (
        0,
        "2024-03-29 Good Friday\n2024-04-01 Easter Monday\n",
        "",
    )


def test_holidays_with_weekends(capsys: pytest.CaptureFixture[str]) -> None:
    """--weekends lists Saturdays and Sundays too."""
    argv = ["calendar", "holidays", "2025-07-11", "2025-07-15", "--division", "northern-ireland"]
    assert run([*argv, "--weekends"], capsys) == (
        0,
        "2025-07-12 Saturday\n2025-07-13 Sunday\n2025-07-14 Battle of the Boyne (substitute day)\n",
        "",
    )


def test_holidays_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json gives division, fingerprint and the days with reasons."""
    argv = ["calendar", "holidays", "2024-12-24", "2024-12-27", "--format", "json"]
    status, out, err = run(argv, capsys)
    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "division": "england-and-wales",
        "fingerprint": EW_FINGERPRINT,
        "days": [
            {"date": "2024-12-25", "reason": "Christmas Day"},
            {"date": "2024-12-26", "reason": "Boxing Day"},
        ],
    }
