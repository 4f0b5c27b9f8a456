"""A :class:`RuleSet` from a rule file's data (its structure already checked), with every
cross-reference, number and the state graph checked; problems go to ``issues``.

Order: identity, sources, events, states and transitions, calendar and conventions,
clocks, checks, dates; then the graph. An overlay's base is merged in at each step: the
overlay adds, and chooses among declared alternatives, never removes or loosens.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .bundled import bundled_rules_dir, ruleset_name
from .clocks import build_clocks
from .context import Context
from .conventions import build_calendar, build_conventions
from .durations import build_duration
from .events import build_events
from .graph import check_graph
from .issues import Issues
from .model import CheckDef, EventDef, RuleSet
from .sources import Cite, build_sources
from .states import build_states, build_transitions

__all__ = ["build_ruleset"]


def build_ruleset(
    data: Mapping[str, Any], path: Path, base: RuleSet | None, issues: Issues
) -> RuleSet | None:
    """The rule set ``data`` declares, or ``None`` if ``issues`` were found."""
    rid: str = data["id"]
    _check_name(data, path, issues)
    sources = build_sources(data, base, issues)
    ctx = Context(data, path, base, issues, Cite(sources, issues))
    events = build_events(ctx)
    states = build_states(ctx)
    transitions = build_transitions(ctx, events, states)
    calendar = build_calendar(ctx)
    conventions = build_conventions(ctx)
    clocks = build_clocks(ctx, events)
    checks = _build_checks(ctx, events)
    _check_received_on(ctx, events, conventions)
    _check_dates(data, base, issues)
    check_graph(states, transitions, len(base.transitions) if base else 0, events, data, issues)
    if issues.items:
        return None
    return RuleSet(
        id=rid,
        title=data["title"],
        version=str(data["version"]),
        effective_from=data["effective_from"],
        effective_to=data.get("effective_to"),
        division=calendar.division,
        division_alternatives=calendar.division_alternatives,
        division_chosen_by=calendar.division_chosen_by,
        overrides=calendar.overrides,
        local_overrides=calendar.local_overrides,
        conventions=conventions,
        sources=sources,
        events=events,
        states=states,
        transitions=tuple(transitions),
        clocks=clocks,
        checks=checks,
        due_soon_working_days=data.get(
            "due_soon_working_days", base.due_soon_working_days if base else 3
        ),
        extends=base.id if base else None,
        layers=(*(base.layers if base else ()), rid),
        path=str(path),
        description=data.get("description"),
        horizon_year=calendar.horizon_year,
    )


def _check_name(data: Mapping[str, Any], path: Path, issues: Issues) -> None:
    rid: str = data["id"]
    if ruleset_name(path) != rid and path.resolve().is_relative_to(bundled_rules_dir().resolve()):
        issues.at(data, "id", "id", f"a bundled rule file must be named after its id: {rid}.yaml")


def _build_checks(ctx: Context, events: Mapping[str, EventDef]) -> dict[str, CheckDef]:
    """The warning checks: each on a known event's date field."""
    data, base, issues = ctx.data, ctx.base, ctx.issues
    checks: dict[str, CheckDef] = dict(base.checks) if base else {}
    for kid, k in (data.get("checks") or {}).items():
        where = f"checks.{kid}"
        if kid in checks:
            issues.redefined(data, "checks", kid, base.id if base else "this file")
            continue
        event = events.get(k["event"])
        if event is None:
            issues.at(k, "event", f"{where}.event", f"unknown event {k['event']!r}")
        elif k["field"] not in event.fields or event.fields[k["field"]].type != "date":
            issues.at(
                k,
                "field",
                f"{where}.field",
                f"event {k['event']!r} has no date field {k['field']!r}",
            )
        checks[kid] = CheckDef(
            kid,
            k["label"],
            k["event"],
            k["field"],
            build_duration(k["within"], f"{where}.within", issues, ctx.since),
            k["message"],
            ctx.cite(k, "citation", f"{where}.citation"),
        )
    return checks


def _check_received_on(
    ctx: Context, events: Mapping[str, EventDef], conventions: Mapping[str, Any]
) -> None:
    """An event with ``raised_on`` needs the convention that says which day counts (the
    choice is named, never implied), and the convention needs such an event."""
    raised = sorted(e.id for e in events.values() if e.raised_on)
    declared = "received_on" in conventions
    if raised and not declared:
        why = (
            f"event(s) {', '.join(raised)} have raised_on, but {ctx.base.id} declares no"
            " received_on convention to say which day counts (only a statutory rule set"
            " declares it)"
            if ctx.base
            else f"event(s) {', '.join(raised)} have raised_on: declare conventions.received_on"
            " (raised_on or event_date) to say which day their clocks count from"
        )
        ctx.issues.at(
            ctx.data,
            "conventions" if "conventions" in ctx.data else None,
            "conventions.received_on",
            why,
        )
    elif declared and not raised and ctx.base is None:
        ctx.issues.at(
            ctx.data["conventions"],
            "received_on",
            "conventions.received_on",
            "no event has raised_on, so there is nothing to choose",
        )


def _check_dates(data: Mapping[str, Any], base: RuleSet | None, issues: Issues) -> None:
    """effective_to is not before effective_from, nor an overlay's start before its base's."""
    eff_from = data["effective_from"]
    eff_to = data.get("effective_to")
    if eff_to is not None and eff_to < eff_from:
        issues.at(
            data,
            "effective_to",
            "effective_to",
            f"must be on or after effective_from ({eff_from}), got {eff_to}",
        )
    if base and eff_from < base.effective_from:
        issues.at(
            data,
            "effective_from",
            "effective_from",
            f"must not be before the base rule set's ({base.effective_from}), got {eff_from}",
        )
