"""A rule file's states and transitions (the graph's shape is checked in ``graph``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .context import Context
from .issues import Issues, ids
from .model import EventDef, StateDef, Transition

__all__ = ["build_states", "build_transitions"]


def build_states(ctx: Context) -> dict[str, StateDef]:
    """The base's states (for an overlay) and the file's own; an overlay adds neither
    initial nor final states and redefines none."""
    data, base, issues = ctx.data, ctx.base, ctx.issues
    states: dict[str, StateDef] = dict(base.states) if base else {}
    for sid, s in (data.get("states") or {}).items():
        if sid in states:
            issues.at(data["states"], sid, f"states.{sid}", "already defined by the base rule set")
            continue
        if base and (s.get("initial") or s.get("final")):
            issues.at(
                data["states"],
                sid,
                f"states.{sid}",
                "an overlay may not add initial or final states",
            )
        states[sid] = StateDef(
            sid, s["label"], bool(s.get("initial", False)), bool(s.get("final", False))
        )
    return states


def build_transitions(
    ctx: Context, events: Mapping[str, EventDef], states: Mapping[str, StateDef]
) -> list[Transition]:
    """The base's transitions, then the file's; ``from: "*"`` means every state that is
    not final (an overlay's states included). An event may not lead two ways from one
    state."""
    data, base, issues = ctx.data, ctx.base, ctx.issues
    transitions: list[Transition] = list(base.transitions) if base else []
    non_final = tuple(s for s, d in states.items() if not d.final)
    for i, t in enumerate(data.get("transitions") or ()):
        src = non_final if t["from"] == "*" else ids(t["from"])
        _check_transition(t, f"transitions[{i}]", src, events, states, issues)
        for s in src:
            for old in transitions:
                if (
                    old.event == t["event"]
                    and s in (non_final if old.any_state else old.sources)
                    and (old.target or s) != (t.get("to") or s)
                ):
                    issues.at(
                        t,
                        "from",
                        f"transitions[{i}].from",
                        f"event {t['event']!r} in state {s!r} already leads to {old.target or s!r}",
                    )
        transitions.append(Transition(t["event"], tuple(src), t.get("to"), t["from"] == "*"))
    return [attrs.evolve(t, sources=non_final) if t.any_state else t for t in transitions]


def _check_transition(
    t: Mapping[str, Any],
    where: str,
    sources: tuple[str, ...],
    events: Mapping[str, EventDef],
    states: Mapping[str, StateDef],
    issues: Issues,
) -> None:
    """A transition names a known event and known states."""
    if t["event"] not in events:
        issues.at(
            t,
            "event",
            f"{where}.event",
            f"unknown event {t['event']!r}; events: {', '.join(sorted(events))}",
        )
    known = ", ".join(sorted(states))
    for s in sources:
        if s not in states:
            issues.at(t, "from", f"{where}.from", f"unknown state {s!r}; states: {known}")
    target = t.get("to")
    if target is not None and target not in states:
        issues.at(t, "to", f"{where}.to", f"unknown state {target!r}; states: {known}")
