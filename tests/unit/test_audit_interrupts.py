"""However an audit ends it leaves no temporary file behind, and when it does not finish,
the previous outputs as they were: finished, a worker's error, Ctrl-C (once or twice),
SIGTERM or SIGHUP of the main process and a worker killed each end the command with one
line on stderr, the audit's scratch folder (the copy of standard input, the workers'
rows spilled to disk) and the ``--cases`` parts removed. SIGKILL of the main process,
which nothing can clean up after, leaves only what docs/auditors-guide.md says it may,
and the next audit removes that; a running audit's files are never taken for stale.

Most tests run the real command in a process of its own, in a session of its own (so
that Ctrl-C, SIGINT to its process group, reaches only it and its workers), with
``TMPDIR`` pointed at a folder of the test's own, so "nothing left" is checked exactly.
The input is scattered (each case's responses come after every receipt), audited by two
workers with the spill threshold set to 10 rows, so that each worker spills its rows to
a SQLite file; each worker then stops after the third case read back from that file
and waits to be ended (the test knows it has got there by a file the worker writes);
told to end, it may be made to take a second, as a worker in the middle of a long
SQLite write might. The last tests run the command here (``main``), likewise set up.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from tests.audit_support import alive
from tests.cli_support import run as cli_run

import statdeadline.cli.audit as cli_audit
from statdeadline.audit import AuditError, audit, passes, scratch

Capture = pytest.CaptureFixture[str]

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the workers are forked (Linux only)"
)

_PAUSED = """
import contextlib, functools, multiprocessing, multiprocessing.util, os, sys, time
from pathlib import Path
import statdeadline.cli.audit as cli_audit
from statdeadline.audit import audit, passes
from statdeadline.cli.main import main

flags, workers, ending = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
pausing = sys.argv[4].split(",")  # the workers that wait in their spill; the others end
passes.SPILL_ROWS = 10
real = passes._spilled
spilling = []

def number():
    name = multiprocessing.current_process().name  # statdeadline-audit-N
    return name.rsplit("-", 1)[1] if workers > 1 else "1"

def spilled(*args):
    scratch = args[2] if len(args) > 2 else None  # the audit's scratch folder
    spilling.append(True)
    with contextlib.closing(real(*args)) as inner:
        for i, case in enumerate(inner):
            if i == 2 and number() in pausing:  # every row is in the file: wait to be ended
                (flags / number()).write_text(str(os.getpid()))
                try:
                    time.sleep(60)
                finally:  # a worker slow to end (in the middle of a SQLite write)
                    time.sleep(ending)
                    if scratch is not None:  # whether it outlived the scratch folder
                        (flags / f"ended-{number()}").write_text(str(os.path.isdir(scratch)))
            yield case

exiting = multiprocessing.util._exit_function

def exit_function(*args, **kwargs):
    if spilling and number() not in pausing:  # a worker that has sent its share, exiting
        (flags / number()).write_text(str(os.getpid()))
        time.sleep(60)
    exiting(*args, **kwargs)

