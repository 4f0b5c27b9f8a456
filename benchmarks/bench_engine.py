"""How fast is the engine on a typical case, next to bare calendar calls and a hand-written evaluator?

Run it as a script::

    python benchmarks/bench_engine.py            # best of 40 runs of 500 cases per figure
    python benchmarks/bench_engine.py --quick    # best of 10 runs of 200 cases
    valgrind --tool=callgrind python benchmarks/bench_engine.py --repeat panel 300
                                                 # one workload, untimed (count instructions)

Importing this module only defines things; :func:`run` does the work and returns a
:class:`Report` (every printed line, by section, plus the figures and verdicts).

A *typical case* is 5 to 8 events of one shipped rule set (receipt, acknowledgement or
triage, an extension, a response, escalation, a pause...; see :data:`CASES`), recorded
on a new :class:`~statdeadline.Case`, then every deadline computed once
(``case.deadlines(as_of=...)``). Sections:

1. per rule set: µs per case and cases per second for the whole case; then recording the
   events alone, and computing the deadlines again on an already recorded case (which
   reuses the month counts it remembered, so the two parts add up to less than the
   whole); the deadlines the case gives are printed once;
2. baselines measured in the same run, so machine speed cancels out: the bare cost of 6
   ``add_working_days`` calls (one per deadline of a typical case) and a hand-written
   evaluator of the children's case (plain Python, no rule set; checked to give the same
   due dates and statuses as the engine), with the engine's ratio to each;
3. explanations and JSON: ``Deadlines.to_dict(explain=True)`` per case, which builds
   every explanation (they are built only on demand).

Target (printed as PASS/MISS, never asserted): a typical case in tens of microseconds,
i.e. under 100 µs for every rule set. Timings are the CPU time of this process
(``time.process_time``), with the garbage collector off, and keep the best of many short
runs: on a shared machine the wall clock also counts other jobs, and short runs are more
often left alone.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from statdeadline import Case, Deadlines, RuleSet, WorkingDayCalendar, list_bundled, load_ruleset

#: Section titles, in the order they run and print.
SECTIONS: tuple[str, ...] = (
    "1. typical case per rule set: record every event, compute every deadline",
    "2. baselines: bare calendar calls and a hand-written evaluator",
    "3. explanations and JSON",
    "4. the compiled engine's targets (issue #7)",
)
TARGET_US = 100.0  # "tens of microseconds" per typical case
#: Section 4's targets: the 7-event children's case with all deadlines, in µs and as a
#: multiple of one add_working_days call; verdicts(); pauses against plain events.
PANEL_US, PANEL_RATIO, VERDICTS_US, PAUSE_RATIO = 25.0, 60.0, 15.0, 5.0
BARE_CALLS = 6  # add_working_days calls in the bare baseline (one per deadline)

D = date
Event = tuple[str, date, dict[str, Any]]

#: The typical case of each shipped rule set: (events, as_of).
CASES: dict[str, tuple[list[Event], date]] = {
    "england-children-2006": (
        [
            ("received", D(2024, 3, 28), {}),
            ("extension", D(2024, 4, 10), {"clock": "stage1_response", "working_days": 5, "reason": "complex", "agreed_with_complainant": True}),
            ("stage1_response", D(2024, 4, 19), {}),
            ("stage2_requested", D(2024, 5, 1), {}),
            ("pause", D(2024, 5, 13), {"reason": "advocate"}),
            ("resume", D(2024, 5, 20), {}),
            ("stage2_response", D(2024, 6, 14), {}),
        ],
        D(2024, 6, 20),
    ),
    "england-adults-2009": (
        [
            ("received", D(2024, 1, 15), {"grounds_arose": D(2023, 11, 1)}),
            ("acknowledged", D(2024, 1, 17), {}),
            ("extension", D(2024, 7, 1), {"clock": "response_backstop", "until": D(2024, 8, 30), "reason": "complex", "agreed_with_complainant": True}),
            ("response", D(2024, 8, 20), {}),
            ("closed", D(2024, 8, 30), {}),
        ],
        D(2024, 9, 2),
    ),
    "wales-social-services-2014": (
        [
            ("received", D(2024, 6, 3), {}),
            ("acknowledged", D(2024, 6, 4), {}),
            ("extension", D(2024, 6, 12), {"clock": "discussion", "working_days": 5, "reason": "r", "agreed_with_complainant": True}),
            ("discussion_held", D(2024, 6, 24), {}),
            ("stage2_requested", D(2024, 7, 1), {}),
            ("stage2_response", D(2024, 8, 2), {}),
        ],
        D(2024, 8, 5),
    ),
    "cardiff-social-services": (
        [
            ("received", D(2024, 6, 3), {}),
            ("acknowledged", D(2024, 6, 5), {}),
            ("discussion_held", D(2024, 6, 14), {}),
            ("stage1_response", D(2024, 6, 21), {}),
            ("stage2_requested", D(2024, 7, 1), {}),
            ("stage2_response", D(2024, 8, 2), {}),
        ],
        D(2024, 8, 5),
    ),
    "cheshire-west-adults": (
        [
            ("received", D(2024, 6, 3), {}),
            ("acknowledged", D(2024, 6, 5), {}),
            ("extension", D(2024, 6, 25), {"clock": "local_response", "working_days": 10, "reason": "complex", "agreed_with_complainant": True}),
            ("response", D(2024, 7, 12), {}),
            ("closed", D(2024, 7, 19), {}),
        ],
        D(2024, 7, 22),
    ),
    "oxfordshire-adults": (
        [
            ("received", D(2024, 6, 3), {}),
            ("acknowledged", D(2024, 6, 4), {}),
            ("triaged", D(2024, 6, 5), {"level": "red"}),
            ("extension", D(2024, 6, 20), {"clock": "local_response", "working_days": 5, "reason": "r", "agreed_with_complainant": True}),
            ("response", D(2024, 7, 5), {}),
            ("review_requested", D(2024, 7, 10), {}),
            ("review_response", D(2024, 8, 2), {}),
        ],
        D(2024, 8, 5),
    ),
    "elected-member-enquiries": (
        [("enquiry_received", D(2024, 6, 3), {"member": "Cllr A"}), ("response_sent", D(2024, 6, 14), {}), ("closed", D(2024, 6, 17), {})],
        D(2024, 6, 17),
    ),
    "cardiff-members-enquiries": (
        [("enquiry_received", D(2024, 6, 3), {}), ("response_sent", D(2024, 6, 14), {})],
        D(2024, 6, 17),
    ),
    "ombudsman-enquiries": (
        [
            ("enquiry_received", D(2024, 6, 3), {"respond_by": D(2024, 6, 14)}),
            ("extension", D(2024, 6, 13), {"clock": "enquiry_response", "until": D(2024, 6, 28), "reason": "r", "agreed_by_ombudsman": True}),
            ("response_sent", D(2024, 6, 27), {}),
        ],
        D(2024, 7, 1),
    ),
    "spso-enquiries": (
        [("enquiry_received", D(2024, 12, 23), {}), ("response_sent", D(2025, 1, 20), {})],
        D(2025, 1, 24),
    ),
    "psow-enquiries": (
        [("enquiry_received", D(2024, 7, 2), {"respond_by": D(2024, 7, 16)}), ("response_sent", D(2024, 7, 15), {})],
        D(2024, 7, 18),
    ),
    "concerns": (
        [
            ("concern_received", D(2024, 6, 7), {"oral": True}),
            ("fast_tracked", D(2024, 6, 7), {}),
            ("called_back", D(2024, 6, 9), {}),
            ("resolved", D(2024, 6, 10), {}),
            ("closed", D(2024, 6, 11), {}),
        ],
        D(2024, 6, 11),
    ),
    "foi-2000": (
        [
            ("received", D(2024, 6, 3), {}),
            ("clarification_requested", D(2024, 6, 5), {}),
            ("clarification_received", D(2024, 6, 10), {}),
            ("fees_notice", D(2024, 6, 12), {}),
            ("fee_received", D(2024, 6, 14), {}),
            ("response", D(2024, 7, 5), {}),
        ],
        D(2024, 7, 8),
    ),
    "eir-2004": (
        [
            ("received", D(2024, 6, 3), {}),
            ("clarification_requested", D(2024, 6, 5), {}),
            ("clarification_received", D(2024, 6, 10), {}),
            ("extension", D(2024, 6, 24), {"clock": "response", "working_days": 20, "reason": "r", "complex_and_voluminous": True}),
            ("response", D(2024, 8, 2), {}),
        ],
        D(2024, 8, 5),
    ),
    "uk-gdpr-sar": (
        [
            ("received", D(2026, 3, 31), {}),
            ("information_requested", D(2026, 4, 1), {}),
            ("information_received", D(2026, 4, 2), {}),
            ("extension", D(2026, 4, 20), {"clock": "response", "months": 2, "reason": "complex"}),
            ("response", D(2026, 6, 30), {}),
        ],
        D(2026, 7, 1),
    ),
    "housing-ombudsman-code-2024": (
        [
            ("received", D(2025, 4, 17), {"issue_arose": D(2025, 3, 1)}),
            ("acknowledged", D(2025, 4, 22), {}),
            ("stage1_response", D(2025, 5, 2), {}),
            ("stage2_requested", D(2025, 5, 12), {}),
            ("stage2_acknowledged", D(2025, 5, 16), {}),
            ("extension", D(2025, 6, 13), {"clock": "stage2_response", "working_days": 20, "reason": "survey"}),
            ("stage2_response", D(2025, 7, 10), {}),
        ],
        D(2025, 7, 11),
    ),
    "lgsco-code-2024": (
        [
            ("received", D(2026, 4, 2), {}),
            ("acknowledged", D(2026, 4, 7), {}),
            ("extension", D(2026, 4, 20), {"clock": "stage1_response", "working_days": 10, "reason": "r"}),
            ("stage1_response", D(2026, 5, 5), {}),
            ("stage2_requested", D(2026, 5, 11), {}),
            ("stage2_acknowledged", D(2026, 5, 13), {}),
            ("stage2_response", D(2026, 6, 5), {}),
        ],
        D(2026, 6, 8),
    ),
    "spso-mchp-2020": (
        [
            ("received", D(2025, 6, 2), {"matter_arose": D(2025, 5, 1)}),
            ("extension", D(2025, 6, 6), {"clock": "stage1_response", "working_days": 5, "reason": "r", "exceptional_circumstances": True}),
            ("stage1_response", D(2025, 6, 13), {}),
            ("stage2_requested", D(2025, 6, 16), {}),
            ("stage2_acknowledged", D(2025, 6, 18), {}),
            ("stage2_response", D(2025, 7, 11), {}),
        ],
        D(2025, 7, 14),
    ),
    "nipso-mchp": (
        [
            ("received", D(2025, 6, 2), {}),
            ("stage1_response", D(2025, 6, 6), {}),
            ("stage2_requested", D(2025, 6, 16), {}),
            ("stage2_acknowledged", D(2025, 6, 18), {}),
            ("stage2_response", D(2025, 7, 11), {}),
            ("referred_to_ombudsman", D(2025, 9, 1), {}),
        ],
        D(2025, 9, 2),
    ),
    "england-public-health-2012": (
        [
            ("received", D(2024, 3, 1), {"grounds_arose": D(2024, 1, 10)}),
            ("acknowledged", D(2024, 3, 4), {}),
            ("provider_notified", D(2024, 3, 11), {}),
            ("extension", D(2024, 8, 20), {"clock": "response_backstop", "until": D(2024, 9, 30), "agreed_with_complainant": True}),
            ("response", D(2024, 9, 27), {}),
        ],
        D(2024, 9, 30),
    ),
}  # fmt: skip


#: The 7-event children's case of issue #7: every stage up to the panel's report.
PANEL_CASE: tuple[list[Event], date] = (
    [
        ("received", D(2024, 3, 28), {}),
        ("stage1_response", D(2024, 4, 10), {}),
        ("stage2_requested", D(2024, 4, 22), {}),
        ("stage2_response", D(2024, 5, 20), {}),
        ("stage3_requested", D(2024, 6, 3), {}),
        ("panel_held", D(2024, 6, 24), {}),
        ("panel_report", D(2024, 6, 28), {}),
    ],
    D(2024, 7, 1),
)
#: An overlay with an event that does nothing (no effect, no clock), to time plain events.
NOTE_OVERLAY = """\
format: statdeadline/rules@1
id: bench-notes
title: Children's complaints with a case note event
version: "1.0.0"
effective_from: 2006-09-01
extends: england-children-2006
sources:
  bench: {title: Benchmark only}
