"""Per-case output written by the audit itself (statdeadline.audit.caseout): each worker
writes its own part beside the output, and the parts are joined in input order, so the
file is byte for byte the one a single process writes; a failing run leaves the previous
file and no part behind."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from tests.unit.test_audit_split import _write

from statdeadline.audit import audit, pool
from statdeadline.audit.caseout import CaseOutput
from statdeadline.audit.pool import WorkerError
from statdeadline.reports.cases import CasePartWriter


def _cases_file(inputs: list[Path], out: Path, fmt: str, workers: int) -> str:
    output = CaseOutput(out, CasePartWriter(fmt, ("team",)))
    report = audit(
        inputs, as_of="2024-07-31", group_by=["team"], workers=workers, case_output=output
    )
    c = report.counts
    assert c["cases_read"] == c["cases_audited"] + c["cases_rejected"]
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".")) == []
    return out.read_text("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("workers", [2, 3])
def test_parts_joined_in_input_order_are_the_one_process_file(
    tmp_path: Path, fmt: str, workers: int
) -> None:
    """Byte ranges with a part each: the joined file is the one-process file, with one
    CSV header, every case in input order."""
    path = _write(tmp_path / "cases.csv", 300)
    out = tmp_path / "out" / f"per-case.{fmt}"
    out.parent.mkdir()
    one = _cases_file([path], out, fmt, 1)
    assert _cases_file([path], out, fmt, workers) == one
    if fmt == "csv":
        assert one.count("case_id,ruleset,team,") == 1
    assert len(one.splitlines()) > 300


def test_scattered_and_unsplittable_input(tmp_path: Path) -> None:
    """Scattered rows (shared by hash): the same lines, worker by worker; UTF-16 input
    whose cases are together (cannot be split: read in one process, to keep the
    order): the same file."""
    path = _write(tmp_path / "cases.csv", 200)
    lines = path.read_text("utf-8").splitlines()
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        "\n".join([lines[0], *random.Random(5).sample(lines[1:], len(lines) - 1)]) + "\n",
        "utf-8",
    )
    out = tmp_path / "per-case.csv"
    one = _cases_file([mixed], out, "csv", 1)
    two = _cases_file([mixed], out, "csv", 2)
    assert two.splitlines()[0] == one.splitlines()[0]
    assert sorted(two.splitlines()) == sorted(one.splitlines())
    wide = tmp_path / "utf16.csv"
    wide.write_bytes(path.read_text("utf-8").encode("utf-16"))
    assert _cases_file([wide], out, "csv", 2) == _cases_file([wide], out, "csv", 1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers (Linux)")
def test_a_dead_worker_leaves_the_previous_file_and_no_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker 2 killed after worker 1 wrote its part: WorkerError, the previous output as
    it was, and no part file left in the folder."""
    path = _write(tmp_path / "cases.csv", 300)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "per-case.csv"
    target.write_text("previous\n", "utf-8")
    real = pool._work

    def work(job: Any, i: int, workers: int, done: Any) -> Any:
        if i == 1:
            time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGKILL)
        return real(job, i, workers, done)

    monkeypatch.setattr(pool, "_work", work)
    with pytest.raises(WorkerError):
        audit(
            [path],
            as_of="2024-07-31",
            workers=2,
            case_output=CaseOutput(target, CasePartWriter("csv")),
        )
    assert target.read_text("utf-8") == "previous\n"
    assert [p.name for p in out.iterdir()] == ["per-case.csv"]
