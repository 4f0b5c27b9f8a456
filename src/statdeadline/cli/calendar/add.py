"""``statdeadline calendar add``: the N-th working day after DATE."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..common import EXIT_OK, add_command, date_arg
from .options import add_calendar_options, calendar_from, emit

__all__ = ["register"]


def _cmd_add(args: argparse.Namespace, out: TextIO) -> int:
    cal = calendar_from(args)
    if args.explain or args.format == "json":
        exp = cal.explain_add_working_days(args.date, args.n)
        emit(out, args, str(exp) if args.explain else exp.result.isoformat(), exp.to_dict())
    else:
        out.write(cal.add_working_days(args.date, args.n).isoformat() + "\n")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``add`` to the ``calendar`` subparsers ``sub``."""
    add = add_command(
        sub,
        "add",
        "the N-th working day after DATE",
        "The N-th working day after DATE; DATE itself is never counted (day 0). "
        "Negative N counts back.",
        ["statdeadline calendar add 2024-03-28 10 --explain"],
        _cmd_add,
    )
    add.add_argument("date", type=date_arg("DATE"), metavar="DATE", help="start date, YYYY-MM-DD")
    add.add_argument("n", type=int, metavar="N", help="number of working days")
    add.add_argument("--explain", action="store_true", help="show every non-working day skipped")
    add_calendar_options(add)