events:
  note: {label: Case note}
transitions:
  - {event: note, from: stage2}
"""
PAUSE_EVENTS = 200


@dataclass(frozen=True)
class Sizes:
    """How much work each section does."""

    cases: int  # typical cases per timed run
    repeats: int  # timed runs per figure (best kept)


FULL = Sizes(cases=500, repeats=40)
QUICK = Sizes(cases=200, repeats=10)
#: The smallest path, for the smoke test: proves every section runs, measures nothing useful.
SMOKE = Sizes(cases=5, repeats=1)


@dataclass(frozen=True)
class Figure:
    """One timing: ``seconds`` for ``cases`` cases (best of the runs)."""

    label: str
    seconds: float
    cases: int

    @property
    def per_case_us(self) -> float:
        return self.seconds / self.cases * 1e6

    @property
    def per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else float("inf")


@dataclass
class Report:
    """Everything :func:`run` printed, by section, and what it measured."""

    sections: dict[str, list[str]] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)
    #: target name -> True (PASS) or False (MISS).
    verdicts: dict[str, bool] = field(default_factory=dict)
    #: True if the hand-written evaluator gave the engine's due dates and statuses.
    hand_agrees: bool | None = None
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
        self.emit(
            f"  {fig.label:<46} {fig.per_case_us:9.2f} µs/case {fig.per_second:12,.0f} cases/s"
        )
        return fig

    def ratio(self, key: str, label: str, value: float) -> float:
        self.ratios[key] = value
        self.emit(f"  ratio {label}: {value:.1f}x")
        return value

    def verdict(self, key: str, ok: bool, detail: str) -> None:
        self.verdicts[key] = ok
        self.emit(f"  target {key}: {'PASS' if ok else 'MISS'} ({detail})")


# --------------------------------------------------------------------------- helpers


def best_of(fn: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs of ``fn``, in CPU seconds, with the collector off."""
    times = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(max(1, repeats)):
            t0 = time.process_time()
            fn()
            times.append(time.process_time() - t0)
    finally:
        if enabled:
            gc.enable()
    return min(times)