passes._spilled = spilled
multiprocessing.util._exit_function = exit_function
cli_audit.audit = functools.partial(audit, workers=workers)
sys.exit(main(sys.argv[5:]))
"""

#: 60 cases, two rows each; every receipt first, then every response: no case's rows
#: are together, and each of the two workers holds about 60 rows (> 10: it spills).
_CASES = 60


@pytest.fixture
def scattered(tmp_path: Path) -> Path:
    lines = ["case_id,ruleset,event,date,team"]
    lines += [f"C-{i},england-children-2006,received,2024-03-28,North" for i in range(_CASES)]
    lines += [
        f"C-{i},england-children-2006,stage1_response,2024-04-10,North" for i in range(_CASES)
    ]
    path = tmp_path / "cases.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


class _Run:
    """The audit command started on ``scattered`` with --output and --cases over
    previous files, paused once both workers have spilled their rows."""

    def __init__(
        self,
        tmp_path: Path,
        scattered: Path,
        *,
        stdin: bool = False,
        workers: int = 2,
        ending: float = 0,
        pausing: str | None = None,
    ) -> None:
        """``pausing``: the numbers of the workers that wait in their spill (default:
        all); the others send their share and wait as they exit."""
        pausing = pausing or ",".join(str(n) for n in range(1, workers + 1))
        self.tmp = tmp_path / "tmp"  # the run's TMPDIR
        self.tmp.mkdir()
        self.flags = tmp_path / "flags"
        self.flags.mkdir()
        self.out = tmp_path / "out"
        self.out.mkdir()
        self.report, self.per_case = self.out / "report.json", self.out / "cases-out.csv"
        self.report.write_text("previous report\n", "utf-8")
        self.per_case.write_text("previous cases\n", "utf-8")
        argv = self.argv("-" if stdin else scattered)
        with open(scattered if stdin else os.devnull, "rb") as given:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _PAUSED,
                    str(self.flags),
                    str(workers),
                    str(ending),
                    pausing,
                    *argv,
                ],
                stdin=given,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**os.environ, "TMPDIR": str(self.tmp)},
                start_new_session=True,
            )
        try:
            self._paused(workers, len(pausing.split(",")))
        except BaseException:
            self.proc.kill()
            self.proc.communicate(timeout=10)
            raise

    def _paused(self, workers: int, spills: int) -> None:
        """Wait until every worker has got where it waits (its flag written)."""
        deadline = time.monotonic() + 30
        while (
            len(list(self.flags.iterdir())) < workers
            and self.proc.poll() is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        if len(list(self.flags.iterdir())) < workers:
            pytest.fail(f"the workers did not get where they wait: {self.proc.communicate(10)}")
        #: the workers' pids, by their number (1, 2); with one, the main process's pid
        self.workers = {int(f.name): int(f.read_text()) for f in self.flags.iterdir()}
        self.ended_flags = [self.flags / f"ended-{n}" for n in self.workers]
        # what there is to clean up, so this test can fail: a spill file in each worker
        # still working (the others' are closed, removed), a --cases part for each
        assert len(list(self.tmp.rglob("statdeadline-rows-*/rows.sqlite"))) == spills
        assert len(self.parts()) == workers

    def argv(self, source: Path | str) -> list[str]:
        """The command's arguments, for ``source`` (``-``: standard input)."""
        given = ["-", "--input-format", "csv"] if source == "-" else [str(source)]
        argv = ["audit", *given, "--as-of", "2024-05-10", "--format", "json"]
        return [*argv, "--output", str(self.report), "--cases", str(self.per_case)]

    def parts(self) -> list[str]:
        return sorted(p.name for p in self.out.iterdir() if p.name.endswith((".part1", ".part2")))

    def ended(self, *, with_workers: bool = False) -> tuple[int, str]:
        """The exit status and stderr, once the command and its workers have ended
        (``with_workers``: the workers had ended when the command did)."""
        out, err = self.proc.communicate(timeout=20)
        assert out == b""
        if with_workers:
            assert [pid for pid in self.workers.values() if alive(pid)] == []
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in self.workers.values()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in self.workers.values() if alive(pid)] == []
        return self.proc.returncode, err.decode("utf-8")

    def assert_clean(self, *, written: bool = False) -> None:
        """No temporary file left, and the previous outputs exactly as they were (or,
        ``written``, as another audit wrote them)."""
        assert sorted(p.name for p in self.tmp.iterdir()) == []
        assert sorted(p.name for p in self.out.iterdir()) == ["cases-out.csv", "report.json"]
        if not written:
            assert self.report.read_text("utf-8") == "previous report\n"
            assert self.per_case.read_text("utf-8") == "previous cases\n"
            return
        assert json.loads(self.report.read_text("utf-8"))["counts"]["cases_audited"] == _CASES
        # the header, then each case's two deadlines: its stage 1 response, met, and the
        # complainant's window to ask for stage 2 that the response opened
        assert len(self.per_case.read_text("utf-8").splitlines()) == 1 + 2 * _CASES


def test_ctrl_c_leaves_no_temporary_file(tmp_path: Path, scattered: Path) -> None:
    """Ctrl-C (SIGINT to the process group, as a terminal sends it): "interrupted",
    status 130; the workers, which ignore it, are ended by the main process, which then
    removes the scratch folder with their spill files, and the --cases parts."""
    run = _Run(tmp_path, scattered)
    os.killpg(run.proc.pid, signal.SIGINT)
    assert run.ended(with_workers=True) == (130, "interrupted\n")
    run.assert_clean()


