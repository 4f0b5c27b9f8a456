"""What the ``calendar`` subcommands share: the calendar options, the calendar they
describe, and text or JSON output."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ...calendar import DIVISION_NAMES, WorkingDayCalendar
from ...rules import load_overrides
from ..common import write_json

__all__ = ["add_calendar_options", "calendar_from", "emit"]


def calendar_from(args: argparse.Namespace) -> WorkingDayCalendar:
    return WorkingDayCalendar.for_division(
        args.division,
        overrides=load_overrides(args.overrides) if args.overrides else None,
        authoritative_until=args.authoritative_until,
        horizon_policy=args.horizon,
    )


def emit(out: TextIO, args: argparse.Namespace, text: str, data: Any) -> None:
    if args.format == "json":
        write_json(out, data)
    else:
        out.write(text + "\n")


def add_calendar_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--division",
        default="england-and-wales",
        choices=DIVISION_NAMES,
        metavar="DIVISION",
        help="bank-holiday division: %(choices)s (default: %(default)s)",
    )
    p.add_argument(
        "--overrides", metavar="FILE", help="YAML file of extra non-working and working days"
    )
    p.add_argument(
        "--authoritative-until",
        type=int,
        metavar="YEAR",
        help="last year whose bank holidays count as proclaimed (default: next year)",
    )
    p.add_argument(
        "--horizon",
        choices=("warn", "raise", "ignore"),
        default="warn",
        help="past that year: warn on stderr, fail, or ignore (default: %(default)s)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
