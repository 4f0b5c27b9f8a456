"""Faults in the worker pool: a worker that dies fails the audit within seconds with one
error naming what happened (never a hang or a traceback), and workers do not outlive a
killed main process.

The input is the four cases of ``test_cli_audit.py``, audited with two worker processes
(``workers=2``); a worker is made to die by replacing ``pool._work`` before the workers
are forked, so only the child runs the replacement.
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from tests.audit_support import alive
from tests.cli_support import run
from tests.unit.test_cli_audit import CASES

import statdeadline.cli.audit as cli_audit
from statdeadline.audit import AuditError, audit, pool
from statdeadline.audit.pool import WorkerError

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the workers are forked (Linux only)"
)


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(CASES, "utf-8")
    return path


def _killed_at(index: int, sig: int) -> Any:
    real = pool._work

    def work(job: Any, i: int, workers: int, done: Any) -> Any:
        if i == index:
            os.kill(os.getpid(), sig)
            time.sleep(30)  # never reached for SIGKILL; SIGTERM's default also ends it
        return real(job, i, workers, done)

    return work


@pytest.mark.parametrize(
    ("sig", "how"),
    [
        (signal.SIGKILL, "was killed by SIGKILL (the out-of-memory killer, or kill -9)"),
        (signal.SIGTERM, "was killed by SIGTERM"),
    ],
)
def test_a_dead_worker_fails_the_audit_within_seconds(
    cases: Path, monkeypatch: pytest.MonkeyPatch, sig: int, how: str
) -> None:
    """Worker 2 of 2 killed: WorkerError naming it and the signal, in well under the
    time the other worker's share or a hang would take."""
    monkeypatch.setattr(pool, "_work", _killed_at(1, sig))
    started = time.monotonic()
    with pytest.raises(WorkerError) as info:
        audit([cases], as_of="2024-05-10", workers=2)
    assert time.monotonic() - started < 5
    assert str(info.value) == (
        f"audit worker process 2 of 2 {how}; the audit is incomplete and no report was written"
    )
    assert (info.value.index, info.value.exitcode) == (2, -sig)


