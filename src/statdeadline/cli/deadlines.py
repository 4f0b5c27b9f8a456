"""What ``due`` and ``case`` share: the rule set loaded with the council's choices, the
library's errors with the file and case in front, the options and the output (a writer
of case deadlines from :mod:`statdeadline.reports`, chosen with ``--format``)."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..calendar import DIVISION_NAMES
from ..engine import Case
from ..exceptions import CaseError, RuleSetError, StatDeadlineError, UsageError
from ..reports import CASE_DEADLINES, writers
from ..rules import RuleSet, load_ruleset
from .common import (
    EXIT_OK,
    add_format_option,
    add_rules_option,
    choice_error,
    date_arg,
    load_writer,
    name_value,
    rules_dirs,
)

__all__ = ["add_case_options", "add_replay_options", "case_error", "load", "output"]


def load(ref: str, args: argparse.Namespace) -> RuleSet:
    """The rule set with the council's choices; a refused choice is named by its option."""
    try:
        return load_ruleset(
            ref,
            conventions=dict(args.convention),
            division=args.division,
            rules_dirs=rules_dirs(args),
        )
    except RuleSetError as exc:
        raise choice_error(exc) from None


def case_error(exc: StatDeadlineError, where: str = "") -> UsageError:
    """The library's error with the file and case it is about in front."""
    prefix = f"{where}: " if where else ""
    case_id = exc.case_id if isinstance(exc, CaseError) else None
    if case_id is not None:
        prefix += f"case {case_id}: "
    first, *rest = str(exc).splitlines() or [""]
    return UsageError("\n".join([prefix + first, *rest]))


def output(case: Case, args: argparse.Namespace, out: TextIO) -> int:
    try:
        ds = case.deadlines(args.as_of)
    except StatDeadlineError as exc:
        raise case_error(exc) from None
    load_writer(args.format, CASE_DEADLINES)(case, ds, out, explain=args.explain)
    return EXIT_OK


def _format_help(descriptions: list[str]) -> str:
    names = [w.name for w in writers(CASE_DEADLINES)]
    return "; ".join(
        f"{name} (default)" if i == 0 else f"{name} ({what})"
        for i, (name, what) in enumerate(zip(names, descriptions, strict=True))
    )


def add_replay_options(p: argparse.ArgumentParser, *, many: bool = False) -> None:
    """The options of every command that replays cases (``due``, ``case``, ``cases``):
    ``--as-of``, ``--explain``, a council's ``--convention`` and ``--division`` choices and
    ``--rules``; ``many``: worded for a file of cases, each with its own rule set."""
    p.add_argument(
        "--as-of",
        type=date_arg("DATE"),
        metavar="DATE",
        help="the date to evaluate at; later events are ignored (default: today)",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help=("include" if many else "show") + " how each due date was worked out",
    )
    p.add_argument(
        "--convention",
        type=name_value,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="choose one of each rule set's declared alternatives (repeatable)"
        if many
        else "choose one of the rule set's declared alternatives, e.g. "
        "receipt=deemed_next_working_day (repeatable)",
    )
    p.add_argument(
        "--division",
        choices=DIVISION_NAMES,
        metavar="DIVISION",
        help="count the bank holidays of another division the rule set allows: %(choices)s",
    )
    add_rules_option(p)


def add_case_options(p: argparse.ArgumentParser) -> None:
    """The options of ``due`` and ``case``: those of every replay, and ``--format``."""
    add_replay_options(p)
    add_format_option(p, CASE_DEADLINES, _format_help)