def build_case(rs: RuleSet, events: list[Event], case_id: str = "B-1") -> Case:
    """A new case of ``rs`` with ``events`` recorded."""
    case = Case(rs, case_id)
    for event, on, fields in events:
        case.record(event, on, **fields)
    return case


def typical(rs: RuleSet, events: list[Event], as_of: date) -> Deadlines:
    """What one timed case does: record every event, then compute every deadline."""
    return build_case(rs, events).deadlines(as_of=as_of)


def hand_children(
    cal: WorkingDayCalendar, events: list[Event], as_of: date
) -> list[tuple[str, date, str]]:
    """The children's typical case evaluated by hand: plain Python for exactly this
    sequence of events (no rule set, no state machine, no validation), as a minimal
    evaluator would be written. Returns (clock, due, status) in the engine's due order."""
    on = {e: d for e, d, _ in events}
    fields = {e: f for e, _, f in events}
    add, between = cal.add_working_days, cal.working_days_between
    # Stage 1: 10 WD from receipt, extended, met by the Stage 1 response.
    s1 = add(add(on["received"], 10), fields["extension"]["working_days"])
    s1_status = "met" if on["stage1_response"] <= s1 else "met_late"
    # Window to ask for Stage 2: 20 WD from the Stage 1 response, met by the request.
    window = add(on["stage1_response"], 20)
    window_status = "met" if on["stage2_requested"] <= window else "met_late"
    # Stage 2: 25 WD from the request, moved on by the working days paused.
    s2 = add(add(on["stage2_requested"], 25), between(on["pause"], on["resume"]))
    s2_status = "met" if on["stage2_response"] <= s2 else "met_late"
    # Window to ask for a review panel: 20 WD from the Stage 2 response, still open.
    panel = add(on["stage2_response"], 20)
    if as_of > panel:
        panel_status = "expired"
    elif between(as_of, panel) <= 3:
        panel_status = "due_soon"
    else:
        panel_status = "pending"
    rows = [
        ("stage1_response", s1, s1_status),
        ("stage2_request_window", window, window_status),
        ("stage2_response", s2, s2_status),
        ("stage3_request_window", panel, panel_status),
    ]
    return sorted(rows, key=lambda r: r[1])


