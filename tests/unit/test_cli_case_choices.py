"""``statdeadline case FILE``: the choices a case was made with, and the command line's
overrides, loaded by the library's load_for_case; a refused choice is named by the
case's key where the case made it, by the option where the command line did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli_support import run

CASE = {
    "case_id": "C-1",
    "ruleset": "england-children-2006",
    "events": [{"event": "received", "date": "2024-03-28"}],
}


def _case(tmp_path: Path, **more: object) -> str:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({**CASE, **more}), encoding="utf-8")
    return str(path)


def test_refused_choices_are_named_by_who_made_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The case chose receipt=day_1 and Scotland's bank holidays (england-children-2006
    offers neither): both are named by the case's keys, one line each, the file in
    front. The same refused receipt given by --convention is named by the option, and
    the case's refused division is still the case's."""
    path = _case(tmp_path, conventions={"receipt": "day_1"}, division="scotland")
    receipt = (
        "'day_0' may be changed only to a declared alternative "
        "(non_working_deemed_next, deemed_next_working_day), got 'day_1'"
    )
    division = (
        "england-children-2006 counts bank holidays of england-and-wales; "
        "alternatives: united-kingdom; got 'scotland'"
    )
    status, out, err = run(["case", path], capsys)
    assert (status, out, err) == (
        2,
        "",
        f"error: {path}: conventions.receipt: {receipt}\n  division: {division}\n",
    )
    status, out, err = run(["case", path, "--convention", "receipt=day_1"], capsys)
    assert (status, err) == (
        2,
        f"error: {path}: argument --convention receipt: {receipt}\n  division: {division}\n",
    )


def test_an_override_replaces_the_cases_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case made with a division its rule set refuses replays once --division gives
    one it offers: the override wins, and the JSON's meta says the division used."""
    path = _case(tmp_path, division="scotland")
    argv = ["case", path, "--division", "united-kingdom", "--format", "json"]
    status, out, _ = run([*argv, "--as-of", "2024-04-02"], capsys)
    assert status == 0
    assert json.loads(out)["meta"]["division"] == "united-kingdom"
