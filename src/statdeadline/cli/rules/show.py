"""``statdeadline rules show``: one rule set's clocks, conventions and citations."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, TextIO

from ...calendar import DIVISION_NAMES
from ...exceptions import RuleSetError
from ...rules import ClockDef, load_ruleset
from ..common import (
    EXIT_OK,
    add_command,
    add_rules_option,
    choice_error,
    name_value,
    rules_dirs,
    write_json,
)

__all__ = ["register"]


def _others(chosen: object, declared: Sequence[object]) -> str:
    """`` (alternatives: ...)``: the declared choices other than the one ``chosen`` (an
    overlay's choice stays in its base's list), or nothing when there are none."""
    others = [str(d) for d in declared if d != chosen]
    return f" (alternatives: {', '.join(others)})" if others else ""


def _clock_lines(c: ClockDef) -> list[str]:
    lines = [f"  {c.id}: {c.label} ({c.kind})"]
    if c.duration is not None:
        given = f"{c.start}.{c.due_on} if given, else " if c.due_on else ""
        alts = _others(c.duration, c.duration_alternatives)
        lines.append(f"    duration: {given}{c.duration}{alts}")
    if c.arises_after is not None:
        lines.append(
            f"    duration: none; owed from the day after {c.arises_after} is due, if unmet"
        )
    if c.triage is not None:
        lines.append(f"    duration: set by {c.triage.event}.{c.triage.field}")
        for lv in c.triage.levels.values():
            text = f"{lv.target}"
            if lv.aim:
                text += f", aim {lv.aim}"
            if lv.maximum:
                text += f", maximum {lv.maximum}"
            label = f" ({lv.label})" if lv.label else ""
            lines.append(f"      {lv.level}{label}: {text}")
    if c.due_with is not None:
        lines.append(f"    duration: due with {c.due_with}")
    lines.append(f"    start: {c.start}{_others(c.start, c.start_alternatives)}")
    lines.append(f"    met by: {', '.join(c.met_by)}")
    if c.superseded_by:
        lines.append(f"    superseded by: {', '.join(c.superseded_by)}")
    if c.cancelled_by:
        lines.append(f"    cancelled by: {', '.join(c.cancelled_by)}")
    if c.not_required_by:
        lines.append(f"    not required after: {', '.join(c.not_required_by)}")
    if c.extension is not None:
        cap = (
            f"up to {c.extension.max_total} in all" if c.extension.max_total else "allowed, no cap"
        )
        needs = f"; needs {', '.join(c.extension.requires)}" if c.extension.requires else ""
        chosen = set(c.extension.requires)
        others = [a for a in c.extension.requires_alternatives if set(a) != chosen]
        if others:
            needs += f" (alternatives: {'; '.join(', '.join(a) or 'nothing' for a in others)})"
        caps = [a for a in c.extension.max_total_alternatives if a != c.extension.max_total]
        if caps:
            words = ", ".join("no cap" if a is None else f"up to {a} in all" for a in caps)
            cap += f" (alternatives: {words})"
        lines.append(f"    extension: {cap}{needs}")
    if c.pausable:
        lines.append("    pausable: yes")
    if c.condition is not None:
        lines.append(f"    applies if: {c.condition.unmet_clock} is not met by its due date")
    if c.repeat > 1:
        lines.append(f"    repeats: up to {c.repeat} times")
    ref = f"{c.citation.title or c.citation.source}, {c.citation.ref}"
    lines.append(f"    citation: {ref}")
    lines.append(f"    confidence: {c.citation.confidence}")
    if c.citation.url:
        lines.append(f"    url: {c.citation.url}")
    return lines


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    try:
        rs = load_ruleset(
            args.ruleset,
            conventions=dict(args.convention),
            division=args.division,
            rules_dirs=rules_dirs(args),
        )
    except RuleSetError as exc:
        raise choice_error(exc) from None
    if args.format == "json":
        write_json(out, rs.to_summary())
        return EXIT_OK
    # the choices are the file's own (loaded without the ones made here), so a division
    # or convention chosen with --division/--convention lists the file's value among the
    # others
    plain = (
        rs
        if not (args.convention or args.division)
        else load_ruleset(args.ruleset, rules_dirs=rules_dirs(args))
    )
    declared = [plain.division, *plain.division_alternatives]
    others = [d for d in dict.fromkeys(declared) if d != rs.division]
    lines = [
        f"{rs.id} {rs.version}: {rs.title}",
        "in force: from "
        + rs.effective_from.isoformat()
        + (f" to {rs.effective_to.isoformat()}" if rs.effective_to else ""),
        f"extends: {rs.extends or '-'}",
        f"division: {rs.division} (alternatives: {', '.join(others) or 'none'})",
        "",
        "conventions:",
    ]
    for conv in rs.conventions.values():
        base = plain.conventions.get(conv.name, conv)
        choices = tuple(dict.fromkeys((base.value, *base.alternatives)))
        lines.append(f"  {conv.name}: {conv.value}{_others(conv.value, choices)}")
    lines += ["", "clocks:"]
    for clock in rs.clocks.values():
        lines += _clock_lines(clock)
    if rs.checks:
        lines += ["", "checks:"]
        for k in rs.checks.values():
            lines.append(f"  {k.id}: {k.label}: {k.event} within {k.within} of {k.field}")
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``show`` to the ``rules`` subparsers ``sub``."""
    show = add_command(
        sub,
        "show",
        "one rule set's clocks, conventions and citations",
        "Show a rule set: its conventions, and for each clock its duration, start, what "
        "meets it, extensions and pauses, citation and confidence.",
        [
            "statdeadline rules show england-children-2006",
            "statdeadline rules show oxfordshire-adults --format json",
        ],
        _cmd_show,
    )
    show.add_argument("ruleset", metavar="RULESET", help="a bundled rule-set id or a rule file")
    show.add_argument(
        "--convention",
        type=name_value,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="show it with one of its declared alternatives chosen (repeatable)",
    )
    show.add_argument(
        "--division",
        choices=DIVISION_NAMES,
        metavar="DIVISION",
        help="show it with another allowed division: %(choices)s",
    )
    show.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or json (RuleSet.to_summary())",
    )
    add_rules_option(show)
