"""``statdeadline calendar between``: working days in (START, END]."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..common import EXIT_OK, add_command, date_arg
from .options import add_calendar_options, calendar_from, emit

__all__ = ["register"]


def _cmd_between(args: argparse.Namespace, out: TextIO) -> int:
    cal = calendar_from(args)
    n = cal.working_days_between(args.start, args.end)
    data: dict[str, Any] = {
        "start": args.start.isoformat(),
        "end": args.end.isoformat(),
        "working_days": n,
        "division": cal.division,
        "fingerprint": cal.fingerprint,
    }
    text = str(n)
    if args.explain:
        lo, hi = sorted((args.start, args.end))
        days = cal.non_working_days(lo, hi)
        days = [d for d in days if d.date != lo]  # the interval is (start, end]
        data["non_working"] = [{"date": d.date.isoformat(), "reason": d.reason} for d in days]
        text = (
            f"{n} working day(s) in ({args.start.isoformat()}, {args.end.isoformat()}] "
            f"({cal.division})\n" + "\n".join(f"  {d}" for d in days)
        ).rstrip()
    emit(out, args, text, data)
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``between`` to the ``calendar`` subparsers ``sub``."""
    between = add_command(
        sub,
        "between",
        "working days in (START, END]",
        "Count the working days after START up to and including END.",
        ["statdeadline calendar between 2024-12-20 2025-01-03 --explain"],
        _cmd_between,
    )
    between.add_argument("start", type=date_arg("START"), metavar="START")
    between.add_argument("end", type=date_arg("END"), metavar="END")
    between.add_argument("--explain", action="store_true", help="list the non-working days")
    add_calendar_options(between)
