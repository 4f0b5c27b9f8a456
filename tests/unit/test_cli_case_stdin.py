"""``statdeadline case -`` reads a case from standard input, and ``case`` reads back the
JSON that ``due --format json`` (and ``case --format json``) write: one round trip for
the CLI and the service."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from tests.cli_support import run, usage_error


def _due_json(capsys: pytest.CaptureFixture[str]) -> str:
    status, out, _ = run(
        ["due", "england-children-2006", "--received", "2024-03-28", "--as-of", "2024-04-02",
         "--format", "json"],
        capsys,
    )  # fmt: skip
    assert status == 0
    return out


def test_case_reads_what_due_format_json_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The document's case is replayed: at the same as_of the same JSON comes back."""
    written = _due_json(capsys)
    path = tmp_path / "C.json"
    path.write_text(written, encoding="utf-8")
    status, out, err = run(["case", str(path), "--as-of", "2024-04-02", "--format", "json"], capsys)
    assert (status, err, json.loads(out)) == (0, "", json.loads(written))


def test_case_dash_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """'-' is JSON on standard input, either form."""
    written = _due_json(capsys)
    for text in (written, json.dumps(json.loads(written)["case"])):
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
        status, out, err = run(["case", "-", "--as-of", "2024-04-02", "--format", "json"], capsys)
        assert (status, err, json.loads(out)["deadlines"]) == (
            0,
            "",
            json.loads(written)["deadlines"],
        )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{x",
            "error: -:1: not valid JSON: Expecting property name enclosed in double quotes (column 2)\n",
        ),
        (
            "[]",
            "error: -: expected a mapping with case_id, ruleset (a rule-set id or file) and "
            "events, as written by Case.to_dict()\n",
        ),
    ],
)
def test_bad_stdin_is_a_usage_error_naming_dash(
    text: str, message: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One error line, exit 2."""
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert usage_error(["case", "-"], capsys) == message
