"""How fast is statdeadline's WorkingDayCalendar, next to a bare lookup and the alternatives?

Run it as a script::

    python benchmarks/bench_calendar.py            # full sizes (1,000,000 queries)
    python benchmarks/bench_calendar.py --quick    # 100,000 queries, a fast smoke run

Importing this module only defines things; :func:`run` does the work and returns a
:class:`Report` (every printed line, by section, plus the figures and verdicts).

Five sections, each printing per-call microseconds, seconds per one million queries and
ratios taken in the same run (so machine speed cancels out):

1. scalar ``add_working_days`` / ``working_days_between`` against a bare O(1)
   prefix-array lookup written here that returns ``date`` objects, as the library does
   (target: the library within 1.5x of the bare lookup; the two are timed side by
   side in chunks of 10,000 queries, so a burst of load on a shared machine hits both);
2. batch ``add_working_days_many`` against ``numpy.busday_offset``, on pre-converted
   arrays and from the same Python list (target: faster than numpy from a list), on the
   same ``datetime64[D]`` array in and out (target: within 2x numpy), and the
   ``roll`` trap: which ``roll`` reproduces "the start is day 0, never counted";
3. a naive day-by-day loop, ``holidays``' own ``get_nth_working_day`` and
   ``workalendar`` (each skipped with a note when not importable);
4. calendar build time per division, in a fresh interpreter (target < 50 ms), with the
   first use of ``holidays``' GB module reported apart, with the file cache of bank
   holidays off and then warm (in a temporary folder, never the user's), and whether a
   new process with a warm cache builds without importing ``holidays``;
5. whether ``import statdeadline`` leaves ``holidays`` unimported until a calendar is built.

Timings use ``time.perf_counter`` with the garbage collector off (as ``timeit`` does) and
keep the best of several runs; build times also give the median. Targets are printed as
PASS/MISS, never asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from statdeadline import MAX_DATE, MIN_DATE, WorkingDayCalendar

#: Section titles, in the order they run and print.
SECTIONS: tuple[str, ...] = (
    "1. scalar: library vs bare prefix-array lookup",
    "2. batch: add_working_days_many vs numpy.busday_offset",
    "3. alternatives: naive loop, holidays, workalendar",
    "4. calendar build time per division",
    "5. lazy import of holidays",
)

DIVISION = "england-and-wales"
N_DAYS = 10  # a typical statutory count ("10 working days")
SEED = 20261122
SCALAR_TARGET = 1.5  # library per call / bare lookup per call, at most
BUILD_TARGET_S = 0.050  # per division, median of warm builds
ARRAY_TARGET = 2.0  # add_working_days_many(array) / numpy.busday_offset(array), at most
ARRAY_VERDICT = "batch on a datetime64 array within 2x numpy.busday_offset"
#: Start dates are drawn from here: room to count 60 working days either way in range.
FIRST_START = date(1990, 6, 1)
LAST_START = date(2099, 12, 31)


@dataclass(frozen=True)
class Sizes:
    """How much work each section does."""

    scalar: int  # scalar queries per timed run
    batch: int  # dates in one batch call
    slow: int  # queries per timed run for the slow day-by-day competitors
    repeats: int  # timed runs per figure (best kept)
    build_repeats: int  # builds per division (best and median kept)


FULL = Sizes(scalar=1_000_000, batch=1_000_000, slow=20_000, repeats=5, build_repeats=7)
QUICK = Sizes(scalar=100_000, batch=100_000, slow=2_000, repeats=3, build_repeats=3)
#: The smallest path, for the smoke test: proves every section runs, measures nothing useful.
SMOKE = Sizes(scalar=300, batch=300, slow=30, repeats=1, build_repeats=1)


@dataclass(frozen=True)
class Figure:
    """One timing: ``seconds`` for ``queries`` queries (best of the runs)."""

    label: str
    seconds: float
    queries: int
    extrapolated: bool = False

    @property
    def per_call_us(self) -> float:
        return self.seconds / self.queries * 1e6

    @property
    def per_million_s(self) -> float:
        return self.seconds / self.queries * 1e6


@dataclass
class Report:
    """Everything :func:`run` printed, by section, and what it measured."""

    sections: dict[str, list[str]] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)
    #: target name -> True (PASS), False (MISS) or None (not measured).
    verdicts: dict[str, bool | None] = field(default_factory=dict)
    _current: str = ""
    _echo: bool = True

    def section(self, title: str) -> None:
        self._current = title
        self.sections[title] = []
        self.emit("")
        self.emit(f"== {title} ==")

    def emit(self, line: str) -> None:
        if self._current:
            self.sections[self._current].append(line)
        if self._echo:
            print(line, flush=True)

    def figure(self, key: str, fig: Figure) -> Figure:
        self.figures[key] = fig
        note = f" (extrapolated from {fig.queries:,})" if fig.extrapolated else ""
        self.emit(
            f"  {fig.label:<58} {fig.per_call_us:10.3f} µs/call"
            f" {fig.per_million_s:10.3f} s/1M{note}"
        )
        return fig

    def ratio(self, key: str, label: str, value: float) -> float:
        self.ratios[key] = value
        self.emit(f"  ratio {label}: {value:.2f}x")
        return value

    def verdict(self, key: str, ok: bool | None, detail: str) -> None:
        self.verdicts[key] = ok
        word = "SKIP" if ok is None else "PASS" if ok else "MISS"
        self.emit(f"  target {key}: {word} ({detail})")


# --------------------------------------------------------------------------- helpers


def best_of(fn: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs of ``fn``, in seconds, with the collector off."""
    times = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(max(1, repeats)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    finally:
        if enabled:
            gc.enable()
    return min(times)


def make_calendar(division: str = DIVISION) -> WorkingDayCalendar:
    """A calendar whose horizon covers every supported date, so nothing warns."""
    return WorkingDayCalendar.for_division(division, authoritative_until=MAX_DATE.year)


def random_dates(count: int, rng: random.Random) -> list[date]:
    """``count`` uniformly random dates from :data:`FIRST_START` to :data:`LAST_START`."""
    lo, hi = FIRST_START.toordinal(), LAST_START.toordinal()
    return [date.fromordinal(rng.randint(lo, hi)) for _ in range(count)]


@dataclass(frozen=True)
class BareIndex:
    """The prefix arrays a bare lookup needs, built here from ``cal.is_working_day``."""

    base: int  # ordinal of MIN_DATE
    before: list[int]  # before[i] = working days in [MIN_DATE, MIN_DATE + i)
    working: list[date]  # the working days, ascending
    non_working_weekdays: list[date]  # weekdays that are not working days (bank holidays)
    working_weekend_days: list[date]  # weekend days that are working days (overrides)


def build_bare_index(cal: WorkingDayCalendar) -> BareIndex:
    """Walk the calendar's whole range once through its public ``is_working_day``."""
    base = MIN_DATE.toordinal()
    span = MAX_DATE.toordinal() - base + 1
    before = [0] * (span + 1)
    working: list[date] = []
    holidays_: list[date] = []
    weekend_working: list[date] = []
    is_working = cal.is_working_day
    for i in range(span):
        d = date.fromordinal(base + i)
        if is_working(d):
            working.append(d)
            if d.weekday() >= 5:
                weekend_working.append(d)
        elif d.weekday() < 5:
            holidays_.append(d)
        before[i + 1] = len(working)
    return BareIndex(base, before, working, holidays_, weekend_working)


def make_bare_add(idx: BareIndex) -> Callable[[date, int], date]:
    """The bare O(1) lookup for ``n >= 1``: a list of the working days as ``date`` objects
    and a list of prefix counts, one index operation each; no checks, no argument
    parsing, no horizon."""
    before, working = idx.before, idx.working
    shift = idx.base - 1  # before[o - shift]: working days up to and including ordinal o

    def bare_add(d: date, n: int) -> date:
        return working[before[d.toordinal() - shift] + n - 1]

    return bare_add


def make_bare_between(idx: BareIndex) -> Callable[[date, date], int]:
    """The bare O(1) count of working days in ``(a, b]``."""
    before = idx.before
    shift = idx.base - 1

    def bare_between(a: date, b: date) -> int:
        return before[b.toordinal() - shift] - before[a.toordinal() - shift]

    return bare_between


def naive_add(non_working: frozenset[date], d: date, n: int) -> date:
    """Day-by-day: step one calendar day at a time, counting working days (``n >= 1``)."""
    one = timedelta(days=1)
    count = 0
    while count < n:
        d += one
        if d.weekday() < 5 and d not in non_working:
            count += 1
    return d


def _noop(d: date, n: int) -> date:
    return d


def _time_calls(
    f: Callable[[Any, Any], object], args: Sequence[tuple[Any, Any]], repeats: int
) -> float:
    def loop() -> None:
        for a, b in args:
            f(a, b)

    return best_of(loop, repeats)


#: Queries per chunk when two functions are timed against each other (a few ms each).
PAIR_CHUNK = 10_000


def _time_pair(
    f: Callable[[Any, Any], object],
    g: Callable[[Any, Any], object],
    args: Sequence[tuple[Any, Any]],
    repeats: int,
) -> tuple[float, float]:
    """The times of ``f`` and of ``g`` over ``args``, each the sum over chunks of
    :data:`PAIR_CHUNK` queries of that chunk's best of ``repeats`` runs.

    The two are timed chunk by chunk, side by side (which goes first alternates), so
    that a burst of load from another process on a shared machine lands on both alike
    and the best of the repeats then drops it; timing each over the whole input in turn
    let a burst of a second or two fall on one of the pair only.
    """
    chunks = [args[k : k + PAIR_CHUNK] for k in range(0, len(args), PAIR_CHUNK)]
    best_f = [float("inf")] * len(chunks)
    best_g = [float("inf")] * len(chunks)
    for rep in range(max(1, repeats)):
        for c, chunk in enumerate(chunks):
            if (rep + c) % 2:
                tg = _time_calls(g, chunk, 1)
                tf = _time_calls(f, chunk, 1)
            else:
                tf = _time_calls(f, chunk, 1)
                tg = _time_calls(g, chunk, 1)
            best_f[c] = min(best_f[c], tf)
            best_g[c] = min(best_g[c], tg)
    return sum(best_f), sum(best_g)


def _time_empty_loop(args: Sequence[tuple[Any, Any]], repeats: int) -> float:
    def loop() -> None:
        for _a, _b in args:
            pass

    return best_of(loop, repeats)


def _import_optional(name: str) -> Any | None:
    """Import ``name`` or return None; an optional competitor must never break the run."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return __import__(name, fromlist=["_"])
    except Exception:  # any failure to import means "not available here"
        return None


# --------------------------------------------------------------------------- sections


def bench_scalar(report: Report, sizes: Sizes, cal: WorkingDayCalendar, idx: BareIndex) -> None:
    report.section(SECTIONS[0])
    rng = random.Random(SEED)
    starts = random_dates(sizes.scalar, rng)
    adds = [(d, N_DAYS) for d in starts]
    pairs = [(d, d + timedelta(days=rng.randint(0, 90))) for d in starts]
    bare_add = make_bare_add(idx)
    bare_between = make_bare_between(idx)

    sample = adds[:2000]
    agree = sum(cal.add_working_days(d, n) == bare_add(d, n) for d, n in sample)
    agree += sum(cal.working_days_between(a, b) == bare_between(a, b) for a, b in pairs[:2000])
    report.emit(
        f"  bare lookup agrees with the library on {agree}/{2 * len(sample)} sampled queries"
    )
    report.emit(
        f"  {sizes.scalar:,} random start dates {FIRST_START}..{LAST_START}, n={N_DAYS}; "
        f"best of {sizes.repeats}; each figure includes the Python for-loop around the call"
    )
    report.emit(
        f"  library and bare lookup timed side by side in chunks of {PAIR_CHUNK:,} queries,"
        " each chunk's best run kept"
    )

    q = sizes.scalar
    r = sizes.repeats
    empty = report.figure(
        "loop", Figure("empty for-loop (overhead in every row)", _time_empty_loop(adds, r), q)
    )
    report.figure(
        "noop", Figure("no-op Python function call (floor)", _time_calls(_noop, adds, r), q)
    )
    lib_s, bare_s = _time_pair(cal.add_working_days, bare_add, adds, r)
    lib_add = report.figure("lib_add", Figure("cal.add_working_days(d, n)", lib_s, q))
    bare_a = report.figure(
        "bare_add", Figure("bare lookup working[before[..]+n-1] (a list of dates)", bare_s, q)
    )
    lib_s, bare_s = _time_pair(cal.working_days_between, bare_between, pairs, r)
    lib_btw = report.figure("lib_between", Figure("cal.working_days_between(a, b)", lib_s, q))
    bare_b = report.figure(
        "bare_between", Figure("bare lookup before[j+1] - before[i+1]", bare_s, q)
    )

    def net(fig: Figure) -> float:
        return max(fig.seconds - empty.seconds, 1e-12)

    for name, lib, bare in (("add", lib_add, bare_a), ("between", lib_btw, bare_b)):
        gross = report.ratio(
            f"{name}_gross", f"library/bare {name}, loop included", lib.seconds / bare.seconds
        )
        net_ratio = report.ratio(
            f"{name}_net", f"library/bare {name}, loop overhead removed", net(lib) / net(bare)
        )
        report.verdict(
            f"scalar {name} within {SCALAR_TARGET:g}x of bare lookup",
            net_ratio <= SCALAR_TARGET,
            f"{net_ratio:.2f}x net of the loop, {gross:.2f}x with it",
        )


def bench_batch(report: Report, sizes: Sizes, cal: WorkingDayCalendar, idx: BareIndex) -> None:
    report.section(SECTIONS[1])
    rng = random.Random(SEED + 1)
    dates = random_dates(sizes.batch, rng)
    q = sizes.batch
    r = sizes.repeats
    report.emit(
        f"  {q:,} random start dates {FIRST_START}..{LAST_START} in a Python list,"
        f" n={N_DAYS}; best of {r}"
    )
    ours_fig = report.figure(
        "lib_many",
        Figure(
            "cal.add_working_days_many(dates, n)",
            best_of(lambda: cal.add_working_days_many(dates, N_DAYS), r),
            q,
        ),
    )
    ours = cal.add_working_days_many(dates, N_DAYS)

    np = _import_optional("numpy")
    if np is None:
        report.emit("  numpy not installed: numpy comparisons skipped")
        report.verdict("batch faster than numpy from a Python list", None, "numpy not installed")
        report.verdict(ARRAY_VERDICT, None, "numpy not installed")
        return
    if idx.working_weekend_days:
        report.emit(
            f"  note: {len(idx.working_weekend_days)} weekend working day(s)"
            " cannot be given to numpy"
        )
    bdc = np.busdaycalendar(
        weekmask="1111100", holidays=np.array(idx.non_working_weekdays, dtype="datetime64[D]")
    )
    report.emit(
        f"  numpy busdaycalendar: weekmask Mon-Fri, holidays = the calendar's "
        f"{len(idx.non_working_weekdays)} non-working weekdays 1990-2100;"
        " roll='backward' (see below)"
    )
    arr = np.array(dates, dtype="datetime64[D]")

    def numpy_from_list(ds: list[date], n: int, roll: str) -> list[date]:
        out: list[date] = np.busday_offset(
            np.array(ds, dtype="datetime64[D]"), n, roll=roll, busdaycal=bdc
        ).tolist()
        return out

    np_arr = report.figure(
        "numpy_array",
        Figure(
            "numpy.busday_offset(datetime64 array) (pre-converted)",
            best_of(lambda: np.busday_offset(arr, N_DAYS, roll="backward", busdaycal=bdc), r),
            q,
        ),
    )
    np_list = report.figure(
        "numpy_list",
        Figure(
            "numpy from a list: list->datetime64->busday_offset->list",
            best_of(lambda: numpy_from_list(dates, N_DAYS, "backward"), r),
            q,
        ),
    )
    report.ratio(
        "many_vs_numpy_array",
        "add_working_days_many / numpy pre-converted",
        ours_fig.seconds / np_arr.seconds,
    )
    vs_list = report.ratio(
        "many_vs_numpy_list",
        "add_working_days_many / numpy from a list",
        ours_fig.seconds / np_list.seconds,
    )
    report.verdict(
        "batch faster than numpy from a Python list",
        vs_list < 1.0,
        f"ours takes {vs_list:.2f}x numpy's time",
    )
    # Arrays in, arrays out: the same datetime64[D] array given to both.
    ours_arr = report.figure(
        "lib_many_array",
        Figure(
            "cal.add_working_days_many(datetime64 array, n) -> array",
            best_of(lambda: cal.add_working_days_many(arr, N_DAYS), r),
            q,
        ),
    )
    vs_arr = report.ratio(
        "many_array_vs_numpy_array",
        "add_working_days_many(array) / numpy.busday_offset(array)",
        ours_arr.seconds / np_arr.seconds,
    )
    report.verdict(
        ARRAY_VERDICT,
        vs_arr <= ARRAY_TARGET,
        f"ours takes {vs_arr:.2f}x numpy's time on the same array",
    )
    same_arr = int(
        (
            cal.add_working_days_many(arr, N_DAYS)
            == np.busday_offset(arr, N_DAYS, roll="backward", busdaycal=bdc)
        ).sum()
    )
    report.emit(f"  array results agree (numpy roll='backward'): {same_arr:,}/{q:,}")
    same = sum(
        a == b for a, b in zip(ours, numpy_from_list(dates, N_DAYS, "backward"), strict=True)
    )
    report.emit(f"  results agree (numpy roll='backward'): {same:,}/{q:,}")

    # The roll trap. busday_offset first rolls a non-working start to a working day, then
    # counts n working days from it; the statutory count never counts the start (day 0).
    sat = date(2024, 3, 30)
    statutory = cal.add_working_days(sat, 1)
    fwd = np.busday_offset(np.datetime64(sat), 1, roll="forward", busdaycal=bdc).item()
    bwd = np.busday_offset(np.datetime64(sat), 1, roll="backward", busdaycal=bdc).item()
    report.emit(
        f"  trap: Sat {sat} + 1 working day: statutory {statutory:%a} {statutory}; "
        f"numpy roll='forward' {fwd:%a} {fwd}; numpy roll='backward' {bwd:%a} {bwd}"
    )
    # Every start date with room for 60 working days either way (the smallest runs use
    # their random dates instead, to stay fast).
    lo, hi = FIRST_START.toordinal(), LAST_START.toordinal()
    every = sizes.batch >= hi - lo
    sample = [date.fromordinal(o) for o in range(lo, hi + 1)] if every else dates
    non_working_starts = {d for d in sample if not cal.is_working_day(d)}
    report.emit(
        f"  which roll matches, over {'every start' if every else 'the random starts'}"
        f" {min(sample)}..{max(sample)}: {len(sample):,} starts,"
        f" {len(non_working_starts):,} non-working:"
    )
    for n in (1, 2, 5, N_DAYS, 20, 60, -1, -N_DAYS, -60, 0):
        expected = cal.add_working_days_many(sample, n)
        cells = []
        for roll in ("forward", "backward"):
            got = numpy_from_list(sample, n, roll)
            bad = {d for d, e, g in zip(sample, expected, got, strict=True) if e != g}
            only_non_working = bad <= non_working_starts
            cells.append(
                f"roll={roll!r}: {len(bad):,} differ"
                + (" (all non-working starts)" if bad and only_non_working else "")
            )
        report.emit(f"    n={n:+d}: " + "; ".join(cells))
    report.emit(
        "  => n > 0: roll='backward' reproduces day 0 never counted; n < 0: roll='forward'; "
        "n = 0: no roll does (the library returns d itself)"
    )


def bench_alternatives(
    report: Report, sizes: Sizes, cal: WorkingDayCalendar, idx: BareIndex
) -> None:
    report.section(SECTIONS[2])
    rng = random.Random(SEED + 2)
    starts = random_dates(sizes.slow, rng)
    adds = [(d, N_DAYS) for d in starts]
    q = sizes.slow
    r = sizes.repeats
    expected = cal.add_working_days_many(starts, N_DAYS)
    report.emit(
        f"  {q:,} random start dates {FIRST_START}..{LAST_START}, n={N_DAYS};"
        f" best of {r}; 1M figures extrapolated"
    )
    lib = report.figure(
        "lib_add_small",
        Figure(
            "cal.add_working_days(d, n) (same dates)", _time_calls(cal.add_working_days, adds, r), q
        ),
    )

    def row(key: str, label: str, f: Callable[[date, int], date]) -> None:
        got = [f(d, n) for d, n in adds]
        bad = [(d, e, g) for (d, _), e, g in zip(adds, expected, got, strict=True) if e != g]
        fig = report.figure(
            key, Figure(label, _time_calls(f, adds, r), q, extrapolated=q < 1_000_000)
        )
        report.ratio(f"{key}_vs_lib", f"{label} / library", fig.seconds / lib.seconds)
        if bad:
            d, e, g = bad[0]
            report.emit(
                f"    disagrees with the library on {len(bad)}/{q},"
                f" e.g. {d} + {N_DAYS}: library {e}, {key} {g}"
            )
        else:
            report.emit(f"    agrees with the library on {q}/{q}")

    non_working = frozenset(idx.non_working_weekdays)
    row(
        "naive",
        "naive day-by-day loop (set of holiday dates)",
        lambda d, n: naive_add(non_working, d, n),
    )

    import holidays  # a dependency of statdeadline, so always installed; its API may not be

    if not hasattr(holidays.HolidayBase, "get_nth_working_day"):
        report.emit(
            f"  holidays {_version_of('holidays')}: no get_nth_working_day in this version, skipped"
        )
    else:
        hol = holidays.country_holidays(
            "GB", subdiv="ENG", years=range(MIN_DATE.year, MAX_DATE.year + 1)
        )
        report.emit(
            f"  holidays {_version_of('holidays')}: HolidayBase.get_nth_working_day,"
            " years pre-populated"
        )
        row("holidays", "holidays get_nth_working_day(d, n)", hol.get_nth_working_day)

    workalendar = _import_optional("workalendar.europe")
    if workalendar is None:
        report.emit("  workalendar not installed: skipped (pip install workalendar to include it)")
    else:
        uk = workalendar.UnitedKingdom()
        version = _version_of("workalendar")
        report.emit(f"  workalendar {version}: UnitedKingdom().add_working_days, warmed up")
        row("workalendar", "workalendar UnitedKingdom.add_working_days(d, n)", uk.add_working_days)


def _version_of(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


_BUILD_SCRIPT = r"""
import json, os, sys, time
t0 = time.perf_counter()
import statdeadline
t1 = time.perf_counter()
from statdeadline.calendar.index import build_index
if os.environ.get("STATDEADLINE_NO_CACHE"):
    import holidays  # a build without the file cache needs it: timed apart
t2 = time.perf_counter()
repeats = int(sys.argv[1])
mk = statdeadline.WorkingDayCalendar.for_division
t3 = time.perf_counter()
mk("england-and-wales", authoritative_until=2100)
t4 = time.perf_counter()
first_imported_holidays = "holidays" in sys.modules
builds = {}
for division in statdeadline.DIVISIONS:
    times = []
    for _ in range(repeats):
        build_index.cache_clear()
        s = time.perf_counter()
        mk(division, authoritative_until=2100)
        times.append(time.perf_counter() - s)
    builds[division] = times
print(json.dumps({"import_statdeadline": t1 - t0, "import_holidays": t2 - t1,
                  "first_build": t4 - t3, "builds": builds,
                  "first_imported_holidays": first_imported_holidays}))
"""

_LAZY_SCRIPT = r"""
import json, sys
import statdeadline
after_import = "holidays" in sys.modules
statdeadline.WorkingDayCalendar.for_division("scotland", authoritative_until=2100)
print(json.dumps({"after_import": after_import, "after_build": "holidays" in sys.modules}))
"""


def _cache_env(folder: str, *, on: bool) -> dict[str, str]:
    """This process's environment with the file cache in ``folder`` (never the user's),
    turned on or off."""
    env = {k: v for k, v in os.environ.items() if k != "STATDEADLINE_NO_CACHE"}
    env["XDG_CACHE_HOME"] = folder
    if not on:
        env["STATDEADLINE_NO_CACHE"] = "1"
    return env


def _run_script(script: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        env=env,
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _emit_builds(report: Report, builds: dict[str, list[float]]) -> float:
    """One line per division; returns the slowest division's median, in seconds."""
    worst = 0.0
    for division, times in builds.items():
        median = statistics.median(times)
        worst = max(worst, median)
        report.emit(
            f"    {division:<20} best {min(times) * 1e3:7.1f} ms  median {median * 1e3:7.1f} ms"
        )
    return worst


