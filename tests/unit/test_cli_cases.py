"""``statdeadline cases --jsonl IN OUT``: one case a line in, its deadlines a line out; a
line that cannot be replayed carries its error and does not stop the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli_support import run, usage_error

from statdeadline import Case, load_ruleset

GOOD = {
    "case_id": "C-1",
    "ruleset": "england-children-2006",
    "events": [{"event": "received", "date": "2024-03-28"}],
}


def test_each_line_gives_the_case_json_or_its_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three lines: a case, a refused case, not JSON; the output has three lines in order,
    the first the same JSON 'case --format json' gives."""
    bad = {**GOOD, "case_id": "C-2", "events": [{"event": "panel_held", "date": "2024-03-28"}]}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD) + "\n" + json.dumps(bad) + "\n\n{nope\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    status, out, err = run(
        ["cases", "--jsonl", str(src), str(dst), "--as-of", "2024-04-02"], capsys
    )
    assert (status, out, err) == (0, "", "3 case(s), 2 refused (their lines carry the error)\n")
    first, second, third = (json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines())
    case = Case.from_dict(load_ruleset("england-children-2006"), GOOD)
    assert first == {"case": case.to_dict(), **case.deadlines("2024-04-02").to_dict()}
    assert second == {
        "line": 2,
        "case_id": "C-2",
        "error": "cannot apply 'panel_held' in state 'new'; allowed: received, withdrawn",
    }
    assert third == {
        "line": 4,
        "case_id": None,
        "error": "not valid JSON: Expecting property name enclosed in double quotes (column 2)",
    }


def test_dash_is_stdin_and_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """- - reads standard input and writes to standard output."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(GOOD) + "\n"))
    status, out, _ = run(["cases", "--jsonl", "-", "-", "--as-of", "2024-04-02"], capsys)
    assert (status, json.loads(out)["deadlines"][0]["due"]) == (0, "2024-04-15")


def test_a_missing_input_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One error line naming the file; nothing written."""
    missing = tmp_path / "none.jsonl"
    assert usage_error(["cases", "--jsonl", str(missing), str(tmp_path / "o.jsonl")], capsys) == (
        f"error: {missing}: no such file\n"
    )
    assert not (tmp_path / "o.jsonl").exists()


def test_a_case_stored_under_another_version_warns_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'case FILE' replays a case stored under another rule-set version and says so on a
    warning: line (exit 0); an unknown key in the file is a usage error naming it."""
    f = tmp_path / "c.json"
    f.write_text(json.dumps({**GOOD, "ruleset_version": "9.9.9"}), encoding="utf-8")
    status, out, err = run(["case", str(f), "--as-of", "2024-04-02"], capsys)
    version = load_ruleset("england-children-2006").version
    assert (status, err) == (
        0,
        "warning: case 'C-1': ruleset_version: stored under england-children-2006 9.9.9, "
        f"replayed under england-children-2006 {version}; its deadlines may differ from "
        "those it was stored with\n",
    )
    assert "stage1_response" in out
    f.write_text(json.dumps({**GOOD, "notes": "x"}), encoding="utf-8")
    status, _, err = run(["case", str(f), "--as-of", "2024-04-02"], capsys)
    assert (status, err) == (
        2,
        f"error: {f}: case C-1: case data: unknown key 'notes'; allowed: case_id, ruleset, "
        "ruleset_version, events\n",
    )


def test_cases_reads_served_lines_under_their_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line in the service's shape (team, conventions, derived keys) is replayed under
    its conventions: received Thursday 28 March 2024 with receipt=deemed_next_working_day
    is deemed Tuesday 2 April, and 10 working days from it give 16 April (15 April without
    the choice, the next line). A line with a convention the rule set does not offer
    carries the error naming the key; the others are still written."""
    deemed = {"receipt": "deemed_next_working_day"}
    lines = [
        {
            **GOOD,
            "team": "north",
            "conventions": deemed,
            "division": None,
            "version": 2,
            "deadlines": [],
        },
        {**GOOD, "team": "north", "conventions": {}, "state": "stage1"},
        {**GOOD, "conventions": {"receipt": "never"}},
    ]
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    status, _, _ = run(["cases", "--jsonl", str(src), str(dst), "--as-of", "2024-04-02"], capsys)
    got = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    dues = [
        next(d["due"] for d in g["deadlines"] if d["clock"] == "stage1_response") for g in got[:2]
    ]
    assert (status, dues) == (0, ["2024-04-16", "2024-04-15"])
    assert (got[2]["line"], got[2]["error"].startswith("conventions.receipt: ")) == (3, True)
