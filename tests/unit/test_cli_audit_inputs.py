"""`statdeadline audit`: reading what councils export (stdin, encodings, delimiters),
the checks made before any case is replayed, --max-rejected, and outputs written whole
or not at all.

The input is the four cases of ``test_cli_audit.py`` (C-9 rejected for an unknown
event): rows 7 read = 5 used + 2 rejected; cases 4 read = 3 audited + 1 rejected.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.cli_support import run, usage_error
from tests.unit.test_cli_audit import CASES, COUNTS, audit

import statdeadline.cli.audit as cli_audit
from statdeadline.audit.caseout import CaseOutput


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(CASES, "utf-8")
    return path


def _json_counts(out: str) -> dict[str, int]:
    counts: dict[str, int] = json.loads(out)["counts"]
    assert counts["rows_read"] == counts["rows_used"] + counts["rows_rejected"]
    assert counts["cases_read"] == counts["cases_audited"] + counts["cases_rejected"]
    return counts


class _Stdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def test_dash_reads_stdin_and_output_dash_is_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`audit - --input-format csv --output -` reads the cases from standard input and
    writes the report to standard output; rejections name the input <stdin>."""
    monkeypatch.setattr(sys, "stdin", _Stdin(CASES.encode("utf-8")))
    argv = ["audit", "-", "--input-format", "csv", "--as-of", "2024-05-10"]
    status, out, err = run([*argv, "--format", "json", "--output", "-"], capsys)
    assert (status, _json_counts(out)) == (0, COUNTS)
    report = json.loads(out)
    assert [(r["file"], r["line"], r["case_id"]) for r in report["rejections"]] == [
        ("<stdin>", 8, "C-9")
    ]
    assert report["meta"]["inputs"][0]["path"] == "<stdin>"
    assert err.startswith("warning: 1 case(s) and 2 row(s) rejected; the first: <stdin>:8:")


