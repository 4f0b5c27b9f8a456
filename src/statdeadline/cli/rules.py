"""``statdeadline rules list | show | validate | diagram``: the rule sets."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ..calendar import DIVISIONS
from ..exceptions import RuleSetError, RuleSetIssue, UsageError
from ..reports.mermaid import mermaid
from ..rules.loader import list_bundled, load_ruleset, validate_file
from ..rules.model import ClockDef, RuleSet
from .common import (
    EXIT_FAILED_CHECK,
    EXIT_OK,
    Parser,
    add_command,
    choice_error,
    grid,
    name_value,
    write_json,
)


def _effective(rs: RuleSet) -> str:
    to = rs.effective_to.isoformat() if rs.effective_to else ""
    return f"{rs.effective_from.isoformat()}..{to}"


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    found = [validate_file(p) for files in list_bundled().values() for p in files]
    if args.format == "json":
        write_json(
            out,
            [
                {
                    "id": rs.id,
                    "version": rs.version,
                    "title": rs.title,
                    "extends": rs.extends,
                    "effective_from": rs.effective_from.isoformat(),
                    "effective_to": rs.effective_to.isoformat() if rs.effective_to else None,
                }
                for rs in found
            ],
        )
        return EXIT_OK
    rows = [[rs.id, rs.version, _effective(rs), rs.extends or "-", rs.title] for rs in found]
    out.write("\n".join(grid(["id", "version", "in force", "extends", "title"], rows)) + "\n")
    return EXIT_OK


def _clock_lines(c: ClockDef) -> list[str]:
    lines = [f"  {c.id}: {c.label} ({c.kind})"]
    if c.duration is not None:
        lines.append(f"    duration: {c.duration}")
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
    alts = f" (alternatives: {', '.join(c.start_alternatives)})" if c.start_alternatives else ""
    lines.append(f"    start: {c.start}{alts}")
    lines.append(f"    met by: {', '.join(c.met_by)}")
    if c.superseded_by:
        lines.append(f"    superseded by: {', '.join(c.superseded_by)}")
    if c.cancelled_by:
        lines.append(f"    cancelled by: {', '.join(c.cancelled_by)}")
    if c.extension is not None:
        cap = (
            f"up to {c.extension.max_total} in all" if c.extension.max_total else "allowed, no cap"
        )
        needs = f"; needs {', '.join(c.extension.requires)}" if c.extension.requires else ""
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
        rs = load_ruleset(args.ruleset, conventions=dict(args.convention), division=args.division)
    except RuleSetError as exc:
        raise choice_error(exc) from None
    if args.format == "json":
        write_json(out, rs.to_summary())
        return EXIT_OK
    alternatives = ", ".join(rs.division_alternatives) or "none"
    lines = [
        f"{rs.id} {rs.version}: {rs.title}",
        "in force: from "
        + rs.effective_from.isoformat()
        + (f" to {rs.effective_to.isoformat()}" if rs.effective_to else ""),
        f"extends: {rs.extends or '-'}",
        f"division: {rs.division} (alternatives: {alternatives})",
        "",
        "conventions:",
    ]
    for conv in rs.conventions.values():
        alts = ", ".join(conv.alternatives)
        lines.append(f"  {conv.name}: {conv.value}" + (f" (alternatives: {alts})" if alts else ""))
    lines += ["", "clocks:"]
    for clock in rs.clocks.values():
        lines += _clock_lines(clock)
    if rs.checks:
        lines += ["", "checks:"]
        for k in rs.checks.values():
            lines.append(f"  {k.id}: {k.label}: {k.event} within {k.within} of {k.field}")
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def _rule_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for text in paths:
        p = Path(text)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*.yaml") if f.is_file())
            if not found:
                raise UsageError(f"{p}: no rule files (*.yaml) in this folder")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    return files


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    status = EXIT_OK
    for path in _rule_files(args.paths):
        try:
            rs = validate_file(path)
        except RuleSetError as exc:
            status = EXIT_FAILED_CHECK
            full = str(path.resolve())  # issues name the file as given, not its full path
            for i in exc.issues:
                shown = RuleSetIssue(
                    str(path) if i.file == full else i.file, i.line, i.path, i.message
                )
                out.write(f"{shown}\n")
        else:
            out.write(f"{path}: ok ({rs.id} {rs.version})\n")
    return status


def _cmd_diagram(args: argparse.Namespace, out: TextIO) -> int:
    out.write(mermaid(load_ruleset(args.ruleset)))
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``rules`` and its subcommands to the top-level subparsers ``sub``."""
    rules = sub.add_parser(
        "rules",
        help="list, show, validate and draw rule sets",
        description="The rule sets: the bundled ones, their clocks and citations, and "
        "checks of rule files you write.",
        epilog="example: statdeadline rules show england-children-2006",
    )
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="COMMAND", parser_class=Parser)
    rules_sub.required = True

    ls = add_command(
        rules_sub,
        "list",
        "the bundled rule sets",
        "List the bundled rule sets (statutory regimes and local overlays), one line per "
        "version: id, version, the receipt dates it covers, the rule set it extends, title.",
        ["statdeadline rules list", "statdeadline rules list --format json"],
        _cmd_list,
    )
    ls.add_argument("--format", choices=("table", "json"), default="table", help="output format")

    show = add_command(
        rules_sub,
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
        choices=DIVISIONS,
        metavar="DIVISION",
        help="show it with another allowed division: %(choices)s",
    )
    show.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or json (RuleSet.to_summary())",
    )

    validate = add_command(
        rules_sub,
        "validate",
        "check rule files",
        "Check rule files completely: structure, references, caps and the state graph. "
        "Prints 'PATH: ok (id version)' for each valid file and every issue of an invalid "
        "one as 'file:line key.path: message'.",
        [
            "statdeadline rules validate rules/local/my-council.yaml",
            "statdeadline rules validate rules/",
        ],
        _cmd_validate,
        notes=["Exit status: 0 if every file is valid, 1 if any is not, 2 for bad usage."],
    )
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a rule file, or a folder whose *.yaml files are all checked",
    )

    diagram = add_command(
        rules_sub,
        "diagram",
        "the state machine as a Mermaid diagram",
        "Print the rule set's states and transitions as Mermaid stateDiagram-v2 text, to "
        "paste in a ```mermaid block (GitHub and GitLab draw it).",
        ["statdeadline rules diagram england-children-2006 > children.mmd"],
        _cmd_diagram,
    )
    diagram.add_argument("ruleset", metavar="RULESET", help="a bundled rule-set id or a rule file")
