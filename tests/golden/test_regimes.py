"""Golden worked cases for every regime, as data: ``tests/golden/regimes/<ruleset-id>.yaml``.

Each file is a list of cases. A case records ``events`` on a fresh :class:`Case` of the
rule set (loaded with the case's optional ``conventions`` and ``division``), evaluates
the deadlines ``as_of`` a date and compares them with ``expect``; or it expects the event
at ``expect_error.index`` to raise (``expect`` may then describe the case as it stands
after the refused event, which must change nothing). Every expected date was worked out
by hand from the gov.uk bank-holiday list; the working is in each case's ``note`` and the
rule it tests in its ``citation``. A case with ``xfail: "<why>"`` records a behaviour we
believe is right and the engine does not (yet) have.

Case keys::

    name, note, citation            required text
    events                          [{event, date, time?: "HH:MM", **fields}]
    conventions, division           optional load_ruleset() options
    ruleset_file                    optional: load this file (relative to regimes/, an
                                    overlay of the rule set choosing a declared
                                    alternative) instead of the bundled rule set
    as_of                           the date the deadlines are evaluated on
    expect:
      state: <state id>
      warnings: [<check id>, ...]   exactly these warnings, in order
      clocks:
        <clock id>[#<instance>]:    due, status, met_on, aim, maximum, days_late,
                                    working_days_taken, level, paused
    expect_error: {index, exception, message}
    xfail: "<why>"
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

import statdeadline.exceptions as exceptions
from statdeadline import Case, Deadline, RuleSet, load_ruleset

HERE = Path(__file__).parent / "regimes"

#: Every regime that must have golden cases (a missing file is a failure, not a skip).
REGIMES = (
    "england-children-2006",
    "england-adults-2009",
    "wales-social-services-2014",
    "oxfordshire-adults",
    "cheshire-west-adults",
    "cardiff-social-services",
    "elected-member-enquiries",
    "cardiff-members-enquiries",
    "ombudsman-enquiries",
    "spso-enquiries",
    "psow-enquiries",
    "concerns",
    "foi-2000",
    "eir-2004",
    "uk-gdpr-sar",
    "housing-ombudsman-code-2024",
    "lgsco-code-2024",
    "spso-mchp-2020",
    "nipso-mchp",
    "england-public-health-2012",
)

CASE_KEYS = {
    "name",
    "note",
    "citation",
    "events",
    "conventions",
    "division",
    "ruleset_file",
    "as_of",
    "expect",
    "expect_error",
    "xfail",
}
EXPECT_KEYS = {"state", "warnings", "clocks"}
CLOCK_KEYS = (
    "due",
    "status",
    "met_on",
    "aim",
    "maximum",
    "days_late",
    "working_days_taken",
    "level",
    "paused",
)
ERROR_KEYS = {"index", "exception", "message"}


class GoldenFileError(ValueError):
    """A golden file is malformed (reported at collection, naming file and case)."""


def _fail(where: str, message: str) -> GoldenFileError:
    return GoldenFileError(f"{where}: {message}")


def _check_case(case: Any, where: str) -> None:
    """Refuse malformed cases up front, so a typo cannot make a check vanish silently."""
    if not isinstance(case, dict):
        raise _fail(where, f"a case must be a mapping, got {type(case).__name__}")
    unknown = set(case) - CASE_KEYS
    if unknown:
        raise _fail(where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(CASE_KEYS)}")
    for key in ("name", "note", "citation"):
        if not isinstance(case.get(key), str) or not case[key].strip():
            raise _fail(where, f"{key!r} must be non-empty text")
    events = case.get("events")
    if not isinstance(events, list) or not events:
        raise _fail(where, "'events' must be a non-empty list")
    for i, ev in enumerate(events):
        if not isinstance(ev, dict) or "event" not in ev or not isinstance(ev.get("date"), dt.date):
            raise _fail(where, f"events[{i}] needs 'event' and an unquoted ISO 'date'")
        if "time" in ev and not isinstance(ev["time"], str):
            raise _fail(
                where, f"events[{i}].time must be a quoted 'HH:MM' (YAML reads 17:30 as 1050)"
            )
    if "expect" not in case and "expect_error" not in case:
        raise _fail(where, "needs 'expect' or 'expect_error'")
    if "expect" in case:
        if not isinstance(case.get("as_of"), dt.date):
            raise _fail(where, "'expect' needs an unquoted ISO 'as_of' date")
        exp = case["expect"]
        if not isinstance(exp, dict) or set(exp) - EXPECT_KEYS:
            raise _fail(where, f"'expect' may have only {sorted(EXPECT_KEYS)}")
        for key, want in (exp.get("clocks") or {}).items():
            if not isinstance(want, dict) or not want or set(want) - set(CLOCK_KEYS):
                raise _fail(where, f"expect.clocks.{key}: a non-empty mapping of {CLOCK_KEYS}")
    if "expect_error" in case:
        err = case["expect_error"]
        if not isinstance(err, dict) or set(err) != ERROR_KEYS:
            raise _fail(where, f"'expect_error' needs exactly {sorted(ERROR_KEYS)}")
        if err["index"] != len(events) - 1:
            raise _fail(where, "expect_error.index must be the last event (nothing runs after it)")
        if not hasattr(exceptions, err["exception"]):
            raise _fail(where, f"unknown exception class {err['exception']!r}")


@functools.cache
def golden_cases() -> tuple[tuple[str, dict[str, Any]], ...]:
    """Every (ruleset id, case), in file order; malformed files raise at collection."""
    out = []
    for rid in REGIMES:
        path = HERE / f"{rid}.yaml"
        if not path.is_file():
            raise GoldenFileError(f"{path}: missing golden file for {rid}")
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(cases, list) or not cases:
            raise GoldenFileError(f"{path}: must be a non-empty list of cases")
        names: set[str] = set()
        for i, case in enumerate(cases):
            where = f"{path.name}[{i}] {case.get('name') if isinstance(case, dict) else ''}"
            _check_case(case, where)
            if case["name"] in names:
                raise _fail(where, f"duplicate case name {case['name']!r}")
            names.add(case["name"])
            out.append((rid, case))
    return tuple(out)


def _params(honour_xfail: bool = True) -> list[Any]:
    params = []
    for rid, case in golden_cases():
        marks = []
        if honour_xfail and "xfail" in case:
            marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
        params.append(pytest.param(rid, case, id=f"{rid}::{case['name']}", marks=marks))
    return params


def ruleset_for(rid: str, case: dict[str, Any]) -> RuleSet:
    """The rule set with the case's load options (load_ruleset caches by options)."""
    source = HERE / case["ruleset_file"] if "ruleset_file" in case else rid
    return load_ruleset(source, conventions=case.get("conventions"), division=case.get("division"))


