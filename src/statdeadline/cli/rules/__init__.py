"""``statdeadline rules``: the rule sets - one module per subcommand (``list``, ``show``,
``validate``, ``diagram``)."""

from __future__ import annotations

from typing import Any

from ..common import Parser
from . import diagram, show, validate
from . import list as list_  # the module of `rules list` (not the builtin)

__all__ = ["register"]


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
    for command in (list_, show, validate, diagram):
        command.register(rules_sub)
