"""How fast, and in how much memory, does the audit replay a large year of cases?

Run it as a script::

    python benchmarks/bench_audit.py            # 10k, 100k and 1M cases (several minutes)
    python benchmarks/bench_audit.py --quick    # 10k cases only, a smoke run
    python benchmarks/bench_audit.py --sizes 100000 --profile   # cProfile's top items

For each size it writes a synthetic long-format CSV into a temporary folder (streamed,
about 5 rows a case; every history is valid by construction, so nothing is rejected),
then, each in a fresh Python process so that memory peaks are not shared:

* **baseline**: ``csv.reader`` over the same file, counting rows (the least any audit
  of a CSV must do);
* **audit**: ``statdeadline.audit.audit([file], as_of=..., group_by=["team"])``, timed,
  with its own peak resident set size (``resource.getrusage(...).ru_maxrss`` and
  ``/proc`` VmHWM) and the peak of the whole process tree (it and the worker processes
  the audit starts for large inputs; proportional set size, so pages a forked worker
  shares with its parent count once), sampled from ``/proc`` by this process every 50 ms;
* **audit, scattered**: the same audit of the same rows shuffled (written by a fresh
  process with a fixed seed), so no case's rows are together: the audit holds the first
  rows in memory and spills the rest to a temporary file; timed, with its peak;
* **audit, --cases**: the grouped audit writing every case's deadlines to a CSV file too
  (each worker process its own part); **audit, one process**: ``workers=1``;
* **audit, baseline commit** (``--against SRC``): the grouped audit with statdeadline
  imported from another commit's ``src/`` folder, run right after this commit's, so the
  ratio compares the two on the same machine under nearly the same load (the machine is
  shared: compare within a run, never across runs);
* **audit, traced**: the same audit in one process (``workers=1``: tracemalloc sees only
  the process it runs in) under ``tracemalloc``, for the peak of memory allocated by
  Python (tracing slows it down, so its time is not used).

It prints cases and rows per second, the ratio of the audit's time to the baseline's
(measured in the same run, so the machine's speed cancels out), both memory peaks, and
PASS/MISS for issue #8's targets (1M cases in at most 25 s and 300 MB for every process
together; shuffled, at most twice the grouped time and 500 MB; with ``--cases``, at most
1.5 times the time without). Targets are never
asserted: this is a measurement, not a test. Importing this module only defines things;
:func:`run` does the work and returns the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import io
import json
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SIZES = (10_000, 100_000, 1_000_000)
QUICK = (10_000,)
AS_OF = "2026-06-30"
SEED = 20260630
TARGET_SECONDS = 25.0  # for 1M cases (issue #8)
TARGET_MB = 300.0  # for 1M cases, every process together
TARGET_SCATTERED_RATIO = 2.0  # for 1M cases: shuffled time over grouped time
TARGET_SCATTERED_MB = 500.0  # for 1M shuffled cases
TARGET_CASES_RATIO = 1.5  # for 1M cases: the time with --cases over the time without
TEAMS = ("North", "South", "East", "West")
HEADER = ("case_id", "ruleset", "event", "date", "level", "team")


# --------------------------------------------------------------------------- input


def write_cases(path: Path, n: int, seed: int = SEED) -> int:
    """Write ``n`` synthetic cases (about 5 rows each) to ``path``; return the row count.

    Four shapes, each valid under its rule set whatever the random draws (every event is
    on a later working day than the one before, so the audit's same-day ordering never
    comes into it): England adults (received, acknowledged, response, closed, and a
    delay notice for some), Oxfordshire adults (received, triaged, acknowledged,
    response, closed), England children (Stage 1, some escalated to Stage 2) and Wales
    (acknowledged, discussion, resolution, written terms, closed). Receipts fall in the
    year 2025-04-01 to 2026-03-31 and the audit is as of 2026-06-30.
    """
    from statdeadline import WorkingDayCalendar

    cal = WorkingDayCalendar.for_division("england-and-wales")
    # working days from 2025-03-01 on, as ordinals: the k-th working day after index i
    # is working[i + k]; receipts are picked among them (weekend receipts are not needed
    # to measure speed)
    first = dt.date(2025, 3, 1)
    working = [
        first + dt.timedelta(days=k)
        for k in range(900)
        if cal.is_working_day(first + dt.timedelta(days=k))
    ]
    iso = [d.isoformat() for d in working]
    start_lo = next(i for i, d in enumerate(working) if d >= dt.date(2025, 4, 1))
    start_hi = max(i for i, d in enumerate(working) if d <= dt.date(2026, 3, 31))
    rng = random.Random(seed)
    rand = rng.random
    randint = rng.randint
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = io.StringIO()
        write = out.write
        write(",".join(HEADER) + "\n")
        for i in range(n):
            cid = f"B{i:07d}"
            team = TEAMS[i & 3]
            d = randint(start_lo, start_hi)
            shape = rand()
            if shape < 0.35:
                rid = "england-adults-2009"
                ev = [("received", d), ("acknowledged", d + randint(1, 5))]
                d2 = ev[-1][1] + randint(3, 60)
                if rand() < 0.03:  # a long one: delay notice, then a late response
                    ev.append(("delay_notice", d + 125))
                    d2 = d + 130
                ev += [("response", d2), ("closed", d2 + randint(1, 10))]
                level = ""
            elif shape < 0.6:
                rid = "oxfordshire-adults"
                level = ("green", "yellow", "amber", "red")[randint(0, 3)]
                t = d + randint(0, 2)
                a = t + randint(1, 3)
                r = a + randint(1, 40)
                ev = [("received", d), ("triaged", t), ("acknowledged", a), ("response", r)]
                ev.append(("closed", r + randint(1, 10)))  # triaged may share receipt's day
            elif shape < 0.85:
                rid = "england-children-2006"
                r1 = d + randint(3, 20)
                ev = [("received", d), ("stage1_response", r1)]
                if rand() < 0.3:
                    s2 = r1 + randint(1, 20)
                    r2 = s2 + randint(10, 40)
                    ev += [("stage2_requested", s2), ("stage2_response", r2)]
                    r1 = r2
                ev.append(("closed", r1 + randint(21, 25)))
                level = ""
            else:
                rid = "wales-social-services-2014"
                a = d + randint(1, 3)
                h = a + randint(2, 14)
                res = h + randint(1, 3)
                terms = res + randint(1, 7)
                ev = [
                    ("received", d),
                    ("acknowledged", a),
                    ("discussion_held", h),
                    ("resolved", res),
                    ("resolution_terms_sent", terms),
                    ("closed", terms + randint(1, 5)),
                ]
                level = ""
            for event, k in ev:
                lv = level if event == "triaged" else ""
                write(f"{cid},{rid},{event},{iso[k]},{lv},{team}\n")
            rows += len(ev)
            if out.tell() > 1 << 20:  # stream: flush every megabyte
                fh.write(out.getvalue())
                out.seek(0)
                out.truncate()
        fh.write(out.getvalue())
    return rows


# --------------------------------------------------------------------------- children


def _child(
    mode: str, path: str, trace: bool, n: int = 0, opts: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run one step in this (fresh) process: ``write`` ``n`` cases to ``path``, or time
    the ``baseline`` or the ``audit`` of it; return its figures. ``opts`` of an audit:
    ``workers`` (default: the audit's own choice) and ``cases`` (also write the per-case
    CSV, as ``--cases`` does, beside the input)."""
    opts = opts or {}
    import gc
    import resource
    import tracemalloc

    if mode == "write":
        t0 = time.perf_counter()
        rows = write_cases(Path(path), n)
        return {"rows": rows, "seconds": time.perf_counter() - t0}
    if mode == "shuffle":
        source = Path(path)
        header, *lines = source.read_text("utf-8").splitlines(keepends=True)
        random.Random(SEED).shuffle(lines)
        target = source.with_name(source.stem + "-scattered.csv")
        target.write_text(header + "".join(lines), "utf-8")
        return {"rows": len(lines), "path": str(target)}
    if mode == "audit":
        from statdeadline.audit import audit

        kwargs: dict[str, Any] = {}
        if opts.get("cases"):
            from statdeadline.audit.caseout import CaseOutput
            from statdeadline.reports.cases import CasePartWriter

            out = Path(path).with_name("per-case.csv")
            kwargs["case_output"] = CaseOutput(out, CasePartWriter("csv", ("team",)))
        # tracemalloc sees one process only, so the traced run does not share the work
        workers = 1 if trace else opts.get("workers")

        def work() -> dict[str, Any]:
            report = audit([path], as_of=AS_OF, group_by=["team"], workers=workers, **kwargs)
            return {"counts": dict(report.counts), "summary_rows": len(report.summary)}
    else:

        def work() -> dict[str, Any]:
            n = 0
            with open(path, newline="", encoding="utf-8") as fh:
                for _row in csv.reader(fh):
                    n += 1
            return {"rows": n - 1}

    gc.collect()
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    # Not RUSAGE_CHILDREN for the audit's worker processes: on Linux a spawned child's
    # ru_maxrss starts from its parent's size at the fork (checked: a worker doing nothing,
    # spawned from a 300 MB parent, reports 300 MB), so it would count the parent again.
    # The process tree's real peak is sampled from outside instead (see measure()).
    return {
        **result,
        "seconds": seconds,
        "maxrss_mb": maxrss_kb / 1024,
        "vmhwm_mb": _vmhwm_mb(),
        "tracemalloc_peak_mb": None if peak is None else peak / 2**20,
    }


