"""``statdeadline rules show``: one rule set's events, clocks, conventions and citations."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, TextIO

from ...calendar import DIVISION_NAMES
from ...exceptions import RuleSetError
from ...rules import ClockDef, EventDef, RuleSet, load_ruleset
from ...rules.choices import before_due_words
from ...rules.model import CHOSEN_AT_LOAD
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


def _others(chosen: object, declared: Sequence[object], by: str | None = None) -> str:
    """`` (alternatives: ...; chosen by ...)``: the other values that may be chosen (after
    an overlay's choice, the value it replaced among them) and which layer chose this one,
    or nothing when there are none and it is the declared value."""
    others = [str(d) for d in declared if d != chosen]
    parts = [f"alternatives: {', '.join(others)}"] if others else []
    if by is not None:
        parts.append("chosen when loading" if by == CHOSEN_AT_LOAD else f"chosen by {by}")
    return f" ({'; '.join(parts)})" if parts else ""


def _event_lines(e: EventDef) -> list[str]:
    """An event: id, label, what it is (receipt, effect) and its fields with their types."""
    what = []
    if e.receipt:
        what.append("receipt" + (f", raised on field {e.raised_on}" if e.raised_on else ""))
    if e.effect:
        what.append(f"effect: {e.effect}")
    lines = [f"  {e.id}: {e.label}" + (f" ({'; '.join(what)})" if what else "")]
    for f in e.fields.values():
        kind = f.type + (f": {', '.join(f.values)}" if f.values else "")
        if f.minimum is not None:
            kind += f", at least {f.minimum}"
        if f.required:
            kind += ", required"
        label = f" - {f.label}" if f.label else ""
        lines.append(f"    {f.name} ({kind}){label}")
    for group in e.one_of:
        lines.append(f"    exactly one of: {', '.join(group)}")
    return lines


def _start_line(c: ClockDef, rs: RuleSet) -> str:
    """``start: EVENT``, its alternatives and chooser, and whether the event is a receipt
    (the receipt conventions apply) with its ``raised_on`` field."""
    line = f"    start: {c.start}{_others(c.start, c.start_alternatives, c.chooser('start'))}"
    ev = rs.events.get(c.start)
    if ev is not None and ev.receipt:
        line += " - a receipt" + (f", raised on {c.start}.{ev.raised_on}" if ev.raised_on else "")
    return line


def _extension_lines(c: ClockDef) -> list[str]:
    ext = c.extension
    assert ext is not None
    cap = f"up to {ext.max_total} in all" if ext.max_total else "allowed, no cap"
    needs = f"; needs {', '.join(ext.requires)}" if ext.requires else ""
    chosen = set(ext.requires)
    others = [a for a in ext.requires_alternatives if set(a) != chosen]
    if others:
        needs += f" (alternatives: {'; '.join(', '.join(a) or 'nothing' for a in others)})"
    if c.chooser("extension.requires"):
        needs += f" (chosen by {c.chooser('extension.requires')})"
    caps = [a for a in ext.max_total_alternatives if a != ext.max_total]
    if caps:
        words = ", ".join("no cap" if a is None else f"up to {a} in all" for a in caps)
        cap += f" (alternatives: {words})"
    if c.chooser("extension.max_total"):
        cap += f" (chosen by {c.chooser('extension.max_total')})"
    due_alts = [before_due_words(v) for v in ext.before_due_alternatives if v != ext.before_due]
    due = before_due_words(ext.before_due) + (
        f" (alternatives: {'; '.join(due_alts)})" if due_alts else ""
    )
    if c.chooser("extension.before_due"):
        due += f" (chosen by {c.chooser('extension.before_due')})"
    lines = [f"    extension: {cap}{needs}", f"      before_due: {due}"]
    if ext.citation is not None:
        lines.append(f"      citation: {ext.citation}")
    return lines


def _clock_lines(c: ClockDef, rs: RuleSet) -> list[str]:
    lines = [f"  {c.id}: {c.label} ({c.kind})"]
    if c.duration is not None:
        given = f"{c.start}.{c.due_on} if given, else " if c.due_on else ""
        alts = _others(c.duration, c.duration_alternatives, c.chooser("duration"))
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
    lines.append(_start_line(c, rs))
    lines.append(f"    met by: {', '.join(c.met_by)}")
    if c.superseded_by:
        lines.append(f"    superseded by: {', '.join(c.superseded_by)}")
    if c.cancelled_by:
        lines.append(f"    cancelled by: {', '.join(c.cancelled_by)}")
    if c.not_required_by:
        lines.append(f"    not required after: {', '.join(c.not_required_by)}")
    if c.extension is not None:
        lines += _extension_lines(c)
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
    lines = [
        f"{rs.id} {rs.version}: {rs.title}",
        "in force: from "
        + rs.effective_from.isoformat()
        + (f" to {rs.effective_to.isoformat()}" if rs.effective_to else ""),
        f"extends: {rs.extends or '-'}",
        f"division: {rs.division}"
        + (
            _others(rs.division, rs.division_alternatives, rs.division_chosen_by)
            or " (alternatives: none)"
        ),
        "",
        "conventions:",
    ]
    for conv in rs.conventions.values():
        lines.append(
            f"  {conv.name}: {conv.value}{_others(conv.value, conv.alternatives, conv.chosen_by)}"
        )
    lines += ["", "events:"]
    for event in rs.events.values():
        lines += _event_lines(event)
    lines += ["", "clocks:"]
    for clock in rs.clocks.values():
        lines += _clock_lines(clock, rs)
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
        "one rule set's events, clocks, conventions and citations",
        "Show a rule set: its division and conventions with their alternatives (and which "
        "layer chose each), its events with their fields (type, required) and which are "
        "receipts, and for each clock its duration, start, what meets it, extensions (cap, "
        "required fields, before_due) and pauses, citation and confidence.",
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
