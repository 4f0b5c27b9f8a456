"""The state graph of a rule set, checked when it loads; every offender is reported.

One function per rule: one initial state; at least one final state; nothing leaves a
final state; every state is reachable from the initial one; every state can reach a
final one; every event is allowed somewhere.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from .issues import Issues
from .model import EventDef, StateDef, Transition

__all__ = ["check_graph"]


class _Graph(NamedTuple):
    """A rule set's states and transitions, with the file's data to point at."""

    states: Mapping[str, StateDef]
    transitions: list[Transition]
    inherited: int  # how many of the transitions come from an overlay's base
    data: Mapping[str, Any]

    @property
    def initial(self) -> list[str]:
        return [s for s, d in self.states.items() if d.initial]

    @property
    def finals(self) -> set[str]:
        return {s for s, d in self.states.items() if d.final}

    @property
    def raw_states(self) -> Any:
        return self.data.get("states") or self.data

    def edges(self) -> dict[str, set[str]]:
        """State -> the states one event leads to (itself, for an event that keeps it)."""
        edges: dict[str, set[str]] = {s: set() for s in self.states}
        for t in self.transitions:
            for src in t.sources:
                if src in edges:
                    edges[src].add(t.target or src)
        return edges


def check_graph(
    states: Mapping[str, StateDef],
    transitions: list[Transition],
    inherited: int,
    events: Mapping[str, EventDef],
    data: Mapping[str, Any],
    issues: Issues,
) -> None:
    """Check every graph rule, noting all offenders in ``issues``.

    ``transitions`` starts with the ``inherited`` ones of an overlay's base; the rest are
    this file's, in its order."""
    if not states:
        issues.at(data, "states", "states", "a rule set needs states")
        return
    g = _Graph(states, transitions, inherited, data)
    for rule in (
        _one_initial_state,
        _some_final_state,
        _nothing_leaves_a_final_state,
        _every_state_reachable,
        _every_state_can_end,
    ):
        rule(g, issues)
    _every_event_allowed(g, events, issues)


def _one_initial_state(g: _Graph, issues: Issues) -> None:
    initial = g.initial
    if len(initial) != 1:
        issues.at(
            g.data,
            "states",
            "states",
            f"needs exactly one initial state, found {len(initial)}: {', '.join(initial) or 'none'}",
        )


def _some_final_state(g: _Graph, issues: Issues) -> None:
    if not g.finals:
        issues.at(g.data, "states", "states", "needs at least one final state")


def _nothing_leaves_a_final_state(g: _Graph, issues: Issues) -> None:
    finals = g.finals
    for i, t in enumerate(g.transitions):
        for src in t.sources:
            if src in finals:
                own = i - g.inherited  # base transitions never leave a final state of the base
                issues.at(
                    g.data.get("transitions") or g.data,
                    own if own >= 0 else None,
                    f"transitions[{own}]",
                    f"event {t.event!r} leaves final state {src!r}",
                )


def _reached(edges: Mapping[str, Iterable[str]], start: Iterable[str]) -> set[str]:
    """Every node reachable from ``start`` along ``edges`` (``start`` included)."""
    seen = set(start)
    todo = deque(seen)
    while todo:
        for nxt in edges.get(todo.popleft(), ()):
            if nxt in edges and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _every_state_reachable(g: _Graph, issues: Issues) -> None:
    initial = g.initial
    if not initial:  # already reported; with several, what none of them reaches is reported
        return
    seen = _reached(g.edges(), initial)
    where = (
        f"the initial state {initial[0]!r}"
        if len(initial) == 1
        else f"the initial states {', '.join(map(repr, initial))}"
    )
    for s in g.states:
        if s not in seen:
            issues.at(g.raw_states, s, f"states.{s}", f"unreachable from {where}")


def _every_state_can_end(g: _Graph, issues: Issues) -> None:
    reverse: dict[str, set[str]] = {s: set() for s in g.states}
    for s, outs in g.edges().items():
        for o in outs:
            if o in reverse:
                reverse[o].add(s)
    can_end = _reached(reverse, g.finals)
    for s in g.states:
        if s not in can_end:
            issues.at(g.raw_states, s, f"states.{s}", "cannot reach a final state")


def _every_event_allowed(g: _Graph, events: Mapping[str, EventDef], issues: Issues) -> None:
    used = {t.event for t in g.transitions}
    for e in events:
        if e not in used:
            issues.at(
                g.data.get("events") or g.data, e, f"events.{e}", "no transition allows this event"
            )
