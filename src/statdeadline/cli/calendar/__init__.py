"""``statdeadline calendar``: working-day arithmetic - one module per subcommand
(``add``, ``between``, ``holidays``)."""

from __future__ import annotations

from typing import Any

from ..common import Parser
from . import add, between, holidays

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add ``calendar`` and its subcommands to the top-level subparsers ``sub``."""
    cal = sub.add_parser(
        "calendar",
        help="working-day arithmetic",
        description="Working-day arithmetic on UK bank-holiday calendars.",
        epilog="example: statdeadline calendar add 2024-03-28 10 --explain",
    )
    cal_sub = cal.add_subparsers(dest="calendar_command", metavar="COMMAND", parser_class=Parser)
    cal_sub.required = True
    for command in (add, between, holidays):
        command.register(cal_sub)