def bench_build(report: Report, sizes: Sizes) -> None:
    report.section(SECTIONS[3])
    report.emit(
        f"  fresh interpreters; each build after build_index.cache_clear(); "
        f"{sizes.build_repeats} builds per division (1990-2100); the file cache in a "
        "temporary folder"
    )
    ms = 1e3
    with tempfile.TemporaryDirectory() as folder:
        off = _run_script(_BUILD_SCRIPT, str(sizes.build_repeats), env=_cache_env(folder, on=False))
        _run_script(_BUILD_SCRIPT, "1", env=_cache_env(folder, on=True))  # fills the cache
        warm = _run_script(_BUILD_SCRIPT, str(sizes.build_repeats), env=_cache_env(folder, on=True))
    report.emit(f"  import statdeadline: {off['import_statdeadline'] * ms:8.1f} ms")
    report.emit(f"  import holidays:     {off['import_holidays'] * ms:8.1f} ms")
    eng_median = statistics.median(off["builds"]["england-and-wales"])
    first = off["first_build"]
    report.emit("  file cache off (STATDEADLINE_NO_CACHE=1): bank holidays from holidays")
    report.emit(
        f"    first build (england-and-wales, includes holidays' first use of its GB module): "
        f"{first * ms:.1f} ms = {eng_median * ms:.1f} ms warm"
        f" + {(first - eng_median) * ms:.1f} ms first use"
    )
    worst = _emit_builds(report, off["builds"])
    report.verdict(
        f"build < {BUILD_TARGET_S * ms:g} ms per division (median, warm)",
        worst < BUILD_TARGET_S,
        f"slowest division median {worst * ms:.1f} ms with the file cache off; the one-off "
        f"first use adds {(first - eng_median) * ms:.1f} ms",
    )
    cold_total = off["import_holidays"] + first
    report.emit("  file cache warm: bank holidays read back from the cache, holidays not needed")
    report.emit(
        f"    first build in a new process (england-and-wales): {warm['first_build'] * ms:.1f} ms"
        f" (holidays imported: {'yes' if warm['first_imported_holidays'] else 'no'}), against"
        f" {cold_total * ms:.1f} ms for import holidays + first build with the cache off"
    )
    _emit_builds(report, warm["builds"])
    report.ratio(
        "first_build_cached_vs_off",
        "first build in a new process, file cache warm / off (incl. import holidays)",
        warm["first_build"] / cold_total,
    )
    report.verdict(
        "a new process builds from the file cache without importing holidays",
        not warm["first_imported_holidays"],
        f"first build {warm['first_build'] * ms:.1f} ms from the cache,"
        f" {cold_total * ms:.1f} ms without it",
    )


