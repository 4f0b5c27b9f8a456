"""``statdeadline rules diagram``: the state machine as a Mermaid diagram."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ...reports import mermaid
from ...rules import load_ruleset
from ..common import EXIT_OK, add_command

__all__ = ["register"]


def _cmd_diagram(args: argparse.Namespace, out: TextIO) -> int:
    out.write(mermaid(load_ruleset(args.ruleset)))
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``diagram`` to the ``rules`` subparsers ``sub``."""
    diagram = add_command(
        sub,
        "diagram",
        "the state machine as a Mermaid diagram",
        "Print the rule set's states and transitions as Mermaid stateDiagram-v2 text, to "
        "paste in a ```mermaid block (GitHub and GitLab draw it).",
        ["statdeadline rules diagram england-children-2006 > children.mmd"],
        _cmd_diagram,
    )
    diagram.add_argument("ruleset", metavar="RULESET", help="a bundled rule-set id or a rule file")
