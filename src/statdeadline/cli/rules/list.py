"""``statdeadline rules list``: the bundled rule sets."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ...rules import RuleSet, list_bundled, validate_file
from ..common import EXIT_OK, add_command, grid, write_json

__all__ = ["register"]


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


def register(sub: Any) -> None:
    """Add ``list`` to the ``rules`` subparsers ``sub``."""
    ls = add_command(
        sub,
        "list",
        "the bundled rule sets",
        "List the bundled rule sets (statutory regimes and local overlays), one line per "
        "version: id, version, the receipt dates it covers, the rule set it extends, title.",
        ["statdeadline rules list", "statdeadline rules list --format json"],
        _cmd_list,
    )
    ls.add_argument("--format", choices=("table", "json"), default="table", help="output format")