def bench_lazy_import(report: Report) -> None:
    report.section(SECTIONS[4])
    with tempfile.TemporaryDirectory() as folder:
        data = _run_script(_LAZY_SCRIPT, env=_cache_env(folder, on=False))
    yes_no = {True: "yes", False: "no"}
    report.emit("  file cache off, so that the build derives the bank holidays (see section 4)")
    report.emit(f"  holidays imported after 'import statdeadline': {yes_no[data['after_import']]}")
    report.emit(f"  holidays imported after building a calendar:  {yes_no[data['after_build']]}")
    report.verdict(
        "import statdeadline defers holidays",
        not data["after_import"] and data["after_build"],
        "holidays is imported only when a calendar is built"
        if not data["after_import"]
        else "holidays is imported by 'import statdeadline' itself",
    )


# --------------------------------------------------------------------------- entry points


def run(sizes: Sizes = FULL, *, echo: bool = True) -> Report:
    """Run every section at ``sizes``; print as it goes when ``echo``; return the report."""
    report = Report(_echo=echo)
    cal = make_calendar()
    idx = build_bare_index(cal)
    report.emit(
        f"statdeadline calendar benchmark: Python {sys.version.split()[0]}, "
        f"division {DIVISION}, sizes {sizes}"
    )
    bench_scalar(report, sizes, cal, idx)
    bench_batch(report, sizes, cal, idx)
    bench_alternatives(report, sizes, cal, idx)
    bench_build(report, sizes)
    bench_lazy_import(report)
    report.section("summary")
    for key, ok in report.verdicts.items():
        report.emit(f"  {'SKIP' if ok is None else 'PASS' if ok else 'MISS'}  {key}")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="100,000 queries instead of 1,000,000")
    args = parser.parse_args(argv)
    run(QUICK if args.quick else FULL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
