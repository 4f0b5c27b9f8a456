"""`statdeadline audit`'s period options: --period, --financial-year, --compare, --by,
--placement (the input is that of tests/unit/test_audit_periods.py)."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import pytest
from tests.audit_support import write_rows
from tests.cli_support import run, usage_error
from tests.unit.test_audit_periods import HEADER, ROWS


@pytest.fixture
def cases(tmp_path: Path) -> str:
    return str(write_rows(tmp_path / "in.csv", HEADER, ROWS))


def test_financial_year_with_the_year_before_in_the_table(
    cases: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The table gains a period column, carried forward and the change, and a table of
    cases per period naming the placement rule."""
    status, out, _ = run(
        ["audit", cases, "--as-of", "2020-06-30", "--financial-year", "2019", "--compare", "1"],
        capsys,
    )
    assert status == 0
    lines = out.splitlines()
    assert (
        "england-adults-2009  response_backstop  2019-20          2      2        1     0        0"
        "         0     1        0    0         0     0     0  100.0%       -       21      21   21"
        "            1  +1 (+100.0%)"
    ) in lines
    at = lines.index(
        "cases per period (a case is placed by the date it was received (its first event), "
        "a deadline by the date its clock started)"
    )
    assert lines[at + 1 :] == [
        "rule set             period   cases  closed  carried fwd  change",
        "-------------------  -------  -----  ------  -----------  ------------",
        "england-adults-2009  2018-19      1       0            1  -",
        "england-adults-2009  2019-20      2       1            1  +1 (+100.0%)",
    ]


def test_by_quarter_in_json_and_csv(
    cases: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON carries every period's rows with their label, and the case counts; the CSV
    has a period column after the groups."""
    out_json = tmp_path / "r.json"
    argv = ["audit", cases, "--as-of", "2020-06-30", "--by", "quarter", "--placement", "closed"]
    assert run([*argv, "--output", str(out_json), "--format", "json"], capsys)[0] == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert [(r["period"], r["cases"], r["carried_forward"]) for r in data["case_counts"]] == [
        ("2017-18 Q2", 1, 0),
        ("2019-20 Q1", 2, 0),
        ("2020-21 Q1", 1, 1),
    ]
    assert (data["meta"]["options"]["placement"], data["meta"]["options"]["by"]) == (
        "closed",
        "quarter",
    )
    status, out, _ = run([*argv, "--format", "csv"], capsys)
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:3] == ["ruleset", "clock", "period"]
    assert [r["period"] for r in rows if r["clock"] == "acknowledgement"] == [
        "2017-18 Q2",
        "2019-20 Q1",
        "2020-21 Q1",
    ]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["--financial-year", "2019", "--period", "2019-01-01..2019-02-01"],
            "error: --period and --financial-year: give one or the other\n",
        ),
        (
            ["--compare", "2"],
            "error: --compare 2: needs --period or --financial-year (the period to compare)\n",
        ),
        (
            ["--period", "2019"],
            "error: argument --period: expected FIRST..LAST, e.g. 2019-04-01..2020-03-31, "
            "got '2019' (see 'statdeadline audit --help')\n",
        ),
        (
            ["--period", "2020-01-02..2020-01-01"],
            "error: argument --period: expected a first date on or before the last, "
            "got '2020-01-02..2020-01-01' (see 'statdeadline audit --help')\n",
        ),
        (
            ["--financial-year", "19x"],
            "error: argument --financial-year: expected the year the financial year starts in, "
            "from 1901 to 2099 (2019 for 2019-20), got '19x' (see 'statdeadline audit --help')\n",
        ),
        (
            ["--financial-year", "2019", "--compare", "-1"],
            "error: argument --compare: expected a whole number >= 0, got '-1' "
            "(see 'statdeadline audit --help')\n",
        ),
    ],
)
def test_bad_period_options_are_usage_errors(
    cases: str, argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2 and one line naming the option, what it takes and what it got."""
    assert usage_error(["audit", cases, "--as-of", "2020-06-30", *argv], capsys) == expected


def test_a_profile_for_a_rule_set_not_in_the_input_warns(
    cases: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--profile foi-2000 on complaints (every case england-adults-2009): the audit runs
    (exit 0) and says, on stderr, in the JSON meta and atop the table, that the profile
    is for a rule set no case uses and changes nothing; a profile that fits says nothing."""
    expected = (
        "report profile 'foi-2000' is for rule set 'foi-2000', which no case in the input "
        "uses (it uses england-adults-2009): the profile changes nothing"
    )
    out_json = tmp_path / "r.json"
    argv = ["audit", cases, "--as-of", "2020-06-30", "--profile", "foi-2000"]
    status, _, err = run([*argv, "--output", str(out_json)], capsys)
    assert (status, f"warning: {expected}\n" in err) == (0, True)
    assert json.loads(out_json.read_text(encoding="utf-8"))["meta"]["profile_warning"] == expected
    status, table, _ = run(argv, capsys)
    assert table.startswith(f"warning: {expected}\n")
    out_html = tmp_path / "r.html"
    assert run([*argv, "--output", str(out_html)], capsys)[0] == 0
    assert f'<p class="banner" role="alert">{html.escape(expected)}</p>' in out_html.read_text(
        encoding="utf-8"
    )
    status, _, err = run(["audit", cases, "--as-of", "2020-06-30"], capsys)
    assert (status, "profile" in err) == (0, False)