def _describe(ds: Deadlines) -> str:
    return ", ".join(f"{d.clock} {d.due} {d.status}" for d in ds)


# --------------------------------------------------------------------------- sections


def bench_rulesets(report: Report, sizes: Sizes) -> None:
    report.section(SECTIONS[0])
    n = sizes.cases
    for rid in list_bundled():
        events, as_of = CASES[rid]
        rs = load_ruleset(rid)
        ds = typical(rs, events, as_of)
        report.emit(f"  {rid}: {len(events)} events, {len(ds)} deadlines, as of {as_of}")
        report.emit(f"    {_describe(ds)}")

        def whole(rs: RuleSet = rs, events: list[Event] = events, as_of: date = as_of) -> None:
            for _ in range(n):
                typical(rs, events, as_of)

        def record_only(rs: RuleSet = rs, events: list[Event] = events) -> None:
            for _ in range(n):
                build_case(rs, events)

        built = build_case(rs, events)

        def deadlines_only(case: Case = built, as_of: date = as_of) -> None:
            for _ in range(n):
                case.deadlines(as_of=as_of)

        report.figure(rid, Figure("    whole case", best_of(whole, sizes.repeats), n))
        report.figure(
            f"{rid}:record", Figure("    record the events", best_of(record_only, sizes.repeats), n)
        )
        report.figure(
            f"{rid}:deadlines",
            Figure("    deadlines again, same case", best_of(deadlines_only, sizes.repeats), n),
        )
    worst = max(report.figures[rid].per_case_us for rid in list_bundled())
    report.verdict(
        f"typical case < {TARGET_US:g} µs for every rule set",
        worst < TARGET_US,
        f"slowest {worst:.1f} µs/case",
    )