def replay(rid: str, case: dict[str, Any]) -> tuple[Case, BaseException | None]:
    """Record the case's events; stop at the first refusal and return it."""
    c = Case(ruleset_for(rid, case), case_id=case["name"])
    for ev in case["events"]:
        fields = {k: v for k, v in ev.items() if k not in ("event", "date", "time")}
        try:
            c.record(ev["event"], ev["date"], time=ev.get("time"), **fields)
        except exceptions.StatDeadlineError as exc:
            return c, exc
    return c, None


def _key(d: Deadline) -> str:
    return d.clock if d.instance == 1 else f"{d.clock}#{d.instance}"


def _actual(d: Deadline, field: str) -> Any:
    return getattr(d, field)


@pytest.mark.parametrize(("rid", "case"), _params())
def test_golden_case(rid: str, case: dict[str, Any]) -> None:
    """A regime's worked case: the engine's deadlines equal the ones worked out by hand."""
    c, error = replay(rid, case)
    events = case["events"]
    if "expect_error" in case:
        want = case["expect_error"]
        assert error is not None, (
            f"expected event {want['index']} ({events[want['index']]['event']}) to raise "
            f"{want['exception']}, but every event was accepted"
        )
        assert len(c.events) == want["index"], (
            f"expected event {want['index']} to fail, but event {len(c.events)} "
            f"({events[len(c.events)]['event']}) failed: {error!r}"
        )
        assert type(error).__name__ == want["exception"], f"wrong exception: {error!r}"
        assert want["message"] in str(error), (
            f"message {str(error)!r} does not contain {want['message']!r}"
        )
    else:
        assert error is None, f"event {len(c.events)} ({events[len(c.events)]}) refused: {error}"
    if "expect" not in case:
        return
    exp = case["expect"]
    ds = c.deadlines(as_of=case["as_of"])
    if "state" in exp:
        assert ds.state == exp["state"], f"state: expected {exp['state']}, got {ds.state}"
    if "warnings" in exp:
        got_warnings = [w.check for w in ds.warnings]
        assert got_warnings == exp["warnings"], (
            f"warnings: expected {exp['warnings']}, got {[str(w) for w in ds.warnings]}"
        )
    by_key = {_key(d): d for d in ds}
    mismatches = []
    for key, want in (exp.get("clocks") or {}).items():
        d = by_key.get(key)
        if d is None:
            mismatches.append(f"{key}: expected clock missing; clocks: {sorted(by_key)}")
            continue
        for field, value in want.items():
            got = _actual(d, field)
            if got != value:
                mismatches.append(f"{key}.{field}: expected {value!r}, got {got!r}")
    if mismatches:
        explained = "\n".join(str(d.explanation) for d in ds if _key(d) in exp.get("clocks", {}))
        pytest.fail(
            f"{rid} {case['name']} as of {case['as_of']}:\n  "
            + "\n  ".join(mismatches)
            + f"\n\nhand working: {case['note']}\nengine working:\n{explained}"
        )


