"""``statdeadline calendar holidays``: non-working weekdays from START to END."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..common import EXIT_OK, add_command, date_arg
from .options import add_calendar_options, calendar_from, emit

__all__ = ["register"]


def _cmd_holidays(args: argparse.Namespace, out: TextIO) -> int:
    cal = calendar_from(args)
    days = cal.non_working_days(args.start, args.end)
    if not args.weekends:
        days = [d for d in days if d.date.weekday() < 5]
    data = {
        "division": cal.division,
        "fingerprint": cal.fingerprint,
        "days": [{"date": d.date.isoformat(), "reason": d.reason} for d in days],
    }
    emit(out, args, "\n".join(str(d) for d in days), data)
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``holidays`` to the ``calendar`` subparsers ``sub``."""
    hol = add_command(
        sub,
        "holidays",
        "non-working weekdays from START to END",
        "List the bank holidays and override days from START to END inclusive.",
        ["statdeadline calendar holidays 2026-01-01 2026-12-31 --division scotland"],
        _cmd_holidays,
    )
    hol.add_argument("start", type=date_arg("START"), metavar="START")
    hol.add_argument("end", type=date_arg("END"), metavar="END")
    hol.add_argument("--weekends", action="store_true", help="list Saturdays and Sundays too")
    add_calendar_options(hol)