def bench_baselines(report: Report, sizes: Sizes) -> None:
    report.section(SECTIONS[1])
    rid = "england-children-2006"
    events, as_of = CASES[rid]
    rs = load_ruleset(rid)
    cal = rs.calendar
    engine = [(d.clock, d.due, d.status) for d in typical(rs, events, as_of)]
    hand = hand_children(cal, events, as_of)
    report.hand_agrees = engine == hand
    report.emit(
        f"  hand-written evaluator agrees with the engine on {rid}: "
        f"{'yes' if report.hand_agrees else 'NO'} ({len(hand)} due dates and statuses)"
    )
    n = sizes.cases
    start = events[0][1]

    def bare() -> None:
        add = cal.add_working_days
        for _ in range(n):
            for k in range(BARE_CALLS):
                add(start, 10 + k)

    def by_hand() -> None:
        for _ in range(n):
            hand_children(cal, events, as_of)

    bare_fig = report.figure(
        "bare", Figure(f"{BARE_CALLS} add_working_days calls", best_of(bare, sizes.repeats), n)
    )
    hand_fig = report.figure(
        "hand", Figure(f"hand-written evaluator, {rid}", best_of(by_hand, sizes.repeats), n)
    )
    for key in list_bundled():
        report.ratio(
            f"{key}/bare",
            f"{key} / {BARE_CALLS} bare calls",
            report.figures[key].per_case_us / bare_fig.per_case_us,
        )
    report.ratio(
        f"{rid}/hand",
        f"{rid} / hand-written evaluator",
        report.figures[rid].per_case_us / hand_fig.per_case_us,
    )


