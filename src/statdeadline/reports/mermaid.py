"""A rule set's state machine as a Mermaid ``stateDiagram-v2`` diagram.

The text renders on GitHub, GitLab and in most Markdown editors (in a ``mermaid`` code
block), so a regime's procedure can be checked by eye against its regulations.
"""

from __future__ import annotations

from ..rules import RuleSet

__all__ = ["mermaid"]


def _text(label: str) -> str:
    """A label safe in a Mermaid state description: ``;`` ends a Mermaid statement, so it
    is written as the entity ``#59;``; line breaks become spaces."""
    return " ".join(label.split()).replace(";", "#59;")


def mermaid(ruleset: RuleSet) -> str:
    """The states and transitions of ``ruleset`` as Mermaid ``stateDiagram-v2`` text.

    Order of the lines: ``stateDiagram-v2``; each state with its label (``id : label``), in
    the rule set's order; ``[*] --> initial``; one arrow per pair of states that an event
    moves between, labelled with those events (in the order the transitions are declared;
    an event that leaves the state unchanged is an arrow from the state to itself; a
    transition declared ``from: "*"`` is an arrow from every state it applies to); then
    ``final --> [*]`` for each final state. The text ends with a newline.

    >>> from statdeadline import load_ruleset
    >>> print(mermaid(load_ruleset("england-adults-2009")).splitlines()[0])
    stateDiagram-v2
    """
    lines = ["stateDiagram-v2"]
    lines += [f"    {s.id} : {_text(s.label)}" for s in ruleset.states.values()]
    lines.append(f"    [*] --> {ruleset.initial_state}")
    edges: dict[tuple[str, str], list[str]] = {}
    for t in ruleset.transitions:
        for source in t.sources:
            events = edges.setdefault((source, t.target or source), [])
            if t.event not in events:
                events.append(t.event)
    lines += [f"    {a} --> {b} : {', '.join(events)}" for (a, b), events in edges.items()]
    lines += [f"    {s.id} --> [*]" for s in ruleset.states.values() if s.final]
    return "\n".join(lines) + "\n"