@pytest.mark.parametrize(("rid", "case"), _params(honour_xfail=False))
def test_golden_explanations(rid: str, case: dict[str, Any]) -> None:
    """Every deadline of a golden case explains itself, and the explanation names its due
    date (or says it is not yet known)."""
    c, _ = replay(rid, case)
    as_of = case.get("as_of") or c.events[-1].date
    for d in c.deadlines(as_of=as_of):
        text = str(d.explanation)
        assert text.strip(), f"{_key(d)}: empty explanation"
        due = d.due.isoformat() if d.due else "not yet known"
        assert due in text, f"{_key(d)}: explanation does not name its due date {due}:\n{text}"


def test_every_regime_has_golden_cases() -> None:
    """Each regime's file exists and holds several cases."""
    counts = {rid: 0 for rid in REGIMES}
    for rid, _ in golden_cases():
        counts[rid] += 1
    assert all(n >= 5 for n in counts.values()), counts


# ---------------------------------------------------------------------- property

_CASES = golden_cases()
_BY_NAME = {f"{rid}::{case['name']}": (rid, case) for rid, case in _CASES}


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(_CASES), st.integers(min_value=-15, max_value=60))
@example(_BY_NAME["england-children-2006::stage1-easter-2024"], 0)
@example(_BY_NAME["england-adults-2009::backstop-1-mar-response-late-delay-notice-owed"], 3)
@example(_BY_NAME["oxfordshire-adults::review-tiers-two-then-refused"], 0)
@example(_BY_NAME["england-children-2006::pause-then-resume-june-2024"], -7)
def test_replaying_a_saved_case_gives_the_same_deadlines(
    golden: tuple[str, dict[str, Any]], shift: int
) -> None:
    """``Case.from_dict(rs, case.to_dict())`` rebuilds a case whose deadlines, on any day
    around the golden as_of, equal the original's (dates, fields and times survive the
    round trip through plain data)."""
    rid, case = golden
    original, _ = replay(rid, case)
    rebuilt = Case.from_dict(original.ruleset, original.to_dict())
    as_of = (case.get("as_of") or original.events[-1].date) + dt.timedelta(days=shift)
    assert rebuilt.deadlines(as_of=as_of) == original.deadlines(as_of=as_of)
    assert rebuilt.state == original.state
