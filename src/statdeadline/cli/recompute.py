"""``statdeadline recompute``: the deadline service's stored deadlines brought up to date
after new bank holidays or a new version of a rule set."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .common import EXIT_OK, add_command, add_rules_option, rules_dirs
from .database import add_db_option

RULES_HELP = (
    "a rules folder of the service's own, as 'serve --rules' has it: its rule sets' "
    "cases are recomputed too (repeatable)"
)

__all__ = ["register", "report_recompute"]


def report_recompute(out: TextIO, done: int, moved: list[Any]) -> None:
    """How many cases were recomputed, and each due date that moved."""
    out.write(f"recomputed {done} case(s); {len(moved)} due date(s) moved\n")
    for m in moved:
        inst = f" #{m.instance}" if m.instance > 1 else ""
        out.write(f"  case {m.case_id} {m.clock}{inst}: {m.old_due} -> {m.new_due}\n")


def _cmd_recompute(args: argparse.Namespace, out: TextIO) -> int:
    from ..service.cases import serve_rules
    from ..service.recompute import recompute
    from ..service.store import open_store

    serve_rules(rules_dirs(args))
    store = open_store(args.db)
    done, moved = recompute(store, everything=args.all)
    store.close()
    report_recompute(out, done, moved)
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``recompute`` to the top-level subparsers ``sub``."""
    p = add_command(
        sub,
        "recompute",
        "bring the service's stored deadlines up to date",
        "Recompute the running clocks the deadline service stores for every open case "
        "whose rule set's versions or bank holidays changed since they were stored (all "
        "cases with --all), and record each due date that moved, old and new. "
        "'statdeadline serve' does this before it starts.",
        ["statdeadline recompute --db sqlite:///cases.db"],
        _cmd_recompute,
    )
    p.add_argument("--all", action="store_true", help="every open case, changed or not")
    add_db_option(p)
    add_rules_option(p, RULES_HELP)