def _vmhwm_mb() -> float | None:
    """This process's peak RSS from /proc (Linux), or None. Unlike ``ru_maxrss``, it
    starts afresh at ``exec``, so it never includes the parent's size at the fork."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def measure(
    mode: str,
    path: Path,
    trace: bool = False,
    n: int = 0,
    opts: dict[str, Any] | None = None,
    src: str | None = None,
) -> dict[str, Any]:
    """:func:`_child` in a fresh interpreter (importing statdeadline from the folder
    ``src``, another commit's ``src/``, when given), so its memory peak is its own; meanwhile
    this (idle) process samples the memory of the child and its descendants every 50 ms
    (proportional set size, so pages a forked worker shares with its parent count once):
    ``tree_peak_mb`` (their largest sum) and ``processes`` (the most at once), both
    ``None`` without ``/proc``."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(path)]
    cmd += ["--n", str(n)] + (["--trace"] if trace else [])
    if opts:
        cmd += ["--opts", json.dumps(opts)]
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak_kb: int | None = None
    most = 0
    while True:
        try:
            out, err = proc.communicate(timeout=0.05)
            break
        except subprocess.TimeoutExpired:
            sample = _tree_rss_kb(proc.pid)
            if sample is not None:
                peak_kb = max(peak_kb or 0, sample[0])
                most = max(most, sample[1])
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err}")
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    figures["tree_peak_mb"] = None if peak_kb is None else peak_kb / 1024
    figures["processes"] = most or None
    return figures