def test_ctrl_c_ends_a_worker_that_has_sent_its_share_quietly(
    tmp_path: Path, scattered: Path
) -> None:
    """Ctrl-C while worker 1 has sent its share and is exiting, and worker 2 still
    works: worker 1, ended with worker 2, prints nothing (it has nothing to remove)."""
    run = _Run(tmp_path, scattered, pausing="2")
    os.killpg(run.proc.pid, signal.SIGINT)
    assert run.ended(with_workers=True) == (130, "interrupted\n")
    run.assert_clean()


def test_ctrl_c_twice_still_waits_for_the_workers(tmp_path: Path, scattered: Path) -> None:
    """A second Ctrl-C while the main process waits for its workers to end (each takes
    a second) does not cut the wait short: the main process removes the scratch folder
    only once both have ended, and nothing is left."""
    run = _Run(tmp_path, scattered, ending=1)
    os.killpg(run.proc.pid, signal.SIGINT)
    time.sleep(0.2)  # the workers are still ending
    os.killpg(run.proc.pid, signal.SIGINT)
    assert run.ended(with_workers=True) == (130, "interrupted\n")
    # each worker ended before the main process removed the scratch folder
    assert [f.read_text() for f in run.ended_flags] == ["True", "True"]
    run.assert_clean()


def test_sigterm_of_the_main_process_leaves_no_temporary_file(
    tmp_path: Path, scattered: Path
) -> None:
    """SIGTERM to the main process alone, reading standard input: the command ends as
    cleanly as on Ctrl-C (status 128 + 15), the copy of standard input removed too."""
    run = _Run(tmp_path, scattered, stdin=True)
    run.proc.send_signal(signal.SIGTERM)
    assert run.ended() == (143, "terminated (SIGTERM)\n")
    run.assert_clean()


def test_sigterm_of_an_audit_in_one_process_leaves_no_temporary_file(
    tmp_path: Path, scattered: Path
) -> None:
    """The same with one worker, where the main process spills the rows itself (an
    audit on a one-core machine)."""
    run = _Run(tmp_path, scattered, workers=1)
    run.proc.send_signal(signal.SIGTERM)
    assert run.ended() == (143, "terminated (SIGTERM)\n")
    run.assert_clean()


def test_sighup_of_the_main_process_leaves_no_temporary_file(
    tmp_path: Path, scattered: Path
) -> None:
    """SIGHUP (the terminal closed) to the process group: the workers ignore it and
    are ended by the main process, which exits with status 128 + 1."""
    run = _Run(tmp_path, scattered)
    os.killpg(run.proc.pid, signal.SIGHUP)
    assert run.ended() == (129, "terminated (SIGHUP)\n")
    run.assert_clean()


def test_a_killed_worker_leaves_no_temporary_file(tmp_path: Path, scattered: Path) -> None:
    """SIGKILL of worker 2 (as the out-of-memory killer does): the audit fails with one
    error line naming it, status 1, and the dead worker's spill file is removed with the
    scratch folder, as the other worker's is."""
    run = _Run(tmp_path, scattered)
    os.kill(run.workers[2], signal.SIGKILL)
    assert run.ended() == (
        1,
        "error: audit worker process 2 of 2 was killed by SIGKILL (the out-of-memory "
        "killer, or kill -9); the audit is incomplete and no report was written\n",
    )
    run.assert_clean()