def bench_explanations(report: Report, sizes: Sizes) -> None:
    report.section(SECTIONS[2])
    n = sizes.cases
    for rid in list_bundled():
        events, as_of = CASES[rid]
        case = build_case(load_ruleset(rid), events)

        def explain(case: Case = case, as_of: date = as_of) -> None:
            for _ in range(n):
                case.deadlines(as_of=as_of).to_dict(explain=True)

        report.figure(
            f"{rid}:explain",
            Figure(f"{rid} deadlines + explanations as JSON", best_of(explain, sizes.repeats), n),
        )


def _pause_case(rs: RuleSet, n: int, pausing: bool) -> Case:
    """A children's case at Stage 2 with ``n`` more events: pause/resume pairs, or notes."""
    case = build_case(rs, PANEL_CASE[0][:3])
    day = D(2024, 4, 23)
    for i in range(n):
        if pausing:
            if i % 2:
                case.record("resume", day)
            else:
                case.record("pause", day, reason="advocate")
        else:
            case.record("note", day)
    return case


def bench_targets(report: Report, sizes: Sizes) -> None:
    report.section(SECTIONS[3])
    rs = load_ruleset("england-children-2006")
    cal = rs.calendar
    events, as_of = PANEL_CASE
    ds = typical(rs, events, as_of)
    report.emit(f"  {len(events)}-event children's case, as of {as_of}: {len(ds)} deadlines")
    report.emit(f"    {_describe(ds)}")
    n = sizes.cases
    start = events[0][1]

    def whole() -> None:
        for _ in range(n):
            typical(rs, events, as_of)

    def verdicts() -> None:
        for _ in range(n):
            build_case(rs, events).verdicts(as_of=as_of)

    built = build_case(rs, events)

    def verdicts_again() -> None:
        for _ in range(n):
            built.verdicts(as_of=as_of)

    def one_call() -> None:
        add = cal.add_working_days
        for _ in range(n):
            add(start, 20)

    panel = report.figure(
        "panel", Figure("    record + deadlines()", best_of(whole, sizes.repeats), n)
    )
    verd = report.figure(
        "panel:verdicts", Figure("    record + verdicts()", best_of(verdicts, sizes.repeats), n)
    )
    report.figure(
        "panel:verdicts-again",
        Figure("    verdicts() again, same case", best_of(verdicts_again, sizes.repeats), n),
    )
    call = report.figure(
        "panel:add",
        Figure("    one add_working_days call", best_of(one_call, sizes.repeats * 5), n),
    )
    ratio = report.ratio(
        "panel/add",
        "    record + deadlines() / one add_working_days",
        panel.per_case_us / call.per_case_us,
    )
    report.verdict(
        f"7-event case <= {PANEL_US:g} µs",
        panel.per_case_us <= PANEL_US,
        f"{panel.per_case_us:.1f} µs",
    )
    report.verdict(
        f"7-event case <= {PANEL_RATIO:g} add_working_days calls",
        ratio <= PANEL_RATIO,
        f"{ratio:.0f}x",
    )
    report.verdict(
        f"record + verdicts() <= {VERDICTS_US:g} µs",
        verd.per_case_us <= VERDICTS_US,
        f"{verd.per_case_us:.1f} µs",
    )

    with tempfile.TemporaryDirectory() as tmp:  # kept while the cases choose their version
        path = Path(tmp) / "bench-notes.yaml"
        path.write_text(NOTE_OVERLAY, encoding="utf-8")
        _bench_pauses(report, sizes, load_ruleset(path))