def test_stdin_needs_its_format(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Standard input has no name to tell its format by: --input-format is required."""
    monkeypatch.setattr(sys, "stdin", _Stdin(CASES.encode("utf-8")))
    assert usage_error(["audit", "-", "--as-of", "2024-05-10"], capsys) == (
        "error: input_format: expected csv, jsonl or xlsx when reading standard input (-), got None\n"
    )


def test_windows_1252_semicolons_in_any_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Windows-1252, semicolon-separated file with upper-case headers (Excel's CSV in
    many locales) audits as the UTF-8 one does, and says how it was read; --encoding and
    --delimiter give the same result when named."""
    text = CASES.replace(",", ";").replace("case_id;ruleset", "Case_ID;RuleSet")
    text = text.replace("North", "Nörth")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    for options in ([], ["--encoding", "cp1252", "--delimiter", ";"]):
        status, out, _ = run(
            audit(path, "--format", "json", "--group-by", "Team", *options), capsys
        )
        assert (status, _json_counts(out)) == (0, COUNTS)
        report = json.loads(out)
        assert sorted({r["group"]["team"] for r in report["summary"]}) == ["Nörth", "South"]
        read = report["meta"]["inputs"][0]
        assert (read["encoding"], read["delimiter"]) == ("cp1252", ";")
        assert read["note"] == (None if options else "not valid UTF-8; read as Windows-1252")


def test_group_by_is_checked_before_any_case(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A group column that is not there, is an output column or a core column is one
    error, exit 2, with the columns there are listed."""
    assert usage_error(audit(cases, "--group-by", "area"), capsys) == (
        f"error: group column 'area' is not a column of {cases}; there: case_id, ruleset, "
        "event, date, team\n"
    )
    text = CASES.replace(",team", ",status")
    cases.write_text(text, "utf-8")
    assert usage_error(audit(cases, "--group-by", "Status"), capsys) == (
        "error: group column 'Status' has the name of an output column (status); rename the "
        "input column\n"
    )
    assert usage_error(audit(cases, "--group-by", "event"), capsys) == (
        "error: group column 'event' is a column every case has (case_id, ruleset, event, "
        "date, time); group by another column\n"
    )


def test_the_same_input_twice_is_refused(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same file given twice, even through a hard link, would count every case twice."""
    link = tmp_path / "again.csv"
    link.hardlink_to(cases)
    argv = ["audit", str(cases), str(link), "--as-of", "2024-05-10"]
    assert usage_error(argv, capsys) == (f"error: {link}: given more than once (as {cases} too)\n")


def test_outputs_are_checked_before_any_case(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output in a folder that does not exist, or --cases -, is refused up front."""
    missing = tmp_path / "nowhere" / "report.txt"
    assert usage_error(audit(cases, "--output", str(missing)), capsys) == (
        f"error: --output {missing}: the folder {missing.parent} does not exist\n"
    )
    assert usage_error(audit(cases, "--cases", "-"), capsys) == (
        "error: --cases -: the per-case file must be a file (.csv or .jsonl)\n"
    )


def test_max_rejected(cases: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """1 of 4 cases rejected: over a limit of 10% or 0 cases the audit exits 1 with one
    error line (the report is still written); within 25% or 1 case it exits 0."""
    for limit in ("10%", "0.1", "0"):
        status, out, err = run(audit(cases, "--format", "json", "--max-rejected", limit), capsys)
        shown = {"10%": "10%", "0.1": "10%", "0": "0 case(s)"}[limit]
        assert (status, _json_counts(out)) == (1, COUNTS)
        assert err.splitlines()[-1] == (
            f"error: 1 of 4 cases (25.0%) were rejected, more than the limit of {shown} "
            "(--max-rejected)"
        )
    for limit in ("25%", "1"):
        status, out, _ = run(audit(cases, "--format", "json", "--max-rejected", limit), capsys)
        assert status == 0
    assert usage_error(audit(cases, "--max-rejected", "lots"), capsys) == (
        "error: argument --max-rejected: expected a count (10), or a rate as a percentage "
        "(5%) or a fraction (0.05), got 'lots' (see 'statdeadline audit --help')\n"
    )


def test_a_failing_run_keeps_the_previous_outputs(
    cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An audit interrupted after some cases were written leaves --output and --cases as
    they were, and no temporary file behind."""
    report, per_case = tmp_path / "report.json", tmp_path / "cases-out.csv"
    report.write_text("previous report\n", "utf-8")
    per_case.write_text("previous cases\n", "utf-8")
    real = cli_audit.audit

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        seen = []
        given = kwargs["case_output"]

        def part(fh: Any, first: bool) -> Any:
            write = given.writer(fh, first)

            def on_case(result: Any) -> None:
                write(result)
                seen.append(result)
                if len(seen) == 2:
                    raise KeyboardInterrupt

            return on_case

        kwargs["case_output"] = CaseOutput(given.path, part)
        return real(*args, **kwargs)

    monkeypatch.setattr(cli_audit, "audit", interrupted)
    argv = audit(cases, "--format", "json", "--output", str(report), "--cases", str(per_case))
    status, out, err = run(argv, capsys)
    assert (status, out, err) == (130, "", "interrupted\n")
    assert report.read_text("utf-8") == "previous report\n"
    assert per_case.read_text("utf-8") == "previous cases\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cases-out.csv",
        "cases.csv",
        "report.json",
    ]


def test_outputs_replace_the_previous_ones_whole(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run that succeeds replaces both outputs, keeping the file's permissions."""
    report = tmp_path / "report.json"
    report.write_text("previous report\n", "utf-8")
    report.chmod(0o640)
    per_case = tmp_path / "per-case.jsonl"
    argv = audit(cases, "--format", "json", "--output", str(report), "--cases", str(per_case))
    status, out, _ = run(argv, capsys)
    assert (status, out) == (0, "")
    assert _json_counts(report.read_text("utf-8")) == COUNTS
    assert len(per_case.read_text("utf-8").splitlines()) == 4
    assert report.stat().st_mode & 0o777 == 0o640


@pytest.fixture
def small_disk(tmp_path: Path) -> Any:
    """A 64 KiB tmpfs, mounted for the test (root only)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_is_one_error_and_keeps_the_previous_report(
    cases: Path, small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no room left, the report cannot be written: one error naming the file, exit
    2, and the previous report as it was."""
    report = small_disk / "report.html"
    report.write_text("previous report\n", "utf-8")
    (small_disk / "filler").write_bytes(b"x" * (60 * 1024))
    status, out, err = run(audit(cases, "--format", "html", "--output", str(report)), capsys)
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == f"error: {report}: No space left on device"
    assert report.read_text("utf-8") == "previous report\n"
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "report.html"]