def _tree_rss_kb(root: int) -> tuple[int, int] | None:
    """(KiB in use, process count) of ``root`` and its descendants now, from /proc
    (see :func:`_pss_kb`); None where there is no /proc."""
    proc = Path("/proc")
    if not (proc / str(root)).exists():
        return None
    children: dict[int, list[int]] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total = count = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        kb = _pss_kb(proc / str(pid))
        if kb is None:
            continue  # ended meanwhile
        total += kb
        count += 1
        todo += children.get(pid, [])
    return total, count


def _pss_kb(pid_dir: Path) -> int | None:
    """A process's proportional set size (KiB): its resident pages, each page shared with
    other processes (a forked worker shares its parent's) counted in proportion, so the
    sum over processes is what they use together. Falls back to the resident set size
    where the kernel has no smaps_rollup."""
    try:
        for line in (pid_dir / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    try:
        pages = int((pid_dir / "statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * (os.sysconf("SC_PAGE_SIZE") // 1024)


# --------------------------------------------------------------------------- the run


@dataclass
class SizeResult:
    """The figures for one size (``traced`` is filled in by the second pass)."""

    cases: int
    rows: int
    megabytes: float
    write_seconds: float
    baseline: dict[str, Any]
    audit: dict[str, Any]
    traced: dict[str, Any] | None = None
    scattered: dict[str, Any] | None = None
    with_cases: dict[str, Any] | None = None  # the audit writing the per-case CSV too
    one_worker: dict[str, Any] | None = None  # the audit in one process
    against: dict[str, Any] | None = None  # the audit at the baseline commit

    @property
    def cases_per_second(self) -> float:
        return self.cases / float(self.audit["seconds"])

    @property
    def rows_per_second(self) -> float:
        return self.rows / float(self.audit["seconds"])

    @property
    def ratio(self) -> float:
        """Audit time over baseline (csv.reader) time."""
        return float(self.audit["seconds"] / self.baseline["seconds"])

    @property
    def peak_mb(self) -> float:
        """The audit's peak resident memory, worker processes included: the sampled peak
        of the process tree, or (without /proc) the main process's ru_maxrss. Sampling
        every 50 ms can miss a shorter spike, so the larger of it and the main process's
        own VmHWM is taken."""
        return _peak(self.audit)

    @property
    def scattered_ratio(self) -> float | None:
        """The scattered audit's time over the grouped one's."""
        return self.over(self.scattered)

    def over(self, other: dict[str, Any] | None) -> float | None:
        """Another run's time over the grouped audit's."""
        if other is None:
            return None
        return float(other["seconds"] / self.audit["seconds"])


def _peak(figures: dict[str, Any]) -> float:
    """See :attr:`SizeResult.peak_mb`."""
    own = float(figures.get("vmhwm_mb") or figures["maxrss_mb"])
    tree = figures.get("tree_peak_mb")
    return own if tree is None else max(own, float(tree))


@dataclass
class Report:
    """Every size's figures, the printed lines and the target verdicts."""

    sizes: list[SizeResult] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    verdicts: dict[str, tuple[bool, str]] = field(default_factory=dict)


def _mb(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


TIME_HEAD = (
    f"{'cases':>9} {'rows':>10} {'file MB':>8} {'write s':>8} {'csv s':>7} {'audit s':>8} "
    f"{'cases/s':>8} {'rows/s':>8} {'x csv':>6}"
)
MEM_HEAD = (
    f"{'cases':>9} {'csv maxrss':>11} {'csv hwm':>8} {'audit maxrss':>13} {'audit hwm':>10} "
    f"{'procs':>6} {'tree peak':>10} {'tracemalloc':>12} {'traced s':>9}"
)


SCATTER_HEAD = (
    f"{'cases':>9} {'grouped s':>10} {'mode':>14} {'s':>7} {'x grouped':>10} {'peak MB':>8}"
)
#: The other runs of each size, as the modes table names them.
MODES = (
    ("scattered", "shuffled rows"),
    ("with_cases", "--cases"),
    ("one_worker", "one process"),
    ("against", "baseline"),
)


def _scatter_rows(r: SizeResult) -> list[str]:
    out = []
    for attr, label in MODES:
        s = getattr(r, attr)
        if s is None:
            continue
        out.append(
            f"{r.cases:>9,} {r.audit['seconds']:>10.1f} {label:>14} {s['seconds']:>7.1f} "
            f"{r.over(s) or 0:>9.2f}x {_mb(_peak(s)):>8}"
        )
    return out


def _time_row(r: SizeResult) -> str:
    return (
        f"{r.cases:>9,} {r.rows:>10,} {r.megabytes:>8.1f} {r.write_seconds:>8.1f} "
        f"{r.baseline['seconds']:>7.2f} {r.audit['seconds']:>8.1f} {r.cases_per_second:>8,.0f} "
        f"{r.rows_per_second:>8,.0f} {r.ratio:>5.0f}x"
    )


def _mem_row(r: SizeResult) -> str:
    t = r.traced or {}
    return (
        f"{r.cases:>9,} {_mb(r.baseline['maxrss_mb']):>11} {_mb(r.baseline.get('vmhwm_mb')):>8} "
        f"{_mb(r.audit['maxrss_mb']):>13} {_mb(r.audit.get('vmhwm_mb')):>10} "
        f"{r.audit.get('processes') or '-':>6} {_mb(r.peak_mb):>10} "
        f"{_mb(t.get('tracemalloc_peak_mb')):>12} "
        + (f"{t['seconds']:>9.0f}" if "seconds" in t else f"{'-':>9}")
    )


def run(
    sizes: Sequence[int] = SIZES,
    trace: bool = True,
    say: Callable[[str], None] = print,
    against: str | None = None,
    modes: bool = True,
) -> Report:
    """Generate, audit and measure each size; print as it goes; return the figures.

    First pass, per size: write the file, time csv.reader over it, time the audit. Second
    pass (``trace``): the audit again under tracemalloc, which is several times slower,
    so it runs after every timing is taken. Every step is a fresh process, and this one
    stays small (it imports no statdeadline), so the children's ``ru_maxrss`` (which on
    Linux starts from the parent's size at the fork) is not inflated by it.

    With ``modes``, each size is also audited with its rows shuffled, with the
    per-case CSV written, and in one process; with ``against`` (another commit's
    ``src/`` folder), at that commit too, right after this one's audit, so that the
    ratio compares the two on the same machine at nearly the same moment.
    """
    report = Report()

    def emit(line: str) -> None:
        report.lines.append(line)
        say(line)

    emit(
        f"statdeadline audit benchmark: as of {AS_OF}, group_by=team, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)"
    )
    emit("")
    emit("time (each step in a fresh process; x csv = audit time / csv.reader time)")
    emit(TIME_HEAD)
    with tempfile.TemporaryDirectory(prefix="statdeadline-bench-") as tmp:
        paths = {}
        for n in sizes:
            path = paths[n] = Path(tmp) / f"cases-{n}.csv"
            written = measure("write", path, n=n)
            baseline = measure("baseline", path)
            audited = measure("audit", path)
            other = measure("audit", path, src=against) if against else None
            counts = audited["counts"]
            if counts["cases_audited"] != n or counts["rows_read"] != written["rows"]:
                raise RuntimeError(f"the audit of {path} did not use every case: {counts}")
            result = SizeResult(
                n,
                written["rows"],
                path.stat().st_size / 2**20,
                written["seconds"],
                baseline,
                audited,
                against=other,
            )
            report.sizes.append(result)
            emit(_time_row(result))
        for result in report.sizes if modes else ():
            path = paths[result.cases]
            shuffled = measure("shuffle", path)
            result.scattered = measure("audit", Path(shuffled["path"]))
            Path(shuffled["path"]).unlink()
            result.with_cases = measure("audit", path, opts={"cases": True})
            path.with_name("per-case.csv").unlink()
            result.one_worker = measure("audit", path, opts={"workers": 1})
            for other in (result.scattered, result.with_cases, result.one_worker):
                if other["counts"] != result.audit["counts"]:
                    raise RuntimeError(f"an audit of the same rows counted otherwise: {other}")
        if trace:
            for result in report.sizes:
                result.traced = measure("audit", paths[result.cases], trace=True)
    emit("")
    emit(
        "memory, MB (maxrss = resource.getrusage ru_maxrss; hwm = /proc VmHWM; procs = the "
        "audit's processes, workers included; tree peak = their summed proportional set "
        "size, sampled every 50 ms; tracemalloc = peak traced by Python in a one-process run)"
    )
    emit(MEM_HEAD)
    for result in report.sizes:
        emit(_mem_row(result))
    emit("")
    emit(
        "modes: the same rows shuffled, with --cases, in one process, at the baseline "
        "commit (x grouped = its time / the grouped audit's)"
    )
    emit(SCATTER_HEAD)
    for result in report.sizes:
        for line in _scatter_rows(result):
            emit(line)
    big = next((r for r in report.sizes if r.cases == 1_000_000), None)
    if big is not None:
        report.verdicts = _verdicts(big)
        emit("")
        for name, (ok, figure) in report.verdicts.items():
            emit(f"target: {name}: {'PASS' if ok else 'MISS'} ({figure})")
    return report


def _verdicts(big: SizeResult) -> dict[str, tuple[bool, str]]:
    """The 1M-case targets: each met or not, and the figure it was judged on."""
    verdicts = {
        f"1M cases in at most {TARGET_SECONDS:.0f} s": (
            big.audit["seconds"] <= TARGET_SECONDS,
            f"{big.audit['seconds']:.1f} s",
        ),
        f"1M cases in at most {TARGET_MB:.0f} MB, all processes": (
            big.peak_mb <= TARGET_MB,
            f"{big.peak_mb:.0f} MB",
        ),
    }
    if big.scattered is not None:
        ratio, peak = big.over(big.scattered) or 0.0, _peak(big.scattered)
        verdicts[
            f"1M shuffled cases in at most {TARGET_SCATTERED_RATIO:.0f}x the grouped time "
            f"and {TARGET_SCATTERED_MB:.0f} MB"
        ] = (
            ratio <= TARGET_SCATTERED_RATIO and peak <= TARGET_SCATTERED_MB,
            f"{ratio:.2f}x, {peak:.0f} MB",
        )
    if big.with_cases is not None:
        ratio = big.over(big.with_cases) or 0.0
        verdicts[f"1M cases with --cases in at most {TARGET_CASES_RATIO}x the time"] = (
            ratio <= TARGET_CASES_RATIO,
            f"{ratio:.2f}x",
        )
    return verdicts


def profile(n: int, top: int = 25, say: Callable[[str], None] = print) -> str:
    """cProfile of the audit of ``n`` cases in this process (``workers=1``: the profiler
    sees only its own process): the ``top`` items by own time, then by cumulative time."""
    from statdeadline.audit import audit

    with tempfile.TemporaryDirectory(prefix="statdeadline-bench-") as tmp:
        path = Path(tmp) / "cases.csv"
        write_cases(path, n)
        prof = cProfile.Profile()
        prof.enable()
        audit([path], as_of=AS_OF, group_by=["team"], workers=1)
        prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    text = buf.getvalue()
    say(text)
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k cases only (a smoke run)")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=None)
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--profile", action="store_true", help="cProfile the audit instead")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--opts", type=json.loads, default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--against",
        metavar="SRC",
        help="also time the audit with statdeadline imported from SRC (another commit's "
        "src/ folder, e.g. from git worktree add), right after each grouped audit",
    )
    parser.add_argument(
        "--no-modes",
        action="store_true",
        help="skip the shuffled, --cases and one-process runs",
    )
    parser.add_argument("--n", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child[0], args.child[1], args.trace, args.n, args.opts)))
        return 0
    sizes = args.sizes or (QUICK if args.quick else SIZES)
    if args.profile:
        for n in sizes:
            profile(n)
        return 0
    run(sizes, trace=not args.no_trace, against=args.against, modes=not args.no_modes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