def _bench_pauses(report: Report, sizes: Sizes, notes_rs: RuleSet) -> None:
    m = max(1, sizes.cases // 50)

    def pauses() -> None:
        for _ in range(m):
            _pause_case(notes_rs, PAUSE_EVENTS, pausing=True)

    def notes() -> None:
        for _ in range(m):
            _pause_case(notes_rs, PAUSE_EVENTS, pausing=False)

    p = report.figure(
        "pauses",
        Figure(f"    {PAUSE_EVENTS} pause/resume events", best_of(pauses, sizes.repeats), m),
    )
    q = report.figure(
        "notes",
        Figure(f"    {PAUSE_EVENTS} events with no effect", best_of(notes, sizes.repeats), m),
    )
    pr = report.ratio(
        "pauses/notes", "    pauses / events with no effect", p.per_case_us / q.per_case_us
    )
    report.verdict(f"pauses <= {PAUSE_RATIO:g}x plain events", pr <= PAUSE_RATIO, f"{pr:.2f}x")

    def twice_the_pauses() -> None:
        for _ in range(m):
            _pause_case(notes_rs, 2 * PAUSE_EVENTS, pausing=True)

    doubled = best_of(twice_the_pauses, sizes.repeats)
    p2 = report.figure(
        "pauses:double", Figure(f"    {2 * PAUSE_EVENTS} pause/resume events", doubled, m)
    )
    # linear growth doubles the time (2x); quadratic growth (the old engine's) quadruples it
    report.ratio(
        "pauses:double/pauses",
        f"    {2 * PAUSE_EVENTS} / {PAUSE_EVENTS} pause/resume events (2x is linear)",
        p2.per_case_us / p.per_case_us,
    )


# --------------------------------------------------------------------------- entry points


def run(sizes: Sizes = FULL, *, echo: bool = True) -> Report:
    """Run every section at ``sizes``; print as it goes when ``echo``; return the report."""
    report = Report(_echo=echo)
    report.emit(f"statdeadline engine benchmark: Python {sys.version.split()[0]}, sizes {sizes}")
    bench_rulesets(report, sizes)
    bench_baselines(report, sizes)
    bench_explanations(report, sizes)
    bench_targets(report, sizes)
    report.section("summary")
    for key, ok in report.verdicts.items():
        report.emit(f"  {'PASS' if ok else 'MISS'}  {key}")
    return report


#: Section 4's workloads, one case each, for --repeat.
WORKLOADS: tuple[str, ...] = ("panel", "verdicts", "pauses", "notes")


def repeat(workload: str, n: int) -> int:
    """Run one of :data:`WORKLOADS` ``n`` times, untimed, and return how many cases it
    built: under an instruction counter (``valgrind --tool=callgrind``), the difference
    between two ``n`` is the count per case, the same on a busy machine as on a quiet one.
    ``panel``: the 7-event case with ``deadlines()``; ``verdicts``: the same with
    ``verdicts()``; ``pauses``/``notes``: a Stage 2 case with PAUSE_EVENTS pause/resume
    events, or events with no effect."""
    rs = load_ruleset("england-children-2006")
    events, as_of = PANEL_CASE
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-notes.yaml"
        path.write_text(NOTE_OVERLAY, encoding="utf-8")
        notes_rs = load_ruleset(path)
        for _ in range(n):
            if workload == "panel":
                typical(rs, events, as_of)
            elif workload == "verdicts":
                build_case(rs, events).verdicts(as_of=as_of)
            else:
                _pause_case(notes_rs, PAUSE_EVENTS, pausing=workload == "pauses")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--quick", action="store_true", help="best of 10 runs of 200 cases, not 40 of 500"
    )
    parser.add_argument(
        "--repeat",
        nargs=2,
        metavar=("WORKLOAD", "N"),
        help=f"only run one workload ({', '.join(WORKLOADS)}) N times, untimed, for callgrind",
    )
    args = parser.parse_args(argv)
    if args.repeat:
        workload, n = args.repeat
        if workload not in WORKLOADS or not n.isdigit():
            parser.error(
                f"--repeat: expected one of {', '.join(WORKLOADS)} and a count, got {workload} {n}"
            )
        repeat(workload, int(n))
        return 0
    run(QUICK if args.quick else FULL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