def test_an_error_in_a_worker_is_raised_in_the_main_process(
    cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's own error (here an AuditError) comes back as itself, not a hang."""

    def work(job: Any, i: int, workers: int, done: Any) -> Any:
        raise AuditError("boom in a worker", "x.csv", 3)

    monkeypatch.setattr(pool, "_work", work)
    with pytest.raises(AuditError) as info:
        audit([cases], as_of="2024-05-10", workers=2)
    assert str(info.value) == "boom in a worker"


def test_the_cli_says_what_happened_and_keeps_the_previous_report(
    cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the command line a dead worker is exit status 1, one error line, and the
    previous --output file as it was."""
    monkeypatch.setattr(pool, "_work", _killed_at(0, signal.SIGKILL))
    monkeypatch.setattr(cli_audit, "audit", functools.partial(audit, workers=2))
    report = tmp_path / "report.txt"
    report.write_text("previous\n", "utf-8")
    argv = ["audit", str(cases), "--as-of", "2024-05-10", "--output", str(report)]
    assert run(argv, capsys) == (
        1,
        "",
        "error: audit worker process 1 of 2 was killed by SIGKILL (the out-of-memory killer, "
        "or kill -9); the audit is incomplete and no report was written\n",
    )
    assert report.read_text("utf-8") == "previous\n"


_MAIN = """
import os, sys, time
from pathlib import Path
from statdeadline.audit import audit, pool

pids = Path(sys.argv[2])

def work(job, i, workers, done):
    (pids / str(os.getpid())).write_text("")
    time.sleep(60)

pool._work = work
audit([sys.argv[1]], as_of="2024-05-10", workers=2)
"""


def _own_tmp(tmp_path: Path) -> dict[str, str]:
    """The environment for a process that is killed with SIGKILL: its scratch folder,
    which it cannot remove, in a TMPDIR of the test's own rather than the system's."""
    (tmp_path / "tmp").mkdir()
    return {**os.environ, "TMPDIR": str(tmp_path / "tmp")}


def test_killing_the_main_process_ends_its_workers(cases: Path, tmp_path: Path) -> None:
    """SIGKILL to the main process (which cannot clean up) still ends both workers
    within seconds, with nothing printed."""
    pids = tmp_path / "pids"
    pids.mkdir()
    main = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_MAIN), str(cases), str(pids)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_own_tmp(tmp_path),
    )
    deadline = time.monotonic() + 20
    while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [int(p.name) for p in pids.iterdir()]
    assert len(workers) == 2
    main.kill()
    out, err = main.communicate(timeout=10)
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in workers if alive(pid)] == []
    assert (out, err) == (b"", b"")


def test_horizon_warnings_are_the_same_whatever_the_number_of_workers(tmp_path: Path) -> None:
    """Cases whose deadlines rest on bank holidays not yet proclaimed (2099) give the
    same deduplicated warnings, counted per case, with one worker and with two."""
    lines = ["case_id,ruleset,event,date"]
    lines += [f"F-{i},england-children-2006,received,2099-0{1 + i % 3}-05" for i in range(12)]
    path = tmp_path / "future.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    one = audit([path], as_of="2099-06-30", workers=1).meta["warnings"]
    two = audit([path], as_of="2099-06-30", workers=2).meta["warnings"]
    assert one == two
    assert (one["cases"], len(one["examples"])) == (12, 3)
    assert sum(e["cases"] for e in one["examples"]) >= 12
    assert one["examples"][0]["message"].endswith(
        "later bank holidays are forecasts until proclaimed"
    )


def test_ctrl_c_in_the_main_process_ends_the_workers(
    cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupt while the main process waits for its workers ends them before the
    KeyboardInterrupt goes on (the CLI then says "interrupted", exit status 130)."""
    pids = tmp_path / "pids"
    pids.mkdir()

    def work(job: Any, i: int, workers: int, done: Any) -> Any:
        (pids / str(os.getpid())).write_text("")
        time.sleep(60)

    waited = pool.multiprocessing.connection.wait
    interrupted = []

    def wait(objects: Any, timeout: float | None = None) -> Any:
        if not interrupted and len(list(pids.iterdir())) == 2:
            interrupted.append(True)  # once: the clean-up waits for the workers too
            raise KeyboardInterrupt
        return waited(objects, timeout)

    monkeypatch.setattr(pool, "_work", work)
    monkeypatch.setattr(pool.multiprocessing.connection, "wait", wait)
    with pytest.raises(KeyboardInterrupt):
        audit([cases], as_of="2024-05-10", workers=2)
    workers = [int(p.name) for p in pids.iterdir()]
    assert len(workers) == 2
    assert [pid for pid in workers if alive(pid)] == []


_KILLED_MID_WRITE = """
import sys, time
from pathlib import Path
import statdeadline.cli.audit as cli_audit
from statdeadline.audit.caseout import CaseOutput
from statdeadline.cli.main import main

flag = Path(sys.argv[1])
real = cli_audit.audit

def paused(*args, **kwargs):
    given = kwargs["case_output"]

    def part(fh, first):
        write = given.writer(fh, first)
        seen = []

        def on_case(result):
            write(result)
            seen.append(result)
            if len(seen) == 2:  # two cases written (and flushed): wait to be killed
                fh.flush()
                flag.write_text("")
                time.sleep(60)

        return on_case

    kwargs["case_output"] = CaseOutput(given.path, part)
    return real(*args, **kwargs)

cli_audit.audit = paused
sys.exit(main(sys.argv[2:]))
"""


def test_sigkill_mid_write_leaves_the_previous_outputs(cases: Path, tmp_path: Path) -> None:
    """SIGKILL to the CLI (which cannot clean up) while --cases is half written: the
    previous --output and --cases files are exactly as they were (the cases went to a
    temporary file beside the target, which is never renamed over it); only that
    temporary file, a hidden one, may be left."""
    report, per_case = tmp_path / "report.json", tmp_path / "cases-out.csv"
    report.write_text("previous report\n", "utf-8")
    per_case.write_text("previous cases\n", "utf-8")
    flag = tmp_path / "written"
    argv = [str(cases), "--as-of", "2024-05-10", "--format", "json"]
    argv += ["--output", str(report), "--cases", str(per_case)]
    main = subprocess.Popen(
        [sys.executable, "-c", _KILLED_MID_WRITE, str(flag), "audit", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_own_tmp(tmp_path),
    )
    deadline = time.monotonic() + 30
    while not flag.exists() and main.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists(), main.communicate(timeout=10)
    main.kill()
    main.communicate(timeout=10)
    assert report.read_text("utf-8") == "previous report\n"
    assert per_case.read_text("utf-8") == "previous cases\n"
    left = {p.name for p in tmp_path.iterdir()}
    left -= {"cases.csv", "report.json", "cases-out.csv", "tmp"}
    assert {"written"} <= left and all(n.startswith(".") for n in left - {"written"})