def test_sigkill_of_the_main_process_leaves_only_what_the_guide_says(
    tmp_path: Path, scattered: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    """SIGKILL of the main process cannot be cleaned up after by the process itself:
    its workers are sent SIGTERM (Linux) and remove their spill files as they end;
    left are the scratch folder, ``statdeadline-run-*``, with only its lock file, and
    the hidden --cases parts, ``.cases-out.csv.*.part1`` and ``.part2``
    (docs/auditors-guide.md), beside the previous outputs, which are as they were. The
    next audit of the same --cases file removes them, as stale (here: as soon as they
    are unlocked, scratch.AGE set below 0)."""
    run = _Run(tmp_path, scattered)
    run.proc.kill()
    assert run.ended() == (-signal.SIGKILL, "")
    (folder,) = run.tmp.iterdir()
    assert folder.name.startswith("statdeadline-run-")
    assert [p.name for p in folder.iterdir()] == [".lock"]
    parts = run.parts()
    assert sorted((p.startswith(".cases-out.csv."), p[-6:]) for p in parts) == [
        (True, ".part1"),
        (True, ".part2"),
    ]
    assert run.report.read_text("utf-8") == "previous report\n"
    assert run.per_case.read_text("utf-8") == "previous cases\n"

    monkeypatch.setattr(scratch, "AGE", -1)
    monkeypatch.setattr(tempfile, "tempdir", str(run.tmp))
    status, _, err = cli_run(run.argv(scattered), capsys)
    assert (status, err) == (0, f"wrote {run.report} (60 cases audited)\n")
    run.assert_clean(written=True)


def test_a_running_audits_files_are_not_taken_for_stale(
    tmp_path: Path, scattered: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    """While one audit runs (paused), another of the same input and outputs, sharing
    its temporary folder, leaves the first one's scratch folder and parts alone, even
    with scratch.AGE below 0: they are locked. The first one then ends cleanly."""
    run = _Run(tmp_path, scattered)
    monkeypatch.setattr(scratch, "AGE", -1)
    monkeypatch.setattr(tempfile, "tempdir", str(run.tmp))
    status, _, err = cli_run(run.argv(scattered), capsys)
    assert (status, err) == (0, f"wrote {run.report} (60 cases audited)\n")
    assert len(list(run.tmp.rglob("statdeadline-rows-*/rows.sqlite"))) == 2
    assert len(run.parts()) == 2
    run.proc.send_signal(signal.SIGTERM)
    assert run.ended() == (143, "terminated (SIGTERM)\n")
    run.assert_clean(written=True)


@pytest.fixture
def in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, Path, list[str]]:
    """For an audit run here (the CLI's main): its TMPDIR, its report and --cases file
    (over previous ones), and the arguments but the input; two workers, spilling past
    10 rows."""
    tmp, out = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    out.mkdir()
    report, per_case = out / "report.json", out / "cases-out.csv"
    report.write_text("previous report\n", "utf-8")
    per_case.write_text("previous cases\n", "utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setattr(passes, "SPILL_ROWS", 10)
    monkeypatch.setattr(cli_audit, "audit", functools.partial(audit, workers=2))
    argv = ["--as-of", "2024-05-10", "--format", "json", "--output", str(report)]
    return tmp, report, per_case, [*argv, "--cases", str(per_case)]


def test_a_finished_audit_leaves_no_temporary_file(
    tmp_path: Path,
    scattered: Path,
    in_process: tuple[Path, Path, Path, list[str]],
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An audit that ends normally, both workers having spilled their rows, leaves its
    outputs and nothing else."""
    tmp, report, per_case, argv = in_process
    real = passes._spilled

    def spilled(*args: Any) -> Any:
        (tmp_path / f"spilled-{os.getpid()}").write_text("")
        yield from real(*args)

    monkeypatch.setattr(passes, "_spilled", spilled)
    status, _, err = cli_run(["audit", str(scattered), *argv], capsys)
    assert (status, err) == (0, f"wrote {report} (60 cases audited)\n")
    assert len(list(tmp_path.glob("spilled-*"))) == 2
    assert sorted(p.name for p in tmp.iterdir()) == []
    assert sorted(p.name for p in report.parent.iterdir()) == ["cases-out.csv", "report.json"]
    assert json.loads(report.read_text("utf-8"))["counts"]["cases_audited"] == _CASES
    assert len(per_case.read_text("utf-8").splitlines()) == 1 + 2 * _CASES  # as above


def test_an_error_in_a_worker_leaves_no_temporary_file(
    scattered: Path,
    in_process: tuple[Path, Path, Path, list[str]],
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Worker 2 failing once it has spilled its rows (its error raised in the main
    process, worker 1 ended): one error line, the previous outputs, no temporary
    file."""
    tmp, report, per_case, argv = in_process
    real = passes._spilled

    def spilled(*args: Any) -> Any:
        for i, case in enumerate(real(*args)):
            if i == 2 and multiprocessing.current_process().name.endswith("-2"):
                raise AuditError("boom in worker 2", "cases.csv", 3)
            yield case

    monkeypatch.setattr(passes, "_spilled", spilled)
    status, _, err = cli_run(["audit", str(scattered), *argv], capsys)
    assert (status, err) == (2, "error: boom in worker 2\n")
    assert sorted(p.name for p in tmp.iterdir()) == []
    assert sorted(p.name for p in report.parent.iterdir()) == ["cases-out.csv", "report.json"]
    assert (report.read_text("utf-8"), per_case.read_text("utf-8")) == (
        "previous report\n",
        "previous cases\n",
    )
